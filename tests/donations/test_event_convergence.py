"""Stripe's events converge: a gift's events delivered in any order, each any number of times, end in the state
that in-order delivery gives (the gift, its receipts, the donor's rollups, the membership it bought).

Every permutation of each scenario's events is delivered once, then hypothesis delivers random interleavings
with duplicates. Event times are Stripe's (each event carries its own `created`), as in real deliveries."""

import itertools
import time
from decimal import Decimal

import pytest
from django.test import Client, TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steward.donations import gifts
from steward.donations.models import Gift, GivingSummary, Receipt
from steward.members.models import Membership
from tests.donations import stripe_helpers as helpers
from tests.factories import FundFactory, IndividualFactory, MembershipLevelFactory
from tests.stripe_server import WEBHOOK_SECRET

pytestmark = pytest.mark.django_db(transaction=False)

# Each scenario: the events of one gift, in the order Stripe made them (one second apart).
SCENARIOS = {
    "partial refund, dispute won": [
        ("payment_intent.succeeded", {}),
        ("charge.refunded", {"refunded": Decimal("10.00")}),
        ("charge.dispute.created", {"status": "needs_response"}),
        ("charge.dispute.closed", {"status": "won"}),
    ],
    "dispute lost": [
        ("payment_intent.succeeded", {}),
        ("charge.dispute.created", {"status": "needs_response"}),
        ("charge.dispute.updated", {"status": "under_review"}),
        ("charge.dispute.closed", {"status": "lost"}),
    ],
    "two partial refunds": [
        ("payment_intent.succeeded", {}),
        ("charge.refunded", {"refunded": Decimal("5.00")}),
        ("charge.refunded", {"refunded": Decimal("25.00")}),
    ],
    "failed, then paid, then refunded in part": [
        ("payment_intent.payment_failed", {}),
        ("payment_intent.succeeded", {}),
        ("charge.refunded", {"refunded": Decimal("7.50")}),
    ],
}


# Every gift's events happen at the same times, an hour ago, so that end states compare across gifts.
START = int(time.time()) - 3600


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.ORGANISATION_TIME_ZONE = "UTC"


def _pending_gift(*, membership: bool) -> Gift:
    donor = IndividualFactory(email=f"donor{time.monotonic_ns()}@example.org")
    fund = FundFactory()
    links = {}
    if membership:
        level = MembershipLevelFactory(price=Decimal("40.00"))
        links = {
            "purpose": Gift.Purpose.MEMBERSHIP,
            "membership_level": level,
            "beneficiary": IndividualFactory(),
        }
    gift = gifts.gift_create_pending(
        constituent=donor,
        amount=Decimal("40.00") if membership else Decimal("25.00"),
        currency="USD",
        fund=fund,
        **links,
    )
    return gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=f"pi_conv_{gift.pk}_{time.time_ns()}")


def _events(gift: Gift, scenario: str) -> list[helpers.SignedEvent]:
    start = START
    events = []
    for offset, (event_type, options) in enumerate(SCENARIOS[scenario]):
        if event_type == "payment_intent.succeeded":
            obj = helpers.payment_intent(gift)
        elif event_type == "payment_intent.payment_failed":
            obj = helpers.payment_intent(gift, status="requires_payment_method", error_message="Card declined.")
        elif event_type == "charge.refunded":
            obj = helpers.charge(gift, refunded=options["refunded"])
            obj["refunds"] = {"data": [{"id": f"re_{offset}", "created": start + offset}]}
        else:
            obj = helpers.dispute(gift, status=options["status"])
        events.append(helpers.signed_event(event_type, obj, timestamp=start + offset))
    return events


def _deliver(events: list[helpers.SignedEvent]) -> None:
    """POST each event as Stripe does and run what its commit queued (processing, then the messages owed)."""
    client = Client()
    for event in events:
        with TestCase.captureOnCommitCallbacks(execute=True):
            _post(client, event)


def _post(client: Client, event: helpers.SignedEvent) -> None:
    # The signature's timestamp is the event's (an hour old): sign it afresh, as Stripe does on each try.
    response = client.post(
        helpers.WEBHOOK_URL,
        data=event.body,
        content_type="application/json",
        headers={"Stripe-Signature": helpers.sign(event.body)},
    )
    assert response.status_code == 200


