"""The admin home's revenue chart against the Fundraising panel's headline beside it, and the charts' labels."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from steward.core.dates import organisation_today
from steward.donations.models import Gift
from tests.documents import Box, svg_from_data_uri, x_tick_labels
from tests.donations.test_admin import make_gift
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(.*?)</(?:dd|small)>', html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def chart(html: str, name: str) -> str:
    match = re.search(rf'<img src="(data:image/svg\+xml;base64,[^"]+)"[^>]*data-chart="{name}"', html)
    assert match, name
    return svg_from_data_uri(match.group(1))


@pytest.fixture
def this_months_gifts():
    """Gifts of this month up to today that count, ones that do not, and one dated later this month."""
    today = organisation_today()
    make_gift(amount="100.00", gift_date=today)
    make_gift(
        amount="40.00",
        gift_date=today.replace(day=1),
        status=Gift.Status.PARTIALLY_REFUNDED,
        amount_refunded=Decimal("10.00"),
    )
    make_gift(amount="50.00", currency="EUR", base_amount=Decimal("55.00"), gift_date=today)
    make_gift(amount="80.00", currency="EUR", gift_date=today)  # no exchange rate yet: not counted anywhere
    make_gift(amount="999.00", gift_date=today, status=Gift.Status.FAILED)
    make_gift(amount="500.00", gift_date=today, status=Gift.Status.REFUNDED, amount_refunded=Decimal("500.00"))
    later = today + dt.timedelta(days=1)
    if later.month == today.month:  # a post-dated cheque, entered today, dated later this month
        make_gift(amount="1000.00", gift_date=later)
    make_gift(amount="7.00", gift_date=today.replace(day=1) - dt.timedelta(days=1))  # last month
    return today


def test_the_revenue_charts_last_month_is_the_headline_beside_it(client, this_months_gifts):
    # given gifts this month (100 + 30 kept of 40 + 55 for the EUR gift = 185.00 USD up to today)
    client.force_login(SuperuserFactory())
    # when staff open the admin home
    response = client.get(HOME)
    html = response.content.decode()
    # then the Fundraising panel's "This month" and the revenue chart's current month are one figure
    assert figure(html, "this-month") == "185.00 USD"
    assert figure(html, "revenue-this-month") == "This month so far: 185.00 USD"
    revenue = response.context["revenue"]
    assert revenue[-1].month == this_months_gifts.replace(day=1)
    assert revenue[-1].value == Decimal("185.00")
    assert revenue[-2].value == Decimal("7.00")


def test_the_dashboard_charts_month_labels_do_not_overlap(client, this_months_gifts):
    client.force_login(SuperuserFactory())
    html = client.get(HOME).content.decode()
    for name in ("members", "revenue"):
        labels = x_tick_labels(chart(html, name))
        assert len(labels) >= 4, name
        boxes: list[Box] = sorted((label.box() for label in labels), key=lambda box: box.x0)
        for left, right in itertools.pairwise(boxes):
            assert right.x0 - left.x1 >= 1.0, (name, left, right)
        assert labels[-1].text.startswith(this_months_gifts.strftime("%b")), name
