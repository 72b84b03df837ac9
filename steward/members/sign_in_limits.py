"""Limits on every way into an account, per account and per address, that hold under parallel requests.

An attempt (a password, an emailed link, a request for an emailed link) is first *counted*: under a lock on the
account and on the address it names, the recent attempts of each are counted and, below both limits, the new one
is stored as a failure. Only then is the password or link checked, outside the lock (hashing is slow); an attempt
that proves right is removed again. So thirty simultaneous wrong passwords meet a limit of five with exactly five
password checks: the rest are refused without one, since each saw the others' rows under the lock.

The lock is a PostgreSQL transaction-level advisory lock per limit key (`pg_advisory_xact_lock`), taken in a fixed
order so two attempts never wait on each other crosswise; SQLite needs none, since Steward opens its transactions
`IMMEDIATE` there and so writers take turns already.

Slowing an attacker down must not lock the owner out, so the per-account limit has two ways around it: an emailed
sign-in link (a link's signature cannot be guessed, so link use is limited per address only), and a device cookie
(`device_token_issue`), set where an account signed in before: password attempts that carry a valid one for the
account they name count against that device alone (the scheme OWASP describes as "device cookies"), never against
the account or the address. A thief of the cookie gets no more than the device's own limit of guesses.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from .models import SignInFailure

DEVICE_TOKEN_SALT = "steward.members.sign-in-device"  # noqa: S105 (a signing salt, not a secret)

Kind = SignInFailure.Kind


@dataclass(frozen=True)
class Device:
    """A device cookie that checked out: the account it signed in and the device's own id."""

    user_id: int
    device_id: str


@dataclass(frozen=True)
class Attempt:
    """An attempt counted (and stored as a failure) before its check; `attempt_succeeded` takes it back."""

    pk: int
    kind: str
    username: str
    ip_address: str | None
    device_id: str


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.ACCOUNT_SIGN_IN_FAILURE_WINDOW_MINUTES)


def _limits(kind: str) -> tuple[int | None, int | None]:
    """(per account, per address) for this kind of attempt; None where there is no such limit."""
    if kind == Kind.PASSWORD:
        return settings.ACCOUNT_SIGN_IN_MAX_FAILURES, settings.ACCOUNT_SIGN_IN_MAX_FAILURES_PER_ADDRESS
    if kind == Kind.EMAIL_REQUEST:
        return settings.ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT, settings.ACCOUNT_EMAIL_REQUESTS_MAX_PER_ADDRESS
    # An emailed link is the owner's way around the account limit: per address only.
    return None, settings.ACCOUNT_LINK_MAX_FAILURES_PER_ADDRESS


def _lock(keys: Iterable[str]) -> None:
    """Hold an advisory lock per key until the transaction ends (PostgreSQL; SQLite's writers take turns)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"steward.sign-in:{key}"])


def _wait(times: list[dt.datetime], *, limit: int, now: dt.datetime) -> dt.timedelta | None:
    """How long until fewer than `limit` of these recent times (newest first) are inside the window."""
    if len(times) < limit:
        return None
    # Free again once the oldest of the last `limit` leaves the window.
    return times[limit - 1] + _window() - now


def _recent(kind: str, now: dt.datetime, limit: int, **filters: object) -> list[dt.datetime]:
    return list(
        SignInFailure.objects.filter(kind=kind, failed_at__gt=now - _window(), **filters)
        .order_by("-failed_at")
        .values_list("failed_at", flat=True)[:limit]
    )


def account_wait(*, kind: str, username: str, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long this account must wait for this kind of attempt (None: it may try now)."""
    now = now or timezone.now()
    limit, _ = _limits(kind)
    if limit is None:
        return None
    return _wait(_recent(kind, now, limit, username=username, device=""), limit=limit, now=now)


