"""Wagtail admin registrations of the volunteers domain: the "Volunteers" menu, the volunteering section of the
constituent page and the volunteering dashboard panel."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from steward.core.admin_sections import CONSTITUENT_SECTIONS_HOOK, SUMMARY_FACTS_HOOK, TIMELINE_SOURCES_HOOK

from .admin.dashboard import VolunteerDashboardPanel, can_see_volunteer_dashboard
from .admin.sections import VolunteeringSection, summary_hours_facts
from .admin.timeline import volunteer_timeline_sources
from .admin.viewsets import VolunteersViewSetGroup


@hooks.register("register_admin_viewset")
def register_volunteers_viewsets() -> VolunteersViewSetGroup:
    return VolunteersViewSetGroup()


@hooks.register(CONSTITUENT_SECTIONS_HOOK)
def add_volunteering_section(request: Any, constituent: Any, sections: list[Any]) -> None:
    sections.append(VolunteeringSection(request, constituent))


@hooks.register("construct_homepage_panels")
def add_volunteer_dashboard_panel(request: Any, panels: list[Any]) -> None:
    if can_see_volunteer_dashboard(request.user):
        panels.append(VolunteerDashboardPanel(request))


@hooks.register(TIMELINE_SOURCES_HOOK)
def register_volunteers_timeline_sources() -> list[Any]:
    return volunteer_timeline_sources()


@hooks.register(SUMMARY_FACTS_HOOK)
def add_volunteering_summary_facts(request: Any, constituent: Any, facts: list[Any]) -> None:
    summary_hours_facts(request, constituent, facts)
