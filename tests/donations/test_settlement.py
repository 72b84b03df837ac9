"""Every currency counted, fees recorded: base amounts and fees from the charge's balance transaction (real
Stripe's way), the staff-kept exchange rates where the processor says nothing (localstripe), and gifts awaiting
a rate counted in rollups and campaign progress once staff set it. Expected amounts are worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from steward.core.dates import organisation_today
from steward.donations import gifts, online, selectors, settlement
from steward.donations.models import ExchangeRate, Gift, GivingSummary
from steward.donations.stripe import client
from tests.factories import (
    CampaignFactory,
    ExchangeRateFactory,
    FundFactory,
    GiftFactory,
    IndividualFactory,
    StaffUserFactory,
)
from tests.graphql.conftest import GraphQLClient
from tests.stripe_server import SECRET_KEY, card, stripe_client
from tests.utils import error_codes

pytestmark = pytest.mark.django_db

TODAY = organisation_today()
LAST_MONTH = TODAY - dt.timedelta(days=30)


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


@pytest.fixture(autouse=True)
def _jpy_allowed(settings):
    settings.STEWARD_BASE_CURRENCY = "USD"
    settings.DONATION_MIN_AMOUNT = {"JPY": "500"}


def give_online(stripe_api, fund, amount, currency, **kwargs) -> Gift:
    started = online.gift_start_online(
        constituent=kwargs.pop("constituent", None) or IndividualFactory(),
        amount=amount,
        currency=currency,
        fund=fund,
        payment_method_id=card(stripe_api),
        client_ip="203.0.113.9",
        **kwargs,
    )
    assert started.status == "succeeded"
    return Gift.objects.get(pk=started.gift.pk)


def charge_on_localstripe(stripe_api, amount_minor: int, currency: str) -> str:
    """A succeeded charge made on localstripe as any card payment would; returns the charge id."""
    stripe = stripe_client(stripe_api)
    intent = stripe.v1.payment_intents.create(
        {
            "amount": amount_minor,
            "currency": currency,
            "payment_method_types": ["card"],
            "payment_method": card(stripe_api),
        }
    )
    intent = stripe.v1.payment_intents.confirm(intent.id)
    latest = intent.to_dict()["latest_charge"]
    return latest if isinstance(latest, str) else latest["id"]


# ---------------------------------------------------------------------------------------------------------
# A stand-in for real Stripe that settles in the account's currency (localstripe never converts nor charges a fee)
# ---------------------------------------------------------------------------------------------------------


class _SettlingStripe(BaseHTTPRequestHandler):
    charges: dict[str, dict] = {}

    def do_GET(self) -> None:
        charge_id = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        charge = self.charges.get(charge_id)
        if charge is None:
            body = {"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "No such charge"}}
            self._answer(404, body)
        else:
            self._answer(200, charge)

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def settling_stripe(settings) -> Iterator[dict[str, dict]]:
    """An HTTP server answering GET /v1/charges/<id> as real Stripe does for an account settling in USD; the
    test registers its charges in the returned dict."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SettlingStripe)
    _SettlingStripe.charges = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_address[1]}"
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    try:
        yield _SettlingStripe.charges
    finally:
        server.shutdown()
        server.server_close()


def settled_charge(charge_id: str, *, amount: int, currency: str, settled: int, fee: int, rate: float | None):
    transaction = {
        "id": f"txn_{charge_id}",
        "object": "balance_transaction",
        "amount": settled,
        "currency": "usd",
        "exchange_rate": rate,
        "fee": fee,
        "net": settled - fee,
        "type": "charge",
        "status": "pending",
        "source": charge_id,
    }
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "currency": currency,
        "balance_transaction": transaction,
    }


def unsaved_gift(*, amount: str, currency: str, charge_id: str, gift_date: dt.date = TODAY) -> Gift:
    """A gift as the succeeded-payment service holds it when it asks for the settlement (locked, not saved)."""
    gift = GiftFactory(amount=Decimal(amount), currency=currency, status="pending", gift_date=gift_date)
    gift.stripe_charge_id = charge_id
    return gift


# ---------------------------------------------------------------------------------------------------------
# The rate table
# ---------------------------------------------------------------------------------------------------------


def test_the_rate_valid_on_a_day_is_the_latest_that_started_on_or_before_it():
    settlement.exchange_rate_set(currency="JPY", rate="0.0070", valid_from=TODAY - dt.timedelta(days=60))
    settlement.exchange_rate_set(currency="JPY", rate="0.0067", valid_from=LAST_MONTH)
    assert settlement.exchange_rate_for(currency="JPY", on=TODAY - dt.timedelta(days=61)) is None
    assert settlement.exchange_rate_for(currency="JPY", on=LAST_MONTH - dt.timedelta(days=1)) == Decimal("0.0070")
    assert settlement.exchange_rate_for(currency="JPY", on=LAST_MONTH) == Decimal("0.0067")
    assert settlement.exchange_rate_for(currency="USD", on=TODAY) == Decimal(1)
    # 1,234 JPY at 0.0067 = 8.2678 USD, rounded to the cent
    assert settlement.base_amount_for(amount=Decimal("1234"), currency="JPY", on=TODAY) == Decimal("8.27")
    assert settlement.base_amount_for(amount=Decimal("1234"), currency="EUR", on=TODAY) is None


