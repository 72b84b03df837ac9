"""Views of relationships between constituents in the members admin."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.log_actions import log

from steward.core.admin_sections import (
    constituent_url,
)
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ServiceFormViewMixin

from .. import admin_selectors


class RelationshipIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["from_constituent__display_name", "to_constituent__display_name"]

    def get_base_queryset(self) -> QuerySet:
        return admin_selectors.relationship_listing_queryset()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "from_constituent",
            label="From",
            accessor="from_constituent",
            sort_key="from_constituent__sort_name",
            get_url=lambda obj: constituent_url(obj.from_constituent),
        )
        return [
            title,
            Column("type", label="Relationship", accessor="type.forward_label", sort_key="type__name"),
            Column("to_constituent", label="To", sort_key="to_constituent__sort_name"),
            DateColumn("start_date", label="Since", sort_key="start_date"),
            DateColumn("end_date", label="Until", sort_key="end_date"),
        ]

    def export_from_constituent(self, item: Any) -> str:
        return str(item.from_constituent)

    def export_to_constituent(self, item: Any) -> str:
        return str(item.to_constituent)

    def export_type(self, item: Any) -> str:
        return item.type.forward_label


class RelationshipCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for name in ("from_constituent", "to_constituent"):
            if value := self.request.GET.get(name):
                initial[name] = value
        return initial

    def save_instance(self) -> Any:
        relationship = self.form.save()
        log(instance=relationship, action="wagtail.create", user=self.request.user)
        return relationship
