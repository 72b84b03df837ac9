"""Money as people read it: ISO 4217 currencies' decimal places, rounding to them, and one way to write an amount
with its currency ("1,000.00 USD", "10,000 JPY") for the admin's tables, documents and messages. Every app
formats money through `format_money`; the Stripe boundary's minor units build on `exponent`
(steward/donations/money.py)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# Currencies whose Stripe amounts have no minor unit (Stripe's list of zero-decimal currencies).
ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"}
)
# Three-decimal currencies Stripe supports.
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})

# Shown where an amount is not known (a goal in a currency without a rate yet, a rollup with no gift).
NO_AMOUNT = "—"


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


def format_amount(amount: Decimal | int, currency: str) -> str:
    """The amount alone, grouped in thousands, in the currency's precision: 1,000.00 (USD), 10,000 (JPY)."""
    return f"{quantize(Decimal(amount), currency):,}"


def format_money(amount: Decimal | int | None, currency: str) -> str:
    """An amount with its currency as the admin and documents show it: "1,000.00 USD", "-25.50 EUR",
    "10,000 JPY"; "—" when there is no amount."""
    if amount is None:
        return NO_AMOUNT
    return f"{format_amount(amount, currency)} {currency.upper()}"


def _places(value: Decimal) -> int:
    exponent_ = value.as_tuple().exponent
    return max(0, -exponent_) if isinstance(exponent_, int) else 0


def spreadsheet_number_format(value: Decimal) -> str:
    """A spreadsheet's number format for a decimal cell, so that it stays a number: thousands separated, the
    value's decimal places up to two (an amount of a two-place column keeps both, a yen amount none), more only
    where they carry digits (a rate of six places), never a sum's trailing zeros (1,234.50, not 1,234.50000000)."""
    if not value.is_finite():
        return "General"
    places = max(min(_places(value), 2), _places(value.normalize()))
    return "#,##0" + ("." + "0" * places if places else "")
