"""Gifts: recording them (by hand, in batches, and the outcomes online payments report), refunds and disputes,
pledges and soft credits, who is giving and to which fund; each write keeps the donor's rollups right and
its receipt owed.

The second layer of the donations domain (see README, "Layers"): it uses money.py, stripe/client.py (refunds),
settlement, rollups and receipts, and nothing above it: payments, plans, purchases and fulfilment call it.
One transaction per service; bad input raises ValidationError with a code."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone

from steward.core.dates import add_months, organisation_today
from steward.core.errors import field_error
from steward.core.models import CURRENCY_CHOICES
from steward.core.outbox import outbox_enqueue
from steward.core.words import counted
from steward.members import services as member_services
from steward.members.models import Constituent, EmailConfirmation, UnconfirmedAccount

from . import receipts, rollups, settlement
from .models import (
    COUNTED_STATUSES,
    ZERO,
    Appeal,
    Campaign,
    Fund,
    Gift,
    GiftBatch,
    GiftRefund,
    PaymentMethod,
    Pledge,
    PledgeInstallment,
    SoftCredit,
)
from .money import base_currency, exponent, quantize
from .stripe import client

logger = logging.getLogger(__name__)

MANUAL_METHODS = {
    Gift.Method.CASH,
    Gift.Method.CHEQUE,
    Gift.Method.BANK_TRANSFER,
    Gift.Method.IN_KIND,
    Gift.Method.STOCK,
    Gift.Method.CARD,
}


def _queue_receipt(gift: Gift) -> None:
    """The receipt a gift now paid is owed, and the notice its tribute asks for (outbox rows, sent once)."""
    receipts.receipts_reconcile(gift=gift, at=gift.succeeded_at)
    _owe_tribute_notice(gift)


def _owe_tribute_notice(gift: Gift) -> None:
    if gift.tribute_type and gift.tribute_notify_email:
        outbox_enqueue(kind="tribute_notice", key=f"tribute-notice:{gift.pk}", payload={"gift": gift.pk})


def amount_clean(value: Any, *, currency: str, field: str = "amount", minimum: Decimal | None = None) -> Decimal:
    """A positive Decimal amount in the currency's precision, or a field error that says what is wrong."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise field_error(field, f"'{value}' is not an amount.", code="invalid") from None
    if not amount.is_finite():
        raise field_error(field, f"'{value}' is not an amount.", code="invalid")
    if amount <= 0:
        raise field_error(field, "The amount must be more than zero.", code="not_positive")
    if quantize(amount, currency) != amount:
        raise field_error(field, f"{currency} amounts cannot have that many decimal places.", code="bad_precision")
    if minimum is not None and amount < minimum:
        raise field_error(field, f"The smallest amount is {minimum} {currency}.", code="too_small")
    maximum = Decimal(settings.DONATION_MAX_AMOUNT)
    if amount > maximum * 100:
        raise field_error(field, "The amount is implausibly large.", code="too_large")
    return amount


def currency_clean(value: str, *, field: str = "currency") -> str:
    """An ISO 4217 code Steward knows."""
    code = (value or "").strip().upper()
    if code not in {choice for choice, _ in CURRENCY_CHOICES}:
        raise field_error(field, f"'{value}' is not a currency Steward accepts.", code="unsupported_currency")
    return code


def _base_amount(
    amount: Decimal, currency: str, base_amount: Decimal | None, on: dt.date | None = None
) -> Decimal | None:
    """The amount in the organisation's currency: the amount itself in that currency, else the one given, else
    (with a date) the staff-kept exchange rate valid on that day; None when none of them is known."""
    if currency == base_currency():
        return amount
    if base_amount is not None or on is None:
        return base_amount
    return settlement.base_amount_for(amount=amount, currency=currency, on=on)


