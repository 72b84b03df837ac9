"""The messages the members domain may owe someone, by kind (sent by the outbox in steward/core/outbox.py)."""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage

from steward.core.models import OutboxMessage
from steward.core.outbox import NotOwed, Purpose, outbox_sender

from . import services


def _reminder_sent(message: OutboxMessage) -> None:
    services.membership_reminder_mark_sent(reminder_id=message.payload["reminder"])


@outbox_sender("membership_reminder", after_sent=_reminder_sent, purpose=Purpose.REMINDER)
def membership_reminder(message: OutboxMessage) -> EmailMessage:
    """A renewal reminder (MembershipReminder), worded for the day the daily run owed it."""
    return services.membership_reminder_message(
        reminder_id=message.payload["reminder"], owed_on=dt.date.fromisoformat(message.payload["owed_on"])
    )


@outbox_sender("member_email_confirm")
def member_email_confirm(message: OutboxMessage) -> EmailMessage:
    """The signed link that confirms the new email address a member asked for, sent to that address."""
    email = services.member_email_confirm_message(confirmation_id=message.payload["confirmation"])
    if email is None:
        raise NotOwed("The request was superseded or is already confirmed.")
    return email


@outbox_sender("member_email_in_use")
def member_email_in_use(message: OutboxMessage) -> EmailMessage:
    """The notice to an address a member asked to use that is already another record's (nothing was changed)."""
    email = services.member_email_in_use_message(confirmation_id=message.payload["confirmation"])
    if email is None:
        raise NotOwed("The request is gone.")
    return email
