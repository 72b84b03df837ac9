"""Portal accounts: sign up, confirm the email, sign in (password or emailed link), reset the password.

A portal account is a Django `User` whose username is the lower-cased email address, linked one-to-one to an
individual `Constituent` (`constituent.user`). A new account is inactive until its email is confirmed (the
pattern of django-registration): the password check refuses it, no reset or sign-in link is sent for it. An
account made by joining (`account_join`: paid for a membership in the same go) is active at once, so it signs in
and sees what it paid for; until the link in its welcome email is used it is marked `UnconfirmedAccount`, and its
address proves nothing (signed-out gifts given with it are not matched to its record).

Every link sent by email is signed and expiring; the sign-in link works once (its signature covers the account's
last sign-in time, which using it moves on) and a reset link stops working once the password changes (Django's
`PasswordResetTokenGenerator`). Requests that name an email never reveal whether an account exists.

Every way in is limited per account and per address (steward/members/sign_in_limits.py): password sign-in (the
GraphQL `signIn` and the Wagtail admin's login share it), requests for emailed links (reset, sign-in, confirm) and
the use of emailed links. Each attempt is counted under a lock before it is checked, so parallel attempts cannot
pass a limit together. The owner is never locked out by someone else's guesses: an emailed sign-in link works
whatever the account's count, and a password from a device that signed in to the account before (its device
cookie) counts against that device only.

Services raise `ValidationError` with codes; the session itself (django.contrib.auth.login/logout) is the
caller's business, since only the caller has the request.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_decode, urlsafe_base64_encode

from steward.core.errors import field_error
from steward.core.links import frontend_url
from steward.core.mail import NotOwed, Purpose, deliver
from steward.core.message_templates import message_render
from steward.core.sending_rate import RateLimited

from . import sign_in_limits
from .models import Constituent, UnconfirmedAccount
from .services import constituent_create
from .sign_in_limits import Kind

logger = logging.getLogger(__name__)

VERIFY_EMAIL_SALT = "steward.members.accounts.verify-email"
SIGN_IN_LINK_SALT = "steward.members.accounts.sign-in-link"
SIGN_UP_SOURCE = "Portal sign-up"

INVALID_CREDENTIALS_MESSAGE = "The email address or the password is not right."
INVALID_LINK_MESSAGE = "This link is not valid. It may have been used already; ask for a new one."
EXPIRED_LINK_MESSAGE = "This link has expired. Ask for a new one."


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------


def email_normalise(email: str) -> str:
    """The form an email takes as a username: stripped and lower-cased."""
    return (email or "").strip().lower()


def _email_validated(email: str) -> str:
    address = email_normalise(email)
    if not address:
        raise field_error("email", "Enter your email address.", code="required")
    try:
        validate_email(address)
    except ValidationError:
        raise field_error("email", "Enter a valid email address.", code="invalid") from None
    return address


def _user_for_email(address: str) -> User | None:
    return User.objects.filter(username=email_normalise(address)).first()


def _is_unverified(user: User) -> bool:
    """Signed up but never confirmed: inactive and never signed in (staff deactivate accounts that have)."""
    return not user.is_active and user.last_login is None


def _link(path: str, **params: str) -> str:
    return frontend_url(f"{path}?{urlencode(params)}")


def _name(user: User) -> str:
    constituent = Constituent.objects.filter(user=user).only("preferred_name", "given_name", "display_name").first()
    if constituent is not None:
        return constituent.preferred_name or constituent.given_name or constituent.display_name
    return user.first_name or user.email


def _send(template: str, *, to: str, context: dict[str, Any]) -> None:
    rendered = message_render(template, context)
    message = EmailMessage(rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [to])
    try:
        deliver(message, purpose=Purpose.TRANSACTIONAL)
    except NotOwed as refusal:  # a suppressed address, a merged record: nothing is sent, as for any message
        logger.info("Account email %s to %s not sent: %s", template, to, refusal)
    except RateLimited as limited:  # the provider would refuse it too; the person can ask again
        logger.warning("Account email %s to %s not sent: %s", template, to, limited)


T = TypeVar("T")


def link_checked(*, ip_address: str | None, check: Callable[[], T]) -> T:
    """Run a link's check counted against the address's limit on links that do not work: a check that fails on
    `token` counts, any other outcome does not. Every emailed link's use goes through it (the donations domain's
    links to manage a recurring gift too)."""
    attempt = sign_in_limits.attempt_begin(kind=Kind.LINK, username="", ip_address=ip_address)
    try:
        result = check()
    except ValidationError as error:
        if "token" in getattr(error, "error_dict", {}):
            sign_in_limits.attempt_failed(attempt=attempt)
        else:  # the link was right (e.g. the new password broke a rule): it does not count
            sign_in_limits.attempt_succeeded(attempt=attempt)
        raise
    sign_in_limits.attempt_succeeded(attempt=attempt)
    return result


def account_email_request_record(*, email: str, ip_address: str | None) -> str:
    """Count a request for an email to this address (`throttled` beyond the limits); the address, validated.

    Counted by the address asked for, whether or not it has an account, so the limit reveals nothing either.
    """
    address = _email_validated(email)
    sign_in_limits.attempt_begin(kind=Kind.EMAIL_REQUEST, username=address, ip_address=ip_address)
    return address


def _password_validated(password: str, *, user: User) -> None:
    """Django's password validators, their messages filed under `password`."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from None