@transaction.atomic
def gift_record(
    *,
    constituent: Constituent,
    amount: Decimal | str,
    currency: str,
    fund: Fund,
    method: str,
    gift_date: dt.date | None = None,
    campaign: Campaign | None = None,
    appeal: Appeal | None = None,
    reference: str = "",
    benefit_value: Decimal = ZERO,
    base_amount: Decimal | None = None,
    anonymous: bool = False,
    tribute_type: str = "",
    tribute_name: str = "",
    tribute_notify_name: str = "",
    tribute_notify_email: str = "",
    tribute_message: str = "",
    batch: GiftBatch | None = None,
    notes: str = "",
    soft_credits: list[tuple[Constituent, Decimal, str]] | None = None,
    pledge: Pledge | None = None,
) -> Gift:
    """Record a gift received by hand (cash, cheque, transfer, in kind, stock): succeeded at once, unless it
    belongs to an open batch, in which case it counts when the batch posts. A gift paying a pledge counts
    towards it; the pledge is fulfilled once paid in full."""
    currency = currency_clean(currency)
    amount = amount_clean(amount, currency=currency)
    if method not in MANUAL_METHODS:
        raise field_error("method", f"Unknown payment method '{method}'.", code="invalid_choice")
    benefit_value = Decimal(benefit_value)
    if benefit_value < 0 or benefit_value > amount:
        raise field_error("benefit_value", "The benefit's value must be between zero and the amount.", code="invalid")
    if batch is not None:
        batch = _open_batch_locked(batch)
        if batch.currency != currency:
            raise field_error("currency", f"This batch is in {batch.currency}.", code="batch_currency")
        gift_date = gift_date or batch_gift_date(batch)
    base_amount = _base_amount(amount, currency, base_amount, on=gift_date or organisation_today())
    if base_amount is None:
        raise field_error(
            "base_amount",
            f"Give the amount in {base_currency()} too, or set an exchange rate for {currency} from that date: "
            "totals are kept in the organisation's currency.",
            code="required",
        )
    if tribute_type and not tribute_name:
        raise field_error("tribute_name", "Name the person the gift honours or remembers.", code="required")
    if fund is not None and not fund.active:
        raise field_error("fund", f"The fund '{fund}' is closed.", code="inactive_fund")
    if pledge is not None:
        _pledge_payment_check(pledge=pledge, constituent=constituent, currency=currency)
    in_open_batch = batch is not None
    gift = Gift(
        constituent=constituent,
        amount=amount,
        currency=currency,
        base_amount=_base_amount(amount, currency, base_amount),
        gift_date=gift_date or organisation_today(),
        status=Gift.Status.PENDING if in_open_batch else Gift.Status.SUCCEEDED,
        method=method,
        reference=reference,
        fund=fund,
        campaign=campaign,
        appeal=appeal,
        benefit_value=benefit_value,
        anonymous=anonymous,
        tribute_type=tribute_type,
        tribute_name=tribute_name,
        tribute_notify_name=tribute_notify_name,
        tribute_notify_email=tribute_notify_email,
        tribute_message=tribute_message,
        batch=batch,
        pledge=pledge,
        notes=notes,
        succeeded_at=None if in_open_batch else timezone.now(),
    )
    gift.full_clean()
    gift.save()
    for credited, credit_amount, kind in soft_credits or []:
        soft_credit_add(gift=gift, constituent=credited, amount=credit_amount, kind=kind)
    if not in_open_batch:
        rollups.giving_summary_gift_added(gift=gift)
        _queue_receipt(gift)
    if pledge is not None:
        pledge_status_refresh(pledge=pledge)
    return gift


# ---------------------------------------------------------------------------------------------------------
# Pledges
# ---------------------------------------------------------------------------------------------------------

PLEDGE_FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}


@transaction.atomic
def pledge_create(
    *,
    constituent: Constituent,
    amount: Decimal | str,
    currency: str,
    fund: Fund,
    campaign: Campaign | None = None,
    pledged_on: dt.date | None = None,
    installments: int = 1,
    frequency: str = "monthly",
    first_due: dt.date | None = None,
    notes: str = "",
) -> Pledge:
    """A promise to give `amount`, with a schedule of equal installments (the last takes any remainder)."""
    currency = currency_clean(currency)
    amount = amount_clean(amount, currency=currency)
    if not fund.active:
        raise field_error("fund", f"The fund '{fund}' is closed.", code="inactive_fund")
    pledged_on = pledged_on or organisation_today()
    first_due = first_due or pledged_on
    each = pledge_schedule_clean(
        amount=amount,
        currency=currency,
        installments=installments,
        frequency=frequency,
        pledged_on=pledged_on,
        first_due=first_due,
    )
    pledge = Pledge(
        constituent=constituent,
        amount=amount,
        currency=currency,
        fund=fund,
        campaign=campaign,
        pledged_on=pledged_on,
        notes=notes,
    )
    pledge.full_clean()
    pledge.save()
    months = PLEDGE_FREQUENCY_MONTHS[frequency]
    PledgeInstallment.objects.bulk_create(
        PledgeInstallment(
            pledge=pledge,
            due_date=add_months(first_due, months * n),
            amount=each if n < installments - 1 else amount - each * (installments - 1),
        )
        for n in range(installments)
    )
    return pledge


