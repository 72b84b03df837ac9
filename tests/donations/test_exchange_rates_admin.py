"""Fundraising → Exchange rates: the create form goes through settlement.exchange_rate_set (clear errors,
nothing written on bad input), the gifts awaiting a rate are listed, permissions follow the staff groups, and
the dashboard shows net revenue beside gross. Expected amounts are worked out by hand."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from steward.core.dates import organisation_today
from steward.donations.models import ExchangeRate, Gift, GivingSummary
from tests.admin_helpers import assert_denied, codenames, signed_in
from tests.donations.test_admin import make_gift
from tests.factories import IndividualFactory

pytestmark = pytest.mark.django_db

RATES = reverse("donations_exchange_rates:index")
ADD_RATE = reverse("donations_exchange_rates:add")
AWAITING = reverse("donations_exchange_rates:awaiting")
HOME = reverse("wagtailadmin_home")
TODAY = organisation_today()
LAST_MONTH = TODAY - dt.timedelta(days=30)


@pytest.fixture(autouse=True)
def _usd_base(settings):
    settings.STEWARD_BASE_CURRENCY = "USD"


def rate_data(**overrides) -> dict[str, str]:
    data = {"currency": "JPY", "rate": "0.0067", "valid_from": f"{LAST_MONTH:%Y-%m-%d}", "source": "Bank", "notes": ""}
    data.update(overrides)
    return data


def form_errors(response) -> dict[str, list[str]]:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(.*?)</dd>', html, re.S)
    assert match, name
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_fundraising_staff_keep_exchange_rates():
    assert {"donations.add_exchangerate", "donations.view_exchangerate"} <= codenames("Fundraising staff")
    for group in ("Membership staff", "Board", "Volunteer coordinators"):
        assert not {c for c in codenames(group) if c.endswith("_exchangerate")}


def test_setting_a_rate_in_the_admin_counts_the_gifts_awaiting_it(client):
    # given a 5,000 JPY gift from a donor who also gave 20.00 USD, with no JPY rate yet
    user = signed_in(client, "Fundraising staff")
    donor = IndividualFactory()
    make_gift(constituent=donor, amount="20.00")
    jpy = make_gift(constituent=donor, amount="5000", currency="JPY")
    # then the gift is listed as awaiting a rate, with a link to set one for its currency and date
    listing = client.get(AWAITING)
    assert listing.status_code == 200
    assert list(listing.context["object_list"]) == [jpy]
    assert f"{ADD_RATE}?currency=JPY&amp;valid_from={jpy.gift_date:%Y-%m-%d}" in listing.content.decode()
    # and the add form opened from that link starts with them
    prefilled = client.get(ADD_RATE, {"currency": "JPY", "valid_from": f"{LAST_MONTH:%Y-%m-%d}"})
    assert prefilled.status_code == 200
    assert prefilled.context["form"].initial["currency"] == "JPY"
    # when staff set a JPY rate of 0.0067 from last month
    response = client.post(ADD_RATE, rate_data())
    # then it is saved, by them, and the gift counts: 5,000 × 0.0067 = 33.50; the donor's total 53.50
    assert response.status_code == 302
    assert response["Location"] == RATES
    rate = ExchangeRate.objects.get()
    assert (rate.currency, rate.rate, rate.valid_from, rate.source, rate.created_by) == (
        "JPY",
        Decimal("0.0067"),
        LAST_MONTH,
        "Bank",
        user,
    )
    jpy.refresh_from_db()
    assert jpy.base_amount == Decimal("33.50")
    assert GivingSummary.objects.get(constituent=donor).lifetime_total == Decimal("53.50")
    assert list(client.get(AWAITING).context["object_list"]) == []
    # and the rates listing shows it
    listing = client.get(RATES)
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["object_list"]] == [rate.pk]
    assert client.get(reverse("donations_exchange_rates:inspect", args=(rate.pk,))).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rate": "-0.0067"}, "rate", "The rate must be more than zero."),
        ({"currency": "USD"}, "currency", "USD is the organisation's own currency"),
        (
            {"valid_from": f"{TODAY + dt.timedelta(days=1):%Y-%m-%d}"},
            "valid_from",
            "A rate cannot start in the future",
        ),
    ],
    ids=["negative-rate", "base-currency", "future-date"],
)
def test_the_create_form_shows_clear_errors_and_writes_nothing(client, overrides, field, message):
    signed_in(client, "Fundraising staff")
    gift = make_gift(amount="5000", currency="JPY")
    response = client.post(ADD_RATE, rate_data(**overrides))
    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == [field]
    assert errors[field][0].startswith(message)
    assert not ExchangeRate.objects.exists()
    gift.refresh_from_db()
    assert gift.base_amount is None


@pytest.mark.parametrize("group", ["Membership staff", "Board", "Volunteer coordinators"])
def test_staff_without_the_fundraising_permission_cannot_set_rates(client, group):
    signed_in(client, group)
    gift = make_gift(amount="5000", currency="JPY")
    assert_denied(client.get(RATES))
    assert_denied(client.get(ADD_RATE))
    assert_denied(client.post(ADD_RATE, rate_data()))
    assert not ExchangeRate.objects.exists()
    gift.refresh_from_db()
    assert gift.base_amount is None


def test_staff_who_see_gifts_see_those_awaiting_a_rate_and_others_do_not(client):
    make_gift(amount="5000", currency="JPY")
    signed_in(client, "Membership staff")  # may view gifts, not keep rates
    response = client.get(AWAITING)
    assert response.status_code == 200
    assert "Set a JPY rate" not in response.content.decode()
    for group in ("Board", "Volunteer coordinators"):
        signed_in(client, group)
        assert_denied(client.get(AWAITING))


def test_rates_are_never_edited_or_deleted_in_the_admin(client):
    signed_in(client, "Fundraising staff")
    client.post(ADD_RATE, rate_data())
    rate = ExchangeRate.objects.get()
    assert client.get(f"{RATES}edit/{rate.pk}/").status_code == 404
    assert client.get(f"{RATES}delete/{rate.pk}/").status_code == 404


def test_the_dashboard_shows_net_revenue_beside_gross_and_the_gifts_awaiting_a_rate(client):
    # given this month: 100.00 USD with a 3.20 fee; 50 EUR counted as 55.00 USD at 1.10 with a 1.00 EUR fee
    # (1.10 USD); 40.00 USD refunded 10.00 with a 1.46 fee; and a 5,000 JPY gift with no rate yet
    make_gift(amount="100.00", processing_fee=Decimal("3.20"))
    make_gift(
        amount="50.00",
        currency="EUR",
        base_amount=Decimal("55.00"),
        exchange_rate=Decimal("1.1"),
        processing_fee=Decimal("1.00"),
    )
    make_gift(
        amount="40.00",
        status=Gift.Status.PARTIALLY_REFUNDED,
        amount_refunded=Decimal("10.00"),
        processing_fee=Decimal("1.46"),
    )
    make_gift(amount="5000", currency="JPY", processing_fee=Decimal("200"))
    signed_in(client, "Fundraising staff")
    # when they open the admin home
    html = client.get(HOME).content.decode()
    # then gross is 100 + 55 + 30 = 185.00; net of fees 185.00 − (3.20 + 1.10 + 1.46) = 179.24
    assert figure(html, "this-month") == "185.00 USD"
    assert figure(html, "this-month-net") == "Net of fees: 179.24 USD"
    assert figure(html, "year-to-date") == "185.00 USD"
    assert figure(html, "year-to-date-net") == "Net of fees: 179.24 USD"
    # and the yen gift is not counted but shown as awaiting a rate, linking to the list
    assert figure(html, "awaiting-rate") == "1"
    assert AWAITING in html


def test_the_fundraising_menu_links_the_rates_and_the_gifts_awaiting_one(client):
    signed_in(client, "Fundraising staff")
    html = client.get(HOME).content.decode()
    assert "Exchange rates" in html
    assert RATES in html
    assert AWAITING in html
    signed_in(client, "Membership staff")  # sees gifts, keeps no rates
    html = client.get(HOME).content.decode()
    assert AWAITING in html
    assert "Exchange rates" not in html
