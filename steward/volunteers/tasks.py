"""Celery tasks for volunteers: thin, idempotent, they call services."""

from celery import shared_task

from . import services


@shared_task
def shift_reminders_send() -> int:
    """Beat task: queue one reminder task for every sign-up whose shift starts within VOLUNTEER_REMINDER_HOURS."""
    ids = services.shift_reminders_due()
    for signup_id in ids:
        shift_reminder_send.delay(signup_id)
    return len(ids)


@shared_task
def shift_reminder_send(signup_id: int) -> bool:
    """Send one reminder at most once (the service claims it in the database first)."""
    return services.shift_reminder_send(signup_id=signup_id)
