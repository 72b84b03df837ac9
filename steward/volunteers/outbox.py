"""The messages the volunteers domain may owe someone, by kind (sent by the outbox in steward/core/outbox.py)."""

from __future__ import annotations

from django.core.mail import EmailMessage

from steward.core.models import OutboxMessage
from steward.core.outbox import outbox_sender

from . import services


@outbox_sender("volunteer_signup_notice")
def volunteer_signup_notice(message: OutboxMessage) -> EmailMessage:
    """A change to a volunteer's sign-up: promoted from the waitlist (a confirmation of the place, with the shift's
    calendar file), or the shift cancelled."""
    signup_id, template = message.payload["signup"], message.payload["template"]
    if template == "waitlist_promoted":
        return services.signup_confirmation(signup_id=signup_id, template=template)
    return services.signup_notice(signup_id=signup_id, template=template)


@outbox_sender(services.CONFIRMATION_KIND)
def volunteer_signup_confirmation(message: OutboxMessage) -> EmailMessage:
    """The confirmation of a new sign-up: a place (with the shift's calendar file) or a place on the waitlist."""
    return services.signup_confirmation(signup_id=message.payload["signup"], template=message.payload["template"])


def _reminder_sent(message: OutboxMessage) -> None:
    services.shift_reminder_sent(reminder_id=message.payload["reminder"])


@outbox_sender("volunteer_shift_reminder", after_sent=_reminder_sent)
def volunteer_shift_reminder(message: OutboxMessage) -> EmailMessage:
    """The reminder sent VOLUNTEER_REMINDER_HOURS before a shift (ShiftReminder)."""
    return services.shift_reminder_message(reminder_id=message.payload["reminder"])


@outbox_sender("volunteer_shift_message")
def volunteer_shift_message(message: OutboxMessage) -> EmailMessage:
    """One booked volunteer's copy of a message staff sent to their shift."""
    payload = message.payload
    return services.shift_message(signup_id=payload["signup"], subject=payload["subject"], body=payload["body"])
