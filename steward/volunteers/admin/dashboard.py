"""The volunteering panel of the admin's dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .. import selectors
from .common import VIEW_HOURS, VIEW_SIGNUPS, shift_roster_url, shift_when


def can_see_volunteer_dashboard(user: Any) -> bool:
    """The panel is for staff who may see sign-ups or hours."""
    return user.has_perm(VIEW_SIGNUPS) or user.has_perm(VIEW_HOURS)


class VolunteerDashboardPanel(Component):
    """Hours this month and year, active volunteers, under-filled shifts soon and hours waiting for approval."""

    name = "volunteer_figures"
    order = 70
    template_name = "volunteers/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        figures = selectors.volunteer_dashboard_figures()
        return {
            "figures": figures,
            "underfilled": [
                (shift, shift_when(shift), shift_roster_url(shift)) for shift in figures.underfilled_shifts
            ],
            "active_days": selectors.ACTIVE_DAYS,
            "underfilled_days": selectors.UNDERFILLED_DAYS,
            "approve_url": reverse("volunteers_hours:approve"),
        }
