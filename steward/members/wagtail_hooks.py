"""Wagtail admin registrations of the members domain: the "Members" menu, choosers and the dashboard panel."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin.choosers import ConstituentChooserViewSet, HouseholdChooserViewSet
from .admin.dashboard import MembershipDashboardPanel
from .admin.interactions import MyTasksMenuItem
from .admin.viewsets import MEMBERS_MENU_HOOK, MembersViewSetGroup


@hooks.register("register_admin_viewset")
def register_members_viewsets() -> list[Any]:
    return [MembersViewSetGroup(), ConstituentChooserViewSet(), HouseholdChooserViewSet()]


@hooks.register(MEMBERS_MENU_HOOK)
def register_my_tasks_menu_item() -> MenuItem:
    return MyTasksMenuItem("My open tasks", reverse("members_tasks:mine"), icon_name="tasks", order=65)


@hooks.register("construct_homepage_panels")
def add_membership_dashboard_panel(request: Any, panels: list[Any]) -> None:
    panels.append(MembershipDashboardPanel(request))


@hooks.register("insert_global_admin_css")
def members_admin_css() -> str:
    """Steward's small stylesheet for the admin (listing column widths)."""
    return format_html('<link rel="stylesheet" href="{}">', static("members/admin.css"))