# ---------------------------------------------------------------------------------------------------------
# Online gifts: localstripe (no conversion) and a Stripe that settles in USD
# ---------------------------------------------------------------------------------------------------------


def test_a_jpy_gift_charged_through_localstripe_gets_its_base_amount_from_the_rate_table(stripe_api, fund):
    # given staff keep a JPY rate from last month
    settlement.exchange_rate_set(currency="JPY", rate="0.0067", valid_from=LAST_MONTH)
    donor = IndividualFactory()
    # when a donor gives 5,000 JPY by card (localstripe settles it in JPY at a rate of 1, with no fee)
    gift = give_online(stripe_api, fund, "5000", "JPY", constituent=donor)
    # then its base amount comes from the table: 5,000 × 0.0067 = 33.50 USD, and it counts
    assert gift.status == Gift.Status.SUCCEEDED
    assert (gift.base_amount, gift.exchange_rate, gift.processing_fee) == (
        Decimal("33.50"),
        Decimal("0.0067"),
        Decimal("0"),
    )
    summary = GivingSummary.objects.get(constituent=donor)
    assert (summary.lifetime_total, summary.lifetime_count) == (Decimal("33.50"), 1)
    assert not settlement.gifts_awaiting_base_amount().exists()


def test_settlement_reads_the_balance_transaction_of_a_localstripe_charge(stripe_api):
    # given a 5,000 JPY charge on localstripe (its balance transaction: JPY, rate 1, fee 0) and a JPY rate
    settlement.exchange_rate_set(currency="JPY", rate="0.0067", valid_from=LAST_MONTH)
    charge_id = charge_on_localstripe(stripe_api, 5000, "jpy")
    transaction = client.balance_transaction_for_charge(charge_id=charge_id)
    assert transaction is not None
    assert (transaction.amount, transaction.fee, transaction.net, transaction.currency) == (
        Decimal("5000"),
        Decimal("0"),
        Decimal("5000"),
        "JPY",
    )
    gift = unsaved_gift(amount="5000", currency="JPY", charge_id=charge_id)
    # when the settlement is applied
    settlement.gift_settlement_apply(gift=gift)
    # then the rate of 1 in the gift's own currency is not taken for a conversion: the table's rate is
    assert (gift.base_amount, gift.exchange_rate, gift.processing_fee) == (
        Decimal("33.50"),
        Decimal("0.0067"),
        Decimal("0"),
    )


def test_a_usd_gift_on_localstripe_is_its_own_base_amount(stripe_api, fund):
    gift = give_online(stripe_api, fund, "25.00", "USD")
    assert (gift.base_amount, gift.exchange_rate, gift.processing_fee) == (Decimal("25.00"), Decimal("1"), Decimal("0"))


def test_a_gift_settled_in_the_base_currency_takes_stripe_s_amount_rate_and_fee(settling_stripe):
    # given Stripe settled a 5,000 JPY charge as 33.41 USD at 0.006682, keeping a 1.27 USD fee
    settling_stripe["ch_jpy"] = settled_charge(
        "ch_jpy", amount=5000, currency="jpy", settled=3341, fee=127, rate=0.006682
    )
    # and staff keep a different rate, which must not win over what Stripe did
    ExchangeRateFactory(currency="JPY", rate=Decimal("0.0067"), valid_from=LAST_MONTH)
    gift = unsaved_gift(amount="5000", currency="JPY", charge_id="ch_jpy")
    # when the settlement is applied
    settlement.gift_settlement_apply(gift=gift)
    # then the base amount and rate are Stripe's, and the fee is recorded in yen: 1.27 / 0.006682 = 190.06 → 190
    assert gift.base_amount == Decimal("33.41")
    assert gift.exchange_rate == Decimal("0.006682")
    assert gift.processing_fee == Decimal("190")


def test_the_fee_of_a_base_currency_gift_is_recorded_from_its_balance_transaction(settling_stripe):
    # given a 100.00 USD charge with a 3.20 USD fee and no conversion (exchange_rate null)
    settling_stripe["ch_usd"] = settled_charge(
        "ch_usd", amount=10000, currency="usd", settled=10000, fee=320, rate=None
    )
    gift = unsaved_gift(amount="100.00", currency="USD", charge_id="ch_usd")
    settlement.gift_settlement_apply(gift=gift)
    assert (gift.processing_fee, gift.base_amount, gift.exchange_rate) == (
        Decimal("3.20"),
        Decimal("100.00"),
        Decimal("1"),
    )
    # and saved, its net amount is the amount less the fee
    gift.save()
    gift.refresh_from_db()
    assert gift.net_amount == Decimal("96.80")


