"""Celery tasks for members: thin, idempotent, they call services."""

import datetime as dt

from celery import shared_task

from . import services


@shared_task
def membership_daily(today: str | None = None) -> dict[str, int]:
    """Store every membership's derived status and owe the renewal reminders due since the last successful run
    (the outbox sends them after the commit)."""
    day = dt.date.fromisoformat(today) if today else None
    changed = services.membership_statuses_refresh(today=day)
    run = services.membership_reminders_queue(today=day)
    return {"statuses_changed": changed, "reminders_queued": run.queued, "reminders_skipped": run.skipped}
