"""Fulfilment: what a successful payment does, once, whichever path learns of it first (the confirm call's
answer in online.py, the Stripe webhook, reconciliation, the 3-D Secure page): the gift is recorded as paid, then
what it paid for: a recurring installment's bookkeeping (recurring) or a membership (purchases).

The fifth layer of the donations domain (README, "Layers"): below it plans and purchases, payments and gifts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from . import gifts, purchases, recurring
from .models import Gift
from .stripe import client


@transaction.atomic
def payment_succeeded(
    *,
    payment_intent_id: str,
    amount: Decimal,
    currency: str,
    charge_id: str = "",
    succeeded_at: dt.datetime | None = None,
) -> Gift:
    """Record that a PaymentIntent succeeded, from whichever path learnt it first: the gift once, then what it
    paid for (a recurring installment's bookkeeping, a membership). Raises Gift.DoesNotExist for a
    PaymentIntent Steward did not start (yet)."""
    gift = Gift.objects.get(stripe_payment_intent_id=payment_intent_id)
    if gift.recurring_charge_id:
        if gift.currency != currency.upper():
            raise ValidationError(
                f"Paid in {currency.upper()}, not the gift's {gift.currency}.", code="amount_mismatch"
            )
        paid = recurring.recurring_charge_succeeded(
            payment_intent_id=payment_intent_id, amount=amount, charge_id=charge_id, succeeded_at=succeeded_at
        )
        return paid or gift
    gift = gifts.gift_mark_succeeded(
        payment_intent_id=payment_intent_id,
        amount=amount,
        currency=currency,
        charge_id=charge_id,
        succeeded_at=succeeded_at,
    )
    if gift.paid:
        # Paid is paid, even if a refund or dispute was told first: what it bought is made once, as it would be
        # had the events come in order (a later refund or dispute does not undo a membership either).
        purchases.membership_purchase_fulfil(gift=gift, today=gift.gift_date)
    return gift


def payment_succeeded_from_intent(*, intent: client.PaymentIntent) -> Gift:
    """`payment_succeeded` with what a PaymentIntent read from Stripe says (the confirm call's answer,
    reconciliation): its amount and currency, its charge, and the time of that charge."""
    return payment_succeeded(
        payment_intent_id=intent.id,
        amount=intent.amount,
        currency=intent.currency,
        charge_id=intent.charge_id,
        succeeded_at=intent.charged_at,
    )
