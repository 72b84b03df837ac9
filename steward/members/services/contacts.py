"""Contact details: emails, phones and postal addresses, validated, with one primary of each kind."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import NumberParseException

from steward.core.errors import field_error

from ..models import (
    Address,
    Constituent,
    Email,
    Phone,
    validate_postal_address,
)


def _primary_flag(queryset, make_primary: bool | None) -> bool:
    """Whether a new contact detail should be primary: as asked (True or False), or if it is the first of its
    kind when nothing is asked (None)."""
    if make_primary:
        queryset.filter(is_primary=True).update(is_primary=False)
        return True
    if make_primary is False:
        return False
    return not queryset.filter(is_primary=True).exists()


@transaction.atomic
def email_add(*, constituent: Constituent, address: str, kind: str = "home", primary: bool | None = None) -> Email:
    """Add an email address; it becomes primary if asked or if it is the first."""
    address = _email_validated(address)
    existing = constituent.emails.filter(address__iexact=address).first()
    if existing:
        if primary:
            email_set_primary(email=existing)
        return existing
    is_primary = _primary_flag(Email.objects.filter(constituent=constituent), primary)
    return Email.objects.create(constituent=constituent, address=address, kind=kind, is_primary=is_primary)


def _email_validated(address: str) -> str:
    address = (address or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise field_error("email", f"'{address}' is not a valid email address.", code="invalid") from None
    return address


def _contact_primary_apply(detail: Email | Phone | Address, *, primary: bool) -> None:
    """Set a detail's primary flag before it is saved, unticking the constituent's other primary one first
    (saving the new primary while the old one is still ticked would break the one-primary unique index)."""
    if primary:
        type(detail).objects.filter(constituent_id=detail.constituent_id, is_primary=True).exclude(pk=detail.pk).update(
            is_primary=False
        )
    detail.is_primary = primary


@transaction.atomic
def email_update(*, email: Email, address: str, kind: str, primary: bool) -> Email:
    """Change an email address and its kind, and whether it is the constituent's primary one."""
    email.address = _email_validated(address)
    email.kind = kind
    _contact_primary_apply(email, primary=primary)
    email.save()
    return email


@transaction.atomic
def email_delete(*, email: Email) -> None:
    """Remove an email address."""
    email.delete()


def _contact_set_primary(detail: Email | Phone | Address) -> None:
    """Make one email, phone or address the constituent's primary one (one primary of each kind)."""
    type(detail).objects.filter(constituent_id=detail.constituent_id, is_primary=True).exclude(pk=detail.pk).update(
        is_primary=False
    )
    detail.is_primary = True
    detail.save(update_fields=["is_primary"])


@transaction.atomic
def email_set_primary(*, email: Email) -> Email:
    """Make this address the constituent's primary one."""
    _contact_set_primary(email)
    return email


def phone_parse(*, number: str | PhoneNumber, field: str = "phone") -> PhoneNumber:
    """An international phone number, or a field error that says what is wrong."""
    if isinstance(number, PhoneNumber):
        number = number.as_e164
    try:
        parsed = PhoneNumber.from_string(number, region=settings.PHONENUMBER_DEFAULT_REGION) if number else None
    except NumberParseException:
        parsed = None
    if parsed is None or not parsed.is_valid():
        message = f"'{number}' is not a valid phone number; use the international form, e.g. +66 2 123 4567."
        raise field_error(field, message, code="invalid")
    return parsed


@transaction.atomic
def phone_add(
    *, constituent: Constituent, number: str | PhoneNumber, kind: str = "mobile", primary: bool | None = None
) -> Phone:
    """Add a phone number (validated, stored in E.164); primary if asked or if it is the first."""
    parsed = phone_parse(number=number)
    is_primary = _primary_flag(Phone.objects.filter(constituent=constituent), primary)
    return Phone.objects.create(constituent=constituent, number=parsed, kind=kind, is_primary=is_primary)


@transaction.atomic
def phone_update(*, phone: Phone, number: str | PhoneNumber, kind: str, primary: bool) -> Phone:
    """Change a phone number (validated, stored in E.164) and its kind, and whether it is the primary one."""
    phone.number = phone_parse(number=number)
    phone.kind = kind
    _contact_primary_apply(phone, primary=primary)
    phone.save()
    return phone


@transaction.atomic
def phone_delete(*, phone: Phone) -> None:
    """Remove a phone number."""
    phone.delete()


@transaction.atomic
def address_add(
    *,
    constituent: Constituent,
    line1: str,
    country: str,
    line2: str = "",
    city: str = "",
    region: str = "",
    postal_code: str = "",
    kind: str = "home",
    primary: bool | None = None,
) -> Address:
    """Add a postal address, checking the postcode against the country's format."""
    values = _address_validated(
        line1=line1, line2=line2, city=city, region=region, postal_code=postal_code, country=country
    )
    is_primary = _primary_flag(Address.objects.filter(constituent=constituent), primary)
    return Address.objects.create(constituent=constituent, **values, kind=kind, is_primary=is_primary)


def _address_validated(
    *, line1: str, line2: str, city: str, region: str, postal_code: str, country: str
) -> dict[str, str]:
    """The address's lines stripped and its country upper-cased, once its postcode fits the country."""
    country = (country or "").strip().upper()
    validate_postal_address(country=country, postal_code=postal_code.strip(), region=region, city=city)
    if not line1.strip():
        raise field_error("line1", "The first address line is required.", code="required")
    return {
        "line1": line1.strip(),
        "line2": line2.strip(),
        "city": city.strip(),
        "region": region.strip(),
        "postal_code": postal_code.strip(),
        "country": country,
    }


@transaction.atomic
def address_update(
    *,
    address: Address,
    line1: str,
    country: str,
    line2: str = "",
    city: str = "",
    region: str = "",
    postal_code: str = "",
    kind: str = "home",
    primary: bool,
) -> Address:
    """Change a postal address (its postcode checked against the country's format) and whether it is primary."""
    values = _address_validated(
        line1=line1, line2=line2, city=city, region=region, postal_code=postal_code, country=country
    )
    for name, value in values.items():
        setattr(address, name, value)
    address.kind = kind
    _contact_primary_apply(address, primary=primary)
    address.save()
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Remove a postal address."""
    address.delete()


@transaction.atomic
def phone_set_primary(*, phone: Phone) -> Phone:
    """Make this number the constituent's primary one."""
    _contact_set_primary(phone)
    return phone