# ---------------------------------------------------------------------------------------------------------
# Sign up and email confirmation
# ---------------------------------------------------------------------------------------------------------


def _sign_up_validated(*, email: str, password: str, given_name: str, family_name: str) -> tuple[str, str, str, User]:
    """A sign-up's address, names and unsaved user, or every field's errors at once (nothing is written)."""
    address = _email_validated(email)
    given_name, family_name = (given_name or "").strip(), (family_name or "").strip()
    errors: dict[str, list[ValidationError]] = {}
    if not given_name:
        errors["given_name"] = [ValidationError("Enter your given name.", code="required")]
    if not family_name:
        errors["family_name"] = [ValidationError("Enter your family name.", code="required")]
    candidate = User(username=address, email=address, first_name=given_name, last_name=family_name)
    try:
        _password_validated(password, user=candidate)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return address, given_name, family_name, candidate


def account_sign_up_check(*, email: str, password: str, given_name: str, family_name: str) -> str:
    """Check a sign-up's fields as `account_sign_up` and `account_join` do, writing and counting nothing; the
    address. Says nothing about whether the address has an account."""
    return _sign_up_validated(email=email, password=password, given_name=given_name, family_name=family_name)[0]


def _account_exists_send(address: str) -> None:
    _send(
        "account_exists",
        to=address,
        context={"sign_in_link": _link("/account/sign-in"), "reset_link": _link("/account/forgot-password")},
    )


def account_sign_up(
    *, email: str, password: str, given_name: str, family_name: str, ip_address: str | None = None
) -> User | None:
    """Create an inactive account and a new individual record with this primary email; email the confirm link.

    When the email already has an account, nothing is created and that address is told so by email instead:
    the caller's answer is the same either way, so sign-up does not reveal who has an account.
    Returns the new user, or None when the email was taken. Each sign-up that passes validation sends an email,
    so it is counted as a request for one (per address signed up with, and per `ip_address`; `throttled` beyond).
    """
    address, given_name, family_name, candidate = _sign_up_validated(
        email=email, password=password, given_name=given_name, family_name=family_name
    )
    sign_in_limits.attempt_begin(kind=Kind.EMAIL_REQUEST, username=address, ip_address=ip_address)

    with transaction.atomic():
        if User.objects.select_for_update().filter(username=address).exists():
            user = None
        else:
            user = candidate
            user.is_active = False
            user.set_password(password)
            user.save()
            constituent = constituent_create(
                given_name=given_name, family_name=family_name, emails=[address], source=SIGN_UP_SOURCE
            )
            constituent.user = user
            constituent.save(update_fields=["user", "updated_at"])
    # After the commit: an email never announces an account that was rolled back.
    if user is None:
        _account_exists_send(address)
    else:
        _send_verification(user)
    return user


