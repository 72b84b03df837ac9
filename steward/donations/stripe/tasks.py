"""Celery tasks for Stripe events: thin, idempotent, safe to run twice (the event row is claimed before it is
applied). Registered with the worker through `steward.donations.tasks`, which imports this module."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

# A failed event is retried by the beat task until it has been tried this many times; then it waits for staff.
MAX_EVENT_ATTEMPTS = 20
# A pending event older than this was probably lost between the commit and the queue: queue it again.
PENDING_GRACE = dt.timedelta(minutes=10)
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
    """Queue again the events that failed (fewer than MAX_EVENT_ATTEMPTS times) and those pending for too long."""
    from django.db.models import Q

    from ..models import StripeEvent

    stale = timezone.now() - PENDING_GRACE
    pks = list(
        StripeEvent.objects.filter(
            Q(status=StripeEvent.Status.FAILED, attempts__lt=MAX_EVENT_ATTEMPTS)
            | Q(status=StripeEvent.Status.PENDING, received_at__lt=stale)
        )
        .order_by("stripe_created", "received_at")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    for pk in pks:
        process_stripe_event.delay(pk)
    return len(pks)
