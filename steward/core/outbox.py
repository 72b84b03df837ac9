"""The outbox: owing, sending and sweeping messages. Domain apps register a sender per kind in their own
`outbox.py` (found at start-up by CoreConfig.ready); the sender builds the email from the ids in the payload
when it is sent, or raises NotOwed when the message is no longer due (a receipt voided before it went out).

At least once, never lost: a row is claimed with a lease before its email is handed to the mail server; a
sender that dies leaves a claim the sweeper takes back after OUTBOX_LEASE_SECONDS. Failures are retried with
backoff and, after OUTBOX_MAX_ATTEMPTS, left FAILED for staff to see and send again."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from .mail import NotOwed, Purpose, deliver, sent_message_id
from .models import OutboxMessage
from .sending_rate import RateLimited

__all__ = ["NotOwed", "Purpose", "outbox_enqueue", "outbox_send", "outbox_sender"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sender:
    build: Callable[[OutboxMessage], EmailMessage]
    after_sent: Callable[[OutboxMessage], None] | None = None
    purpose: Purpose = Purpose.TRANSACTIONAL


SENDERS: dict[str, Sender] = {}


def outbox_sender(
    kind: str,
    *,
    after_sent: Callable[[OutboxMessage], None] | None = None,
    purpose: Purpose = Purpose.TRANSACTIONAL,
) -> Callable[[Callable[[OutboxMessage], EmailMessage]], Callable[[OutboxMessage], EmailMessage]]:
    """Register the function that builds the email of a kind of message, what it is for (who may be sent it:
    core.mail.Purpose) and what to record once it is sent."""

    def register(build: Callable[[OutboxMessage], EmailMessage]) -> Callable[[OutboxMessage], EmailMessage]:
        SENDERS[kind] = Sender(build=build, after_sent=after_sent, purpose=purpose)
        return build

    return register


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


#: Sent after the commit that owed a message due now (argument `message_id`). steward/core/tasks.py answers it
#: by queueing the sending: services never import tasks (the one direction, README "Layers").
message_owed = Signal()


def outbox_enqueue(
    *, kind: str, key: str, payload: dict[str, Any] | None = None, not_before: dt.datetime | None = None
) -> OutboxMessage:
    """Owe a message, once per key, in the caller's transaction; it is queued for sending after the commit
    (and swept later if the queue cannot be reached then)."""
    if kind not in SENDERS:
        raise ValueError(f"No sender is registered for messages of kind '{kind}'.")
    message, created = OutboxMessage.objects.get_or_create(
        key=key, defaults={"kind": kind, "payload": payload or {}, "not_before": not_before or timezone.now()}
    )
    if created and message.not_before <= timezone.now():
        message_id = message.pk
        transaction.on_commit(lambda: message_owed.send(sender=OutboxMessage, message_id=message_id), robust=True)
    return message


def _claim(message_id: int, now: dt.datetime) -> bool:
    """Claim a message for this sender: one conditional UPDATE, so two senders never both send it."""
    due = Q(status=OutboxMessage.Status.PENDING, not_before__lte=now)
    abandoned = Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - _lease())
    return (
        OutboxMessage.objects.filter(due | abandoned, pk=message_id).update(
            status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def outbox_send(*, message_id: int) -> str | None:
    """Send one owed message if this call can claim it; returns its status afterwards (None if unknown)."""
    now = timezone.now()
    if not _claim(message_id, now):
        return OutboxMessage.objects.filter(pk=message_id).values_list("status", flat=True).first()
    message = OutboxMessage.objects.get(pk=message_id)
    sender = SENDERS.get(message.kind)
    try:
        if sender is None:
            raise LookupError(f"No sender is registered for messages of kind '{message.kind}'.")
        email = sender.build(message)
        verdict = deliver(email, purpose=sender.purpose)
    except NotOwed as reason:
        _finish(message, now, status=OutboxMessage.Status.CANCELLED, last_error=str(reason))
        return OutboxMessage.Status.CANCELLED
    except RateLimited as limited:  # not a failure: it goes when the provider's window turns
        _finish(
            message,
            now,
            status=OutboxMessage.Status.PENDING,
            attempts=F("attempts") - 1,
            not_before=timezone.now() + dt.timedelta(seconds=limited.retry_in),
            last_error=str(limited),
        )
        return OutboxMessage.Status.PENDING
    except Exception as error:  # any failure is kept on the row and retried
        return _failed(message, now, error)
    _finish(
        message,
        now,
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        recipient=", ".join(email.to)[:320],
        subject=str(email.subject)[:255],
        constituent_id=verdict.constituent_id,
        body=str(email.body) if email.content_subtype == "plain" else "",
        html=_html_part(email),
        provider_message_id=sent_message_id(email)[:255],
        last_error="",
    )
    if sender.after_sent is not None:
        sender.after_sent(message)
    return OutboxMessage.Status.SENT


def _html_part(email: EmailMessage) -> str:
    """The HTML alternative of an email as it was sent ("" for a plain-text one)."""
    for content, mimetype in getattr(email, "alternatives", None) or []:
        if mimetype == "text/html":
            return str(content)
    return str(email.body) if email.content_subtype == "html" else ""


def _finish(message: OutboxMessage, claimed_at: dt.datetime, **fields: Any) -> None:
    OutboxMessage.objects.filter(pk=message.pk, claimed_at=claimed_at).update(**fields)


def _failed(message: OutboxMessage, claimed_at: dt.datetime, error: Exception) -> str:
    description = f"{type(error).__name__}: {error}"[:2000]
    logger.warning("Outgoing message %s (%s) failed: %s", message.pk, message.kind, description)
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _finish(message, claimed_at, status=OutboxMessage.Status.FAILED, last_error=description)
        return OutboxMessage.Status.FAILED
    backoff = dt.timedelta(seconds=min(60 * 2 ** (message.attempts - 1), 6 * 3600))
    _finish(
        message,
        claimed_at,
        status=OutboxMessage.Status.PENDING,
        not_before=timezone.now() + backoff,
        last_error=description,
    )
    return OutboxMessage.Status.PENDING


def outbox_due_ids(*, limit: int = 1000) -> list[int]:
    """Messages to send now: pending ones whose time has come, and claims older than the lease."""
    now = timezone.now()
    due = Q(status=OutboxMessage.Status.PENDING, not_before__lte=now)
    abandoned = Q(status=OutboxMessage.Status.SENDING, claimed_at__lt=now - _lease())
    return list(
        OutboxMessage.objects.filter(due | abandoned).order_by("not_before", "pk").values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def outbox_retry(*, message: OutboxMessage) -> OutboxMessage:
    """Give a failed message another go (staff, after fixing what made it fail)."""
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status == OutboxMessage.Status.FAILED:
        message.status = OutboxMessage.Status.PENDING
        message.attempts = 0
        message.not_before = timezone.now()
        message.save(update_fields=["status", "attempts", "not_before"])
        message_id = message.pk
        transaction.on_commit(lambda: message_owed.send(sender=OutboxMessage, message_id=message_id), robust=True)
    return message
