"""Every write the members domain knows. One transaction per service; bad input raises ValidationError."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Min, ProtectedError, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import NumberParseException

from steward.core.dates import organisation_today
from steward.core.errors import field_error

from .models import (
    Address,
    ConsentRecord,
    Constituent,
    CustomField,
    Email,
    EmailConfirmation,
    FollowUpTask,
    Interaction,
    Membership,
    MembershipLevel,
    MembershipReminder,
    MembershipReminderRun,
    MembershipTerm,
    Phone,
    Relationship,
    RelationshipType,
    SignInFailure,
    reminder_moment,
    term_end_for,
    validate_postal_address,
)

logger = logging.getLogger(__name__)

CONSTITUENT_FIELDS = {
    "kind",
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "preferred_name",
    "organization_name",
    "birth_date",
    "pronouns",
    "gender",
    "source",
    "notes",
    "do_not_contact",
    "do_not_email",
    "do_not_mail",
    "do_not_phone",
    "deceased",
    "deceased_date",
}
PROFILE_FIELDS = {
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "birth_date",
}


# ---------------------------------------------------------------------------------------------------------
# Constituents
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def constituent_create(
    *,
    kind: str = Constituent.Kind.INDIVIDUAL,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    addresses: Iterable[Mapping[str, Any]] = (),
    household: Constituent | None = None,
    tags: Iterable[str] = (),
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Constituent:
    """Create a constituent with its contact details; the first of each kind becomes primary."""
    unknown = set(fields) - CONSTITUENT_FIELDS
    if unknown:
        raise ValidationError(f"Unknown constituent fields: {', '.join(sorted(unknown))}.", code="unknown_field")
    constituent = Constituent(kind=kind, household=household, **fields)
    if custom_fields:
        constituent.custom_fields = custom_fields_clean(values=custom_fields)
    constituent.full_clean(exclude=["tags"])
    if tags:
        constituent.tags.add(*tags)  # a ClusterTaggableManager keeps them until the save writes them
    constituent.save()
    for address in emails:
        email_add(constituent=constituent, address=address)
    for number in phones:
        phone_add(constituent=constituent, number=number)
    for address_fields in addresses:
        address_add(constituent=constituent, **address_fields)
    return constituent


@transaction.atomic
def constituent_update(
    *,
    constituent: Constituent,
    tags: Iterable[str] | None = None,
    retired_custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Constituent:
    """Change a constituent's own fields and tags (not its contact details), validating the whole record.

    `custom_fields` replaces the stored values after checking them against the active definitions;
    `retired_custom_fields` are values of retired definitions to keep as they were stored (not checked again).
    """
    unknown = set(fields) - CONSTITUENT_FIELDS - {"household", "custom_fields"}
    if unknown:
        raise ValidationError(f"Unknown constituent fields: {', '.join(sorted(unknown))}.", code="unknown_field")
    if "custom_fields" in fields:
        checked = custom_fields_clean(values=fields["custom_fields"])
        fields["custom_fields"] = {**(retired_custom_fields or {}), **checked}
    for name, value in fields.items():
        setattr(constituent, name, value)
    constituent.full_clean(exclude=["tags"])
    if tags is not None:
        constituent.tags.set(list(tags))  # a ClusterTaggableManager keeps them until the save writes them
    constituent.save()
    return constituent


@transaction.atomic
def constituent_delete(*, constituent: Constituent) -> None:
    """Hard-delete a constituent who has no memberships (or gifts); others must be anonymised instead."""
    if Membership.objects.filter(Q(constituent=constituent) | Q(purchased_by=constituent)).exists():
        raise ValidationError(
            "This constituent has memberships and cannot be deleted; their history must be kept.",
            code="protected",
        )
    if constituent.kind == Constituent.Kind.HOUSEHOLD:
        constituent.household_members.update(household=None)
    try:
        with transaction.atomic():
            constituent.delete()
    except ProtectedError as error:
        # Gifts, pledges, saved cards and the like are PROTECT: the money trail must be kept.
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            f"This constituent has {', '.join(kinds)} and cannot be deleted; their history must be kept.",
            code="protected",
        ) from None


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
def household_add_member(*, household: Constituent, individual: Constituent) -> Constituent:
    """Put an individual into a household (leaving any other: one household each)."""
    if household.kind != Constituent.Kind.HOUSEHOLD:
        raise field_error("household", "Choose a household.", code="not_household")
    if individual.kind != Constituent.Kind.INDIVIDUAL:
        raise field_error("individual", "Only individuals belong to a household.", code="not_individual")
    individual.household = household
    individual.save(update_fields=["household", "updated_at"])
    return individual


@transaction.atomic
def household_remove_member(*, individual: Constituent) -> Constituent:
    """Take an individual out of their household."""
    individual.household = None
    individual.save(update_fields=["household", "updated_at"])
    return individual


@transaction.atomic
def relationship_create(
    *,
    type: RelationshipType,
    from_constituent: Constituent,
    to_constituent: Constituent,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    notes: str = "",
) -> Relationship:
    """Link two constituents; the link reads correctly from both sides (see selectors.relationships_for)."""
    relationship = Relationship(
        type=type,
        from_constituent=from_constituent,
        to_constituent=to_constituent,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
    )
    relationship.full_clean()
    if (
        type.symmetric
        and Relationship.objects.filter(
            type=type, from_constituent=to_constituent, to_constituent=from_constituent
        ).exists()
    ):
        raise ValidationError("These two are already linked this way.", code="duplicate")
    relationship.save()
    return relationship


# ---------------------------------------------------------------------------------------------------------
# A member's own profile
# ---------------------------------------------------------------------------------------------------------

ADDRESS_FIELDS = ("line1", "line2", "city", "region", "postal_code", "country")


@transaction.atomic
def phone_set_primary(*, phone: Phone) -> Phone:
    """Make this number the constituent's primary one."""
    _contact_set_primary(phone)
    return phone


