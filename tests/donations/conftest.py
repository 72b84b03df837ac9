"""Fixtures for the donations tests: localstripe (session-wide, emptied per test) and pending online gifts."""

import itertools
from decimal import Decimal

import pytest

from steward.donations import gifts
from tests.factories import FundFactory, IndividualFactory
from tests.stripe_server import localstripe_url, stripe_api  # noqa: F401 - fixtures

_intents = itertools.count(1)


@pytest.fixture(autouse=True)
def _stripe(stripe_api):  # noqa: F811 - the imported fixture, requested
    """Every donations test talks to an empty localstripe: recording a card payment asks Stripe for its balance
    transaction (a made-up charge is unknown there, and the rate table decides)."""
    return stripe_api


@pytest.fixture
def make_pending_gift(db):
    """A pending card gift, as startDonation leaves it: paid by a PaymentIntent (a made-up id unless given)."""

    def make(amount="25.00", currency="USD", payment_intent_id=None, constituent=None):
        gift = gifts.gift_create_pending(
            constituent=constituent or IndividualFactory(),
            amount=Decimal(amount),
            currency=currency,
            fund=FundFactory(code="general", name="General fund"),
        )
        intent = payment_intent_id or f"pi_test_{gift.pk}_{next(_intents)}"
        return gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=intent)

    return make


@pytest.fixture
def pending_gift(make_pending_gift):
    return make_pending_gift()