def test_an_unknown_charge_falls_back_to_the_rate_table(settling_stripe):
    ExchangeRateFactory(currency="JPY", rate=Decimal("0.0067"), valid_from=LAST_MONTH)
    gift = unsaved_gift(amount="1234", currency="JPY", charge_id="ch_nobody_knows")
    settlement.gift_settlement_apply(gift=gift)
    assert (gift.base_amount, gift.exchange_rate, gift.processing_fee) == (Decimal("8.27"), Decimal("0.0067"), 0)


def test_without_a_charge_or_a_rate_the_base_amount_stays_unknown(settling_stripe):
    gift = unsaved_gift(amount="1234", currency="JPY", charge_id="")
    settlement.gift_settlement_apply(gift=gift)
    assert (gift.base_amount, gift.exchange_rate) == (None, None)


def test_stripe_unavailable_propagates_so_that_the_caller_retries(settings):
    # given nothing listens where Stripe should be
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    gift = unsaved_gift(amount="1234", currency="JPY", charge_id="ch_somewhere")
    with pytest.raises(client.StripeUnavailable):
        settlement.gift_settlement_apply(gift=gift)


# ---------------------------------------------------------------------------------------------------------
# Gifts awaiting a rate: listed, then counted once staff set it
# ---------------------------------------------------------------------------------------------------------


def test_a_jpy_gift_with_no_rate_is_awaiting_then_counted_in_rollups_and_campaign_progress(stripe_api, fund):
    # given a donor who gave 20.00 USD and then 5,000 JPY to a campaign, with no JPY rate kept yet
    campaign = CampaignFactory(goal_amount=Decimal("100.00"), currency="USD")
    donor = IndividualFactory()
    give_online(stripe_api, fund, "20.00", "USD", constituent=donor, campaign=campaign)
    jpy = give_online(stripe_api, fund, "5000", "JPY", constituent=donor, campaign=campaign)
    # then the yen gift is paid but not counted: it is listed as awaiting a rate
    assert jpy.status == Gift.Status.SUCCEEDED
    assert jpy.base_amount is None
    assert list(settlement.gifts_awaiting_base_amount()) == [jpy]
    summary = GivingSummary.objects.get(constituent=donor)
    assert (summary.lifetime_total, summary.lifetime_count) == (Decimal("20.00"), 1)
    assert selectors.campaigns_with_progress().get(pk=campaign.pk).raised == Decimal("20.00")
    # when staff set a JPY rate valid from before the gift
    staff = StaffUserFactory()
    rate = settlement.exchange_rate_set(
        currency="jpy", rate=Decimal("0.0067"), valid_from=LAST_MONTH, source="Bank", user=staff
    )
    # then the gift is counted at once: 5,000 × 0.0067 = 33.50; the donor's total 20.00 + 33.50 = 53.50
    assert (rate.currency, rate.created_by) == ("JPY", staff)
    jpy.refresh_from_db()
    assert (jpy.base_amount, jpy.exchange_rate) == (Decimal("33.50"), Decimal("0.0067"))
    assert not settlement.gifts_awaiting_base_amount().exists()
    summary.refresh_from_db()
    assert (summary.lifetime_total, summary.lifetime_count) == (Decimal("53.50"), 2)
    assert summary.largest_gift_amount == Decimal("33.50")
    progress = selectors.campaigns_with_progress().get(pk=campaign.pk)
    assert (progress.raised, progress.gift_count) == (Decimal("53.50"), 2)
    assert selectors.progress_percent(raised=progress.raised, goal=progress.goal_base) == 53


def test_a_new_rate_fills_only_the_gifts_from_its_date_to_the_next_rate():
    # given JPY gifts awaiting a rate on days 1, 10 and 20 of a window, and a rate kept from day 15
    start = TODAY - dt.timedelta(days=40)
    donor = IndividualFactory()
    before, covered, after = (
        GiftFactory(constituent=donor, amount=Decimal("1000"), currency="JPY", gift_date=start + dt.timedelta(days=d))
        for d in (1, 10, 20)
    )
    ExchangeRateFactory(currency="JPY", rate=Decimal("0.0070"), valid_from=start + dt.timedelta(days=15))
    # when staff set a rate from day 5
    settlement.exchange_rate_set(currency="JPY", rate="0.0065", valid_from=start + dt.timedelta(days=5))
    # then only the day-10 gift takes it (1,000 × 0.0065 = 6.50); the others are untouched
    for gift in (before, covered, after):
        gift.refresh_from_db()
    assert before.base_amount is None
    assert covered.base_amount == Decimal("6.50")
    assert after.base_amount is None
    assert GivingSummary.objects.get(constituent=donor).lifetime_total == Decimal("6.50")


