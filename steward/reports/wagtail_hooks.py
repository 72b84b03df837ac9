"""Wagtail admin registrations of the reports domain: the "Reports" menu, its pages and the dashboard charts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin import urls as admin_urls
from .admin.common import VIEW_BOARD_PACK, PermissionMenuItem
from .admin.dashboard import ReportsDashboardPanel
from .admin.viewsets import REPORTS_MENU_HOOK, reports_viewsets


@hooks.register("register_admin_viewset")
def register_reports_viewsets() -> list[Any]:
    return reports_viewsets()


@hooks.register("register_admin_urls")
def register_reports_urls() -> list[Any]:
    return admin_urls.urlpatterns


@hooks.register(REPORTS_MENU_HOOK)
def register_board_pack_menu_item() -> MenuItem:
    return PermissionMenuItem(
        "Board pack", reverse("reports_board_pack"), icon_name="doc-full", order=10, permission=VIEW_BOARD_PACK
    )


@hooks.register("construct_homepage_panels")
def add_reports_dashboard_panel(request: Any, panels: list[Any]) -> None:
    if request.user.has_perm(VIEW_BOARD_PACK):
        panels.append(ReportsDashboardPanel(request))
