"""The messages the members domain may owe someone, by kind (sent by the outbox in steward/core/outbox.py)."""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage

from steward.core.models import OutboxMessage
from steward.core.outbox import outbox_sender

from . import services


def _reminder_sent(message: OutboxMessage) -> None:
    services.membership_reminder_sent(reminder_id=message.payload["reminder"])


@outbox_sender("membership_reminder", after_sent=_reminder_sent)
def membership_reminder(message: OutboxMessage) -> EmailMessage:
    """A renewal reminder (MembershipReminder), worded for the day the daily run owed it."""
    return services.membership_reminder_message(
        reminder_id=message.payload["reminder"], owed_on=dt.date.fromisoformat(message.payload["owed_on"])
    )
