"""The fundraising panel of the admin's dashboard."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .. import admin_selectors
from .common import gifts_url


class FundraisingDashboardPanel(Component):
    """Revenue against last year, monthly recurring revenue and what needs attention, for staff who see gifts."""

    name = "fundraising_figures"
    order = 60
    template_name = "donations/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {
            "figures": admin_selectors.fundraising_dashboard_figures(),
            "attention_days": admin_selectors.ATTENTION_DAYS,
            "links": {
                "past_due": reverse("donations_recurring:index") + "?status=past_due",
                "failed_gifts": gifts_url(status="failed"),
                "failed_events": reverse("donations_stripe_events:index") + "?status=failed",
                "awaiting_rate": reverse("donations_exchange_rates:awaiting"),
            },
        }
