"""Wagtail viewsets of the reports domain, items of Wagtail's own "Reports" menu: segments, the export history and
the board pack's scheduled runs (the board pack page itself is a menu item added through REPORTS_MENU_HOOK)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin import messages
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from steward.core.admin_views import ListAndInspectViewSet, ServiceFormViewMixin

from . import admin_forms, selectors, services
from .models import BoardPackRun, ExportLog, Segment

# Wagtail's own "Reports" menu.
REPORTS_MENU_HOOK = "register_reports_menu_item"


class SegmentIndexView(generic.IndexView):
    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name",
            label="Segment",
            sort_key="name",
            get_url=lambda obj: reverse("reports_segment_members", args=(obj.pk,)),
        )
        return [
            title,
            Column("description", label="Description"),
            BooleanColumn("built_in", label="Built in", accessor=lambda obj: bool(obj.built_in)),
            DateColumn("updated_at", label="Changed", sort_key="updated_at"),
        ]


class SegmentCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> Segment:
        return self.form.save()


class SegmentEditView(ServiceFormViewMixin, generic.EditView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> Segment:
        return self.form.save()


class SegmentDeleteView(generic.DeleteView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Built-in segments are kept, but only someone who may delete segments is told so.

        The permission check (Wagtail's, in super().dispatch) comes first: a user without `reports.delete_segment`
        gets the refusal every admin view gives, whether the segment is built-in or not, so the answer reveals
        nothing about it."""
        if self.user_has_permission(self.permission_required) and self.object.built_in:
            messages.error(request, "Built-in segments cannot be deleted; change their conditions instead.")
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def delete_action(self) -> None:
        services.segment_delete(segment=self.object)


class SegmentViewSet(ModelViewSet):
    menu_hook = REPORTS_MENU_HOOK
    model = Segment
    icon = "group"
    menu_label = "Segments"
    menu_order = 20
    url_prefix = "reports/segments"
    url_namespace = "reports_segments"
    index_view_class = SegmentIndexView
    add_view_class = SegmentCreateView
    edit_view_class = SegmentEditView
    delete_view_class = SegmentDeleteView
    copy_view_enabled = False
    search_fields = ["name", "description"]
    ordering = "name"

    def get_form_class(self, for_update: bool = False) -> type:
        return admin_forms.SegmentForm


class ExportLogIndexView(generic.IndexView):
    page_title = "Export history"

    def get_add_url(self) -> None:
        return None

    def get_base_queryset(self) -> Any:
        return selectors.export_log_listing()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="What", get_url=lambda obj: self.get_inspect_url(obj)
        )
        return [
            title,
            Column("kind", label="Kind", accessor="get_kind_display"),
            Column("user", label="Who", accessor=lambda obj: obj.user or "the system"),
            Column("file_format", label="Format"),
            Column("row_count", label="Rows", accessor=lambda obj: "" if obj.row_count is None else obj.row_count),
            BooleanColumn("personal_data", label="Personal data"),
            DateColumn("exported_at", label="When", sort_key="exported_at"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status in (ExportLog.Status.SENT, ExportLog.Status.READY),
            ),
            Column("file", label="File", accessor=self.download_link),
        ]

    def download_link(self, log: ExportLog) -> str:
        """A prepared export's link, for the person who asked for it."""
        if log.status != ExportLog.Status.READY or log.user_id != self.request.user.pk:
            return ""
        return format_html('<a href="{}">Download</a>', reverse("reports_export_download", args=(log.pk,)))


class ExportLogViewSet(ListAndInspectViewSet):
    menu_hook = REPORTS_MENU_HOOK
    model = ExportLog
    icon = "download"
    menu_label = "Export history"
    menu_order = 30
    url_prefix = "reports/exports"
    url_namespace = "reports_exports"
    index_view_class = ExportLogIndexView
    ordering = "-exported_at"
    list_per_page = 50
    inspect_view_fields = [
        "name",
        "kind",
        "segment",
        "user",
        "file_format",
        "columns",
        "row_count",
        "personal_data",
        "exported_at",
        "status",
        "error",
        "finished_at",
    ]


class BoardPackRunIndexView(generic.IndexView):
    page_title = "Board pack sendings"

    def get_add_url(self) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "period_start", label="Period from", sort_key="period_start", get_url=lambda obj: self.get_inspect_url(obj)
        )
        return [
            title,
            Column("period_kind", label="Kind"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status != BoardPackRun.Status.FAILED,
            ),
            Column("attempts", label="Attempts"),
            Column("recipients", label="Recipients"),
            Column("error", label="Error", accessor=lambda obj: obj.error[:200]),
            DateColumn("finished_at", label="Finished"),
        ]


class BoardPackRunViewSet(ListAndInspectViewSet):
    menu_hook = REPORTS_MENU_HOOK
    model = BoardPackRun
    icon = "mail"
    menu_label = "Board pack sendings"
    menu_order = 40
    url_prefix = "reports/board-pack-runs"
    url_namespace = "reports_board_pack_runs"
    index_view_class = BoardPackRunIndexView
    ordering = "-period_start"
    inspect_view_fields = [
        "period_kind",
        "period_start",
        "period_end",
        "status",
        "attempts",
        "recipients",
        "error",
        "created_at",
        "claimed_at",
        "finished_at",
    ]


def reports_viewsets() -> list[ModelViewSet]:
    """The viewsets of the reports domain; each is an item of Wagtail's own "Reports" menu (beside its content
    reports), so the admin has one Reports menu, not two."""
    return [SegmentViewSet(), ExportLogViewSet(), BoardPackRunViewSet()]
