"""The exchange rates staff keep (Fundraising → Exchange rates) and the gifts still waiting for one. A rate is
set through steward.donations.settlement.exchange_rate_set, which also counts the gifts it covers; rates are
never edited or deleted here (gifts took their base amounts from them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from steward.core.admin_forms import ServiceForm
from steward.core.admin_views import ServiceFormViewMixin
from steward.core.dates import organisation_today
from steward.core.models import CURRENCY_CHOICES
from steward.core.money import format_money

from .. import settlement
from ..models import ExchangeRate, Gift
from ..money import base_currency
from .viewsets import FUNDRAISING_MENU_HOOK

ADD_RATE = "donations.add_exchangerate"
VIEW_GIFTS = "donations.view_gift"
AWAITING_URL_NAME = "donations_exchange_rates:awaiting"


class CurrencyChoiceField(forms.ChoiceField):
    """The foreign currencies to choose from; any known code is passed on, so that the service, not a generic
    "not one of the choices", says why the base currency takes no rate."""

    def valid_value(self, value: Any) -> bool:
        return str(value).upper() in {code for code, _ in CURRENCY_CHOICES}


class ExchangeRateForm(ServiceForm):
    """A rate for a foreign currency from a day on (settlement.exchange_rate_set; it counts the gifts it covers)."""

    currency = CurrencyChoiceField(label="Currency", choices=())
    rate = forms.DecimalField(
        label="Rate",
        help_text="How many units of the organisation's currency one unit of this currency is worth.",
    )
    valid_from = forms.DateField(
        label="Valid from", widget=AdminDateInput, help_text="The first gift date it applies to (until a later rate)."
    )
    source = forms.CharField(
        label="Source", max_length=200, required=False, help_text="Where the rate comes from, e.g. the bank."
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = base_currency()
        currency: forms.ChoiceField = self.fields["currency"]  # type: ignore[assignment]
        currency.choices = [("", "---------")] + [
            (code, f"{code}: {name}") for code, name in CURRENCY_CHOICES if code != base
        ]
        self.fields["rate"].label = f"Rate ({base} per unit)"
        self.fields["valid_from"].initial = organisation_today()

    def save(self) -> ExchangeRate:
        data = self.cleaned_data
        return settlement.exchange_rate_set(
            currency=data["currency"],
            rate=data["rate"],
            valid_from=data["valid_from"],
            source=data["source"],
            notes=data["notes"],
            user=self.for_user,
        )


def _rate(rate: ExchangeRate) -> str:
    return f"{rate.rate.normalize():f} {base_currency()}"


class ExchangeRateIndexView(generic.IndexView):
    """Every rate, newest first per currency; a link to the gifts still waiting for one."""

    page_title = "Exchange rates"

    def get_base_queryset(self) -> QuerySet[ExchangeRate]:
        return ExchangeRate.objects.select_related("created_by")

    def get_delete_url(self, instance: ExchangeRate) -> None:
        return None

    def get_edit_url(self, instance: ExchangeRate) -> None:
        return None

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(VIEW_GIFTS):
            buttons.append(
                HeaderButton("Gifts awaiting an exchange rate", url=reverse(AWAITING_URL_NAME), icon_name="warning")
            )
        return buttons

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "currency", label="Currency", sort_key="currency", get_url=lambda obj: self.get_inspect_url(obj)
        )
        return [
            title,
            Column("rate", label=f"Rate ({base_currency()} per unit)", accessor=_rate, sort_key="rate"),
            DateColumn("valid_from", label="Valid from", sort_key="valid_from"),
            Column("source", label="Source"),
            Column("created_by", label="Set by", accessor=lambda obj: obj.created_by or ""),
            DateColumn("created_at", label="Set on", sort_key="created_at"),
        ]


class ExchangeRateCreateView(ServiceFormViewMixin, generic.CreateView):
    """Set a rate; the service fills in the base amounts of the gifts it covers and refreshes their rollups."""

    template_name = "core/admin/service_form.html"
    page_title = "Set an exchange rate"

    def get_initial(self) -> dict[str, Any]:
        # Opened from a gift awaiting a rate: its currency and date.
        initial = super().get_initial()
        for field in ("currency", "valid_from"):
            if value := self.request.GET.get(field):
                initial[field] = value
        return initial

    def save_instance(self) -> ExchangeRate:
        rate = self.form.save()
        log(instance=rate, action="wagtail.create", user=self.request.user)
        return rate

    def get_success_message(self, instance: ExchangeRate | None = None) -> str:
        rate = self.object
        return f"1 {rate.currency} = {_rate(rate)} from {rate.valid_from:%d %b %Y}; gifts it covers now count."

    def get_success_url(self) -> str:
        return reverse("donations_exchange_rates:index")

    def get_edit_url(self) -> str:
        return reverse("donations_exchange_rates:inspect", args=(quote(self.object.pk),))


def _set_rate_url(gift: Gift) -> str:
    return reverse("donations_exchange_rates:add") + f"?currency={gift.currency}&valid_from={gift.gift_date:%Y-%m-%d}"


class GiftsAwaitingRateView(PermissionCheckedMixin, BaseListingView):
    """Paid gifts left out of every total because no exchange rate gives their amount in the organisation's
    currency yet (settlement.gifts_awaiting_base_amount), each with a link to set the rate for its date."""

    model = Gift
    permission_required = "view"  # donations.view_gift
    page_title = "Gifts awaiting an exchange rate"
    header_icon = "warning"
    paginate_by = 50
    index_url_name = AWAITING_URL_NAME
    verbose_name_plural = "gifts awaiting an exchange rate"

    def get_base_queryset(self) -> QuerySet[Gift]:
        return settlement.gifts_awaiting_base_amount()

    def order_queryset(self, queryset: QuerySet[Gift]) -> QuerySet[Gift]:
        return queryset  # the selector's order: oldest first

    @cached_property
    def columns(self) -> list[Column]:
        can_set = self.request.user.has_perm(ADD_RATE)
        columns = [
            TitleColumn(
                "constituent",
                label="Donor",
                accessor="constituent",
                get_url=lambda gift: reverse("donations_gifts:inspect", args=(quote(gift.pk),)),
            ),
            Column("amount", label="Amount", accessor=lambda gift: format_money(gift.amount, gift.currency)),
            DateColumn("gift_date", label="Received"),
            StatusTagColumn("status", label="Status", accessor="get_status_display", primary=lambda gift: True),
            Column("fund", label="Fund"),
            Column("campaign", label="Campaign", accessor=lambda gift: gift.campaign or ""),
        ]
        if can_set:
            columns.append(
                TitleColumn(
                    "set_rate",
                    label="Exchange rate",
                    accessor=lambda gift: f"Set a {gift.currency} rate",
                    get_url=_set_rate_url,
                )
            )
        return columns


class ExchangeRateViewSet(ModelViewSet):
    """Exchange rates: listed, set through the service, inspected; never edited or deleted."""

    model = ExchangeRate
    name = "exchange_rates"
    url_prefix = "donations/exchange-rates"
    url_namespace = "donations_exchange_rates"
    icon = "resubmit"
    menu_label = "Exchange rates"
    menu_order = 85
    menu_hook = FUNDRAISING_MENU_HOOK  # in the Fundraising menu (registered apart from its group)
    index_view_class = ExchangeRateIndexView
    add_view_class = ExchangeRateCreateView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["currency"]
    ordering = ["currency", "-valid_from"]
    list_per_page = 50
    inspect_view_fields = ["currency", "rate", "valid_from", "source", "notes", "created_by", "created_at"]

    def get_form_class(self, for_update: bool = False) -> type:
        return ExchangeRateForm

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(edit_url_name=None, delete_url_name=None, history_url_name=None, usage_url_name=None)
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        kept = {"index", "index_results", "add", "inspect"}
        return [
            *[pattern for pattern in super().get_urlpatterns() if pattern.name in kept],
            path("awaiting/", GiftsAwaitingRateView.as_view(), name="awaiting"),
        ]


class GiftsAwaitingRateMenuItem(MenuItem):
    """Fundraising → Gifts awaiting an exchange rate, for staff who see gifts."""

    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm(VIEW_GIFTS)


def awaiting_rate_menu_item() -> GiftsAwaitingRateMenuItem:
    """The menu item of the gifts awaiting a rate (registered in the Fundraising submenu)."""
    return GiftsAwaitingRateMenuItem(
        "Gifts awaiting an exchange rate", reverse(AWAITING_URL_NAME), icon_name="warning", order=86
    )
