"""The board pack's figures through the API: staff with reports.view_boardpack only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from steward.reports.figures import board_pack_figures, period_containing
from tests.factories import GiftFactory
from tests.graphql.conftest import staff_with

QUERY = """
query ($day: Date!) {
  boardPack(kind: QUARTER, day: $day) {
    period { label start end }
    hasData
    fundraising { revenue giftCount donors byFund { label amount count } }
    membership { active joins retentionRate }
    volunteering { hours }
    demographics { title rows { label count } }
  }
}
"""


def test_staff_with_the_permission_get_the_same_figures_as_the_pack(graphql):
    GiftFactory(amount=Decimal("120.00"), gift_date=dt.date(2026, 2, 3))
    graphql.login(staff_with("reports.view_boardpack"))
    data = graphql(QUERY, {"day": "2026-02-01"}).data["boardPack"]
    figures = board_pack_figures(period_containing("quarter", dt.date(2026, 2, 1)))
    assert data["period"]["label"] == figures.period.label
    assert data["hasData"] is True
    assert Decimal(data["fundraising"]["revenue"]) == figures.fundraising.revenue == Decimal("120.00")
    assert data["fundraising"]["giftCount"] == 1
    assert data["membership"]["retentionRate"] is None


def test_others_get_null(graphql, member):
    graphql.login(staff_with())  # staff without the permission
    assert graphql(QUERY, {"day": "2026-02-01"}).data["boardPack"] is None
    graphql.login(member.user)
    assert graphql(QUERY, {"day": "2026-02-01"}).data["boardPack"] is None
