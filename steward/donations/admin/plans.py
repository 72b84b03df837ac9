"""Recurring gifts and pledges: their listings."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic

from steward.core.admin_views import ExportMixin, KeysetPageMixin
from steward.members.selectors import constituent_search

from .. import admin_selectors
from ..models import Pledge, RecurringGift
from .common import donor_column, money


class RecurringGiftIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["constituent__display_name"]

    def get_base_queryset(self) -> QuerySet[RecurringGift]:
        return admin_selectors.recurring_gift_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(constituent__in=constituent_search(query=self.search_query).values("pk"))

    def get_delete_url(self, instance: RecurringGift) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        title = donor_column(self)
        return [
            title,
            Column("amount", label="Amount", accessor=lambda o: money(o.amount, o.currency), sort_key="amount"),
            Column("frequency", label="Frequency", accessor="get_frequency_display", sort_key="frequency"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status == RecurringGift.Status.ACTIVE,
                sort_key="status",
            ),
            Column("fund", label="Fund", sort_key="fund__name"),
            DateColumn("next_charge_date", label="Next charge", sort_key="next_charge_date"),
            Column("failed_payment_count", label="Failed payments", sort_key="failed_payment_count"),
            Column("payment_method", label="Card", accessor=lambda obj: obj.payment_method or ""),
        ]

    def export_constituent(self, item: RecurringGift) -> str:
        return str(item.constituent)

    def export_status(self, item: RecurringGift) -> str:
        return item.get_status_display()

    def export_fund(self, item: RecurringGift) -> str:
        return item.fund.name


class PledgeIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Pledge]:
        return admin_selectors.pledge_listing_queryset()

    def get_delete_url(self, instance: Pledge) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        title = donor_column(self)
        return [
            title,
            Column("amount", label="Pledged", accessor=lambda o: money(o.amount, o.currency), sort_key="amount"),
            Column("paid", label="Paid", accessor=lambda o: money(o.paid, o.currency), sort_key="paid"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status == Pledge.Status.OPEN,
                sort_key="status",
            ),
            Column("fund", label="Fund", sort_key="fund__name"),
            Column("campaign", label="Campaign", accessor=lambda obj: obj.campaign or "", sort_key="campaign__name"),
            DateColumn("pledged_on", label="Pledged on", sort_key="pledged_on"),
        ]

    def export_constituent(self, item: Pledge) -> str:
        return str(item.constituent)

    def export_status(self, item: Pledge) -> str:
        return item.get_status_display()

    def export_fund(self, item: Pledge) -> str:
        return item.fund.name

    def export_campaign(self, item: Pledge) -> str:
        return item.campaign.name if item.campaign else ""