def address_wait(*, kind: str, ip_address: str | None, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long this address must wait for this kind of attempt (None: it may try now, or it is unknown)."""
    now = now or timezone.now()
    _, limit = _limits(kind)
    if limit is None or ip_address is None:
        return None
    return _wait(_recent(kind, now, limit, ip_address=ip_address, device=""), limit=limit, now=now)


def device_wait(*, device_id: str, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long password attempts from this device must wait (None: it may try now)."""
    now = now or timezone.now()
    limit = settings.ACCOUNT_SIGN_IN_MAX_FAILURES
    return _wait(_recent(Kind.PASSWORD, now, limit, device=device_id), limit=limit, now=now)


def _throttled(wait: dt.timedelta, message: str) -> ValidationError:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return ValidationError(
        message.format(when=f"in {minutes} minute{'s' if minutes != 1 else ''}"),
        code="throttled",
        params={"retry_after_seconds": math.ceil(wait.total_seconds())},
    )


ACCOUNT_MESSAGES: dict[str, str] = {
    Kind.PASSWORD: "Too many failed sign-ins. Try again {when}, or sign in with an emailed link.",
    Kind.EMAIL_REQUEST: "Too many emails were asked for this address. Try again {when}.",
}
ADDRESS_MESSAGES: dict[str, str] = {
    Kind.PASSWORD: "Too many failed sign-ins from your network. Try again {when}, or sign in with an emailed link.",
    Kind.LINK: "Too many links that did not work from your network. Try again {when}.",
    Kind.EMAIL_REQUEST: "Too many emails were asked for from your network. Try again {when}.",
}


def attempt_begin(*, kind: str, username: str, ip_address: str | None, device: Device | None = None) -> Attempt:
    """Count an attempt before checking it: a `throttled` ValidationError at a limit, else the stored attempt.

    Its own transaction (committed before the slow check, when no caller's transaction is open), with the check
    of every limit and the row it adds under one lock, so parallel attempts cannot pass the limit together.
    """
    username = (username or "").strip().lower()
    device_id = device.device_id if device is not None else ""
    with transaction.atomic():
        now = timezone.now()
        if device_id:
            _lock([f"device:{device_id}"])
            wait = device_wait(device_id=device_id, now=now)
            if wait is not None:
                raise _throttled(wait, ACCOUNT_MESSAGES[Kind.PASSWORD])
        else:
            account_limit, address_limit = _limits(kind)
            keys = [f"{kind}:account:{username}"] if account_limit is not None else []
            if address_limit is not None and ip_address is not None:
                keys.append(f"{kind}:address:{ip_address}")
            _lock(keys)
            wait = address_wait(kind=kind, ip_address=ip_address, now=now)
            if wait is not None:
                raise _throttled(wait, ADDRESS_MESSAGES[kind])
            wait = account_wait(kind=kind, username=username, now=now)
            if wait is not None:
                raise _throttled(wait, ACCOUNT_MESSAGES[kind])
        row = SignInFailure.objects.create(
            kind=kind, username=username, ip_address=ip_address, device=device_id, failed_at=now
        )
    return Attempt(pk=row.pk, kind=kind, username=username, ip_address=ip_address, device_id=device_id)


def attempt_succeeded(*, attempt: Attempt) -> None:
    """Take back an attempt that proved right, with the earlier failures of the same account from the same place.

    The owner's own typos are forgotten; failures from other addresses (an attacker's) stay and keep counting.
    """
    SignInFailure.objects.filter(pk=attempt.pk).delete()
    if attempt.kind != Kind.PASSWORD:
        return
    if attempt.device_id:
        SignInFailure.objects.filter(kind=Kind.PASSWORD, device=attempt.device_id).delete()
        return
    SignInFailure.objects.filter(
        kind=Kind.PASSWORD, username=attempt.username, device="", ip_address=attempt.ip_address
    ).delete()


def attempt_failed(*, attempt: Attempt) -> None:
    """Leave the attempt counted as a failure, and delete failures that have left the window."""
    SignInFailure.objects.filter(failed_at__lte=timezone.now() - _window()).delete()


def account_failures_forget(*, username: str) -> None:
    """Forget an account's password failures (its owner proved themselves: a password reset through its email)."""
    SignInFailure.objects.filter(kind=Kind.PASSWORD, username=(username or "").strip().lower()).delete()


# ---------------------------------------------------------------------------------------------------------
# Device cookies
# ---------------------------------------------------------------------------------------------------------


def device_token_issue(*, user_id: int) -> str:
    """A signed device token for a browser that just signed in to this account: the value of its device cookie."""
    return signing.dumps({"u": user_id, "d": secrets.token_urlsafe(16)}, salt=DEVICE_TOKEN_SALT, compress=True)


def device_token_read(*, token: str | None) -> Device | None:
    """The device a cookie names, if it is genuine and unexpired; None otherwise (the caller matches the account)."""
    if not token:
        return None
    try:
        data = signing.loads(
            token, salt=DEVICE_TOKEN_SALT, max_age=dt.timedelta(days=settings.ACCOUNT_DEVICE_COOKIE_MAX_AGE_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("d"), str):
        return None
    return Device(user_id=data["u"], device_id=data["d"][:64])