def pledge_schedule_clean(
    *,
    amount: Decimal,
    currency: str,
    installments: int,
    frequency: str,
    pledged_on: dt.date | None,
    first_due: dt.date | None,
) -> Decimal:
    """Check a pledge's schedule; returns the amount of each installment but the last."""
    if frequency not in PLEDGE_FREQUENCY_MONTHS:
        raise field_error("frequency", f"Unknown frequency '{frequency}'.", code="invalid_choice")
    if not 1 <= installments <= 120:
        raise field_error("installments", "Between 1 and 120 installments.", code="invalid")
    pledged_on = pledged_on or organisation_today()
    if first_due is not None and first_due < pledged_on:
        raise field_error("first_due", "The first installment cannot be due before the pledge.", code="invalid")
    step = Decimal(1).scaleb(-exponent(currency))
    each = (amount / installments).quantize(step, rounding=ROUND_DOWN)
    if each <= 0:
        raise field_error("installments", "Too many installments for this amount.", code="invalid")
    return each


def _pledge_payment_check(*, pledge: Pledge, constituent: Constituent, currency: str) -> None:
    if pledge.status != Pledge.Status.OPEN:
        raise field_error("pledge", "This pledge is no longer open.", code="pledge_closed")
    if pledge.constituent_id not in {constituent.pk, constituent.household_id}:
        raise field_error("pledge", "This pledge was made by someone else.", code="not_yours")
    if pledge.currency != currency:
        raise field_error("currency", f"The pledge is in {pledge.currency}.", code="pledge_currency")


def pledge_paid_total(*, pledge: Pledge) -> Decimal:
    """What has been paid towards a pledge: its counted gifts less refunds, in the pledge's currency."""
    paid = Gift.objects.filter(pledge=pledge, status__in=COUNTED_STATUSES).aggregate(
        total=Sum(F("amount") - F("amount_refunded"))
    )["total"]
    return paid or ZERO


@transaction.atomic
def pledge_status_refresh(*, pledge: Pledge) -> Pledge:
    """Fulfilled once paid in full, open again if a refund takes it below (a cancelled pledge stays so)."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status == Pledge.Status.CANCELLED:
        return pledge
    status = Pledge.Status.FULFILLED if pledge_paid_total(pledge=pledge) >= pledge.amount else Pledge.Status.OPEN
    if status != pledge.status:
        pledge.status = status
        pledge.save(update_fields=["status", "updated_at"])
    return pledge


@transaction.atomic
def soft_credit_add(*, gift: Gift, constituent: Constituent, amount: Decimal, kind: str = "other") -> SoftCredit:
    """Credit someone other than the payer with (part of) a gift."""
    if constituent.pk == gift.constituent_id:
        raise field_error("constituent", "The donor already has the hard credit.", code="self_credit")
    amount = amount_clean(amount, currency=gift.currency)
    if amount > gift.amount:
        raise field_error("amount", "A soft credit cannot exceed the gift.", code="too_large")
    credit = SoftCredit(gift=gift, constituent=constituent, amount=amount, kind=kind)
    credit.full_clean()
    credit.save()
    return credit


@transaction.atomic
def gift_batch_create(
    *,
    name: str,
    currency: str,
    expected_count: int,
    expected_total: Decimal,
    gift_date: dt.date | None = None,
    user: User | None = None,
) -> GiftBatch:
    """Open a batch for hand-entered gifts with what its paying-in slip says it holds (count, total and the date
    its gifts were received on)."""
    batch = GiftBatch(
        name=name,
        gift_date=gift_date,
        currency=currency,
        expected_count=expected_count,
        expected_total=expected_total,
        created_by=user,
    )
    batch.full_clean()
    batch.save()
    return batch


BATCH_POSTED_MESSAGE = "This batch has been posted: its gifts can no longer be changed, removed or moved."


def batch_gift_date(batch: GiftBatch) -> dt.date:
    """The date a gift entered in a batch is received on unless told otherwise: the slip's, else the day it opened."""
    return batch.gift_date or organisation_date(batch.created_at)


def _open_batch_locked(batch: GiftBatch | int) -> GiftBatch:
    """The batch, locked, or a `batch_posted` error once it is posted (its gifts are then the record)."""
    batch = GiftBatch.objects.select_for_update().get(pk=batch if isinstance(batch, int) else batch.pk)
    if batch.status != GiftBatch.Status.OPEN:
        raise field_error("batch", BATCH_POSTED_MESSAGE, code="batch_posted")
    return batch


