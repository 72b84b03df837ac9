"""Celery tasks for the outbox: thin, safe to run twice (each message is claimed before it is sent)."""

from celery import shared_task

from . import outbox


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
