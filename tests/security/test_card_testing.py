"""Card-testing limits hold under parallel requests, count every kind of start, and refuse before any work
(issue 12, "Limits that hold under concurrency"), against localstripe.

The racing tests use threads with their own database connections that really run at once (the pattern of
tests/volunteers/test_capacity_race.py): on PostgreSQL the advisory locks are at work, on SQLite the database's
own turn-taking of writers (every transaction begins IMMEDIATE). What reached Stripe is counted at localstripe.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from steward.donations import online, payments
from steward.donations.models import PaymentAttempt, RecurringGift
from steward.members.models import Constituent
from tests import stripe_server
from tests.factories import FundFactory, IndividualFactory, PaymentAttemptFactory
from tests.races import race
from tests.stripe_server import card, payment_intents, stripe_client
from tests.utils import error_codes

# localstripe for this module (the security folder has no conftest of its own for it).
localstripe_url = stripe_server.localstripe_url
stripe_api = stripe_server.stripe_api

# Real transactions: each thread commits on its own connection (see test_capacity_race.py for why transactional).
pytestmark = pytest.mark.django_db(transaction=True)

ATTACKER = "203.0.113.50"
RACERS = 30
VISA = "4242424242424242"
DECLINED_AT_CHARGE = "4000000000000341"


def card_number(index: int) -> str:
    """A card number of its own per donor (localstripe's fingerprint is a hash of the number)."""
    return f"4111{index + 1000:012d}"


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


def codes(refusals: list[ValidationError]) -> list[str]:
    return sorted(code for refusal in refusals for code in error_codes(refusal))


def no_charge_in_progress() -> bool:
    return not PaymentAttempt.objects.filter(reason=payments.CHARGING).exists()


# ---------------------------------------------------------------------------------------------------------
# Per address: starts of every kind, simultaneous
# ---------------------------------------------------------------------------------------------------------


def test_simultaneous_one_time_starts_from_one_address_stop_at_the_limit(stripe_api, fund, settings):
    # given 30 donors' cards, all from one address (failures per address out of the way: the start limit decides)
    settings.CARD_TESTING_MAX_FAILURES_PER_IP = RACERS
    limit = settings.CARD_TESTING_MAX_STARTS_PER_IP
    donors = [IndividualFactory() for _ in range(RACERS)]
    cards = [card(stripe_api, card_number(index)) for index in range(RACERS)]

    def give(donor: Constituent, method: str) -> Callable[[], online.PaymentStarted]:
        return lambda: online.gift_start_online(
            constituent=donor, amount="25.00", currency="USD", fund=fund, payment_method_id=method, client_ip=ATTACKER
        )

    # when they all start a gift at once
    started, refusals = race([give(donor, method) for donor, method in zip(donors, cards, strict=True)])
    # then exactly `limit` reached Stripe and the rest were refused as rate limited
    assert len(started) == limit
    assert codes(refusals) == ["rate_limited"] * (RACERS - limit)
    assert len(payment_intents(stripe_api)) == limit
    assert PaymentAttempt.objects.filter(kind="start", client_ip=ATTACKER, blocked=False).count() == limit
    assert PaymentAttempt.objects.filter(client_ip=ATTACKER, blocked=True).count() == RACERS - limit
    assert no_charge_in_progress()


def test_simultaneous_monthly_starts_from_one_address_stop_at_the_limit(stripe_api, fund, settings):
    # given 30 donors' cards, all from one address
    settings.CARD_TESTING_MAX_FAILURES_PER_IP = RACERS
    limit = settings.CARD_TESTING_MAX_STARTS_PER_IP
    donors = [IndividualFactory() for _ in range(RACERS)]
    cards = [card(stripe_api, card_number(index)) for index in range(RACERS)]

    def give_monthly(donor: Constituent, method: str) -> Callable[[], object]:
        return lambda: online.recurring_gift_start(
            constituent=donor,
            amount="20.00",
            currency="USD",
            frequency="monthly",
            fund=fund,
            payment_method_id=method,
            client_ip=ATTACKER,
        )

    # when they all start a monthly gift at once
    started, refusals = race([give_monthly(donor, method) for donor, method in zip(donors, cards, strict=True)])
    # then exactly `limit` plans were started and charged, the rest refused before Stripe saw them
    assert len(started) == limit
    assert codes(refusals) == ["rate_limited"] * (RACERS - limit)
    assert len(payment_intents(stripe_api)) == limit
    assert RecurringGift.objects.count() == limit
    assert len(stripe_client(stripe_api).v1.customers.list({"limit": 100}).data) == limit
    assert no_charge_in_progress()


# ---------------------------------------------------------------------------------------------------------
# Refused first: no donor record, no call to Stripe
# ---------------------------------------------------------------------------------------------------------


class _CountingForwarder(BaseHTTPRequestHandler):
    """Forwards every request to localstripe unchanged and counts it (Steward's calls to "Stripe")."""

    upstream = ""
    seen: list[str] = []

    def _forward(self) -> None:
        type(self).seen.append(f"{self.command} {self.path}")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {key: value for key, value in self.headers.items() if key.lower() not in {"host", "content-length"}}
        request = urllib.request.Request(  # noqa: S310 - the test's own localstripe
            self.upstream + self.path, data=body, method=self.command, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                status, answer_headers, payload = answer.status, answer.headers, answer.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, payload = error.code, error.headers, error.read()
        self.send_response(status)
        for key, value in answer_headers.items():
            if key.lower() not in {"content-length", "transfer-encoding", "connection", "date", "server"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = _forward

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def stripe_calls(stripe_api, settings) -> Iterator[list[str]]:
    """Points Steward's Stripe client at a forwarder to localstripe; yields the requests Steward made."""
    handler = type("Forwarder", (_CountingForwarder,), {"upstream": stripe_api, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield handler.seen
    finally:
        server.shutdown()
        server.server_close()


START = """
mutation Start($input: StartDonationInput!) {
  startDonation(input: $input) {
    __typename
    ... on PaymentStarted { status }
    ... on OperationInfo { messages { field code } }
  }
}
"""


@pytest.mark.parametrize("frequency", ["ONCE", "MONTHLY"])
def test_a_signed_out_start_refused_by_the_limit_records_no_donor_and_asks_stripe_nothing(
    stripe_api, fund, settings, stripe_calls, frequency
):
    # given an address that has started as many payments as it may, and a card token made by Stripe.js
    for _ in range(settings.CARD_TESTING_MAX_STARTS_PER_IP):
        PaymentAttemptFactory(kind="start", client_ip=ATTACKER)
    details = {"number": VISA, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    token = stripe_client(stripe_api).v1.tokens.create({"card": details}).id
    people_before = Constituent.objects.count()
    # when a signed-out donor, new to Steward, starts one more gift from it
    response = Client(REMOTE_ADDR=ATTACKER).post(
        "/graphql/",
        data=json.dumps(
            {
                "query": START,
                "variables": {
                    "input": {
                        "amount": "25.00",
                        "currency": "USD",
                        "paymentMethodId": token,
                        "requestKey": str(uuid.uuid4()),
                        "frequency": frequency,
                        "donor": {"email": "new.donor@example.org", "givenName": "New", "familyName": "Donor"},
                    }
                },
            }
        ),
        content_type="application/json",
    )
    # then it is refused as rate limited, no donor record was made and Stripe was not asked anything
    result = response.json()["data"]["startDonation"]
    assert result["__typename"] == "OperationInfo"
    assert [message["code"] for message in result["messages"]] == ["rate_limited"]
    assert Constituent.objects.count() == people_before
    assert stripe_calls == []
    assert PaymentAttempt.objects.filter(client_ip=ATTACKER, blocked=True).count() == 1


AUTO_RENEW = """
mutation ($id: ID!, $card: String) {
  setMembershipAutoRenew(membershipId: $id, autoRenew: true, paymentMethodId: $card) {
    __typename
    ... on OperationInfo { messages { field code } }
  }
}
"""


def test_a_new_card_for_automatic_renewal_is_counted_as_a_start_and_refused_at_the_limit(
    stripe_api, settings, stripe_calls
):
    # given a signed-in member at an address that has started as many payments as it may
    from strawberry import relay

    from tests.graphql.conftest import member_with_account

    member = member_with_account()
    membership = member.memberships.get()
    for _ in range(settings.CARD_TESTING_MAX_STARTS_PER_IP):
        PaymentAttemptFactory(kind="start", client_ip=ATTACKER)
    browser = Client(REMOTE_ADDR=ATTACKER)
    browser.force_login(member.user)
    # when they turn automatic renewal on with a new card token
    response = browser.post(
        "/graphql/",
        data=json.dumps(
            {
                "query": AUTO_RENEW,
                "variables": {"id": str(relay.GlobalID("Membership", str(membership.pk))), "card": "tok_visa"},
            }
        ),
        content_type="application/json",
    )
    # then it is refused as rate limited before Stripe is asked anything, and nothing changed
    body = response.json()
    assert "errors" not in body, body
    result = body["data"]["setMembershipAutoRenew"]
    assert [message["code"] for message in result["messages"]] == ["rate_limited"]
    assert stripe_calls == []
    assert not RecurringGift.objects.filter(membership=membership).exists()


# ---------------------------------------------------------------------------------------------------------
# Per card: failures, simultaneous, from many addresses
# ---------------------------------------------------------------------------------------------------------


def test_simultaneous_failing_attempts_with_one_card_from_many_addresses_stop_at_the_card_limit(
    stripe_api, fund, settings
):
    # given one card (declined when charged) entered by ten donors, each from an address of their own
    limit = settings.CARD_TESTING_MAX_FAILURES_PER_CARD
    racers = 10
    donors = [IndividualFactory() for _ in range(racers)]
    cards = [card(stripe_api, DECLINED_AT_CHARGE) for _ in range(racers)]

    def give(index: int) -> Callable[[], online.PaymentStarted]:
        return lambda: online.gift_start_online(
            constituent=donors[index],
            amount="25.00",
            currency="USD",
            fund=fund,
            payment_method_id=cards[index],
            client_ip=f"198.51.100.{index + 1}",
        )

    # when all ten try at once
    started, refusals = race([give(index) for index in range(racers)])
    # then only `limit` were charged (and declined); the others were refused before any charge
    assert started == []
    assert codes(refusals) == ["card_declined"] * limit + ["rate_limited"] * (racers - limit)
    assert len(payment_intents(stripe_api)) == limit
    assert PaymentAttempt.objects.filter(kind="failure").count() == limit
    assert no_charge_in_progress()
