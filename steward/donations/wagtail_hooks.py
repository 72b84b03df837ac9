"""Wagtail admin registrations of the donations domain: the "Fundraising" menu, the giving section of the
constituent page and the fundraising dashboard panel."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from steward.members.views import CONSTITUENT_SECTIONS_HOOK

from .admin_views import VIEW_GIFTS, FundraisingDashboardPanel, GivingSection
from .viewsets import FundraisingViewSetGroup


@hooks.register("register_admin_viewset")
def register_donations_viewsets() -> FundraisingViewSetGroup:
    return FundraisingViewSetGroup()


@hooks.register(CONSTITUENT_SECTIONS_HOOK)
def add_giving_section(request: Any, constituent: Any, sections: list[Any]) -> None:
    sections.append(GivingSection(request, constituent))


@hooks.register("construct_homepage_panels")
def add_fundraising_dashboard_panel(request: Any, panels: list[Any]) -> None:
    if request.user.has_perm(VIEW_GIFTS):
        panels.append(FundraisingDashboardPanel(request))