def account_join(
    *,
    email: str,
    password: str,
    given_name: str,
    family_name: str,
    check: Callable[[Constituent], None],
    ip_address: str | None = None,
) -> User:
    """Create an account that may sign in at once (its address unconfirmed: UnconfirmedAccount) and a new
    individual record, for someone joining and paying in one go; `check(constituent)` runs inside the same
    transaction, so a purchase it refuses leaves no account behind.

    An address that already has an account gets the "you have an account" email, and the caller a field error
    `account_exists` on `email`: nothing is created and no one is signed in (the caller must not go on to charge).
    Unlike sign-up, the answer differs by whether the address has an account: the new account is signed in and
    charged, which cannot look the same. Counted as a request for an email (`throttled` beyond the limits), so it
    cannot be used to list accounts quickly. The confirm link goes out in the welcome email once the payment
    succeeds (`account_confirm_link`); no separate email is sent here.
    """
    address, given_name, family_name, candidate = _sign_up_validated(
        email=email, password=password, given_name=given_name, family_name=family_name
    )
    sign_in_limits.attempt_begin(kind=Kind.EMAIL_REQUEST, username=address, ip_address=ip_address)
    with transaction.atomic():
        exists = User.objects.select_for_update().filter(username=address).exists()
        if not exists:
            user = candidate
            user.is_active = True
            user.set_password(password)
            user.save()
            UnconfirmedAccount.objects.create(user=user)
            constituent = constituent_create(
                given_name=given_name, family_name=family_name, emails=[address], source=SIGN_UP_SOURCE
            )
            constituent.user = user
            constituent.save(update_fields=["user", "updated_at"])
            check(constituent)
    if exists:
        _account_exists_send(address)
        raise field_error(
            "email",
            "This email address already has an account. We have emailed it how to sign in; sign in, then join.",
            code="account_exists",
        )
    return user


def account_email_confirmed(*, user: User) -> bool:
    """Whether the account's sign-up address is proven: active, and not a joined account still unconfirmed."""
    return user.is_active and not UnconfirmedAccount.objects.filter(user_id=user.pk).exists()


def account_confirm_link(*, user: User) -> str | None:
    """The link that confirms an account's address, while it is unconfirmed (None once confirmed)."""
    if not (_is_unverified(user) or UnconfirmedAccount.objects.filter(user_id=user.pk).exists()):
        return None
    return _link("/account/verify-email", token=_verification_token(user))


def _verification_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.username}, salt=VERIFY_EMAIL_SALT, compress=True)


def _send_verification(user: User) -> None:
    _send(
        "account_verify",
        to=user.email,
        context={
            "name": _name(user),
            "link": _link("/account/verify-email", token=_verification_token(user)),
            "hours": settings.ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS,
        },
    )


def account_verification_resend(*, email: str, ip_address: str | None = None) -> None:
    """Email the confirm link again if this address has an unconfirmed account; silently nothing otherwise."""
    address = account_email_request_record(email=email, ip_address=ip_address)
    user = _user_for_email(address)
    if user is not None and (_is_unverified(user) or UnconfirmedAccount.objects.filter(user_id=user.pk).exists()):
        _send_verification(user)


def account_email_verify(*, token: str, ip_address: str | None = None) -> User:
    """Confirm the email of the account a signed link names, which activates it. Using the link again is harmless."""
    return link_checked(ip_address=ip_address, check=lambda: _email_verify(token=token))


@transaction.atomic
def _email_verify(*, token: str) -> User:
    try:
        data = signing.loads(
            token or "", salt=VERIFY_EMAIL_SALT, max_age=dt.timedelta(hours=settings.ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS)
        )
    except signing.SignatureExpired:
        raise field_error("token", EXPIRED_LINK_MESSAGE, code="expired") from None
    except signing.BadSignature:
        raise field_error("token", INVALID_LINK_MESSAGE, code="invalid") from None
    user = User.objects.select_for_update().filter(pk=data.get("u"), username=data.get("e")).first()
    if user is None:
        raise field_error("token", INVALID_LINK_MESSAGE, code="invalid")
    if user.is_active:
        UnconfirmedAccount.objects.filter(user_id=user.pk).delete()  # a joined account's address, now proven
        return user
    if not _is_unverified(user):  # deactivated by staff: a confirm link does not bring it back
        raise field_error("token", INVALID_LINK_MESSAGE, code="invalid")
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record_with_address_link(user)
    return user


