"""Celery tasks for members: thin, idempotent, they call services."""

import datetime as dt

from celery import shared_task

from . import services


@shared_task
def membership_daily(today: str | None = None) -> dict[str, int]:
    """Store every membership's derived status, queue due renewal reminders, then send them."""
    day = dt.date.fromisoformat(today) if today else None
    changed = services.membership_statuses_refresh(today=day)
    queued = services.membership_reminders_queue(today=day)
    membership_reminders_send.delay()
    return {"statuses_changed": changed, "reminders_queued": queued}


@shared_task
def membership_reminders_send() -> int:
    """Send every reminder waiting in the queue (one task per reminder, so one failure stops none)."""
    ids = services.membership_reminders_due_ids()
    for reminder_id in ids:
        membership_reminder_send.delay(reminder_id)
    return len(ids)


@shared_task
def membership_reminder_send(reminder_id: int) -> str | None:
    """Send one reminder at most once (the service claims it in the database first)."""
    reminder = services.membership_reminder_send(reminder_id=reminder_id)
    return reminder.status if reminder else None
