"""Reconciliation: re-read Stripe and repair what the webhooks missed. Safe to run any number of times.
Above stripe_events in the donations layers (README, "Layers"); the task stripe_reconcile_recent runs it.

Two passes over the period: every event Stripe still holds (30 days at most) is stored and applied through
the same exactly-once path as a webhook, so a lost delivery takes effect and a known one changes nothing;
then every gift still pending online is compared with its PaymentIntent, for payments whose events are
gone, and recorded as succeeded (with its membership) or failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from . import fulfilment, gifts
from .models import Gift, StripeEvent
from .stripe import client
from .stripe_events import HANDLERS, stripe_event_process, stripe_event_record

logger = logging.getLogger(__name__)

FAILED_INTENT_STATUSES = {"canceled", "requires_payment_method"}


@dataclass
class ReconcileReport:
    events_seen: int = 0
    events_recorded: int = 0
    events_applied: int = 0
    gifts_succeeded: int = 0
    gifts_failed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.events_recorded + self.events_applied + self.gifts_succeeded + self.gifts_failed


def stripe_reconcile(*, since: dt.datetime) -> ReconcileReport:
    """Repair gifts and memberships from what Stripe holds since `since`; returns what was done."""
    report = ReconcileReport()
    _replay_events(since, report)
    pending_gifts_reconcile(since=since, report=report)
    return report


def _replay_events(since: dt.datetime, report: ReconcileReport) -> None:
    for event in client.events_list(since=since):
        if event.get("type") not in HANDLERS:
            continue
        report.events_seen += 1
        stored, created = stripe_event_record(event=event)
        report.events_recorded += created
        # Applied here and now, not queued: a task processing the same row later finds it done.
        if stored.status in (StripeEvent.Status.PENDING, StripeEvent.Status.FAILED):
            status = stripe_event_process(event_pk=stored.pk)
            if status == StripeEvent.Status.PROCESSED:
                report.events_applied += 1
            elif status == StripeEvent.Status.FAILED:
                stored.refresh_from_db(fields=["last_error"])
                report.problems.append(f"{stored.event_id} ({stored.type}): {stored.last_error}")


def pending_gifts_reconcile(*, since: dt.datetime, report: ReconcileReport) -> None:
    """Compare gifts still pending online since `since` with their PaymentIntents and record the outcome."""
    pending = Gift.objects.filter(
        status=Gift.Status.PENDING, stripe_payment_intent_id__isnull=False, created_at__gte=since
    ).values_list("stripe_payment_intent_id", flat=True)
    for payment_intent_id in list(pending.iterator()):
        if not payment_intent_id:
            continue
        try:
            intent = client.payment_intent_retrieve(payment_intent_id=payment_intent_id)
        except client.StripeFailure as error:
            report.problems.append(f"{payment_intent_id}: {error}")
            continue
        try:
            if intent.succeeded:
                fulfilment.payment_succeeded_from_intent(intent=intent)
                report.gifts_succeeded += 1
            elif intent.status in FAILED_INTENT_STATUSES and intent.last_error_message:
                gifts.gift_mark_failed(payment_intent_id=intent.id, reason=intent.last_error_message)
                report.gifts_failed += 1
        except ValidationError as error:
            report.problems.append(f"{payment_intent_id}: {'; '.join(error.messages)}")
