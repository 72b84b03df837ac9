"""The reports panel of the admin's dashboard: members and revenue over the last 12 months, as small charts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.ui.components import Component

from steward.core.dates import organisation_today

from .. import charts
from ..figures import membership_trend, revenue_trend


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
        revenue = revenue_trend(today, months=12)
        return {
            "members_chart": charts.as_data_uri(
                charts.line_chart(members, title="Active members, last 12 months", width=4.2, height=2)
            ),
            "revenue_chart": charts.as_data_uri(
                charts.bar_chart(
                    [month.month.strftime("%b") for month in revenue],
                    [month.value for month in revenue],
                    title="Revenue, last 12 months",
                    width=4.2,
                    height=2,
                )
            ),
            "board_pack_url": reverse("reports_board_pack"),
        }
