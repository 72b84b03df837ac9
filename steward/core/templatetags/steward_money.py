"""`{{ amount|money:currency }}`: an amount with its currency as every admin page and document writes it
(steward.core.money.format_money: "1,000.00 USD", "10,000 JPY")."""

from __future__ import annotations

from decimal import Decimal

from django import template

from steward.core.money import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | int | None, currency: str) -> str:
    return format_money(amount, currency)