def _end_state(gift: Gift) -> dict:
    """What must not depend on the order: the gift, the receipt that stands, the rollups, the membership."""
    gift.refresh_from_db()
    receipts = list(Receipt.objects.filter(gift=gift).order_by("pk"))
    standing = [receipt for receipt in receipts if receipt.voided_at is None]
    summary = GivingSummary.objects.filter(constituent_id=gift.constituent_id).first()
    membership = Membership.objects.filter(terms__gift_id=gift.pk).first()
    term = membership.terms.get(gift_id=gift.pk) if membership else None
    return {
        "gift": (
            gift.status,
            gift.amount_refunded,
            gift.succeeded_at,
            gift.gift_date,
            gift.refunded_at,
            gift.dispute_status,
            gift.stripe_charge_id == helpers.charge_id_for(gift),
            gift.failure_reason if gift.status == Gift.Status.FAILED else "",
        ),
        "first receipt": (receipts[0].amount, receipts[0].deductible_amount) if receipts else None,
        "standing receipt": [(r.amount, r.deductible_amount, r.replaces_id is not None) for r in standing],
        "gift names the standing receipt": not standing or gift.receipt_id == standing[0].pk,
        "rollups": (summary.lifetime_total, summary.lifetime_count, summary.last_gift_amount) if summary else None,
        "membership": (membership.constituent_id == gift.beneficiary_id, term.start_date, term.end_date)
        if membership
        else None,
    }


def _in_order_state(scenario: str, *, membership: bool) -> dict:
    gift = _pending_gift(membership=membership)
    _deliver(_events(gift, scenario))
    return _end_state(gift)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_order_of_a_gifts_events_ends_as_in_order_delivery(scenario):
    # given what in-order delivery leaves
    expected = _in_order_state(scenario, membership=False)
    count = len(SCENARIOS[scenario])
    # when the same events are delivered in every other order
    for order in itertools.permutations(range(count)):
        gift = _pending_gift(membership=False)
        events = _events(gift, scenario)
        _deliver([events[index] for index in order])
        # then the end state is the same
        assert _end_state(gift) == expected, order


def test_the_in_order_end_states_are_what_the_events_say():
    # Independent of the delivery tests: what each scenario must end as, written out by hand.
    state = _in_order_state("partial refund, dispute won", membership=False)
    assert state["gift"][:2] == (Gift.Status.PARTIALLY_REFUNDED, Decimal("10.00"))
    assert state["first receipt"] == (Decimal("25.00"), Decimal("25.00"))
    assert state["standing receipt"] == [(Decimal("15.00"), Decimal("15.00"), True)]
    assert state["rollups"] == (Decimal("15.00"), 1, Decimal("15.00"))
    state = _in_order_state("dispute lost", membership=False)
    assert state["gift"][0] == Gift.Status.DISPUTED
    assert state["standing receipt"] == []
    assert (state["rollups"] or (Decimal("0"), 0))[:2] == (Decimal("0"), 0)
    state = _in_order_state("two partial refunds", membership=False)
    assert state["gift"][:2] == (Gift.Status.REFUNDED, Decimal("25.00"))
    assert state["standing receipt"] == []
    state = _in_order_state("failed, then paid, then refunded in part", membership=False)
    assert state["gift"][:2] == (Gift.Status.PARTIALLY_REFUNDED, Decimal("7.50"))
    assert state["standing receipt"] == [(Decimal("17.50"), Decimal("17.50"), True)]


@pytest.mark.parametrize("scenario", ["partial refund, dispute won", "dispute lost"])
def test_a_gift_membership_is_made_whatever_arrives_first(scenario):
    # given a gift membership whose payment's events come in order
    expected = _in_order_state(scenario, membership=True)
    assert expected["membership"] is not None
    assert expected["membership"][0] is True
    # when the dispute (or refund) comes before the payment
    gift = _pending_gift(membership=True)
    events = _events(gift, scenario)
    _deliver(list(reversed(events)))
    # then the beneficiary has the same membership, from the payment's date
    assert _end_state(gift) == expected


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(data=st.data())
def test_shuffled_duplicated_deliveries_converge(data):
    scenario = data.draw(st.sampled_from(list(SCENARIOS)), label="scenario")
    expected = _in_order_state(scenario, membership=False)
    gift = _pending_gift(membership=False)
    events = _events(gift, scenario)
    copies = data.draw(st.lists(st.integers(1, 3), min_size=len(events), max_size=len(events)), label="copies")
    deliveries = [event for event, times in zip(events, copies, strict=True) for _ in range(times)]
    deliveries = data.draw(st.permutations(deliveries), label="order")
    _deliver(deliveries)
    assert _end_state(gift) == expected