def _same_address(address: Address | None, values: Mapping[str, str]) -> bool:
    if address is None:
        return False
    normalised = {name: (values.get(name) or "").strip() for name in ADDRESS_FIELDS}
    normalised["country"] = normalised["country"].upper()
    return all(getattr(address, name) == normalised[name] for name in ADDRESS_FIELDS)


def member_profile_update(
    *,
    constituent: Constituent,
    fields: Mapping[str, Any] | None = None,
    primary_email: str | None = None,
    primary_phone: str | None = None,
    primary_address: Mapping[str, str] | None = None,
    ip_address: str | None = None,
) -> Constituent:
    """A person's change to their own profile and primary contact details: all of it, or none of it.

    Every part is checked, so one answer reports every error (keyed `given_name`, `birth_date`,
    `primary_email`, `primary_phone`, `primary_address.postal_code`, …); any error rolls the whole change back.
    Only the profile fields a person may edit themselves (PROFILE_FIELDS) are accepted. A number or address
    they already have becomes primary again rather than being added twice; so does an email already on their
    record. A new email is not used yet: a link is sent to it (member_email_change_request, limited like every
    request for an email, per address asked for and per `ip_address`).
    """
    try:
        return _member_profile_update(
            constituent=constituent,
            fields=dict(fields or {}),
            primary_email=primary_email,
            primary_phone=primary_phone,
            primary_address=primary_address,
            ip_address=ip_address,
        )
    except ValidationError:
        # The database change was rolled back; put the in-memory record back in step with it.
        constituent.refresh_from_db()
        raise


@transaction.atomic
def _member_profile_update(
    *,
    constituent: Constituent,
    fields: dict[str, Any],
    primary_email: str | None,
    primary_phone: str | None,
    primary_address: Mapping[str, str] | None,
    ip_address: str | None,
) -> Constituent:
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.", code="not_allowed")
    errors: dict[str, list[ValidationError]] = {}

    def attempt(rename: Callable[[str], str], write: Callable[[], object]) -> None:
        # Each service is atomic, so a failed part rolls back to its own savepoint and leaves nothing behind;
        # the remaining parts are still checked so that every error is reported at once.
        try:
            write()
        except ValidationError as error:
            for key, messages in error.update_error_dict({}).items():
                errors.setdefault(rename(key), []).extend(messages)

    if fields:
        attempt(lambda key: key, lambda: constituent_update(constituent=constituent, **fields))
    if primary_email is not None:
        attempt(
            lambda key: "primary_email",
            lambda: member_email_change_request(constituent=constituent, address=primary_email, ip_address=ip_address),
        )
    if primary_phone is not None:
        attempt(lambda key: "primary_phone", lambda: _primary_phone_set(constituent=constituent, number=primary_phone))
    if primary_address is not None:
        attempt(
            lambda key: "primary_address" if key == NON_FIELD_ERRORS else f"primary_address.{key}",
            lambda: _primary_address_set(constituent=constituent, values=primary_address),
        )
    if errors:
        raise ValidationError(errors)
    return constituent


# ---------------------------------------------------------------------------------------------------------
# A member's new email address: used only once the signed link sent to it is followed
# ---------------------------------------------------------------------------------------------------------

EMAIL_CONFIRM_SALT = "steward.members.services.email-confirm"
EMAIL_CONFIRM_INVALID_MESSAGE = "This link is not valid. It may be for another account or superseded; ask again."
EMAIL_CONFIRM_EXPIRED_MESSAGE = "This link has expired. Change your email again to get a new one."