def gift_change_check(gift: Gift) -> None:
    """Refuse a change to a gift entered in a posted batch (edit, removal, another donor or batch): once posted a
    batch is what was banked, so its gifts are refunded, never altered. Every write that alters a hand-entered
    gift calls this first."""
    if (
        gift.batch_id is not None
        and GiftBatch.objects.filter(pk=gift.batch_id, status=GiftBatch.Status.POSTED).exists()
    ):
        raise ValidationError(BATCH_POSTED_MESSAGE, code="batch_posted")


def _batch_entry_locked(gift: Gift) -> tuple[Gift, GiftBatch]:
    """A gift entered in an open batch and not posted yet, locked with its batch (batch first, as posting locks)."""
    gift_change_check(gift)
    if gift.batch_id is None:
        raise ValidationError("Only a gift entered in an open batch can be changed here.", code="not_in_batch")
    try:
        batch = _open_batch_locked(gift.batch_id)
    except ValidationError:
        raise ValidationError(BATCH_POSTED_MESSAGE, code="batch_posted") from None
    gift = Gift.objects.select_for_update().get(pk=gift.pk)
    if gift.batch_id != batch.pk or gift.status != Gift.Status.PENDING:
        raise ValidationError("Only a gift entered in an open batch can be changed here.", code="not_in_batch")
    return gift, batch


@transaction.atomic
def gift_batch_entry_update(
    *,
    gift: Gift,
    constituent: Constituent,
    amount: Decimal | str,
    fund: Fund,
    method: str,
    gift_date: dt.date | None = None,
    reference: str = "",
) -> Gift:
    """Correct a gift entered in a batch that is still open (donor, amount, date, fund, method, reference);
    refused once the batch is posted. Nothing counts until the batch posts, so no rollup or receipt changes."""
    gift, batch = _batch_entry_locked(gift)
    amount = amount_clean(amount, currency=batch.currency)
    if method not in MANUAL_METHODS:
        raise field_error("method", f"Unknown payment method '{method}'.", code="invalid_choice")
    if not fund.active and fund.pk != gift.fund_id:
        raise field_error("fund", f"The fund '{fund}' is closed.", code="inactive_fund")
    if gift.benefit_value > amount:
        raise field_error("amount", "The amount cannot be less than the benefits' value.", code="invalid")
    if constituent.merged_into_id is not None:
        raise field_error("constituent", "That record was merged into another.", code="merged")
    if gift.pledge_id is not None and constituent.pk != gift.constituent_id:
        _pledge_payment_check(pledge=gift.pledge, constituent=constituent, currency=batch.currency)  # type: ignore[arg-type]
    gift_date = gift_date or batch_gift_date(batch)
    base_amount = _base_amount(amount, batch.currency, None, on=gift_date)
    if base_amount is None:
        raise field_error(
            "base_amount",
            f"Set an exchange rate for {batch.currency} from that date: totals are kept in {base_currency()}.",
            code="required",
        )
    for credit in gift.soft_credits.all():
        if credit.constituent_id == constituent.pk or credit.amount > amount:
            raise field_error(
                "amount" if credit.amount > amount else "constituent",
                "The gift's soft credit no longer fits it: remove the gift and enter it again.",
                code="soft_credit",
            )
    gift.constituent = constituent
    gift.amount = amount
    gift.base_amount = base_amount
    gift.fund = fund
    gift.method = method
    gift.gift_date = gift_date
    gift.reference = reference
    gift.full_clean()
    gift.save()
    return gift


@transaction.atomic
def gift_batch_entry_remove(*, gift: Gift) -> GiftBatch:
    """Remove a gift entered by mistake from a batch that is still open (it never counted: nothing else
    changes); refused once the batch is posted. The gift's history keeps the removal."""
    gift, batch = _batch_entry_locked(gift)
    pledge = gift.pledge
    gift.soft_credits.all().delete()
    gift.delete()
    if pledge is not None:
        pledge_status_refresh(pledge=pledge)
    return batch


@dataclass(frozen=True)
class BatchTotals:
    """What a batch holds so far, and whether that is what its slip says (the rule posting checks)."""

    count: int
    total: Decimal
    balances: bool


def gift_batch_totals(*, batch: GiftBatch, gifts: list[Gift]) -> BatchTotals:
    """The count and total of a batch's gifts (as read by the caller) against what was expected."""
    total = sum((gift.amount for gift in gifts), ZERO)
    return BatchTotals(
        count=len(gifts),
        total=total,
        balances=len(gifts) == batch.expected_count and total == batch.expected_total,
    )


