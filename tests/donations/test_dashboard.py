"""The fundraising panel on the Wagtail admin home page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from steward.core.dates import organisation_today
from steward.donations.admin_selectors import fundraising_dashboard_figures
from steward.donations.models import Gift, RecurringGift
from steward.donations.rollups import fiscal_year_start
from tests.donations.test_admin import make_gift
from tests.factories import FundFactory, IndividualFactory, RecurringGiftFactory, StaffUserFactory, StripeEventFactory

pytestmark = pytest.mark.django_db

HOME = reverse("wagtailadmin_home")


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(.*?)</dd>', html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def recurring(amount: str, frequency: str, status: str, currency: str = "USD") -> RecurringGift:
    return RecurringGiftFactory(
        constituent=IndividualFactory(),
        amount=Decimal(amount),
        currency=currency,
        frequency=frequency,
        status=status,
        fund=FundFactory(code="general"),
    )


def last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@pytest.fixture
def giving():
    """Gifts this month, earlier this fiscal year, and in the same periods last year; some that do not count."""
    today = organisation_today()
    month_start = today.replace(day=1)
    year_start = fiscal_year_start(today)
    make_gift(amount="100.00", gift_date=today)
    make_gift(
        amount="40.00", gift_date=month_start, status=Gift.Status.PARTIALLY_REFUNDED, amount_refunded=Decimal("10")
    )
    make_gift(amount="999.00", gift_date=today, status=Gift.Status.FAILED)
    make_gift(amount="500.00", gift_date=today, status=Gift.Status.REFUNDED, amount_refunded=Decimal("500.00"))
    make_gift(amount="50.00", currency="EUR", base_amount=Decimal("55.00"), gift_date=today)
    make_gift(amount="300.00", gift_date=year_start)  # this fiscal year, maybe not this month
    make_gift(amount="70.00", gift_date=last_year(today))  # same month last year, up to the same day
    make_gift(amount="20.00", gift_date=fiscal_year_start(last_year(today)))  # last fiscal year's first day
    make_gift(amount="1000.00", gift_date=fiscal_year_start(last_year(today)) - dt.timedelta(days=1))  # before it
    recurring("10.00", "monthly", "active")
    recurring("120.00", "annual", "active")
    recurring("25.00", "monthly", "active", currency="EUR")
    recurring("30.00", "monthly", "cancelled")
    recurring("15.00", "monthly", "past_due")
    StripeEventFactory(event_id="evt_1", type="charge.refunded", payload={}, status="failed", last_error="x")
    StripeEventFactory(event_id="evt_2", type="charge.refunded", payload={}, status="processed")
    return today


def expected_revenue(start: dt.date, end: dt.date) -> Decimal:
    """Computed in Python from the rows: counted gifts, base amounts less the refunded share."""
    total = Decimal("0")
    for gift in Gift.objects.filter(gift_date__gte=start, gift_date__lte=end):
        if gift.status in ("succeeded", "partially_refunded") and gift.base_amount is not None:
            total += gift.base_amount - gift.amount_refunded * gift.base_amount / gift.amount
    return total


def test_dashboard_figures_match_the_gifts(giving):
    today = giving
    figures = fundraising_dashboard_figures(today=today)
    assert figures.this_month == expected_revenue(today.replace(day=1), today)
    assert figures.year_to_date == expected_revenue(fiscal_year_start(today), today)
    assert figures.this_month_last_year == expected_revenue(last_year(today).replace(day=1), last_year(today))
    assert figures.year_to_date_last_year == expected_revenue(fiscal_year_start(last_year(today)), last_year(today))
    assert figures.this_month >= Decimal("185.00")  # 100 + 30 kept of 40 + 55 (EUR gift's base amount)
    assert figures.monthly_recurring_revenue == Decimal("20.00")  # 10 monthly + 120 a year; EUR left out
    assert figures.past_due_recurring == 1
    assert figures.failed_gifts_recent == 1
    assert figures.failed_webhook_events == 1


def test_dashboard_panel_shows_the_figures_to_fundraising_staff(client, giving):
    figures = fundraising_dashboard_figures(today=giving)
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    response = client.get(HOME)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="fundraising-figures-section"' in html
    assert figure(html, "this-month").replace(",", "") == f"{figures.this_month:.2f} USD"
    assert figure(html, "year-to-date").replace(",", "") == f"{figures.year_to_date:.2f} USD"
    assert figure(html, "mrr") == "20.00 USD"
    assert figure(html, "past-due") == "1"
    assert figure(html, "failed-gifts") == "1"
    assert figure(html, "failed-events") == "1"
    assert reverse("donations_stripe_events:index") + "?status=failed" in html
    assert reverse("donations_recurring:index") + "?status=past_due" in html


@pytest.mark.parametrize("group", ["Volunteer coordinators", "Board"])
def test_dashboard_panel_is_hidden_from_staff_who_do_not_see_gifts(client, giving, group):
    client.force_login(StaffUserFactory(groups=[group]))
    response = client.get(HOME)
    assert response.status_code == 200
    assert 'id="fundraising-figures"' not in response.content.decode()
    assert 'data-figure="mrr"' not in response.content.decode()
    # Wagtail renders the panel's id as fundraising-figures-section: the first check above can never fail
    assert 'id="fundraising-figures-section"' not in response.content.decode()