def _email_confirm_max_age() -> dt.timedelta:
    return dt.timedelta(hours=settings.ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS)


def _email_belongs_elsewhere(*, constituent: Constituent, address: str) -> bool:
    """Whether the address is another record's (on file there, or another portal account's sign-in address)."""
    on_file = (
        Email.objects.filter(address__iexact=address)
        .exclude(constituent=constituent)
        .exclude(constituent__merged_into=constituent)
        .exists()
    )
    other_account = User.objects.filter(username__iexact=address)
    if constituent.user_id is not None:
        other_account = other_account.exclude(pk=constituent.user_id)
    return on_file or other_account.exists()


@transaction.atomic
def member_email_change_request(
    *, constituent: Constituent, address: str, ip_address: str | None = None
) -> EmailConfirmation | None:
    """Ask to make an address a member's primary email: nothing changes until the signed link mailed to it is used.

    An address already on their record simply becomes primary again (None is returned). Otherwise a pending
    EmailConfirmation is returned whoever the address belongs to, so the answer never tells whether someone else
    has it: a free address gets the link; an address that is another record's gets a notice instead (no link),
    and stays where it is. A newer request supersedes the older pending ones. Each email sent is counted like any
    request for an emailed link (`throttled` beyond ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT for the address asked
    for, ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS for the network), so the form cannot be used to flood an inbox."""
    address = (address or "").strip()
    try:
        validate_email(address)
    except ValidationError:
        raise field_error("email", f"'{address}' is not a valid email address.", code="invalid") from None
    own = constituent.emails.filter(address__iexact=address).first()
    if own is not None:
        if not own.is_primary:
            email_set_primary(email=own)
        return None
    from steward.core.outbox import outbox_enqueue

    from . import sign_in_limits

    sign_in_limits.attempt_begin(kind=SignInFailure.Kind.EMAIL_REQUEST, username=address, ip_address=ip_address)
    EmailConfirmation.objects.filter(constituent=constituent, confirmed_at__isnull=True).delete()
    confirmation = EmailConfirmation.objects.create(constituent=constituent, address=address)
    kind = (
        "member_email_in_use"
        if _email_belongs_elsewhere(constituent=constituent, address=address)
        else ("member_email_confirm")
    )
    outbox_enqueue(kind=kind, key=f"{kind}:{confirmation.pk}", payload={"confirmation": confirmation.pk})
    return confirmation


def member_email_confirm_token(*, confirmation: EmailConfirmation) -> str:
    """The signed, expiring token of the link that confirms a pending address (it names the request and the address)."""
    return signing.dumps({"c": confirmation.pk, "e": confirmation.address.lower()}, salt=EMAIL_CONFIRM_SALT)


