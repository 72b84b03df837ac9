"""startMembershipPurchase and setMembershipAutoRenew: joining, renewing, changing level and giving a
membership, paid by card at the level's price, the membership made once when the payment succeeds."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from strawberry import relay

from steward.core.dates import organisation_today
from steward.donations.models import Gift, RecurringGift
from steward.members.models import Membership, MembershipLevel
from tests.donations.stripe_helpers import deliver, payment_intent, signed_event
from tests.factories import MembershipLevelFactory, make_membership
from tests.graphql.conftest import member_with_account
from tests.graphql.donations.conftest import payload_errors, request_key
from tests.stripe_server import card, payment_intents

pytestmark = pytest.mark.django_db

PURCHASE = """
mutation Buy($input: StartMembershipPurchaseInput!) {
  startMembershipPurchase(input: $input) {
    __typename
    ... on PaymentStarted { status clientSecret gift { id purpose amount { amount currency } } }
    ... on OperationInfo { messages { field code message } }
  }
}
"""

AUTO_RENEW = """
mutation Auto($id: ID!, $on: Boolean!, $card: String) {
  setMembershipAutoRenew(membershipId: $id, autoRenew: $on, paymentMethodId: $card) {
    __typename
    ... on Membership { autoRenew }
    ... on OperationInfo { messages { field code message } }
  }
}
"""


def gid(type_name, obj):
    return str(relay.GlobalID(type_name, str(obj.pk)))


@pytest.fixture
def level(fund):
    return MembershipLevelFactory(name="Supporter", slug="supporter", price=Decimal("60.00"), currency="USD")


@pytest.fixture
def person(graphql):
    """A signed-in account holder who is not a member yet."""
    member = member_with_account()
    Membership.objects.filter(constituent=member).delete()
    graphql.login(member.user)
    return member


def buy(graphql, stripe_api, level, *, number="4242424242424242", **fields):
    values = {
        "levelId": gid("MembershipLevel", level),
        "paymentMethodId": card(stripe_api, number),
        "requestKey": request_key(),
        **fields,
    }
    return graphql(PURCHASE, {"input": values}).data["startMembershipPurchase"]


def test_joining_charges_the_level_price_and_makes_the_membership(graphql, stripe_api, level, person):
    result = buy(graphql, stripe_api, level)
    assert result["status"] == "SUCCEEDED"
    assert result["gift"]["purpose"] == "MEMBERSHIP"
    assert result["gift"]["amount"] == {"amount": "60.00", "currency": "USD"}
    membership = Membership.objects.get(constituent=person)
    assert (membership.level, membership.status) == (level, Membership.Status.CURRENT)
    gift = Gift.objects.get()
    assert membership.terms.get().gift_id == gift.pk
    assert gift.membership == membership
    assert [intent.amount for intent in payment_intents(stripe_api)] == [6000]


def test_the_client_cannot_choose_the_price(graphql, stripe_api, level, person):
    values = {"levelId": gid("MembershipLevel", level), "paymentMethodId": "pm_x", "requestKey": "k", "amount": "1"}
    result = graphql(PURCHASE, {"input": values}, errors=True)
    assert result.errors
    assert "amount" in result.errors[0]["message"]
    assert Gift.objects.count() == 0


def test_joining_with_automatic_renewal_keeps_the_card_for_the_next_term(graphql, stripe_api, level, person):
    buy(graphql, stripe_api, level, renewAutomatically=True)
    membership = Membership.objects.get(constituent=person)
    plan = RecurringGift.objects.get(membership=membership)
    assert membership.auto_renew is True
    assert plan.amount == Decimal("60.00")
    assert plan.next_charge_date == membership.end_date + dt.timedelta(days=1)
    assert plan.payment_method.last4 == "4242"


def test_renewing_adds_the_next_term_without_a_gap(graphql, stripe_api, level, person):
    membership = make_membership(constituent=person, level=level)
    first_end = membership.end_date
    buy(graphql, stripe_api, level, membershipId=gid("Membership", membership))
    membership.refresh_from_db()
    latest = membership.terms.order_by("-start_date").first()
    assert latest.start_date == first_end + dt.timedelta(days=1)
    assert latest.gift_id == Gift.objects.get().pk


def test_changing_level_starts_a_full_term_of_the_new_level_today(graphql, stripe_api, level, person):
    membership = make_membership(
        constituent=person, level=level, start_date=organisation_today() - dt.timedelta(days=40)
    )
    patron = MembershipLevelFactory(name="Patron", slug="patron", price=Decimal("250.00"))
    result = buy(graphql, stripe_api, patron, membershipId=gid("Membership", membership))
    assert result["gift"]["amount"]["amount"] == "250.00"
    membership.refresh_from_db()
    today = organisation_today()
    old, new = membership.terms.order_by("start_date")
    assert old.end_date == today - dt.timedelta(days=1)
    assert (new.start_date, new.level, new.amount) == (today, patron, Decimal("250.00"))
    assert membership.level == patron


def test_a_gift_membership_belongs_to_the_recipient(graphql, stripe_api, level, person):
    recipient = {"email": "dolgor@example.mn", "givenName": "Долгор", "familyName": "Бат"}
    buy(graphql, stripe_api, level, giftFor=recipient)
    membership = Membership.objects.get()
    assert membership.constituent.emails.get().address == "dolgor@example.mn"
    assert membership.purchased_by == person
    assert Gift.objects.get().constituent == person  # the payer gave, and gets the receipt


def test_a_payment_confirmed_only_by_the_webhook_makes_the_membership_once(
    graphql, stripe_api, level, person, django_capture_on_commit_callbacks
):
    result = buy(graphql, stripe_api, level, number="4000002500003155")
    assert result["status"] == "REQUIRES_ACTION"
    assert not Membership.objects.exists()
    gift = Gift.objects.get()
    event = signed_event("payment_intent.succeeded", payment_intent(gift))
    webhook = Client()
    replay = signed_event("payment_intent.succeeded", payment_intent(gift))  # a second event for the same payment
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(webhook, event).status_code == 200
        assert deliver(webhook, event).status_code == 200  # delivered twice
        assert deliver(webhook, replay).status_code == 200
    membership = Membership.objects.get(constituent=person)
    assert membership.terms.count() == 1
    assert membership.status == Membership.Status.CURRENT


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ("staff_only", "not_found"),
        ("already_member", "duplicate"),
        ("someone_elses", "not_found"),
        ("lifetime", "lifetime"),
    ],
)
def test_purchases_that_cannot_become_a_membership_are_refused_before_any_charge(
    graphql, stripe_api, level, person, change, code
):
    fields = {}
    if change == "staff_only":
        level.joinable_online = False
        level.save()
    elif change == "already_member":
        make_membership(constituent=person, level=level)
    elif change == "someone_elses":
        fields["membershipId"] = gid("Membership", make_membership(level=level))
    elif change == "lifetime":
        life = MembershipLevelFactory(slug="life", term=MembershipLevel.Term.LIFETIME, price=Decimal("900"))
        fields["membershipId"] = gid("Membership", make_membership(constituent=person, level=life))
    before = Membership.objects.count()
    result = buy(graphql, stripe_api, level, **fields)
    assert result["__typename"] == "OperationInfo"
    assert code in payload_errors(result).values(), result
    assert Gift.objects.count() == 0
    assert payment_intents(stripe_api) == []
    assert Membership.objects.count() == before


def test_buying_a_membership_needs_an_account(graphql, stripe_api, level):
    result = buy(graphql, stripe_api, level)
    assert result["__typename"] == "OperationInfo"
    assert Gift.objects.count() == 0


def test_automatic_renewal_can_be_turned_on_with_a_card_and_off_again(graphql, stripe_api, level, person):
    membership = make_membership(constituent=person, level=level)
    on = graphql(AUTO_RENEW, {"id": gid("Membership", membership), "on": True, "card": card(stripe_api)})
    assert on.data["setMembershipAutoRenew"] == {"__typename": "Membership", "autoRenew": True}
    plan = RecurringGift.objects.get(membership=membership)
    assert plan.status == RecurringGift.Status.ACTIVE
    off = graphql(AUTO_RENEW, {"id": gid("Membership", membership), "on": False})
    assert off.data["setMembershipAutoRenew"]["autoRenew"] is False
    plan.refresh_from_db()
    assert plan.status == RecurringGift.Status.CANCELLED
    # On again without a card: the saved card is used
    again = graphql(AUTO_RENEW, {"id": gid("Membership", membership), "on": True})
    assert again.data["setMembershipAutoRenew"]["autoRenew"] is True
    assert RecurringGift.objects.filter(membership=membership, status=RecurringGift.Status.ACTIVE).count() == 1


def test_automatic_renewal_without_any_card_asks_for_one(graphql, stripe_api, level, person):
    membership = make_membership(constituent=person, level=level)
    result = graphql(AUTO_RENEW, {"id": gid("Membership", membership), "on": True}).data["setMembershipAutoRenew"]
    assert payload_errors(result) == {"paymentMethod": "required"}
    membership.refresh_from_db()
    assert membership.auto_renew is False
