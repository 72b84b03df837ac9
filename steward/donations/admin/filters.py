"""django-filter FilterSets for the donations listings in the Wagtail admin."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from ..models import Appeal, Campaign, Fund, Gift, GiftBatch, PaymentAttempt, Pledge, RecurringGift, StripeEvent


def _date_range(label: str, field_name: str) -> django_filters.DateFromToRangeFilter:
    return django_filters.DateFromToRangeFilter(label=label, field_name=field_name, widget=DateRangePickerWidget)


def _choices(label: str, choices: Any) -> django_filters.MultipleChoiceFilter:
    return django_filters.MultipleChoiceFilter(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )


class GiftFilterSet(WagtailFilterSet):
    """Gifts by date, designation, status, method and amount; `constituent` narrows to one donor (the link
    from the constituent page)."""

    gift_date = _date_range("Received between", "gift_date")
    fund = django_filters.ModelMultipleChoiceFilter(
        label="Fund", queryset=Fund.objects.all(), widget=forms.CheckboxSelectMultiple, distinct=False
    )
    campaign = django_filters.ModelChoiceFilter(label="Campaign", queryset=Campaign.objects.all())
    appeal = django_filters.ModelChoiceFilter(label="Appeal", queryset=Appeal.objects.all())
    status = _choices("Status", Gift.Status.choices)
    method = _choices("Method", Gift.Method.choices)
    purpose = django_filters.ChoiceFilter(label="Purpose", choices=Gift.Purpose.choices, empty_label="Any")
    amount_min = django_filters.NumberFilter(label="Amount at least", field_name="amount", lookup_expr="gte")
    amount_max = django_filters.NumberFilter(label="Amount at most", field_name="amount", lookup_expr="lte")
    batch = django_filters.ModelChoiceFilter(label="Batch", queryset=GiftBatch.objects.all())
    constituent = django_filters.NumberFilter(label="Donor (id)", field_name="constituent_id", method="filter_donor")

    class Meta:
        model = Gift
        fields: list[str] = []

    def filter_donor(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset.filter(constituent_id=int(value)) if value is not None else queryset


class RecurringGiftFilterSet(WagtailFilterSet):
    status = _choices("Status", RecurringGift.Status.choices)
    frequency = django_filters.ChoiceFilter(label="Frequency", choices=RecurringGift.Frequency.choices)
    fund = django_filters.ModelChoiceFilter(label="Fund", queryset=Fund.objects.all())
    next_charge_date = _date_range("Next charge between", "next_charge_date")

    class Meta:
        model = RecurringGift
        fields: list[str] = []


class PledgeFilterSet(WagtailFilterSet):
    status = _choices("Status", Pledge.Status.choices)
    fund = django_filters.ModelChoiceFilter(label="Fund", queryset=Fund.objects.all())
    campaign = django_filters.ModelChoiceFilter(label="Campaign", queryset=Campaign.objects.all())
    pledged_on = _date_range("Pledged between", "pledged_on")

    class Meta:
        model = Pledge
        fields: list[str] = []


class CampaignFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(label="Active")
    start_date = _date_range("Starts between", "start_date")

    class Meta:
        model = Campaign
        fields: list[str] = []


class GiftBatchFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="Status", choices=GiftBatch.Status.choices, empty_label="Any")

    class Meta:
        model = GiftBatch
        fields: list[str] = []


class StripeEventFilterSet(WagtailFilterSet):
    status = _choices("Status", StripeEvent.Status.choices)
    type = django_filters.CharFilter(label="Event type", lookup_expr="startswith")
    received_at = _date_range("Received between", "received_at")

    class Meta:
        model = StripeEvent
        fields: list[str] = []


class PaymentAttemptFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=PaymentAttempt.Kind.choices, empty_label="Any")
    at = _date_range("Between", "at")
    client_ip = django_filters.CharFilter(label="IP address")

    class Meta:
        model = PaymentAttempt
        fields: list[str] = []
