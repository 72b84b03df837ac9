"""A member's own profile: their fields and primary contact details, and a new email address, used only once
the signed link sent to it is followed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.http import urlencode

from steward.core.errors import field_error
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.core.outbox import outbox_enqueue

from .. import sign_in_limits
from ..models import (
    Address,
    Constituent,
    Email,
    EmailConfirmation,
    Phone,
    SignInFailure,
)
from .constituents import constituent_update
from .contacts import address_add, email_add, email_set_primary, phone_add, phone_parse, phone_set_primary

PROFILE_FIELDS = {
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "birth_date",
}


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
    rendered = message_render(template, context)
    return EmailMessage(rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [to])


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
    link = frontend_url("/account/confirm-email?") + urlencode(
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
        "sign_in_link": frontend_url("/account/sign-in"),
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


ADDRESS_FIELDS = ("line1", "line2", "city", "region", "postal_code", "country")


def _same_address(address: Address | None, values: Mapping[str, str]) -> bool:
    if address is None:
        return False
    normalised = {name: (values.get(name) or "").strip() for name in ADDRESS_FIELDS}
    normalised["country"] = normalised["country"].upper()
    return all(getattr(address, name) == normalised[name] for name in ADDRESS_FIELDS)
