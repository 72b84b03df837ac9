"""The reports panel of the admin's dashboard: members and revenue over the last 12 months, as small charts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.ui.components import Component

from steward.core.dates import organisation_today
from steward.core.money import format_money
from steward.donations.money import base_currency

from .. import charts
from ..figures import membership_trend, revenue_trend

CHART_WIDTH = 4.2  # inches: two charts side by side in a dashboard panel
CHART_HEIGHT = 2


class ReportsDashboardPanel(Component):
    """Members and revenue over the last 12 months, as small charts, for staff who may open reports."""

    name = "reports_charts"
    order = 70
    template_name = "reports/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        today = organisation_today()
        members = membership_trend(today, months=12)
        # The current month up to today: its bar is the Fundraising panel's "This month".
        revenue = revenue_trend(today, months=12)
        currency = base_currency()
        return {
            "members_chart": charts.as_data_uri(
                charts.line_chart(
                    members, title="Active members, last 12 months", width=CHART_WIDTH, height=CHART_HEIGHT
                )
            ),
            "revenue_chart": charts.as_data_uri(
                charts.bar_chart(
                    [month.month.strftime("%b") for month in revenue],
                    [month.value for month in revenue],
                    title=f"Revenue, last 12 months ({currency})",
                    width=CHART_WIDTH,
                    height=CHART_HEIGHT,
                    time_axis=True,
                )
            ),
            "revenue": revenue,
            "revenue_this_month": format_money(revenue[-1].value, currency),
            "board_pack_url": reverse("reports_board_pack"),
        }
