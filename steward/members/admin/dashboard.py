"""The members panel of the admin home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from steward.core.dates import organisation_today

from .. import selectors
from ..models import (
    Membership,
)


class MembershipDashboardPanel(Component):
    """Membership figures and the signed-in staff member's open tasks, on the admin home page."""

    name = "membership_figures"
    order = 50
    template_name = "members/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        user = self.request.user
        policy = policy_registry.get_by_type(Membership)
        show_figures = policy.user_has_any_permission(user, ["add", "change", "view"])
        figures = selectors.membership_dashboard_figures() if show_figures else None
        memberships_url = reverse("members_memberships:index")
        return {
            "figures": figures,
            "open_task_count": selectors.open_tasks_for(user=user).count(),
            "overdue_task_count": selectors.open_tasks_for(user=user).filter(due_date__lt=organisation_today()).count(),
            "my_tasks_url": reverse("members_tasks:mine"),
            "links": {
                "active": memberships_url + "?status=current&status=grace",
                "renewals": memberships_url + "?status=current&ordering=end_date",
                "lapsed": memberships_url + "?status=expired&ordering=-end_date",
            },
        }
