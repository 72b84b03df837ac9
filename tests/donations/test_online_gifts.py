"""A one-time card gift against a real Stripe-compatible server (localstripe), and card-testing protection."""

from decimal import Decimal

import pytest
import stripe
from django.core.exceptions import ValidationError
from django.test import override_settings

from steward.donations import online
from steward.donations.models import Gift, PaymentAttempt
from tests.factories import FundFactory, IndividualFactory
from tests.stripe_server import card
from tests.utils import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


def start(stripe_api, fund, amount="25.00", currency="USD", number="4242424242424242", **kwargs):
    kwargs.setdefault("client_ip", "203.0.113.7")
    return online.gift_start_online(
        constituent=kwargs.pop("constituent", None) or IndividualFactory(),
        amount=amount,
        currency=currency,
        fund=fund,
        payment_method_id=card(stripe_api, number),
        **kwargs,
    )


def test_one_time_gift_is_charged_and_recorded_once(stripe_api, fund):
    started = start(stripe_api, fund, "25.00")
    assert started.status == "succeeded"
    gift = Gift.objects.get()
    assert gift.status == Gift.Status.SUCCEEDED
    assert gift.amount == Decimal("25.00")
    assert gift.stripe_payment_intent_id.startswith("pi_")
    assert gift.stripe_charge_id
    # Stripe has exactly one PaymentIntent for it, of 2500 cents
    client = stripe.StripeClient("sk_test_steward", base_addresses={"api": stripe_api})
    intent = client.v1.payment_intents.retrieve(gift.stripe_payment_intent_id)
    assert (intent.amount, intent.currency, intent.status) == (2500, "usd", "succeeded")


def test_zero_decimal_currency_is_sent_in_whole_units(stripe_api, fund, settings):
    settings.DONATION_MIN_AMOUNT = {"JPY": "500"}
    start(stripe_api, fund, "1000", currency="JPY")
    gift = Gift.objects.get()
    client = stripe.StripeClient("sk_test_steward", base_addresses={"api": stripe_api})
    assert client.v1.payment_intents.retrieve(gift.stripe_payment_intent_id).amount == 1000


def test_cover_the_fees_adds_the_estimated_fee(stripe_api, fund):
    started = start(stripe_api, fund, "100.00", cover_fees=True)
    gift = started.gift
    # (100 + 0.30) / (1 - 0.029) = 103.30; the donor pays 3.30 more and the charity keeps about 100
    assert gift.fee_covered == Decimal("3.30")
    assert gift.amount == Decimal("103.30")


def test_card_needing_authentication_returns_the_client_secret(stripe_api, fund):
    started = start(stripe_api, fund, number="4000002500003155")
    assert started.status == "requires_action"
    assert started.client_secret
    assert Gift.objects.get().status == Gift.Status.PENDING


def test_declined_card_is_a_typed_error_and_the_gift_is_failed(stripe_api, fund):
    with pytest.raises(ValidationError) as error:
        start(stripe_api, fund, number="4000000000000341")
    assert "card_declined" in error_codes(error.value)
    assert Gift.objects.get().status == Gift.Status.FAILED
    assert PaymentAttempt.objects.filter(kind=PaymentAttempt.Kind.FAILURE).count() == 1


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [
        ("0", "USD", "not_positive"),
        ("-10", "USD", "not_positive"),
        ("1", "USD", "too_small"),
        ("2000000", "USD", "too_large"),
        ("25", "XYZ", "unsupported_currency"),
        ("25", "CHF", "unsupported_currency"),
        ("ten", "USD", "invalid"),
    ],
)
def test_bad_amounts_charge_nothing_and_write_nothing(stripe_api, fund, amount, currency, code):
    with pytest.raises(ValidationError) as error:
        start(stripe_api, fund, amount, currency=currency)
    assert code in error_codes(error.value)
    assert Gift.objects.count() == 0
    client = stripe.StripeClient("sk_test_steward", base_addresses={"api": stripe_api})
    assert list(client.v1.payment_intents.list().data) == []


@override_settings(CARD_TESTING_MAX_FAILURES_PER_IP=2, CARD_TESTING_MAX_FAILURES_PER_CARD=99)
def test_card_testing_from_one_address_is_blocked_without_calling_stripe(stripe_api, fund):
    # given two declined attempts from one address
    for _ in range(2):
        with pytest.raises(ValidationError):
            start(stripe_api, fund, number="4000000000000341", client_ip="198.51.100.9")
    client = stripe.StripeClient("sk_test_steward", base_addresses={"api": stripe_api})
    intents_before = len(client.v1.payment_intents.list().data)
    # when a third comes, even with a good card
    with pytest.raises(ValidationError) as error:
        start(stripe_api, fund, client_ip="198.51.100.9")
    # then it is refused before any charge, recorded for staff, and other addresses still work
    assert "rate_limited" in error_codes(error.value)
    assert len(client.v1.payment_intents.list().data) == intents_before
    assert PaymentAttempt.objects.filter(blocked=True, client_ip="198.51.100.9").count() == 1
    assert start(stripe_api, fund, client_ip="198.51.100.10").status == "succeeded"


@override_settings(CARD_TESTING_MAX_STARTS_PER_IP=3)
def test_too_many_starts_from_one_address_are_blocked(stripe_api, fund):
    for _ in range(3):
        start(stripe_api, fund, client_ip="192.0.2.1")
    with pytest.raises(ValidationError) as error:
        start(stripe_api, fund, client_ip="192.0.2.1")
    assert "rate_limited" in error_codes(error.value)
    assert Gift.objects.count() == 3


def test_staff_refund_of_a_card_gift_goes_through_stripe(stripe_api, fund):
    from steward.donations import gifts as services

    gift = start(stripe_api, fund, "40.00").gift
    services.gift_refund(gift=gift, amount="15.00")
    gift.refresh_from_db()
    assert (gift.status, gift.amount_refunded) == (Gift.Status.PARTIALLY_REFUNDED, Decimal("15.00"))
    client = stripe.StripeClient("sk_test_steward", base_addresses={"api": stripe_api})
    refunds = client.v1.refunds.list().data
    assert [(refund.amount, refund.currency) for refund in refunds] == [(1500, "usd")]
    # refunding more than is left is a field error and asks Stripe for nothing
    with pytest.raises(ValidationError) as error:
        services.gift_refund(gift=gift, amount="30.00")
    assert "too_large" in error_codes(error.value)
    assert len(client.v1.refunds.list().data) == 1
