"""Stripe events, exactly once: the event log and its handler table.

The webhook (views.stripe_webhook) and reconciliation store each verified event here, once (unique on Stripe's
event id, so duplicate and concurrent deliveries make one row); processing claims the row and dispatches it by
type through HANDLERS to the donations services, in the same transaction that marks the event processed. Whoever
stores an event queues its processing (tasks.process_stripe_event) after the commit; this module never queues.

The sixth layer of the donations domain (README, "Layers"): its handlers call fulfilment, recurring and gifts."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import fulfilment, gifts, recurring
from .models import Gift, StripeEvent
from .stripe import client

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any], StripeEvent], None]


class RetryLater(Exception):
    """The event cannot take effect yet (e.g. a refund delivered before the payment it refunds): leave it FAILED
    so the retry task processes it again."""


# ---------------------------------------------------------------------------------------------------------
# Storing
# ---------------------------------------------------------------------------------------------------------


def stripe_event_record(*, event: dict[str, Any]) -> tuple[StripeEvent, bool]:
    """Store a verified event once (a duplicate or concurrent delivery finds the stored row); returns the row and
    whether this call created it. The caller queues the processing of a row still pending (a duplicate of an
    event stored but never queued, the broker being down then, included): processing claims the row, so a
    second copy of the task does nothing."""
    created_at = event.get("created")
    try:
        with transaction.atomic():
            stored = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                payload=event,
                stripe_created=dt.datetime.fromtimestamp(created_at, tz=dt.UTC) if created_at else None,
            )
    except IntegrityError:
        return StripeEvent.objects.get(event_id=event["id"]), False
    return stored, True


# ---------------------------------------------------------------------------------------------------------
# Processing
# ---------------------------------------------------------------------------------------------------------


def stripe_event_process(*, event_pk: int) -> str | None:
    """Claim a pending or failed event and apply it, once: the row stays locked while its handler runs, and the
    handler's writes and the new status commit together. Returns the new status, or None when the event was
    already done or another worker holds it."""
    with transaction.atomic():
        event = (
            StripeEvent.objects.select_for_update(skip_locked=True)
            .filter(pk=event_pk, status__in=[StripeEvent.Status.PENDING, StripeEvent.Status.FAILED])
            .first()
        )
        if event is None:
            return None
        handler = HANDLERS.get(event.type)
        event.attempts += 1
        if handler is None:
            event.status = StripeEvent.Status.IGNORED
            event.processed_at = timezone.now()
            event.last_error = ""
        else:
            try:
                with transaction.atomic():  # a savepoint: a failing handler leaves nothing behind
                    handler(event.payload["data"]["object"], event)
            except Exception as error:  # any failure is recorded on the event and retried, with backoff
                event.status = StripeEvent.Status.FAILED
                event.last_error = _describe(error)
                event.next_attempt_at = timezone.now() + retry_delay(event.attempts)
                logger.warning("Stripe event %s (%s) failed: %s", event.event_id, event.type, event.last_error)
            else:
                event.status = StripeEvent.Status.PROCESSED
                event.processed_at = timezone.now()
                event.last_error = ""
        event.save(update_fields=["status", "attempts", "processed_at", "last_error", "next_attempt_at"])
        return event.status


# A failed event is retried by the beat task until it has been tried this many times; then it waits for staff.
MAX_EVENT_ATTEMPTS = 20
# A pending event older than this was probably lost between the commit and the queue (the broker was down):
# queue it again. The beat task runs every 20 seconds, so such an event waits under a minute once the broker is
# back; processing claims the row, so an event queued twice is applied once.
PENDING_GRACE = dt.timedelta(seconds=30)
RETRY_BATCH = 500


def stripe_events_due_ids() -> list[int]:
    """The events to process again now, oldest first (RETRY_BATCH at most): failed fewer than MAX_EVENT_ATTEMPTS
    times with their backoff over, and pending for longer than PENDING_GRACE."""
    now = timezone.now()
    return list(
        StripeEvent.objects.filter(
            Q(status=StripeEvent.Status.FAILED, attempts__lt=MAX_EVENT_ATTEMPTS)
            & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            | Q(status=StripeEvent.Status.PENDING, received_at__lt=now - PENDING_GRACE)
        )
        .order_by("stripe_created", "received_at")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )


def retry_delay(attempts: int) -> dt.timedelta:
    """How long a failed event waits before it is tried again: 15 s, 30 s, 1 min … at most an hour."""
    return dt.timedelta(seconds=min(15 * 2 ** max(attempts - 1, 0), 3600))


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        codes = sorted({item.code or "invalid" for item in getattr(error, "error_list", [])})
        return f"{type(error).__name__} [{', '.join(codes)}]: {'; '.join(error.messages)}"
    return f"{type(error).__name__}: {error}"


# ---------------------------------------------------------------------------------------------------------
# Handlers: one per event type (`on_<type>`); each calls donations services only
# ---------------------------------------------------------------------------------------------------------


def _stripe_time(value: Any) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC) if isinstance(value, int | float) and value else None


def _event_time(event: StripeEvent) -> dt.datetime:
    return event.stripe_created or event.received_at


def on_payment_intent_succeeded(intent: dict[str, Any], event: StripeEvent) -> None:
    """The payment happened: recorded once, at the time of its charge (else of the event)."""
    currency = intent["currency"].upper()
    received = intent.get("amount_received") or intent["amount"]
    latest_charge = intent.get("latest_charge")
    charged_at = _stripe_time(latest_charge.get("created")) if isinstance(latest_charge, dict) else None
    try:
        fulfilment.payment_succeeded(
            payment_intent_id=intent["id"],
            amount=client.amount_from_stripe(received, currency),
            currency=currency,
            charge_id=client.expandable_id(latest_charge),
            succeeded_at=charged_at or _event_time(event),
        )
    except Gift.DoesNotExist:
        raise RetryLater(f"No gift is paid by PaymentIntent {intent['id']} (yet).") from None


def on_payment_intent_payment_failed(intent: dict[str, Any], event: StripeEvent) -> None:
    error = intent.get("last_payment_error") or {}
    gifts.gift_mark_failed(payment_intent_id=intent["id"], reason=error.get("message") or "The payment failed.")


def on_payment_intent_requires_action(intent: dict[str, Any], event: StripeEvent) -> None:
    """An off-session installment needs the donor to authenticate: they get the link (once). A one-time gift's
    donor is on the page and authenticates there: nothing to do."""
    recurring.recurring_charge_needs_action(payment_intent_id=intent["id"])


def on_setup_intent_succeeded(intent: dict[str, Any], event: StripeEvent) -> None:
    recurring.setup_intent_apply(setup_intent=client.setup_intent_from(intent))


def on_charge_refunded(charge: dict[str, Any], event: StripeEvent) -> None:
    """The charge's refunded total as Stripe holds it (a running total: the largest wins), at the time of its
    latest refund. A refund told before the payment is kept on the gift and counts once the payment is known."""
    refunds = (charge.get("refunds") or {}).get("data") or []
    refund_times = [moment for refund in refunds if (moment := _stripe_time(refund.get("created")))]
    try:
        gifts.gift_record_refund(
            total_refunded=client.amount_from_stripe(charge["amount_refunded"], charge["currency"].upper()),
            charge_id=charge["id"],
            payment_intent_id=client.expandable_id(charge.get("payment_intent")),
            refunded_at=max(refund_times) if refund_times else _event_time(event),
        )
    except ValidationError as error:
        if _has_code(error, "unknown_charge"):
            raise RetryLater("The refund names a payment Steward does not know (yet).") from None
        raise


def on_charge_dispute(dispute: dict[str, Any], event: StripeEvent) -> None:
    """A dispute as Stripe tells it in this event (created, updated or closed): its status at the event's time;
    the latest told wins, whatever the order of arrival."""
    try:
        gifts.gift_record_dispute(
            charge_id=client.expandable_id(dispute.get("charge")),
            payment_intent_id=client.expandable_id(dispute.get("payment_intent")),
            dispute_id=dispute.get("id") or "",
            status=dispute.get("status") or "",
            at=_event_time(event),
        )
    except ValidationError as error:
        if _has_code(error, "unknown_charge"):
            raise RetryLater("The dispute names a payment Steward does not know (yet).") from None
        raise


def _has_code(error: ValidationError, code: str) -> bool:
    return any(getattr(item, "code", None) == code for item in getattr(error, "error_list", [error]))


HANDLERS: dict[str, Handler] = {
    "payment_intent.succeeded": on_payment_intent_succeeded,
    "payment_intent.payment_failed": on_payment_intent_payment_failed,
    "payment_intent.requires_action": on_payment_intent_requires_action,
    "setup_intent.succeeded": on_setup_intent_succeeded,
    "charge.refunded": on_charge_refunded,
    "charge.dispute.created": on_charge_dispute,
    "charge.dispute.updated": on_charge_dispute,
    "charge.dispute.closed": on_charge_dispute,
}