def _member_email_message(*, template: str, to: str, context: dict[str, Any]) -> EmailMessage:
    subject = render_to_string(f"members/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"members/email/{template}.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def member_email_confirm_message(*, confirmation_id: int) -> EmailMessage | None:
    """The email carrying the confirm link to the new address; None when the request is gone or done."""
    confirmation = (
        EmailConfirmation.objects.filter(pk=confirmation_id, confirmed_at__isnull=True)
        .select_related("constituent")
        .first()
    )
    if confirmation is None:
        return None
    member = confirmation.constituent
    link = f"{settings.FRONTEND_URL.rstrip('/')}/account/confirm-email?" + urlencode(
        {"token": member_email_confirm_token(confirmation=confirmation)}
    )
    context = {
        "name": member.preferred_name or member.given_name or member.display_name,
        "address": confirmation.address,
        "link": link,
        "hours": settings.ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS,
    }
    return _member_email_message(template="member_email_confirm", to=confirmation.address, context=context)


def member_email_in_use_message(*, confirmation_id: int) -> EmailMessage | None:
    """The notice to an address someone asked to use that is already another record's (no link, no names)."""
    confirmation = EmailConfirmation.objects.filter(pk=confirmation_id).first()
    if confirmation is None:
        return None
    context = {
        "address": confirmation.address,
        "sign_in_link": f"{settings.FRONTEND_URL.rstrip('/')}/account/sign-in",
    }
    return _member_email_message(template="member_email_in_use", to=confirmation.address, context=context)


@transaction.atomic
def member_email_change_confirm(*, constituent: Constituent, token: str) -> Constituent:
    """Use a confirm link: the signed-in member's pending address becomes their primary email.

    The link must be this member's (signed in as the one who asked: a link forwarded to, or opened by, someone
    else does nothing), unexpired and not superseded; the address must still be nobody else's. Twice is harmless."""
    try:
        data = signing.loads(token or "", salt=EMAIL_CONFIRM_SALT, max_age=_email_confirm_max_age())
    except signing.SignatureExpired:
        raise field_error("token", EMAIL_CONFIRM_EXPIRED_MESSAGE, code="expired") from None
    except signing.BadSignature:
        raise field_error("token", EMAIL_CONFIRM_INVALID_MESSAGE, code="invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not isinstance(data.get("e"), str):
        raise field_error("token", EMAIL_CONFIRM_INVALID_MESSAGE, code="invalid")
    confirmation = (
        EmailConfirmation.objects.select_for_update()
        .filter(pk=data["c"], constituent=constituent, address__iexact=data["e"])
        .first()
    )
    if confirmation is None:
        raise field_error("token", EMAIL_CONFIRM_INVALID_MESSAGE, code="invalid")
    if confirmation.confirmed_at is not None:
        return constituent
    if _email_belongs_elsewhere(constituent=constituent, address=confirmation.address):
        raise field_error("token", EMAIL_CONFIRM_INVALID_MESSAGE, code="invalid")
    email_add(constituent=constituent, address=confirmation.address, primary=True)
    confirmation.confirmed_at = timezone.now()
    confirmation.save(update_fields=["confirmed_at"])
    return constituent


def _primary_phone_set(*, constituent: Constituent, number: str) -> Phone:
    parsed = phone_parse(number=number)
    existing = constituent.phones.filter(number=parsed).first()
    if existing is None:
        return phone_add(constituent=constituent, number=number, primary=True)
    return existing if existing.is_primary else phone_set_primary(phone=existing)


def _primary_address_set(*, constituent: Constituent, values: Mapping[str, str]) -> Address | None:
    current = constituent.addresses.filter(is_primary=True).first()
    if _same_address(current, values):
        return current
    return address_add(
        constituent=constituent,
        line1=values.get("line1") or "",
        line2=values.get("line2") or "",
        city=values.get("city") or "",
        region=values.get("region") or "",
        postal_code=values.get("postal_code") or "",
        country=values.get("country") or "",
        primary=True,
    )


# ---------------------------------------------------------------------------------------------------------
# Consents, directory, custom fields
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    constituent: Constituent,
    channel: str,
    topic: str,
    granted: bool,
    source: str,
    wording: str,
    recorded_by: User | None = None,
    recorded_at: dt.datetime | None = None,
) -> ConsentRecord:
    """Append one choice to the consent ledger; the current consent is the latest entry per channel and topic."""
    if channel not in ConsentRecord.Channel.values:
        raise field_error("channel", f"Unknown channel '{channel}'.", code="invalid_choice")
    if topic not in ConsentRecord.Topic.values:
        raise field_error("topic", f"Unknown topic '{topic}'.", code="invalid_choice")
    if not wording.strip():
        raise field_error("wording", "Record the wording the person was shown.", code="required")
    if not source.strip():
        raise field_error("source", "Record where the choice was made.", code="required")
    return ConsentRecord.objects.create(
        constituent=constituent,
        channel=channel,
        topic=topic,
        granted=granted,
        source=source.strip(),
        wording=wording.strip(),
        recorded_by=recorded_by if recorded_by and recorded_by.is_authenticated else None,
        recorded_at=recorded_at or timezone.now(),
    )


@transaction.atomic
def directory_visibility_update(
    *,
    constituent: Constituent,
    opt_in: bool,
    show_email: bool = False,
    show_phone: bool = False,
    show_city: bool = False,
) -> Constituent:
    """Set whether the member appears in the member directory and which details it shows."""
    constituent.directory_opt_in = opt_in
    constituent.directory_show_email = opt_in and show_email
    constituent.directory_show_phone = opt_in and show_phone
    constituent.directory_show_city = opt_in and show_city
    constituent.save(
        update_fields=[
            "directory_opt_in",
            "directory_show_email",
            "directory_show_phone",
            "directory_show_city",
            "updated_at",
        ]
    )
    return constituent


def custom_fields_clean(*, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check custom field values against their definitions; returns them as stored (JSON-friendly)."""
    definitions = {field.key: field for field in CustomField.objects.filter(active=True)}
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, raw in values.items():
        field = definitions.get(key)
        if field is None:
            errors[key] = f"There is no custom field '{key}'."
            continue
        if raw in (None, ""):
            if field.required:
                errors[key] = f"{field.label} is required."
            continue
        try:
            cleaned[key] = _custom_value(field, raw)
        except (ValueError, InvalidOperation):
            errors[key] = f"'{raw}' is not a valid {field.get_field_type_display().lower()} for {field.label}."
    for key, field in definitions.items():
        if field.required and key not in values and key not in errors:
            errors[key] = f"{field.label} is required."
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


def _custom_value(field: CustomField, raw: Any) -> Any:
    kind = field.field_type
    if kind == CustomField.FieldType.NUMBER:
        number = Decimal(str(raw))
        if not number.is_finite():
            raise ValueError(raw)
        return float(number) if number != number.to_integral_value() else int(number)
    if kind == CustomField.FieldType.DATE:
        return (raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))).isoformat()
    if kind == CustomField.FieldType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"yes", "true", "1", "on"}:
            return True
        if text in {"no", "false", "0", "off"}:
            return False
        raise ValueError(raw)
    if kind == CustomField.FieldType.CHOICE:
        if str(raw) not in field.choice_list:
            raise ValueError(raw)
        return str(raw)
    return str(raw).strip()


# ---------------------------------------------------------------------------------------------------------
# Interactions and follow-up tasks
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def interaction_record(
    *,
    constituent: Constituent,
    kind: str,
    subject: str,
    staff: User | None = None,
    channel: str = Interaction.Channel.OTHER,
    body: str = "",
    occurred_at: dt.datetime | None = None,
    follow_up_title: str = "",
    follow_up_due: dt.date | None = None,
    follow_up_assignee: User | None = None,
) -> Interaction:
    """Record a contact with a person, optionally with a follow-up task for a staff member."""
    interaction = Interaction(
        constituent=constituent,
        kind=kind,
        channel=channel,
        subject=subject,
        body=body,
        staff=staff,
        occurred_at=occurred_at or timezone.now(),
    )
    interaction.full_clean()
    interaction.save()
    if follow_up_title:
        follow_up_task_create(
            constituent=constituent,
            title=follow_up_title,
            due_date=follow_up_due or organisation_today(),
            assigned_to=follow_up_assignee or staff,
            interaction=interaction,
        )
    return interaction


@transaction.atomic
def follow_up_task_create(
    *,
    constituent: Constituent,
    title: str,
    due_date: dt.date,
    assigned_to: User | None,
    interaction: Interaction | None = None,
) -> FollowUpTask:
    """Give a staff member something to do about a constituent by a date."""
    if assigned_to is None:
        raise field_error("assigned_to", "Choose who will do it.", code="required")
    task = FollowUpTask(
        constituent=constituent,
        title=title,
        due_date=due_date,
        assigned_to=assigned_to,
        interaction=interaction,
    )
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def follow_up_task_set_done(*, task: FollowUpTask, done: bool = True) -> FollowUpTask:
    """Tick a task off (or reopen it)."""
    task.done = done
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done", "done_at", "updated_at"])
    return task


# ---------------------------------------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------------------------------------


def membership_status(*, membership: Membership, today: dt.date | None = None) -> str:
    """The status a membership has on `today`, derived from its terms alone (the one rule for status).

    cancelled beats everything; a started lifetime term or a term covering today is current; only future
    terms is pending; otherwise the latest end plus the level's grace days decides grace or expired.
    Uses `membership.terms.all()`, so prefetch the terms (and the level) when deriving many.
    """
    today = today or organisation_today()
    if membership.cancelled_at is not None:
        return Membership.Status.CANCELLED
    terms = list(membership.terms.all())
    started = [term for term in terms if term.start_date <= today]
    if not started:
        return Membership.Status.PENDING
    if any(term.end_date is None or term.end_date >= today for term in started):
        return Membership.Status.CURRENT
    last_end = max(term.end_date for term in started if term.end_date is not None)
    if (today - last_end).days <= membership.level.grace_days:
        return Membership.Status.GRACE
    return Membership.Status.EXPIRED


def _store_membership_dates(membership: Membership) -> None:
    bounds = membership.terms.aggregate(start=Min("start_date"), end=Max("end_date"))
    lifetime = membership.terms.filter(end_date__isnull=True).exists()
    membership.start_date = bounds["start"]
    membership.end_date = None if lifetime else bounds["end"]


def _store_status(membership: Membership, today: dt.date) -> None:
    status = membership_status(membership=membership, today=today)
    if status != membership.status:
        membership.status = status
        membership.status_changed_at = timezone.now()


def _validate_amount(amount: Decimal | None, level: MembershipLevel) -> Decimal:
    if amount is None:
        return level.price
    if not isinstance(amount, Decimal):
        raise field_error("amount", "Amounts are decimals.", code="invalid")
    if amount < 0:
        raise field_error("amount", "The amount cannot be negative.", code="negative")
    if amount > Decimal("1000000"):
        raise field_error("amount", "The amount is implausibly large.", code="too_large")
    return amount


@transaction.atomic
def membership_create(
    *,
    constituent: Constituent,
    level: MembershipLevel,
    start_date: dt.date | None = None,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    purchased_by: Constituent | None = None,
    auto_renew: bool = False,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> Membership:
    """Start a membership of a level with its first term (a gift membership when someone else paid)."""
    today = today or organisation_today()
    membership_join_check(constituent=constituent, level=level)
    membership = Membership.objects.create(
        constituent=constituent,
        level=level,
        purchased_by=purchased_by,
        auto_renew=auto_renew and level.term != MembershipLevel.Term.LIFETIME,
    )
    membership_term_add(
        membership=membership,
        start_date=start_date or today,
        amount=amount,
        paid_by=paid_by,
        gift_id=gift_id,
        today=today,
    )
    membership.refresh_from_db()
    return membership


def membership_join_check(*, constituent: Constituent, level: MembershipLevel) -> None:
    """Raise the error `membership_create` would, before anyone pays for a membership that cannot be made."""
    if not level.active:
        raise field_error("level", f"The level '{level}' is no longer offered.", code="inactive_level")
    if level.covers_household and constituent.kind == Constituent.Kind.ORGANIZATION:
        raise field_error("level", "A household level is for a household or a person.", code="invalid")
    if (
        Membership.objects.filter(constituent=constituent, level=level)
        .exclude(status__in=[Membership.Status.EXPIRED, Membership.Status.CANCELLED])
        .exists()
    ):
        raise field_error("level", "This constituent already has this membership; renew it instead.", code="duplicate")


@transaction.atomic
def membership_term_add(
    *,
    membership: Membership,
    start_date: dt.date,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> MembershipTerm:
    """Add one term to a membership at its level's price and length, and store its dates and status."""
    today = today or organisation_today()
    membership = Membership.objects.select_for_update().select_related("level").get(pk=membership.pk)
    level = membership.level
    overlapping = membership.terms.filter(start_date__lte=start_date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if overlapping.exists():
        raise field_error("start_date", "This membership is already paid for on that date.", code="overlap")
    term = MembershipTerm(
        membership=membership,
        level=level,
        start_date=start_date,
        end_date=term_end_for(start=start_date, term=level.term),
        amount=_validate_amount(amount, level),
        currency=level.currency,
        paid_by=paid_by,
        gift_id=gift_id,
    )
    term.full_clean()
    term.save()
    _store_membership_dates(membership)
    _store_status(membership, today)
    membership.save(update_fields=["start_date", "end_date", "status", "status_changed_at", "updated_at"])
    return term


@transaction.atomic
def membership_renew(
    *,
    membership: Membership,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> MembershipTerm:
    """Add the next term: it follows the last one without a gap, or starts today once the grace period ended."""
    today = today or organisation_today()
    membership = Membership.objects.select_for_update().select_related("level").get(pk=membership.pk)
    if membership.cancelled_at is not None:
        raise ValidationError("A cancelled membership cannot be renewed; start a new one.", code="cancelled")
    if membership.level.term == MembershipLevel.Term.LIFETIME:
        raise ValidationError("A lifetime membership never needs renewing.", code="lifetime")
    last_end = membership.terms.aggregate(end=Max("end_date"))["end"]
    status = membership_status(membership=membership, today=today)
    if last_end is None or status == Membership.Status.EXPIRED:
        start = today
    else:
        start = last_end + dt.timedelta(days=1)
    return membership_term_add(
        membership=membership, start_date=start, amount=amount, paid_by=paid_by, gift_id=gift_id, today=today
    )


@transaction.atomic
def membership_change_level(
    *,
    membership: Membership,
    level: MembershipLevel,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> MembershipTerm:
    """Move a membership to another level from today (an upgrade, or a change of level): the paid term that
    covers today ends yesterday, a term that would have started today or later is withdrawn, and a full term
    of the new level starts today at its price. No pro-rating: the new term is paid in full."""
    today = today or organisation_today()
    membership = Membership.objects.select_for_update().select_related("level").get(pk=membership.pk)
    if membership.cancelled_at is not None:
        raise field_error(
            "membership", "A cancelled membership cannot change level; start a new one.", code="cancelled"
        )
    if level.pk == membership.level_id:
        raise field_error("level", "This membership is already at that level; renew it instead.", code="same_level")
    if not level.active:
        raise field_error("level", f"The level '{level}' is no longer offered.", code="inactive_level")
    if membership.level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("membership", "A lifetime membership does not change level.", code="lifetime")
    membership.terms.filter(start_date__gte=today).delete()
    membership.terms.filter(start_date__lt=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).update(
        end_date=today - dt.timedelta(days=1)
    )
    membership.level = level
    membership.save(update_fields=["level", "updated_at"])
    return membership_term_add(
        membership=membership, start_date=today, amount=amount, paid_by=paid_by, gift_id=gift_id, today=today
    )


@transaction.atomic
def membership_cancel(*, membership: Membership, reason: str = "") -> Membership:
    """Cancel a membership now; its paid terms stay in the history."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.cancelled_at is not None:
        return membership
    membership.cancelled_at = timezone.now()
    membership.cancellation_reason = reason
    membership.auto_renew = False
    membership.status = Membership.Status.CANCELLED
    membership.status_changed_at = membership.cancelled_at
    membership.save()
    return membership


@transaction.atomic
def membership_set_auto_renew(*, membership: Membership, auto_renew: bool) -> Membership:
    """Turn automatic renewal on or off."""
    if auto_renew and membership.level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("auto_renew", "A lifetime membership never renews.", code="lifetime")
    if auto_renew and membership.status == Membership.Status.CANCELLED:
        raise field_error("auto_renew", "This membership is cancelled.", code="cancelled")
    membership.auto_renew = auto_renew
    membership.save(update_fields=["auto_renew", "updated_at"])
    return membership


def membership_statuses_refresh(*, today: dt.date | None = None, batch_size: int = 2000) -> int:
    """Store the derived status of every membership whose status may have changed; returns how many changed.

    Works in batches with the terms prefetched, writing only the rows that changed, so the daily run over a
    large membership stays a handful of queries per batch.
    """
    today = today or organisation_today()
    changed = 0
    queryset = (
        Membership.objects.filter(cancelled_at__isnull=True)
        .select_related("level")
        .prefetch_related("terms")
        .order_by("pk")
    )
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        now = timezone.now()
        dirty = []
        for membership in batch:
            status = membership_status(membership=membership, today=today)
            if status != membership.status:
                membership.status, membership.status_changed_at = status, now
                dirty.append(membership)
        with transaction.atomic():
            Membership.objects.bulk_update(dirty, ["status", "status_changed_at"])
        changed += len(dirty)
    return changed


# ---------------------------------------------------------------------------------------------------------
# Renewal reminders: the schedule is MembershipReminder; sending is an outbox message (steward/members/outbox.py)
# ---------------------------------------------------------------------------------------------------------


def _reminder_candidates(*, since: dt.date, today: dt.date, offsets: list[int]) -> list[tuple[int, dt.date]]:
    """(membership id, last term end) of the memberships a reminder may be due for between `since` and today."""
    return [
        (pk, end)
        for pk, end in Membership.objects.filter(
            end_date__gte=since - dt.timedelta(days=offsets[-1]),
            end_date__lte=today - dt.timedelta(days=offsets[0]),
            cancelled_at__isnull=True,
            level__term__in=[MembershipLevel.Term.ANNUAL, MembershipLevel.Term.MONTHLY],
        )
        .exclude(level__term=MembershipLevel.Term.MONTHLY, auto_renew=True)
        .values_list("pk", "end_date")
        if end is not None
    ]


@transaction.atomic
def membership_reminders_queue(*, today: dt.date | None = None) -> MembershipReminderRun:
    """Owe every renewal reminder due since the last successful run and record this run.

    A reminder is due on the last term's end date plus each of MEMBERSHIP_REMINDER_OFFSETS. The run looks back
    to the last successful run (MembershipReminderRun), and at least MEMBERSHIP_REMINDER_CATCHUP_DAYS (also
    how far the very first run looks), so an outage of any length loses nothing. Of the reminders of one term
    that are due together (after an outage), only the latest is owed; the earlier ones are recorded as skipped,
    with the reason. The unique (membership, term end, offset) means running twice owes nothing twice.
    Cancelled, lifetime and renewed memberships (whose last term ends later) get no reminder for an earlier end.
    """
    from steward.core.outbox import outbox_enqueue

    today = today or organisation_today()
    offsets = sorted(set(settings.MEMBERSHIP_REMINDER_OFFSETS))
    since = today - dt.timedelta(days=settings.MEMBERSHIP_REMINDER_CATCHUP_DAYS)
    last_run = MembershipReminderRun.objects.filter(day__lte=today).order_by("-day").values_list("day", flat=True)
    if (last_day := last_run.first()) is not None:
        since = min(since, last_day)
    # One row per day, locked: two runs of the same day take turns, so the counts below are exact.
    run, _ = MembershipReminderRun.objects.get_or_create(day=today, defaults={"since": since})
    run = MembershipReminderRun.objects.select_for_update().get(pk=run.pk)
    candidates = _reminder_candidates(since=since, today=today, offsets=offsets) if offsets else []
    existing = set(
        MembershipReminder.objects.filter(
            membership_id__in=[pk for pk, _ in candidates], due_date__gte=since, due_date__lte=today
        ).values_list("membership_id", "term_end", "offset_days")
    )
    new: list[MembershipReminder] = []
    for pk, end in candidates:
        due = [(offset, end + dt.timedelta(days=offset)) for offset in offsets]
        due = [(offset, day) for offset, day in due if since <= day <= today]
        if not due:
            continue
        latest_offset, latest_day = due[-1]
        for offset, day in due:
            if (pk, end, offset) in existing:
                continue
            reminder = MembershipReminder(membership_id=pk, term_end=end, offset_days=offset, due_date=day)
            if offset != latest_offset:
                reminder.status = MembershipReminder.Status.SKIPPED
                reminder.skip_reason = (
                    f"Superseded: the reminder {reminder_moment(latest_offset)} (due {latest_day:%d %b %Y}) was "
                    f"due too when reminders were caught up on {today:%d %b %Y}."
                )
            new.append(reminder)
    MembershipReminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    # Hand every owed reminder to the outbox, including any a failed run left without its message.
    owed = list(MembershipReminder.objects.filter(status=MembershipReminder.Status.QUEUED, message__isnull=True))
    for reminder in owed:
        reminder.message = outbox_enqueue(
            kind="membership_reminder",
            key=reminder.outbox_key,
            payload={"reminder": reminder.pk, "owed_on": today.isoformat()},
        )
    MembershipReminder.objects.bulk_update(owed, ["message"], batch_size=1000)
    run.since = min(run.since, since)
    run.queued += sum(reminder.status == MembershipReminder.Status.QUEUED for reminder in new)
    run.skipped += sum(reminder.status == MembershipReminder.Status.SKIPPED for reminder in new)
    run.finished_at = timezone.now()
    run.save()
    return run


def _reminder_not_owed(reminder: MembershipReminder) -> str:
    """Why a queued reminder should not be sent now ("" when it should)."""
    membership = reminder.membership
    constituent = membership.constituent
    if membership.cancelled_at is not None:
        return "The membership was cancelled."
    if membership.end_date != reminder.term_end:
        return "The membership was renewed or changed: its last term no longer ends on that date."
    later = (
        MembershipReminder.objects.filter(
            membership=membership, term_end=reminder.term_end, offset_days__gt=reminder.offset_days
        )
        .exclude(status=MembershipReminder.Status.SKIPPED)
        .order_by("offset_days")
        .first()
    )
    if later is not None:
        return f"Superseded: the reminder {reminder_moment(later.offset_days)} is due too."
    if constituent.do_not_contact or constituent.do_not_email or constituent.deceased:
        return "The member asked not to be emailed."
    if not constituent.emails.filter(is_primary=True).exists():
        return "The member has no email address."
    return ""


def membership_reminder_skip(*, reminder_id: int, reason: str) -> None:
    """Record that an owed reminder will not be sent, and why."""
    MembershipReminder.objects.filter(pk=reminder_id, status=MembershipReminder.Status.QUEUED).update(
        status=MembershipReminder.Status.SKIPPED, skip_reason=reason[:255]
    )


def membership_reminder_mark_sent(*, reminder_id: int) -> None:
    """Record that a reminder reached the mail server (the outbox calls this once it is sent)."""
    MembershipReminder.objects.filter(pk=reminder_id, status=MembershipReminder.Status.QUEUED).update(
        status=MembershipReminder.Status.SENT, sent_at=timezone.now()
    )


def membership_reminder_message(*, reminder_id: int, owed_on: dt.date) -> EmailMessage:
    """The email of an owed renewal reminder, worded for the day it was owed (a reminder caught up after an
    outage says the membership ended, not that it ends today). Raises NotOwed, recording the reminder as
    skipped with the reason, when it should no longer go (sent, renewed, superseded, no one to email)."""
    from steward.core.outbox import NotOwed

    reminder = MembershipReminder.objects.select_related("membership__constituent", "membership__level").get(
        pk=reminder_id
    )
    if reminder.status != MembershipReminder.Status.QUEUED:
        raise NotOwed(f"The reminder is {reminder.get_status_display().lower()} already.")
    if reason := _reminder_not_owed(reminder):
        membership_reminder_skip(reminder_id=reminder.pk, reason=reason)
        raise NotOwed(reason)
    membership = reminder.membership
    constituent = membership.constituent
    email = constituent.emails.get(is_primary=True)
    context = {
        "constituent": constituent,
        "membership": membership,
        "reminder": reminder,
        "moment": "before" if reminder.term_end > owed_on else "today" if reminder.term_end == owed_on else "after",
        "renew_url": f"{settings.FRONTEND_URL.rstrip('/')}/portal/",
    }
    subject = render_to_string("members/email/renewal_reminder_subject.txt", context).strip()
    body = render_to_string("members/email/renewal_reminder.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email.address])
