"""Money: Decimal amounts with an ISO 4217 currency. Minor units exist only at the Stripe boundary."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from steward.core.money import THREE_DECIMAL, ZERO_DECIMAL, exponent, format_money, quantize

__all__ = [
    "THREE_DECIMAL",
    "ZERO_DECIMAL",
    "Money",
    "base_currency",
    "exponent",
    "from_minor_units",
    "quantize",
    "to_minor_units",
]


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Decimal major units → Stripe's integer minor units (USD 12.34 → 1234, JPY 1000 → 1000)."""
    exact = amount.scaleb(exponent(currency))
    if exact != exact.to_integral_value():
        raise ValidationError(
            f"{amount} {currency.upper()} has more decimal places than the currency allows.", code="bad_precision"
        )
    return int(exact)


def from_minor_units(value: int, currency: str) -> Decimal:
    """Stripe's integer minor units → Decimal major units (1234 USD → 12.34, 1000 JPY → 1000)."""
    return Decimal(value).scaleb(-exponent(currency)).quantize(Decimal(1).scaleb(-exponent(currency)))


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


def base_currency() -> str:
    """The organisation's own currency: rollups and reports are in it."""
    return settings.STEWARD_BASE_CURRENCY