@transaction.atomic
def gift_batch_post(*, batch: GiftBatch, user: User | None = None) -> GiftBatch:
    """Post a batch of hand-entered gifts: only when its count and total match what was expected."""
    batch = GiftBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == GiftBatch.Status.POSTED:
        return batch
    gifts = list(batch.gifts.select_for_update().order_by("pk"))
    totals = gift_batch_totals(batch=batch, gifts=gifts)
    if not totals.balances:
        raise ValidationError(
            f"The batch does not balance: {counted(totals.count, 'gift')} totalling {totals.total} {batch.currency}, "
            f"expected {batch.expected_count} totalling {batch.expected_total} {batch.currency}.",
            code="unbalanced",
        )
    now = timezone.now()
    Gift.objects.filter(batch=batch, status=Gift.Status.PENDING).update(
        status=Gift.Status.SUCCEEDED, succeeded_at=now, updated_at=now
    )
    batch.status = GiftBatch.Status.POSTED
    batch.posted_at = now
    batch.posted_by = user
    batch.save(update_fields=["status", "posted_at", "posted_by", "updated_at"])
    rollups.giving_summary_refresh(constituent_ids=[gift.constituent_id for gift in gifts])
    for pledge in Pledge.objects.filter(payments__batch=batch).distinct():
        pledge_status_refresh(pledge=pledge)
    for gift in Gift.objects.filter(batch=batch).order_by("pk"):
        _queue_receipt(gift)
    return batch


# ---------------------------------------------------------------------------------------------------------
# Online payments: the outcomes Stripe reports (through webhooks or reconciliation)
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def gift_create_pending(
    *,
    constituent: Constituent,
    amount: Decimal,
    currency: str,
    fund: Fund,
    purpose: str = Gift.Purpose.DONATION,
    campaign: Campaign | None = None,
    appeal: Appeal | None = None,
    fee_covered: Decimal = ZERO,
    benefit_value: Decimal = ZERO,
    anonymous: bool = False,
    name_shown: bool = False,
    tribute: dict[str, str] | None = None,
    client_ip: str | None = None,
    **links: Any,
) -> Gift:
    """A pending online gift, before Stripe is asked to charge it (its id seeds the idempotency key)."""
    gift = Gift(
        constituent=constituent,
        amount=amount,
        currency=currency,
        base_amount=_base_amount(amount, currency, None),
        gift_date=organisation_today(),
        status=Gift.Status.PENDING,
        purpose=purpose,
        method=Gift.Method.CARD,
        fund=fund,
        campaign=campaign,
        appeal=appeal,
        fee_covered=fee_covered,
        benefit_value=benefit_value,
        anonymous=anonymous,
        name_shown=name_shown,
        client_ip=client_ip,
        **{f"tribute_{key}": value for key, value in (tribute or {}).items()},
        **links,
    )
    gift.full_clean()
    gift.save()
    return gift


@transaction.atomic
def gift_attach_payment_intent(*, gift: Gift, payment_intent_id: str, customer_id: str = "") -> Gift:
    """Remember which PaymentIntent pays a pending gift."""
    gift.stripe_payment_intent_id = payment_intent_id
    gift.stripe_customer_id = customer_id
    gift.save(update_fields=["stripe_payment_intent_id", "stripe_customer_id", "updated_at"])
    return gift


# Dispute statuses, as Stripe names them: while one is open, or once it is lost, the gift does not count.
DISPUTE_OPEN_STATUSES = {"warning_needs_response", "warning_under_review", "needs_response", "under_review"}
DISPUTE_CLOSED_STATUSES = {"won", "lost", "warning_closed"}


def gift_status_derive(gift: Gift) -> str:
    """A paid gift's status from what is known of it (refunded total, the dispute as last told), so that
    the facts, not the order they arrived in, decide it. An unpaid gift keeps its status."""
    if not gift.paid:
        return gift.status
    if gift.dispute_status in DISPUTE_OPEN_STATUSES or gift.dispute_status == "lost":
        return Gift.Status.DISPUTED
    if gift.amount_refunded >= gift.amount:
        return Gift.Status.REFUNDED
    if gift.amount_refunded > 0:
        return Gift.Status.PARTIALLY_REFUNDED
    return Gift.Status.SUCCEEDED


def _gift_facts_changed(gift: Gift, *, fields: list[str], at: dt.datetime | None = None) -> Gift:
    """Save what changed on a paid gift and keep what depends on it right: rollups, the pledge, the receipt."""
    gift.status = gift_status_derive(gift)
    gift.save(update_fields=[*fields, "status", "updated_at"])
    rollups.giving_summary_refresh(constituent_ids=[gift.constituent_id])
    if gift.pledge_id is not None:
        pledge_status_refresh(pledge=Pledge.objects.get(pk=gift.pledge_id))
    receipts.receipts_reconcile(gift=gift, at=at)
    return gift


