"""The messages the donations domain may owe someone, by kind (sent by the outbox in steward/core/outbox.py)."""

from __future__ import annotations

import datetime as dt

from django.core.mail import EmailMessage
from django.utils import timezone

from steward.core.models import OutboxMessage
from steward.core.outbox import outbox_sender

from . import manage_links, purchases, receipts, recurring
from .models import Gift, Receipt


def _receipt_sent(message: OutboxMessage) -> None:
    receipts.receipt_emailed(receipt_id=message.payload["receipt"])


@outbox_sender("receipt", after_sent=_receipt_sent)
def receipt(message: OutboxMessage) -> EmailMessage:
    return receipts.receipt_message(receipt=Receipt(pk=message.payload["receipt"]))


@outbox_sender("receipt_void")
def receipt_void(message: OutboxMessage) -> EmailMessage:
    return receipts.receipt_void_message(receipt=Receipt(pk=message.payload["receipt"]))


def _tribute_sent(message: OutboxMessage) -> None:
    Gift.objects.filter(pk=message.payload["gift"], tribute_notified_at__isnull=True).update(
        tribute_notified_at=timezone.now()
    )


@outbox_sender("tribute_notice", after_sent=_tribute_sent)
def tribute_notice(message: OutboxMessage) -> EmailMessage:
    return receipts.tribute_notice_message(gift=Gift(pk=message.payload["gift"]))


@outbox_sender("recurring_charge_notice")
def recurring_charge_notice(message: OutboxMessage) -> EmailMessage:
    return recurring.recurring_charge_notice(charge_id=message.payload["charge"], kind=message.payload["kind"])


@outbox_sender("card_expiring")
def card_expiring(message: OutboxMessage) -> EmailMessage:
    return recurring.card_expiring_message(
        recurring_id=message.payload["recurring"], charge_date=dt.date.fromisoformat(message.payload["for"])
    )


@outbox_sender("recurring_gift_started")
def recurring_gift_started(message: OutboxMessage) -> EmailMessage:
    return manage_links.recurring_gift_started_message(recurring_id=message.payload["recurring"])


# Advance notices of automatic charges, amount changes and year-end statements register their own senders.


def _welcome_sent(message: OutboxMessage) -> None:
    purchases.membership_welcome_sent(gift_id=message.payload["gift"])


@outbox_sender("membership_welcome", after_sent=_welcome_sent)
def membership_welcome(message: OutboxMessage) -> EmailMessage:
    """The welcome for a paid membership, with its card and its receipt (in place of the receipt email)."""
    return purchases.membership_welcome_message(gift_id=message.payload["gift"])