def test_a_gift_recorded_by_hand_in_another_currency_defaults_to_the_rate_table():
    donor, fund = IndividualFactory(), FundFactory()
    # without a rate (and no base amount given) it is refused, saying what is needed
    with pytest.raises(ValidationError) as error:
        gifts.gift_record(constituent=donor, amount="3000", currency="JPY", fund=fund, method="cash")
    assert error_codes(error.value) == {"required"}
    assert "base_amount" in error.value.message_dict
    # with a rate valid on its date, the table gives the base amount: 3,000 × 0.0067 = 20.10
    settlement.exchange_rate_set(currency="JPY", rate="0.0067", valid_from=LAST_MONTH)
    gift = gifts.gift_record(
        constituent=donor, amount="3000", currency="JPY", fund=fund, method="cash", gift_date=TODAY
    )
    assert gift.base_amount == Decimal("20.10")
    assert GivingSummary.objects.get(constituent=donor).lifetime_total == Decimal("20.10")
    # a base amount given by hand still wins
    given = gifts.gift_record(
        constituent=donor, amount="3000", currency="JPY", fund=fund, method="cash", base_amount=Decimal("19.00")
    )
    assert given.base_amount == Decimal("19.00")


@pytest.mark.parametrize(
    ("currency", "rate", "valid_from", "field", "code"),
    [
        ("JPY", "-0.0067", LAST_MONTH, "rate", "not_positive"),
        ("JPY", "0", LAST_MONTH, "rate", "not_positive"),
        ("JPY", "abc", LAST_MONTH, "rate", "invalid"),
        ("JPY", "0.000000001", LAST_MONTH, "rate", "bad_precision"),
        ("USD", "1.2", LAST_MONTH, "currency", "base_currency"),
        ("XYZ", "1.2", LAST_MONTH, "currency", "unsupported_currency"),
        ("JPY", "0.0067", TODAY + dt.timedelta(days=1), "valid_from", "in_future"),
    ],
)
def test_a_bad_rate_is_refused_with_a_field_error_and_nothing_is_written(currency, rate, valid_from, field, code):
    gift = GiftFactory(amount=Decimal("1000"), currency="JPY", gift_date=TODAY)
    with pytest.raises(ValidationError) as error:
        settlement.exchange_rate_set(currency=currency, rate=rate, valid_from=valid_from)
    assert list(error.value.message_dict) == [field]
    assert error_codes(error.value) == {code}
    assert not ExchangeRate.objects.exists()
    gift.refresh_from_db()
    assert gift.base_amount is None


def test_a_second_rate_for_the_same_day_is_refused():
    settlement.exchange_rate_set(currency="JPY", rate="0.0067", valid_from=LAST_MONTH)
    with pytest.raises(ValidationError) as error:
        settlement.exchange_rate_set(currency="JPY", rate="0.0068", valid_from=LAST_MONTH)
    assert error_codes(error.value) == {"duplicate"}
    assert list(ExchangeRate.objects.values_list("rate", flat=True)) == [Decimal("0.0067")]


def test_the_api_compares_a_campaign_s_goal_and_progress_in_the_base_currency():
    # given a goal of 1,000 EUR, a rate of 1.10 USD per EUR, and gifts of 200.00 USD and 10,000 JPY (67.00 USD)
    ExchangeRateFactory(currency="EUR", rate=Decimal("1.1"), valid_from=LAST_MONTH)
    campaign = CampaignFactory(slug="roof", goal_amount=Decimal("1000.00"), currency="EUR")
    GiftFactory(campaign=campaign, amount=Decimal("200.00"))
    GiftFactory(campaign=campaign, amount=Decimal("10000"), currency="JPY", base_amount=Decimal("67.00"))
    query = 'query { campaign(slug: "roof") { goal { amount currency } raised { amount currency } percent } }'
    data = GraphQLClient()(query).data
    # then both are in USD: 267.00 of 1,100.00 is 24 %
    assert data["campaign"] == {
        "goal": {"amount": "1100.00", "currency": "USD"},
        "raised": {"amount": "267.00", "currency": "USD"},
        "percent": 24,
    }
    # and without a rate the goal stays in its own currency, with no percent
    ExchangeRate.objects.all().delete()
    data = GraphQLClient()(query).data
    assert data["campaign"] == {
        "goal": {"amount": "1000.00", "currency": "EUR"},
        "raised": {"amount": "267.00", "currency": "USD"},
        "percent": None,
    }