@transaction.atomic
def gift_mark_succeeded(
    *,
    payment_intent_id: str,
    amount: Decimal,
    currency: str,
    charge_id: str = "",
    fee: Decimal | None = None,
    base_amount: Decimal | None = None,
    payment_method: PaymentMethod | None = None,
    succeeded_at: dt.datetime | None = None,
) -> Gift:
    """Mark the gift paid by this PaymentIntent as succeeded, once, whatever the number of deliveries and
    whatever arrived first: a refund or a dispute told before the payment already decides its status. The
    gift's date and time are the payment's (Stripe's time), not the time Steward heard of it."""
    gift = Gift.objects.select_for_update().get(stripe_payment_intent_id=payment_intent_id)
    if gift.paid:
        return gift  # already recorded: a replay changes nothing
    if (gift.amount, gift.currency) != (amount, currency.upper()):
        raise ValidationError(
            f"Paid {amount} {currency.upper()} differs from the gift's {gift.amount} {gift.currency}.",
            code="amount_mismatch",
        )
    gift.succeeded_at = succeeded_at or timezone.now()
    gift.status = Gift.Status.SUCCEEDED
    gift.failure_reason = ""
    gift.gift_date = organisation_date(gift.succeeded_at)
    gift.stripe_charge_id = charge_id or gift.stripe_charge_id
    if payment_method is not None:
        gift.payment_method = payment_method
    settlement.gift_settlement_apply(gift=gift)
    if fee is not None:
        gift.processing_fee = fee
    if base_amount is not None:
        gift.base_amount = base_amount
    gift.status = gift_status_derive(gift)
    gift.save()
    rollups.giving_summary_gift_added(gift=gift)  # the full refresh when a refund or dispute was told first
    if gift.pledge_id is not None:
        pledge_status_refresh(pledge=Pledge.objects.get(pk=gift.pledge_id))
    receipts.receipts_reconcile(gift=gift, at=gift.succeeded_at)
    _owe_tribute_notice(gift)
    return gift


def organisation_date(moment: dt.datetime) -> dt.date:
    """The date of a moment in the organisation's time zone."""
    import zoneinfo

    return timezone.localtime(moment, zoneinfo.ZoneInfo(settings.ORGANISATION_TIME_ZONE)).date()


@transaction.atomic
def gift_mark_failed(*, payment_intent_id: str, reason: str = "") -> Gift | None:
    """Record a failed payment attempt on a pending gift (a later success still wins; an earlier one stands)."""
    gift = Gift.objects.select_for_update().filter(stripe_payment_intent_id=payment_intent_id).first()
    if gift is None or gift.status != Gift.Status.PENDING:
        return gift
    gift.status = Gift.Status.FAILED
    gift.failure_reason = reason[:255]
    gift.save(update_fields=["status", "failure_reason", "updated_at"])
    return gift


def _gift_paid_by(*, charge_id: str = "", payment_intent_id: str = "") -> Gift | None:
    """The gift (locked) a Stripe charge or PaymentIntent pays, if Steward knows it."""
    queryset = Gift.objects.select_for_update()
    gift = None
    if payment_intent_id:
        gift = queryset.filter(stripe_payment_intent_id=payment_intent_id).first()
    if gift is None and charge_id:
        gift = queryset.filter(stripe_charge_id=charge_id).first()
    return gift


@transaction.atomic
def gift_record_refund(
    *,
    total_refunded: Decimal,
    charge_id: str = "",
    payment_intent_id: str = "",
    refunded_at: dt.datetime | None = None,
    history_reason: str = "",
) -> Gift:
    """Set how much of a gift has been refunded in all. Stripe reports the running total, so the largest total
    wins and replays or out-of-order deliveries converge; a refund told before the payment is kept and takes
    effect when the payment is recorded. A refund voids the receipt (a replacement is issued for a partial one)."""
    gift = _gift_paid_by(charge_id=charge_id, payment_intent_id=payment_intent_id)
    if gift is None:
        raise ValidationError("No gift is paid by that charge.", code="unknown_charge")
    total_refunded = min(max(total_refunded, gift.amount_refunded), gift.amount)
    if total_refunded == gift.amount_refunded:
        return gift
    gift.amount_refunded = total_refunded
    gift.refunded_at = max(filter(None, [gift.refunded_at, refunded_at or timezone.now()]))
    if history_reason:
        gift._change_reason = history_reason  # type: ignore[attr-defined]  # simple-history's reason for this save
    if not gift.paid:
        gift.save(update_fields=["amount_refunded", "refunded_at", "updated_at"])
        return gift
    return _gift_facts_changed(gift, fields=["amount_refunded", "refunded_at"], at=refunded_at)


