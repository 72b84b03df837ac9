"""Campaigns and appeals: listings with progress, and the campaign's page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic

from steward.core.admin_views import ExportMixin

from .. import admin_selectors
from ..models import Campaign
from ..money import base_currency
from .common import VIEW_GIFTS, gifts_url, money


def _progress(campaign: Campaign) -> str:
    percent = admin_selectors.campaign_progress_percent(campaign)
    return f"{percent}%" if percent is not None else "—"


class CampaignIndexView(ExportMixin, generic.IndexView):
    """Campaigns with their progress: raised against the goal and the number of donors, computed in SQL."""

    is_searchable = True
    search_fields = ["name", "slug"]

    def get_base_queryset(self) -> QuerySet[Campaign]:
        return admin_selectors.campaign_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(name__icontains=self.search_query.strip())

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="Campaign", sort_key="name", get_url=lambda obj: self.get_inspect_url(obj)
        )
        currency = base_currency()
        return [
            title,
            Column(
                "raised",
                label=f"Raised ({currency})",
                accessor=lambda obj: money(obj.raised, currency),
                sort_key="raised",
            ),
            Column(
                "goal_base",
                label=f"Goal ({currency})",
                accessor=lambda o: money(o.goal_base, currency),
                sort_key="goal_base",
            ),
            Column("progress", label="Progress", accessor=_progress),
            Column("donor_count", label="Donors", sort_key="donor_count"),
            DateColumn("start_date", label="Starts", sort_key="start_date"),
            DateColumn("end_date", label="Ends", sort_key="end_date"),
            BooleanColumn("active", label="Active", sort_key="active"),
        ]

    def export_parent(self, item: Campaign) -> str:
        return str(item.parent or "")

    def export_fund(self, item: Campaign) -> str:
        return str(item.fund or "")


class CampaignInspectView(generic.InspectView):
    """A campaign's page: progress, its appeals and its latest gifts."""

    template_name = "donations/admin/campaign_detail.html"
    latest_gifts = 20

    def get_object(self, queryset: QuerySet | None = None) -> Campaign:
        return get_object_or_404(admin_selectors.campaign_listing_queryset(), pk=self.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign = self.object
        can_see_gifts = self.request.user.has_perm(VIEW_GIFTS)
        context.update(
            campaign=campaign,
            currency=base_currency(),
            progress=admin_selectors.campaign_progress_percent(campaign),
            appeals=admin_selectors.campaign_appeals(campaign=campaign),
            gifts=admin_selectors.campaign_latest_gifts(campaign=campaign, limit=self.latest_gifts)
            if can_see_gifts
            else None,
            gifts_url=gifts_url(campaign=campaign.pk) if can_see_gifts else None,
        )
        return context


class AppealIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["name", "code"]

    def get_base_queryset(self) -> QuerySet:
        return admin_selectors.appeal_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(name__icontains=query) | queryset.filter(code__iexact=query)

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="Appeal", sort_key="name", get_url=lambda obj: self.get_edit_url(obj)
        )
        currency = base_currency()
        return [
            title,
            Column("code", label="Source code", sort_key="code"),
            Column("campaign", label="Campaign", accessor=lambda obj: obj.campaign or "", sort_key="campaign__name"),
            Column("channel", label="Channel", accessor="get_channel_display", sort_key="channel"),
            Column("raised", label="Raised", accessor=lambda obj: money(obj.raised, currency), sort_key="raised"),
            Column("gift_count", label="Gifts", sort_key="gift_count"),
            BooleanColumn("active", label="Active", sort_key="active"),
        ]
