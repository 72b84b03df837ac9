"""Celery tasks for Stripe events: thin, idempotent, safe to run twice (the event row is claimed before it is
applied). Registered with the worker through `steward.donations.tasks`, which imports this module."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

# A failed event is retried by the beat task until it has been tried this many times; then it waits for staff.
MAX_EVENT_ATTEMPTS = 20
# A pending event older than this was probably lost between the commit and the queue (the broker was down):
# queue it again. The beat task runs every 20 seconds, so such an event waits under a minute once the broker is
# back; processing claims the row, so an event queued twice is applied once.
PENDING_GRACE = dt.timedelta(seconds=30)
RETRY_BATCH = 500


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
    from .webhooks import stripe_event_process

    status = stripe_event_process(event_pk=event_pk)
    if status == "failed" and not self.request.is_eager and self.request.retries < self.max_retries:
        raise self.retry(countdown=min(30 * 2**self.request.retries, 60 * 60))
    return status


@shared_task
def stripe_events_retry_failed() -> int:
    """Queue again the events that failed (fewer than MAX_EVENT_ATTEMPTS times) whose backoff is over, and those
    pending for longer than PENDING_GRACE."""
    from django.db.models import Q

    from ..models import StripeEvent

    now = timezone.now()
    pks = list(
        StripeEvent.objects.filter(
            Q(status=StripeEvent.Status.FAILED, attempts__lt=MAX_EVENT_ATTEMPTS)
            & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            | Q(status=StripeEvent.Status.PENDING, received_at__lt=now - PENDING_GRACE)
        )
        .order_by("stripe_created", "received_at")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    for pk in pks:
        process_stripe_event.delay(pk)
    return len(pks)


@shared_task
def stripe_reconcile_recent() -> dict[str, int]:
    """Re-read Stripe for the last STRIPE_RECONCILE_DAYS days and repair what the webhooks missed (daily)."""
    from django.conf import settings

    from .reconcile import stripe_reconcile

    report = stripe_reconcile(since=timezone.now() - dt.timedelta(days=settings.STRIPE_RECONCILE_DAYS))
    return {"changes": report.changes, "problems": len(report.problems)}