def _dispute_rank(status: str) -> int:
    return 1 if status in DISPUTE_CLOSED_STATUSES else 0


@transaction.atomic
def gift_record_dispute(
    *,
    charge_id: str,
    status: str,
    at: dt.datetime,
    dispute_id: str = "",
    payment_intent_id: str = "",
) -> Gift:
    """Record a card dispute as Stripe tells it (its status at the time `at` of the event). The latest told wins,
    a closed status over an open one told in the same second, so any order of delivery ends the same: an open
    or lost dispute stops the gift counting, a won one (or a closed inquiry) restores it; a lost one voids the
    receipt."""
    if status not in DISPUTE_OPEN_STATUSES | DISPUTE_CLOSED_STATUSES:
        raise ValidationError(f"Unknown dispute status '{status}'.", code="invalid")
    gift = _gift_paid_by(charge_id=charge_id, payment_intent_id=payment_intent_id)
    if gift is None:
        raise ValidationError("No gift is paid by that charge.", code="unknown_charge")
    known = gift.dispute_updated_at
    if known is not None and (at, _dispute_rank(status)) <= (known, _dispute_rank(gift.dispute_status)):
        return gift  # older news, or the same
    gift.dispute_status = status
    gift.dispute_updated_at = at
    gift.stripe_dispute_id = dispute_id or gift.stripe_dispute_id
    fields = ["dispute_status", "dispute_updated_at", "stripe_dispute_id"]
    if not gift.paid:
        gift.save(update_fields=[*fields, "updated_at"])
        return gift
    return _gift_facts_changed(gift, fields=fields, at=at)


REFUND_REASONS = {choice for choice, _ in GiftRefund.Reason.choices}


def gift_refund_clean(*, gift: Gift, amount: Decimal | str, reason: str = "") -> Decimal:
    """What may be refunded of a gift: a positive amount in its currency, no more than is left unrefunded, of a
    counted gift, for one of Stripe's reasons (or none given); field errors otherwise. Changes nothing."""
    if gift.status not in COUNTED_STATUSES:
        raise ValidationError("Only a paid gift can be refunded.", code="not_paid")
    if reason and reason not in REFUND_REASONS:
        raise field_error("reason", f"Unknown refund reason '{reason}'.", code="invalid_choice")
    amount = amount_clean(amount, currency=gift.currency)
    left = gift.amount - gift.amount_refunded
    if amount > left:
        raise field_error("amount", f"At most {left} {gift.currency} is left to refund.", code="too_large")
    return amount


def _refund_history_reason(amount: Decimal, currency: str, reason: str, note: str) -> str:
    label = GiftRefund.Reason(reason).label if reason else "no reason given"
    text = f"Refund of {amount} {currency}: {label}" + (f" ({note})" if note else "")
    return text[:100]  # simple-history's change reason column


def gift_refund(
    *, gift: Gift, amount: Decimal | str, reason: str = "", note: str = "", user: User | None = None
) -> Gift:
    """Refund all or part of a paid gift, for a reason (Stripe's: duplicate, fraudulent, requested_by_customer)
    and a staff note, kept as a GiftRefund row and on the gift's history: a card gift through Stripe (then recorded
    as Stripe reports it), any other gift recorded at once. The Stripe call carries a key derived from the new
    running total, so a retried refund is never paid twice."""
    gift = Gift.objects.get(pk=gift.pk)
    note = (note or "").strip()
    amount = gift_refund_clean(gift=gift, amount=amount, reason=reason)
    total = gift.amount_refunded + amount
    history_reason = _refund_history_reason(amount, gift.currency, reason, note)
    if gift.method == Gift.Method.CARD and gift.stripe_payment_intent_id:
        try:
            refund = client.refund_create(
                payment_intent_id=gift.stripe_payment_intent_id,
                amount=amount,
                currency=gift.currency,
                reason=reason,
                metadata={"steward_gift": str(gift.pk), **({"note": note} if note else {})},
                idempotency_key=f"steward-refund-{gift.pk}-{total}",
            )
        except client.StripeFailure as failure:
            raise ValidationError(f"Stripe refused the refund: {failure}", code="stripe_refused") from failure
        with transaction.atomic():
            gift = gift_record_refund(
                total_refunded=total, payment_intent_id=gift.stripe_payment_intent_id, history_reason=history_reason
            )
            GiftRefund.objects.get_or_create(
                stripe_refund_id=refund.id,
                defaults={
                    "gift": gift,
                    "amount": amount,
                    "currency": gift.currency,
                    "reason": reason,
                    "note": note,
                    "created_by": user,
                },
            )
        return gift
    with transaction.atomic():
        gift = Gift.objects.select_for_update().get(pk=gift.pk)
        if gift.amount_refunded + amount > gift.amount:
            raise field_error("amount", "Someone refunded this gift meanwhile.", code="too_large")
        gift.amount_refunded += amount
        gift.refunded_at = timezone.now()
        gift._change_reason = history_reason  # type: ignore[attr-defined]  # simple-history's reason for this save
        gift = _gift_facts_changed(gift, fields=["amount_refunded", "refunded_at"], at=gift.refunded_at)
        GiftRefund.objects.create(
            gift=gift, amount=amount, currency=gift.currency, reason=reason, note=note, created_by=user
        )
        return gift


