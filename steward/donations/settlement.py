"""Every currency counted, fees recorded: a gift's amount in the organisation's currency (its base amount), the
exchange rate used for it and the processing fee.

Real Stripe settles a charge in the account's currency and says so in the charge's balance transaction (the
settled amount, Stripe's fee, the rate it converted at): those figures win. Where the processor says nothing
useful (localstripe, whose balance transaction is always in the charge's own currency at a rate of 1, or a
charge Stripe does not know), the rates staff keep by date (ExchangeRate) give the base amount. A gift whose
base amount is still unknown is left out of totals until a rate arrives, then counted: `exchange_rate_set`
fills it in and refreshes the donors' rollups, so no gift is ever dropped."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.core.models import CURRENCY_CHOICES

from . import rollups
from .models import COUNTED_STATUSES, ExchangeRate, Gift
from .money import base_currency, quantize
from .stripe import client

logger = logging.getLogger(__name__)

RATE_PLACES = 8  # Gift.exchange_rate and ExchangeRate.rate: DecimalField(max_digits=18, decimal_places=8)
RATE_STEP = Decimal(1).scaleb(-RATE_PLACES)
RATE_LIMIT = Decimal(10) ** (18 - RATE_PLACES)
UPDATE_CHUNK = 2000
RATE_FIELD = DecimalField(max_digits=30, decimal_places=12)


# ---------------------------------------------------------------------------------------------------------
# Rates and base amounts
# ---------------------------------------------------------------------------------------------------------


def exchange_rate_for(*, currency: str, on: dt.date) -> Decimal | None:
    """Base-currency units per unit of `currency` on a day: 1 for the base currency itself, else the staff-kept
    rate with the latest `valid_from` on or before the day (None when there is none)."""
    code = currency.upper()
    if code == base_currency():
        return Decimal(1)
    return (
        ExchangeRate.objects.filter(currency=code, valid_from__lte=on)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )


def base_amount_for(*, amount: Decimal, currency: str, on: dt.date) -> Decimal | None:
    """An amount in the organisation's currency at the rate valid on the day, rounded to the base currency's
    smallest unit; None when no rate is known."""
    rate = exchange_rate_for(currency=currency, on=on)
    if rate is None:
        return None
    return quantize(amount * rate, base_currency())


def _rate(value: Decimal) -> Decimal:
    return value.quantize(RATE_STEP)


def gift_settlement_apply(*, gift: Gift) -> None:
    """Set (without saving) a paid card gift's processing fee (in the gift's currency), base amount and exchange
    rate from its charge's balance transaction, or from the staff-kept rates where Stripe does not convert it
    into the base currency. Called inside the transaction that marks the gift succeeded; a StripeUnavailable
    propagates so that the caller retries."""
    base = base_currency()
    settled = None
    if gift.stripe_charge_id:
        try:
            settled = client.balance_transaction_for_charge(charge_id=gift.stripe_charge_id)
        except client.StripeRequestError as error:
            # An unknown charge (or a refused request) says nothing of the money: the rate table decides.
            logger.warning("No balance transaction for charge %s of gift %s: %s", gift.stripe_charge_id, gift.pk, error)
    if settled is not None:
        rate = settled.exchange_rate
        if settled.currency == gift.currency:
            gift.processing_fee = settled.fee
        elif rate:
            gift.processing_fee = quantize(settled.fee / rate, gift.currency)
        if settled.currency == base:
            # Settled in the organisation's currency: Stripe's own figures are the base amount and the rate.
            gift.base_amount = settled.amount
            gift.exchange_rate = _rate(rate if rate else settled.amount / gift.amount)
            return
    if gift.currency == base:
        gift.base_amount = gift.amount
        gift.exchange_rate = Decimal(1)
        return
    rate = exchange_rate_for(currency=gift.currency, on=gift.gift_date)
    gift.exchange_rate = rate
    gift.base_amount = quantize(gift.amount * rate, base) if rate is not None else None


# ---------------------------------------------------------------------------------------------------------
# Staff-kept rates
# ---------------------------------------------------------------------------------------------------------


def _rate_errors(currency: str, rate: Any, valid_from: dt.date | None) -> tuple[str, Decimal, dict[str, list]]:
    errors: dict[str, list[ValidationError]] = defaultdict(list)
    code = (currency or "").strip().upper()
    if code not in {choice for choice, _ in CURRENCY_CHOICES}:
        errors["currency"].append(
            ValidationError(f"'{currency}' is not a currency Steward accepts.", code="unsupported_currency")
        )
    elif code == base_currency():
        errors["currency"].append(
            ValidationError(
                f"{code} is the organisation's own currency: rates are kept for the other currencies.",
                code="base_currency",
            )
        )
    try:
        value = rate if isinstance(rate, Decimal) else Decimal(str(rate).strip())
    except (InvalidOperation, ValueError, TypeError):
        value = Decimal("NaN")
    if not value.is_finite():
        errors["rate"].append(ValidationError(f"'{rate}' is not a rate.", code="invalid"))
    elif value <= 0:
        errors["rate"].append(ValidationError("The rate must be more than zero.", code="not_positive"))
    elif value != value.quantize(RATE_STEP):
        errors["rate"].append(ValidationError(f"At most {RATE_PLACES} decimal places.", code="bad_precision"))
    elif value >= RATE_LIMIT:
        errors["rate"].append(ValidationError("The rate is implausibly large.", code="too_large"))
    if valid_from is None:
        errors["valid_from"].append(ValidationError("From which day does the rate apply?", code="required"))
    elif valid_from > organisation_today():
        errors["valid_from"].append(
            ValidationError("A rate cannot start in the future: set it on the day it applies.", code="in_future")
        )
    elif code and ExchangeRate.objects.filter(currency=code, valid_from=valid_from).exists():
        errors["valid_from"].append(
            ValidationError(f"There is a {code} rate from {valid_from:%d %b %Y} already.", code="duplicate")
        )
    return code, value, errors


@transaction.atomic
def exchange_rate_set(
    *,
    currency: str,
    rate: Decimal | str,
    valid_from: dt.date,
    source: str = "",
    notes: str = "",
    user: User | None = None,
) -> ExchangeRate:
    """Keep a rate for a foreign currency from a day on, and count at once the gifts that waited for it: every
    gift in that currency whose base amount is unknown, dated from `valid_from` up to the next later rate, gets
    its base amount and rate, and those donors' rollups are refreshed (set-based)."""
    code, value, errors = _rate_errors(currency, rate, valid_from)
    if errors:
        raise ValidationError(dict(errors))
    exchange_rate = ExchangeRate(
        currency=code, rate=value, valid_from=valid_from, source=source.strip(), notes=notes.strip(), created_by=user
    )
    exchange_rate.full_clean()
    try:
        with transaction.atomic():
            exchange_rate.save()
    except IntegrityError:  # another user set the same rate meanwhile
        raise ValidationError(
            {"valid_from": ValidationError(f"There is a {code} rate from that day already.", code="duplicate")}
        ) from None
    _gifts_fill(exchange_rate)
    return exchange_rate


