"""What the donations admin's screens share: permission names, money and link helpers, read-only listings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic

from steward.core.money import format_money

from ..models import Gift

VIEW_GIFTS = "donations.view_gift"


COUNTED = (Gift.Status.SUCCEEDED, Gift.Status.PARTIALLY_REFUNDED)


def donor_column(view: generic.IndexView) -> Column:
    """The listing's title column: the donor, linking to the row's own page."""
    return view._get_title_column_class(TitleColumn)(
        "constituent",
        label="Donor",
        accessor="constituent",
        sort_key="constituent__sort_name",
        get_url=lambda obj: view.get_inspect_url(obj),
    )


def money(amount: Decimal | None, currency: str) -> str:
    """An amount in a listing or message: "1,000.00 USD", "10,000 JPY" (steward.core.money.format_money)."""
    return format_money(amount, currency)


def gift_url(gift: Gift) -> str:
    return reverse("donations_gifts:inspect", args=(quote(gift.pk),))


def gifts_url(**params: Any) -> str:
    """The gift listing, filtered."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("donations_gifts:index") + (f"?{query}" if query else "")


class ReadOnlyIndexMixin:
    """Listings of records that only the system writes (Stripe events, blocked attempts): no add button."""

    def get_add_url(self) -> None:
        return None


REFUND_PERMISSION = "donations.change_gift"