# ---------------------------------------------------------------------------------------------------------
# Who is giving, and to which fund
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def donor_find_or_create(*, email: str, given_name: str, family_name: str = "") -> Constituent:
    """The donor record for a signed-out donor: a known person only when nobody else could have steered the match.

    Anyone can type any address into a profile or a donation form, so an address on file proves nothing by itself.
    A record is matched only if the typed name is its name and either its owner proved the address (the portal
    account's sign-up address, or one confirmed through a link sent to it) or it has no portal account at all
    (staff-kept records: no member ever sees their history). Otherwise a new record is made with the name and
    address as typed, tagged as a possible duplicate when the address is already on file, for staff to merge; so
    the gift's receipt always greets the name typed on it. Nothing about a matched record is ever shown back."""
    email = (email or "").strip()
    given_name = (given_name or "").strip()
    family_name = (family_name or "").strip()
    if not given_name:
        raise field_error("given_name", "Enter your name.", code="required")
    try:
        validate_email(email)
    except ValidationError:
        raise field_error("email", "Enter a valid email address for your receipt.", code="invalid") from None

    def same_name(candidate: Constituent) -> bool:
        given = given_name.casefold()
        known = {candidate.given_name.strip().casefold(), candidate.preferred_name.strip().casefold()}
        return given in known and family_name.casefold() == candidate.family_name.strip().casefold()

    on_file = list(
        Constituent.objects.filter(
            emails__address__iexact=email, kind=Constituent.Kind.INDIVIDUAL, merged_into__isnull=True
        )
        .select_related("user")
        .annotate(
            address_confirmed=Exists(
                EmailConfirmation.objects.filter(
                    constituent=OuterRef("pk"), address__iexact=email, confirmed_at__isnull=False
                )
            )
        )
        .order_by("pk")
        .distinct()
    )

    def proven(candidate: Constituent) -> bool:
        user = candidate.user
        if user is None:
            return True
        # A joined account's address is not proven until the link in its welcome email is used.
        signed_up_with_it = (
            user.is_active
            and user.username.lower() == email.lower()
            and not UnconfirmedAccount.objects.filter(user_id=user.pk).exists()
        )
        return signed_up_with_it or bool(candidate.address_confirmed)  # type: ignore[attr-defined]

    named = [candidate for candidate in on_file if same_name(candidate)]
    # A proven account holder first: the person whose inbox it is.
    for candidate in sorted(named, key=lambda c: (c.user_id is None, c.pk)):
        if proven(candidate):
            return candidate
    donor = member_services.constituent_create(
        emails=[email],
        given_name=given_name,
        family_name=family_name,
        source="online donation",
        tags=["possible duplicate"] if on_file else [],
    )
    return donor


def _fund_by_code(code: str) -> Fund | None:
    return Fund.objects.filter(code=code, active=True).first() if code else None


def default_fund() -> Fund:
    """Where a gift goes when the donor picks no fund: DONATION_DEFAULT_FUND, else the first open fund."""
    fund = (
        _fund_by_code(settings.DONATION_DEFAULT_FUND)
        or Fund.objects.filter(active=True).order_by("sort_order", "name").first()
    )
    if fund is None:
        raise field_error("fund", "Online giving is not open yet: no fund is set up.", code="not_configured")
    return fund


def membership_fund() -> Fund:
    """The fund membership payments are recorded in: MEMBERSHIP_FUND, else the default fund."""
    return _fund_by_code(settings.MEMBERSHIP_FUND) or default_fund()
