"""PENDING SERVICES — to move into steward/members/services.py (owned by the members domain).

The API needs two writes steward.members.services does not have yet. They are written here exactly as they
should land there (same style: keyword-only, one transaction, ValidationError with field keys and codes, only
other services do the writing), and the GraphQL mutations call them from here until they move. Once moved,
delete this module and import them from steward.members.services instead.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from steward.members import services
from steward.members.models import Address, Constituent, Phone

ADDRESS_FIELDS = ("line1", "line2", "city", "region", "postal_code", "country")


@transaction.atomic
def phone_set_primary(*, phone: Phone) -> Phone:
    """Make this number the constituent's primary one."""
    Phone.objects.filter(constituent_id=phone.constituent_id, is_primary=True).exclude(pk=phone.pk).update(
        is_primary=False
    )
    phone.is_primary = True
    phone.save(update_fields=["is_primary"])
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
) -> Constituent:
    """A person's change to their own profile and primary contact details: all of it, or none of it.

    Every part is checked, so one answer reports every error (keyed `given_name`, `birth_date`,
    `primary_email`, `primary_phone`, `primary_address.postal_code`, …); any error rolls the whole change back.
    Only the profile fields a person may edit themselves (services.PROFILE_FIELDS) are accepted. An email,
    number or address they already have becomes primary again rather than being added twice.
    """
    try:
        return _member_profile_update(
            constituent=constituent,
            fields=dict(fields or {}),
            primary_email=primary_email,
            primary_phone=primary_phone,
            primary_address=primary_address,
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
) -> Constituent:
    unknown = set(fields) - services.PROFILE_FIELDS
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
        attempt(lambda key: key, lambda: services.constituent_update(constituent=constituent, **fields))
    if primary_email is not None:
        attempt(
            lambda key: "primary_email",
            lambda: services.email_add(constituent=constituent, address=primary_email, primary=True),
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


def _primary_phone_set(*, constituent: Constituent, number: str) -> Phone:
    parsed = services.phone_parse(number)
    existing = constituent.phones.filter(number=parsed).first()
    if existing is None:
        return services.phone_add(constituent=constituent, number=number, primary=True)
    return existing if existing.is_primary else phone_set_primary(phone=existing)


def _primary_address_set(*, constituent: Constituent, values: Mapping[str, str]) -> Address | None:
    current = constituent.addresses.filter(is_primary=True).first()
    if _same_address(current, values):
        return current
    return services.address_add(
        constituent=constituent,
        line1=values.get("line1") or "",
        line2=values.get("line2") or "",
        city=values.get("city") or "",
        region=values.get("region") or "",
        postal_code=values.get("postal_code") or "",
        country=values.get("country") or "",
        primary=True,
    )
