"""Celery tasks of the communications domain: thin, safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.dispatch import receiver

from . import campaigns, services
from .models import EmailCampaign

logger = logging.getLogger(__name__)


@shared_task
def delivery_event_apply(event_id: int) -> bool:
    return services.delivery_event_apply(event_id=event_id)


@shared_task
def delivery_events_sweep() -> int:
    """Apply delivery events whose applying was never queued or never finished. Runs every minute."""
    ids = services.delivery_events_unapplied()
    for event_id in ids:
        services.delivery_event_apply(event_id=event_id)
    return len(ids)


@shared_task
def campaign_send_batches(campaign_id: int) -> int:
    """Send a campaign's recipients batch by batch until none is left (or it is paused or cancelled). Several
    workers may run it at once: each batch is claimed in the database."""
    total = 0
    while handled := campaigns.campaign_send_batch(campaign_id=campaign_id):
        total += handled
    return total


@shared_task
def campaigns_sweep() -> int:
    """Start scheduled campaigns whose time has come, send the winners of subject tests whose time is up, and
    carry on with campaigns that are sending but whose batches are not queued (the broker was down, every
    worker died): their claims older than the lease are taken back. Runs every minute."""
    for campaign_id in campaigns.campaigns_due():
        campaigns.campaign_send_scheduled(campaign_id=campaign_id)
    for campaign_id in campaigns.campaigns_testing_due():
        campaigns.campaign_test_decide(campaign_id=campaign_id)
    ids = list(EmailCampaign.objects.filter(status=EmailCampaign.Status.SENDING).values_list("pk", flat=True))
    for campaign_id in ids:
        campaign_send_batches.delay(campaign_id)
    return len(ids)


@receiver(campaigns.campaign_sending, dispatch_uid="steward.communications.queue_batches")
def _queue_batches(sender: Any, *, campaign_id: int, **kwargs: Any) -> None:
    try:
        for _ in range(settings.CAMPAIGN_PARALLEL_WORKERS):
            campaign_send_batches.delay(campaign_id)
    except Exception:  # the broker is down: the sweeper carries on with it
        logger.warning("Could not queue campaign %s; the sweeper will send it", campaign_id, exc_info=True)


@receiver(services.delivery_event_stored, dispatch_uid="steward.communications.queue_apply")
def _queue_apply(sender: Any, *, event_id: int, **kwargs: Any) -> None:
    try:
        delivery_event_apply.delay(event_id)
    except Exception:  # the broker is down: the row is there, the sweeper applies it
        logger.warning("Could not queue delivery event %s; the sweeper will apply it", event_id, exc_info=True)
