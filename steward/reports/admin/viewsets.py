"""Wagtail viewsets of the reports domain, items of Wagtail's own "Reports" menu: segments, the export history and
the board pack's scheduled runs (the board pack page itself is a menu item added through REPORTS_MENU_HOOK)."""

from __future__ import annotations

from wagtail.admin.viewsets.model import ModelViewSet

from steward.core.admin_views import ListAndInspectViewSet

from ..models import BoardPackRun, ExportLog, Segment
from . import forms
from .board_pack import BoardPackRunIndexView
from .export_history import ExportLogIndexView
from .segments import SegmentCreateView, SegmentDeleteView, SegmentEditView, SegmentIndexView

# Wagtail's own "Reports" menu.
REPORTS_MENU_HOOK = "register_reports_menu_item"


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
        return forms.SegmentForm


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
