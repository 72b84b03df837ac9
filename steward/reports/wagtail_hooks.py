"""Wagtail admin registrations of the reports domain: the "Reports" menu, its pages and the dashboard charts."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .viewsets import REPORTS_MENU_HOOK, reports_viewsets


@hooks.register("register_admin_viewset")
def register_reports_viewsets() -> list[Any]:
    return reports_viewsets()


@hooks.register("register_admin_urls")
def register_reports_urls() -> list[Any]:
    return [
        path("reports/board-pack/", views.BoardPackView.as_view(), name="reports_board_pack"),
        path("reports/board-pack/preview/", views.BoardPackPreviewView.as_view(), name="reports_board_pack_preview"),
        path(
            "reports/board-pack/download/<str:file_format>/",
            views.BoardPackDownloadView.as_view(),
            name="reports_board_pack_download",
        ),
        path("reports/segments/count/", views.SegmentCountView.as_view(), name="reports_segment_count"),
        path("reports/segments/members/<int:pk>/", views.SegmentMembersView.as_view(), name="reports_segment_members"),
        path("reports/segments/export/<int:pk>/", views.SegmentExportView.as_view(), name="reports_segment_export"),
        path("reports/exports/<int:pk>/file/", views.ExportDownloadView.as_view(), name="reports_export_download"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register(REPORTS_MENU_HOOK)
def register_board_pack_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Board pack", reverse("reports_board_pack"), icon_name="doc-full", order=10, permission=views.VIEW_BOARD_PACK
    )


@hooks.register("construct_homepage_panels")
def add_reports_dashboard_panel(request: Any, panels: list[Any]) -> None:
    if request.user.has_perm(views.VIEW_BOARD_PACK):
        panels.append(views.ReportsDashboardPanel(request))
