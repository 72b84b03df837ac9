"""Wagtail admin registrations of the donations domain (the screens themselves are in admin/): the "Fundraising"
menu with the exchange rates, the gifts awaiting one and the year-end statements, the giving section of the
constituent page and the fundraising dashboard panel."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from steward.core.admin_sections import CONSTITUENT_SECTIONS_HOOK, SUMMARY_FACTS_HOOK, TIMELINE_SOURCES_HOOK

from .admin import statements
from .admin.common import VIEW_GIFTS
from .admin.dashboard import FundraisingDashboardPanel
from .admin.rates import ExchangeRateViewSet, GiftsAwaitingRateMenuItem, awaiting_rate_menu_item
from .admin.sections import GivingSection, summary_giving_facts
from .admin.timeline import donation_timeline_sources
from .admin.viewsets import FUNDRAISING_MENU_HOOK, FundraisingViewSetGroup


@hooks.register("register_admin_viewset")
def register_donations_viewsets() -> FundraisingViewSetGroup:
    return FundraisingViewSetGroup()


@hooks.register("register_admin_viewset")
def register_exchange_rate_viewset() -> ExchangeRateViewSet:
    return ExchangeRateViewSet()


@hooks.register(FUNDRAISING_MENU_HOOK)
def add_awaiting_rate_menu_item() -> GiftsAwaitingRateMenuItem:
    return awaiting_rate_menu_item()


@hooks.register(CONSTITUENT_SECTIONS_HOOK)
def add_giving_section(request: Any, constituent: Any, sections: list[Any]) -> None:
    sections.append(GivingSection(request, constituent))


@hooks.register("construct_homepage_panels")
def add_fundraising_dashboard_panel(request: Any, panels: list[Any]) -> None:
    if request.user.has_perm(VIEW_GIFTS):
        panels.append(FundraisingDashboardPanel(request))


@hooks.register("register_admin_urls")
def register_year_end_statements_url() -> list[Any]:
    return statements.year_end_statements_urls()


@hooks.register(FUNDRAISING_MENU_HOOK)
def register_year_end_statements_menu_item() -> statements.YearEndStatementsMenuItem:
    return statements.year_end_statements_menu_item()


@hooks.register(TIMELINE_SOURCES_HOOK)
def register_donations_timeline_sources() -> list[Any]:
    return donation_timeline_sources()


@hooks.register(SUMMARY_FACTS_HOOK)
def add_giving_summary_facts(request: Any, constituent: Any, facts: list[Any]) -> None:
    summary_giving_facts(request, constituent, facts)
