"""Celery tasks for donations: thin, idempotent, safe to run twice; each calls services.

The one direction for background work in Steward: a tasks module imports the services it runs at the top, and
services never import tasks. Whoever must queue work after a commit is above the services that did the writing
(a view, a resolver, the outbox's own signal receiver in steward/core/tasks.py), or the work is owed as an
outbox row that the outbox sends.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from . import notices, online, reconcile, recurring, statements, stripe_events


def _day(today: str | None) -> dt.date | None:
    return dt.date.fromisoformat(today) if today else None


# ---------------------------------------------------------------------------------------------------------
# Recurring gifts and notices
# ---------------------------------------------------------------------------------------------------------


@shared_task
def recurring_charges_run(today: str | None = None) -> dict[str, int]:
    """The daily schedule: create the charges that are due, then run each in a task of its own."""
    created = recurring.recurring_charges_schedule(today=_day(today))
    due = recurring.recurring_charges_due_ids(today=_day(today))
    for charge_id in due:
        recurring_charge_run.delay(charge_id, today)
    return {"created": created, "queued": len(due)}


@shared_task
def recurring_charge_run(charge_id: int, today: str | None = None) -> str:
    """Charge one installment; the service claims it first, so running twice never charges twice."""
    return online.recurring_charge_run(charge_id=charge_id, today=_day(today))


@shared_task
def recurring_claims_recover() -> int:
    """Finish charges whose worker died mid-charge (claims older than the lease)."""
    return online.recurring_claims_recover()


@shared_task
def card_expiry_notices_send() -> int:
    """Tell donors whose card expires before their next charge (once per charge date)."""
    return recurring.card_expiry_notices_send()


@shared_task
def charge_notices_send(today: str | None = None) -> int:
    """Owe the advance notice of each automatic renewal and annual charge due within NOTICE_DAYS_BEFORE_CHARGE
    days (once per charge date; the outbox sends them)."""
    return notices.charge_notices_owe(today=_day(today))


@shared_task
def year_end_statements_send(today: str | None = None) -> dict[str, int]:
    """In the month after a tax year ends, owe every donor with counted gifts in it their statement, once each,
    unless staff hold the run; returns the statements owed so far per tax year run."""
    runs = statements.year_end_statements_run(today=_day(today))
    return {str(run.tax_year): run.statement_count for run in runs}


# ---------------------------------------------------------------------------------------------------------
# Stripe events
# ---------------------------------------------------------------------------------------------------------


@shared_task(
    bind=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=6,
)
def process_stripe_event(self, event_pk: int) -> str | None:
    """Apply one stored Stripe event. A handler failure is recorded on the event (FAILED, with the error); on a
    worker the task then retries with backoff. Run eagerly (no broker), it never retries inline: that would
    hold up the webhook's response, and the beat task retries failed events anyway."""
    status = stripe_events.stripe_event_process(event_pk=event_pk)
    if status == "failed" and not self.request.is_eager and self.request.retries < self.max_retries:
        raise self.retry(countdown=min(30 * 2**self.request.retries, 60 * 60))
    return status


@shared_task
def stripe_events_retry_failed() -> int:
    """Queue again the events that failed and whose backoff is over, and those pending too long (see
    stripe_events.stripe_events_due_ids)."""
    pks = stripe_events.stripe_events_due_ids()
    for pk in pks:
        process_stripe_event.delay(pk)
    return len(pks)


@shared_task
def stripe_reconcile_recent() -> dict[str, int]:
    """Re-read Stripe for the last STRIPE_RECONCILE_DAYS days and repair what the webhooks missed (daily)."""
    report = reconcile.stripe_reconcile(since=timezone.now() - dt.timedelta(days=settings.STRIPE_RECONCILE_DAYS))
    return {"changes": report.changes, "problems": len(report.problems)}
