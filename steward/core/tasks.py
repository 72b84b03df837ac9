"""Celery tasks for the outbox: thin, safe to run twice (each message is claimed before it is sent)."""

import logging
from typing import Any

from celery import shared_task
from django.dispatch import receiver

from . import outbox

logger = logging.getLogger(__name__)


@shared_task
def outbox_send(message_id: int) -> str | None:
    """Send one owed message."""
    return outbox.outbox_send(message_id=message_id)


@shared_task
def outbox_sweep() -> int:
    """Send what is owed and was never sent: rows whose queueing was lost, retries whose time came, and claims
    whose sender died (older than the lease). Runs every minute."""
    ids = outbox.outbox_due_ids()
    for message_id in ids:
        outbox.outbox_send(message_id=message_id)
    return len(ids)


@receiver(outbox.message_owed)
def _queue_owed_message(sender: Any, *, message_id: int, **kwargs: Any) -> None:
    """A message was owed and is due: queue its sending (connected when the app is ready, see apps.py)."""
    try:
        outbox_send.delay(message_id)
    except Exception:  # the broker is down: the row is there, the sweeper sends it
        logger.warning("Could not queue outgoing message %s; the sweeper will send it", message_id, exc_info=True)