def _gifts_fill(exchange_rate: ExchangeRate) -> int:
    """Give the gifts a new rate covers their base amount (one UPDATE per distinct amount, so the rounding is
    Python's Decimal, the same as for a single gift); then refresh their donors' rollups."""
    later = (
        ExchangeRate.objects.filter(currency=exchange_rate.currency, valid_from__gt=exchange_rate.valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    gifts = gifts_awaiting_rate(currency=exchange_rate.currency, since=exchange_rate.valid_from, before=later)
    rows = list(gifts.select_for_update().order_by("pk").values_list("pk", "constituent_id", "amount"))
    if not rows:
        return 0
    by_amount: dict[Decimal, list[int]] = defaultdict(list)
    for pk, _, amount in rows:
        by_amount[amount].append(pk)
    base = base_currency()
    now = timezone.now()
    for amount, pks in by_amount.items():
        for start in range(0, len(pks), UPDATE_CHUNK):
            Gift.objects.filter(pk__in=pks[start : start + UPDATE_CHUNK], base_amount__isnull=True).update(
                base_amount=quantize(amount * exchange_rate.rate, base),
                exchange_rate=exchange_rate.rate,
                updated_at=now,
            )
    rollups.giving_summary_refresh(constituent_ids={constituent_id for _, constituent_id, _ in rows})
    return len(rows)


# ---------------------------------------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------------------------------------


def gifts_awaiting_rate(*, currency: str, since: dt.date, before: dt.date | None = None) -> QuerySet[Gift]:
    """Gifts in a currency, dated in [since, before), whose base amount is still unknown (any status)."""
    gifts = Gift.objects.filter(currency=currency, base_amount__isnull=True, gift_date__gte=since)
    return gifts.filter(gift_date__lt=before) if before is not None else gifts


def gifts_awaiting_base_amount() -> QuerySet[Gift]:
    """Paid gifts left out of every total because their amount in the organisation's currency is not known
    yet (a foreign currency with no rate for their date), oldest first, with what their listing shows."""
    return (
        Gift.objects.filter(status__in=COUNTED_STATUSES, base_amount__isnull=True)
        .select_related("constituent", "fund", "campaign")
        .order_by("gift_date", "pk")
    )


def fee_in_base() -> ExpressionWrapper:
    """SQL: a gift's processing fee in the organisation's currency, converted with the gift's exchange rate (or,
    for a gift whose base amount was given by hand, the ratio of its base amount to its amount)."""
    rate = Coalesce(F("exchange_rate"), F("base_amount") / F("amount"), output_field=RATE_FIELD)
    return ExpressionWrapper(F("processing_fee") * rate, output_field=rollups.MONEY_FIELD)


def refunded_in_base() -> ExpressionWrapper:
    """SQL: the refunded part of a gift in the organisation's currency (its share of the base amount)."""
    return ExpressionWrapper(F("amount_refunded") * F("base_amount") / F("amount"), output_field=rollups.MONEY_FIELD)
