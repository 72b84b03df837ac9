"""Celery tasks of the communications domain: thin, safe to run twice."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.dispatch import receiver

from . import services

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


@receiver(services.delivery_event_stored, dispatch_uid="steward.communications.queue_apply")
def _queue_apply(sender: Any, *, event_id: int, **kwargs: Any) -> None:
    try:
        delivery_event_apply.delay(event_id)
    except Exception:  # the broker is down: the row is there, the sweeper applies it
        logger.warning("Could not queue delivery event %s; the sweeper will apply it", event_id, exc_info=True)