def _record_with_address_link(user: User) -> Constituent | None:
    """Now that the owner of the address proved it, give the account the record that already holds it (a donor who
    gave without an account, a member staff recorded), so their gifts and memberships show in the portal.

    Only an individual record with no account that is not merged counts; if several hold the address, the one
    whose name is the account's, and if that is not one record either, none (staff merge them). The record made
    at sign-up, which holds nothing yet, is then merged into it. Returns the record linked, if any."""
    own = Constituent.objects.filter(user=user).first()
    holding = Constituent.objects.filter(
        emails__address__iexact=user.username,
        kind=Constituent.Kind.INDIVIDUAL,
        user__isnull=True,
        merged_into__isnull=True,
    )
    if own is not None:
        holding = holding.exclude(pk=own.pk)
    candidates = list(holding.distinct().order_by("pk"))
    if len(candidates) > 1:
        given, family = user.first_name.strip().casefold(), user.last_name.strip().casefold()
        candidates = [
            candidate
            for candidate in candidates
            if given in {candidate.given_name.strip().casefold(), candidate.preferred_name.strip().casefold()}
            and candidate.family_name.strip().casefold() == family
        ]
    if len(candidates) != 1:
        return None
    (record,) = candidates
    if own is not None:
        own.user = None
        own.merged_into = record
        own.save(update_fields=["user", "merged_into", "updated_at"])
    record.user = user
    record.save(update_fields=["user", "updated_at"])
    logger.info("Account %s now holds record %s, which had its address", user.pk, record.pk)
    return record


# ---------------------------------------------------------------------------------------------------------
# Password sign-in and its throttle
# ---------------------------------------------------------------------------------------------------------


