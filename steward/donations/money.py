"""Money: Decimal amounts with an ISO 4217 currency. Minor units exist only at the Stripe boundary."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

# Currencies whose Stripe amounts have no minor unit (Stripe's list of zero-decimal currencies).
ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
)
# Three-decimal currencies Stripe supports.
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def exponent(currency: str) -> int:
    """How many decimal places the currency's minor unit has (JPY 0, USD 2, KWD 3)."""
    code = currency.upper()
    if code in ZERO_DECIMAL:
        return 0
    if code in THREE_DECIMAL:
        return 3
    return 2


def quantize(amount: Decimal, currency: str) -> Decimal:
    """The amount rounded to the currency's smallest unit (half up, as receipts show it)."""
    return amount.quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_HALF_UP)


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
        return f"{quantize(self.amount, self.currency):,} {self.currency}"


def base_currency() -> str:
    """The organisation's own currency: rollups and reports are in it."""
    return settings.STEWARD_BASE_CURRENCY
