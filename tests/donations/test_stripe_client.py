"""The Stripe boundary against localstripe: Decimal in, minor units on the wire, our own exceptions out."""

import datetime as dt
from decimal import Decimal

import pytest

from steward.donations.stripe import client


@pytest.fixture
def customer(stripe_api):
    return client.customer_create(
        email="ada@example.org", name="Ada Lovelace", metadata={"constituent_id": 7}, idempotency_key="customer-7"
    )


def charge(amount="12.34", currency="USD", payment_method="pm_card_visa", customer_id=None, key="gift-1"):
    intent = client.payment_intent_create(
        amount=Decimal(amount),
        currency=currency,
        customer_id=customer_id,
        payment_method_id=payment_method,
        metadata={"gift_id": 1},
        idempotency_key=f"{key}-create",
    )
    return intent, client.payment_intent_confirm(payment_intent_id=intent.id, idempotency_key=f"{key}-confirm")


def card_payment_method(number):
    # localstripe takes raw card numbers where Stripe.js would produce a PaymentMethod id
    return client._call(
        lambda: client._client().v1.payment_methods.create(
            {"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
        )
    ).id


def test_customer_and_attached_card_details(customer):
    # given a customer, when the test card is attached
    card = client.payment_method_attach(payment_method_id="pm_card_visa", customer_id=customer)
    # then its details come back, and read the same again
    assert customer.startswith("cus_")
    assert (card.brand, card.last4, card.exp_month, card.exp_year) == ("visa", "4242", 12, 2030)
    assert card.fingerprint
    assert card.customer_id == customer
    assert client.payment_method_details(payment_method_id=card.payment_method_id) == card


def test_payment_intent_created_and_confirmed_succeeds(customer):
    card = client.payment_method_attach(payment_method_id="pm_card_visa", customer_id=customer)
    created, confirmed = charge(customer_id=customer, payment_method=card.payment_method_id)
    assert created.status == "requires_confirmation"
    assert created.amount == Decimal("12.34")
    assert created.currency == "USD"
    assert created.client_secret
    assert created.metadata == {"gift_id": "1"}
    assert confirmed.succeeded
    assert confirmed.charge_id.startswith("ch_")
    assert client.payment_intent_retrieve(payment_intent_id=created.id) == confirmed


def test_zero_decimal_currency_goes_out_in_whole_units(stripe_api):
    intent = client.payment_intent_create(amount=Decimal("1000"), currency="JPY", idempotency_key="gift-jpy")
    # the raw object on localstripe says 1000, not 100000
    raw = client._client().v1.payment_intents.retrieve(intent.id)
    assert raw.amount == 1000
    assert raw.currency == "jpy"
    assert intent.amount == Decimal("1000")


def test_amount_finer_than_the_currency_is_refused_before_stripe(stripe_api):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        client.payment_intent_create(amount=Decimal("10.5"), currency="JPY", idempotency_key="gift-bad")


def test_declined_card_raises_card_declined(stripe_api):
    with pytest.raises(client.CardDeclined) as declined:
        charge(payment_method="pm_card_chargeCustomerFail")
    assert declined.value.code == "card_declined"
    assert "declined" in declined.value.message


def test_card_declined_at_attach(customer):
    with pytest.raises(client.CardDeclined):
        client.payment_method_attach(payment_method_id=card_payment_method("4000000000000002"), customer_id=customer)


def test_three_d_secure_card_requires_authentication(stripe_api):
    with pytest.raises(client.AuthenticationRequired) as required:
        charge(payment_method=card_payment_method("4000002500003155"))
    intent = required.value.payment_intent
    assert intent.status == "requires_action"
    assert intent.client_secret


def test_full_and_partial_refunds(customer):
    intent, _ = charge(amount="50.00", customer_id=customer)
    partial = client.refund_create(
        payment_intent_id=intent.id, amount=Decimal("20.50"), currency="USD", idempotency_key="refund-1"
    )
    assert (partial.amount, partial.currency, partial.payment_intent_id) == (Decimal("20.50"), "USD", intent.id)
    assert partial.charge_id.startswith("ch_")
    # (a refund without an amount is the whole charge on localstripe, the remainder on Stripe: name it)
    rest = client.refund_create(
        charge_id=partial.charge_id, amount=Decimal("29.50"), currency="USD", idempotency_key="refund-2"
    )
    assert (rest.amount, rest.charge_id) == (Decimal("29.50"), partial.charge_id)


def test_full_refund_without_an_amount(customer):
    intent, _ = charge(amount="50.00", customer_id=customer)
    refund = client.refund_create(payment_intent_id=intent.id, idempotency_key="refund-full")
    assert refund.amount == Decimal("50.00")


def test_setup_intent_for_a_customer(customer):
    intent = client.setup_intent_create(customer_id=customer, idempotency_key="setup-7")
    assert intent.id.startswith("seti_")
    assert intent.customer_id == customer
    assert intent.client_secret


def test_events_since_a_moment_for_reconciliation(customer):
    charge(customer_id=customer)
    events = list(client.events_list(since=dt.datetime.now(tz=dt.UTC) - dt.timedelta(minutes=5)))
    types = {event["type"] for event in events}
    assert {"customer.created", "payment_intent.succeeded"} <= types
    assert all(isinstance(event["data"]["object"], dict) for event in events)


def test_unknown_object_and_unreachable_stripe_are_typed(stripe_api, settings):
    with pytest.raises(client.StripeRequestError) as missing:
        client.payment_intent_retrieve(payment_intent_id="pi_does_not_exist")
    assert missing.value.http_status == 404
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(client.StripeUnavailable):
        client.payment_intent_retrieve(payment_intent_id="pi_anything")


def test_writes_need_an_idempotency_key(stripe_api):
    with pytest.raises(ValueError, match="idempotency"):
        client.customer_create(email="a@example.org", idempotency_key="")