def sign_in_wait(*, username: str, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long password sign-in for this account must wait without a device cookie (None: it may try now)."""
    return sign_in_limits.account_wait(kind=Kind.PASSWORD, username=email_normalise(username), now=now)


def _device_for(*, token: str | None, username: str) -> sign_in_limits.Device | None:
    """The device cookie's device if it signed in to this very account before; None otherwise."""
    device = sign_in_limits.device_token_read(token=token)
    if device is None or not User.objects.filter(pk=device.user_id, username__iexact=username).exists():
        return None
    return device


def account_sign_in_with_password(
    *,
    username: str,
    password: str,
    ip_address: str | None = None,
    device_token: str | None = None,
    request: Any = None,
) -> User:
    """Check a username and password under the sign-in limits; the active account, or a ValidationError.

    What the portal's `signIn` and the admin's login share. Codes: `throttled` (refused before the password is
    checked), `unverified` (right password, email not yet confirmed), `invalid_credentials`.
    """
    username = (username or "").strip()
    device = _device_for(token=device_token, username=username)
    attempt = sign_in_limits.attempt_begin(kind=Kind.PASSWORD, username=username, ip_address=ip_address, device=device)
    user = authenticate(request, username=username, password=password)
    if user is None:
        candidate = _user_for_email(username)
        if candidate is not None and _is_unverified(candidate) and candidate.check_password(password):
            sign_in_limits.attempt_succeeded(attempt=attempt)
            raise field_error(
                "email", "Confirm your email address first: follow the link we emailed you.", code="unverified"
            )
        sign_in_limits.attempt_failed(attempt=attempt)
        raise ValidationError(INVALID_CREDENTIALS_MESSAGE, code="invalid_credentials")
    sign_in_limits.attempt_succeeded(attempt=attempt)
    return user  # type: ignore[return-value]


def account_sign_in(
    *, email: str, password: str, ip_address: str | None = None, device_token: str | None = None
) -> User:
    """Check a portal email and password under the sign-in limits; the active account, or a ValidationError.

    Codes as `account_sign_in_with_password`, and `required`. Each attempt is stored before its check (its own
    write, kept whatever the caller's transaction does), so the limits hold across processes and parallel
    requests.
    """
    username = email_normalise(email)
    if not username:
        raise field_error("email", "Enter your email address.", code="required")
    if not password:
        raise field_error("password", "Enter your password.", code="required")
    return account_sign_in_with_password(
        username=username, password=password, ip_address=ip_address, device_token=device_token
    )


def device_token_issue(*, user: User) -> str:
    """The value of the device cookie for a browser that just signed in to this account."""
    return sign_in_limits.device_token_issue(user_id=user.pk)


# ---------------------------------------------------------------------------------------------------------
# Password reset
# ---------------------------------------------------------------------------------------------------------


def account_password_reset_request(*, email: str, ip_address: str | None = None) -> None:
    """Email a link to choose a new password, if this address has an active account; silently nothing otherwise."""
    address = account_email_request_record(email=email, ip_address=ip_address)
    user = _user_for_email(address)
    if user is None or not user.is_active:
        return
    _send(
        "account_password_reset",
        to=user.email or address,
        context={
            "name": _name(user),
            "link": _link(
                "/account/reset-password",
                uid=urlsafe_base64_encode(force_bytes(user.pk)),
                token=default_token_generator.make_token(user),
            ),
            "hours": max(1, settings.PASSWORD_RESET_TIMEOUT // 3600),
        },
    )


def account_password_reset(*, uid: str, token: str, password: str, ip_address: str | None = None) -> User:
    """Set a new password with a reset link's uid and token; the link stops working once used."""
    return link_checked(ip_address=ip_address, check=lambda: _password_reset(uid=uid, token=token, password=password))


@transaction.atomic
def _password_reset(*, uid: str, token: str, password: str) -> User:
    try:
        pk = int(urlsafe_base64_decode(uid or "").decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        raise field_error("token", INVALID_LINK_MESSAGE, code="invalid") from None
    user = User.objects.select_for_update().filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token or ""):
        raise field_error("token", INVALID_LINK_MESSAGE, code="invalid")
    _password_validated(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    sign_in_limits.account_failures_forget(username=user.username)
    return user


# ---------------------------------------------------------------------------------------------------------
# Sign-in link
# ---------------------------------------------------------------------------------------------------------


def _sign_in_state(user: User) -> str:
    """A digest of what using a sign-in link changes (the last sign-in) or should cancel it (a new password)."""
    last_login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None).isoformat()
    return salted_hmac(SIGN_IN_LINK_SALT, f"{user.pk}|{user.password}|{last_login}|{user.is_active}").hexdigest()[:32]


def account_sign_in_link_request(*, email: str, ip_address: str | None = None) -> None:
    """Email a one-time sign-in link if this address has an active account; silently nothing otherwise."""
    address = account_email_request_record(email=email, ip_address=ip_address)
    user = _user_for_email(address)
    if user is None or not user.is_active:
        return
    token = signing.dumps({"u": user.pk, "s": _sign_in_state(user)}, salt=SIGN_IN_LINK_SALT)
    _send(
        "account_sign_in_link",
        to=user.email or address,
        context={
            "name": _name(user),
            "link": _link("/account/sign-in/link", token=token),
            "minutes": settings.ACCOUNT_SIGN_IN_LINK_MAX_AGE_MINUTES,
        },
    )


def account_sign_in_with_link(*, token: str, ip_address: str | None = None) -> User:
    """The account an emailed sign-in link is for; marks it signed in now, so the same link never works again.

    Never held back by the account's failed passwords: this is how the owner gets in while someone guesses.
    """
    return link_checked(ip_address=ip_address, check=lambda: _sign_in_link_used(token=token))


@transaction.atomic
def _sign_in_link_used(*, token: str) -> User:
    try:
        data = signing.loads(
            token or "",
            salt=SIGN_IN_LINK_SALT,
            max_age=dt.timedelta(minutes=settings.ACCOUNT_SIGN_IN_LINK_MAX_AGE_MINUTES),
        )
    except signing.SignatureExpired:
        raise field_error("token", EXPIRED_LINK_MESSAGE, code="expired") from None
    except signing.BadSignature:
        raise field_error("token", INVALID_LINK_MESSAGE, code="invalid") from None
    # Locked, so two uses racing each other cannot both pass the check below.
    user = User.objects.select_for_update().filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("s", "")), _sign_in_state(user)):
        raise field_error("token", INVALID_LINK_MESSAGE, code="invalid")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user
