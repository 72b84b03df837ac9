"""The opportunities listing, with its export."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic

from steward.core.admin_views import ExportMixin

from .. import selectors
from ..models import Opportunity


class OpportunityIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["title", "location"]

    def get_base_queryset(self) -> QuerySet[Opportunity]:
        return selectors.opportunity_listing()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(title__icontains=self.search_query.strip())

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "title", label="Opportunity", sort_key="title", get_url=lambda obj: self.get_edit_url(obj)
        )
        return [
            title,
            Column("location", label="Where", accessor=lambda obj: "Online" if obj.is_online else obj.location),
            Column("upcoming_shift_count", label="Shifts to come", sort_key="upcoming_shift_count"),
            BooleanColumn("requires_background_check", label="Background check", sort_key="requires_background_check"),
            BooleanColumn("active", label="Active", sort_key="active"),
        ]

    def export_skills_wanted(self, item: Opportunity) -> str:
        return ", ".join(skill.name for skill in item.skills_wanted.all())
