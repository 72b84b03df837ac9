"""The reports admin's pages that are not a viewset's: the board pack, and a segment's count, members and export.
Registered under the admin's URLs by wagtail_hooks."""

from __future__ import annotations

from django.urls import URLPattern, path

from .board_pack import BoardPackDownloadView, BoardPackPreviewView, BoardPackView
from .export_history import ExportDownloadView
from .segments import SegmentCountView, SegmentExportView, SegmentMembersView

urlpatterns: list[URLPattern] = [
    path("reports/board-pack/", BoardPackView.as_view(), name="reports_board_pack"),
    path("reports/board-pack/preview/", BoardPackPreviewView.as_view(), name="reports_board_pack_preview"),
    path(
        "reports/board-pack/download/<str:file_format>/",
        BoardPackDownloadView.as_view(),
        name="reports_board_pack_download",
    ),
    path("reports/segments/count/", SegmentCountView.as_view(), name="reports_segment_count"),
    path("reports/segments/members/<int:pk>/", SegmentMembersView.as_view(), name="reports_segment_members"),
    path("reports/segments/export/<int:pk>/", SegmentExportView.as_view(), name="reports_segment_export"),
    path("reports/exports/<int:pk>/file/", ExportDownloadView.as_view(), name="reports_export_download"),
]
