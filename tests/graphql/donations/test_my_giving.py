"""A donor's own giving through the API: gifts with receipts, recurring gifts they manage, the summary and
statements; and the public funds, campaigns and donate-form options."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from strawberry import relay

from steward.core.dates import organisation_today
from steward.donations import online, receipts
from steward.donations.models import Gift, RecurringGift
from steward.donations.stripe import client as stripe_boundary
from tests.donations.stripe_helpers import deliver, signed_event
from tests.factories import (
    CampaignFactory,
    FundFactory,
    GiftFactory,
    IndividualFactory,
    PaymentMethodFactory,
    RecurringGiftFactory,
)
from tests.graphql.conftest import member_with_account
from tests.graphql.donations.conftest import payload_errors
from tests.stripe_server import card, stripe_client
from tests.utils import query_count

pytestmark = pytest.mark.django_db

MY_GIFTS = """
query { myGifts(first: 50) { edges { node {
  id giftDate status amount { amount currency } fundName campaignName isRecurring receipt { number downloadUrl }
} } } }
"""


def gid(type_name, obj):
    return str(relay.GlobalID(type_name, str(obj.pk)))


@pytest.fixture
def donor(graphql):
    member = member_with_account(given_name="Mei-Ling")
    graphql.login(member.user)
    return member


def test_my_gifts_lists_only_my_paid_gifts_with_receipt_links(graphql, donor, fund):
    mine = GiftFactory(constituent=donor, fund=fund, amount=Decimal("30.00"))
    GiftFactory(constituent=donor, fund=fund, status=Gift.Status.FAILED)  # an abandoned attempt
    GiftFactory(constituent=IndividualFactory(), fund=fund)  # someone else's
    receipt = receipts.receipt_issue(gift=mine)
    edges = graphql(MY_GIFTS).data["myGifts"]["edges"]
    assert [edge["node"]["id"] for edge in edges] == [gid("Gift", mine)]
    node = edges[0]["node"]
    assert node["amount"] == {"amount": "30.00", "currency": "USD"}
    assert node["receipt"]["number"] == receipt.display_number
    path = node["receipt"]["downloadUrl"].split("://", 1)[1].split("/", 1)[1]
    response = Client().get("/" + path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_my_gifts_costs_the_same_queries_for_few_or_many(graphql, donor, fund):
    campaign = CampaignFactory()

    def count_queries():
        return query_count(lambda: graphql(MY_GIFTS))

    for _ in range(2):
        receipts.receipt_issue(gift=GiftFactory(constituent=donor, fund=fund, campaign=campaign))
    few = count_queries()
    for _ in range(20):
        receipts.receipt_issue(gift=GiftFactory(constituent=donor, fund=FundFactory(), campaign=CampaignFactory()))
    assert count_queries() == few
    assert few <= 6


def test_signed_out_visitors_see_no_gifts(graphql, fund):
    GiftFactory(fund=fund)
    result = graphql(MY_GIFTS, errors=True)
    assert result.data is None or result.data["myGifts"] is None
    assert result.errors


def test_my_giving_sums_up_and_offers_statements(graphql, donor, fund):
    GiftFactory(constituent=donor, fund=fund, amount=Decimal("100.00"), gift_date=dt.date(2025, 3, 1))
    GiftFactory(constituent=donor, fund=fund, amount=Decimal("50.00"), gift_date=dt.date(2026, 2, 1))
    from steward.donations import rollups

    rollups.giving_summaries_rebuild()
    giving = graphql("query { myGiving { lifetimeTotal { amount } giftCount statements { year downloadUrl } } }")
    data = giving.data["myGiving"]
    assert data["lifetimeTotal"]["amount"] == "150.00"
    assert data["giftCount"] == 2
    assert [statement["year"] for statement in data["statements"]] == [2026, 2025]


MANAGE = """
mutation Manage($id: ID!, $amount: Decimal, $date: Date) {
  updateRecurringGift(input: {id: $id, amount: $amount, nextChargeDate: $date}) {
    __typename
    ... on RecurringGift { amount { amount } nextChargeDate status }
    ... on OperationInfo { messages { field code } }
  }
}
"""


@pytest.fixture
def plan(stripe_api, donor, fund):
    charge = online.recurring_gift_start(
        constituent=donor,
        amount="20.00",
        currency="USD",
        frequency="monthly",
        fund=fund,
        payment_method_id=card(stripe_api),
    )
    return RecurringGift.objects.get(pk=charge.recurring_gift_id)


def test_a_donor_changes_pauses_resumes_skips_and_cancels_their_recurring_gift(graphql, plan):
    later = plan.next_charge_date + dt.timedelta(days=3)
    changed = graphql(MANAGE, {"id": gid("RecurringGift", plan), "amount": "35.00", "date": later.isoformat()})
    assert changed.data["updateRecurringGift"] == {
        "__typename": "RecurringGift",
        "amount": {"amount": "35.00"},
        "nextChargeDate": later.isoformat(),
        "status": "ACTIVE",
    }
    plan.refresh_from_db()
    assert plan.charge_day == later.day
    for mutation, status in [("pause", "PAUSED"), ("resume", "ACTIVE"), ("skip", "ACTIVE"), ("cancel", "CANCELLED")]:
        result = graphql(
            f"mutation($id: ID!) {{ {mutation}RecurringGift(id: $id) {{ ... on RecurringGift {{ status }} }} }}",
            {"id": gid("RecurringGift", plan)},
        )
        assert result.data[f"{mutation}RecurringGift"]["status"] == status
    listed = graphql("query { myRecurringGifts { status cancelledAt } }").data["myRecurringGifts"]
    assert listed[0]["status"] == "CANCELLED"
    assert listed[0]["cancelledAt"]


def test_bad_changes_to_a_recurring_gift_are_typed_errors(graphql, plan):
    for variables, expected in [
        ({"amount": "0.50"}, {"amount": "too_small"}),
        ({"date": organisation_today().isoformat()}, {"nextChargeDate": "past_date"}),
    ]:
        result = graphql(MANAGE, {"id": gid("RecurringGift", plan), **variables}).data["updateRecurringGift"]
        assert payload_errors(result) == expected
    plan.refresh_from_db()
    assert plan.amount == Decimal("20.00")


def test_nobody_can_manage_someone_elses_recurring_gift(graphql, plan):
    stranger = member_with_account()
    graphql.login(stranger.user)
    result = graphql(MANAGE, {"id": gid("RecurringGift", plan), "amount": "1000.00"}).data["updateRecurringGift"]
    assert payload_errors(result) == {"id": "not_found"}
    cancel = graphql(
        "mutation($id: ID!) { cancelRecurringGift(id: $id) { __typename } }", {"id": gid("RecurringGift", plan)}
    )
    assert cancel.data["cancelRecurringGift"]["__typename"] == "OperationInfo"
    plan.refresh_from_db()
    assert (plan.amount, plan.status) == (Decimal("20.00"), RecurringGift.Status.ACTIVE)
    assert graphql("query { myRecurringGifts { id } }").data["myRecurringGifts"] == []


MY_RECURRING_GIFTS = """
query { myRecurringGifts {
  id amount { amount currency } frequency status nextChargeDate pausedUntil failedPaymentCount cancelledAt
  fundName isMembershipRenewal paymentMethod { brand last4 expMonth expYear }
} }
"""
# the session, the user, the viewer's constituent, their user and group permissions (whether they may see
# others' gifts), then the gifts joined to their fund and card
MY_RECURRING_GIFTS_QUERIES = 6


def _recurring_gifts_of(donor, count: int) -> None:
    """`count` recurring gifts of the donor, each on its own fund and card; the first renews their membership."""
    membership = donor.memberships.get()
    for number in range(count):
        card = PaymentMethodFactory(constituent=donor, is_default=False, last4=f"{number:04d}", brand="visa")
        RecurringGiftFactory(
            constituent=donor,
            amount=Decimal(f"{number + 5}.00"),
            fund=FundFactory(),
            payment_method=card,
            status=RecurringGift.Status.ACTIVE,
            next_charge_date=dt.date(2030, 1, 1) + dt.timedelta(days=number),
            membership=membership if number == 0 else None,
        )


@pytest.mark.parametrize("size", [1, 12])
def test_my_recurring_gifts_runs_in_a_constant_number_of_queries(graphql, donor, django_assert_num_queries, size):
    # given `size` recurring gifts of the signed-in donor, and someone else's
    _recurring_gifts_of(donor, size)
    RecurringGiftFactory(constituent=IndividualFactory(), payment_method=PaymentMethodFactory(), status="active")
    # when they read their recurring gifts with every field
    with django_assert_num_queries(MY_RECURRING_GIFTS_QUERIES):
        listed = graphql(MY_RECURRING_GIFTS).data["myRecurringGifts"]
    # then they get all of theirs, with fund and card, and only theirs
    assert len(listed) == size
    assert {row["paymentMethod"]["last4"] for row in listed} == {f"{number:04d}" for number in range(size)}
    assert [row["isMembershipRenewal"] for row in listed].count(True) == 1
    assert all(row["fundName"].startswith("Fund ") for row in listed)


START_CARD = "mutation($id: ID!) { startCardUpdate(id: $id) { ... on CardSetup { setupIntentId clientSecret } } }"
FINISH_CARD = """
mutation($id: ID!, $si: String!) {
  finishCardUpdate(id: $id, setupIntentId: $si) {
    __typename ... on RecurringGift { paymentMethod { last4 } } ... on OperationInfo { messages { field code } }
  }
}
"""


def test_a_donor_moves_their_recurring_gift_to_a_new_card(graphql, plan, stripe_api):
    setup = graphql(START_CARD, {"id": gid("RecurringGift", plan)}).data["startCardUpdate"]
    assert setup["clientSecret"]
    early = graphql(FINISH_CARD, {"id": gid("RecurringGift", plan), "si": setup["setupIntentId"]})
    assert payload_errors(early.data["finishCardUpdate"]) == {"setupIntentId": "not_confirmed"}
    # The browser confirms it with Stripe.js and a new card
    new_card = card(stripe_api, "5555555555554444")
    stripe_client(stripe_api).v1.setup_intents.confirm(setup["setupIntentId"], {"payment_method": new_card})
    done = graphql(FINISH_CARD, {"id": gid("RecurringGift", plan), "si": setup["setupIntentId"]})
    assert done.data["finishCardUpdate"]["paymentMethod"]["last4"] == "4444"
    plan.refresh_from_db()
    assert plan.payment_method.stripe_payment_method_id == new_card


def test_the_setup_intent_webhook_moves_the_gift_to_the_new_card_once(
    plan, stripe_api, django_capture_on_commit_callbacks
):
    setup = stripe_boundary.setup_intent_create(
        customer_id=plan.payment_method.stripe_customer_id,
        metadata={"steward_constituent_id": plan.constituent_id, "steward_recurring_gift_id": plan.pk},
        idempotency_key="test-setup",
    )
    new_card = card(stripe_api, "5555555555554444")
    confirmed = stripe_client(stripe_api).v1.setup_intents.confirm(setup.id, {"payment_method": new_card})
    event = signed_event("setup_intent.succeeded", confirmed.to_dict())
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(Client(), event).status_code == 200
        assert deliver(Client(), event).status_code == 200
    plan.refresh_from_db()
    assert plan.payment_method.last4 == "4444"
    assert plan.constituent.payment_methods.filter(stripe_payment_method_id=new_card).count() == 1


def test_public_funds_campaigns_and_donation_options(graphql, fund):
    FundFactory(name="Closed fund", active=False)
    campaign = CampaignFactory(slug="roof", goal_amount=Decimal("1000.00"), currency="USD")
    GiftFactory(campaign=campaign, fund=fund, amount=Decimal("250.00"))
    GiftFactory(campaign=campaign, fund=fund, amount=Decimal("100.00"), status=Gift.Status.FAILED)
    data = graphql(
        """query {
          funds { name }
          campaign(slug: "roof") { raised { amount currency } goal { amount } percent donorCount }
          donationOptions { defaultCurrency currencies { code decimals minimum { amount } } presetAmounts { amount } }
          coverFeesAmount(amount: "100.00", currency: "USD") { amount currency }
        }"""
    ).data
    assert [row["name"] for row in data["funds"]] == ["General fund"]
    assert data["campaign"] == {
        "raised": {"amount": "250.00", "currency": "USD"},
        "goal": {"amount": "1000.00"},
        "percent": 25,
        "donorCount": 1,
    }
    jpy = next(row for row in data["donationOptions"]["currencies"] if row["code"] == "JPY")
    assert jpy["decimals"] == 0
    assert data["coverFeesAmount"] == {"amount": "3.30", "currency": "USD"}
    bad = graphql('query { coverFeesAmount(amount: "-5", currency: "USD") { amount } }', errors=True)
    assert bad.errors
    assert "amount" in bad.errors[0]["message"].lower()


def test_the_default_fund_is_named_so_the_donate_form_preselects_it(graphql, db, settings):
    query = "query { donationOptions { defaultFundId } funds { id name } }"
    # no fund open yet: none
    assert graphql(query).data["donationOptions"]["defaultFundId"] is None
    # the first open fund in display order, unless DONATION_DEFAULT_FUND names one
    FundFactory(name="Library", code="library", sort_order=2)
    general = FundFactory(name="General", code="general", sort_order=1)
    data = graphql(query).data
    assert data["donationOptions"]["defaultFundId"] == relay.to_base64("Fund", general.pk)
    assert data["donationOptions"]["defaultFundId"] in [row["id"] for row in data["funds"]]
    settings.DONATION_DEFAULT_FUND = "library"
    library_id = graphql(query).data["donationOptions"]["defaultFundId"]
    assert library_id == relay.to_base64("Fund", FundFactory._meta.model.objects.get(code="library").pk)


def test_staff_set_the_suggested_amounts_in_wagtail(graphql, admin_client, db):
    from steward.site.models import OrganisationSettings

    query = "query { donationOptions { presetAmounts { amount currency } } }"
    defaults = [row["amount"] for row in graphql(query).data["donationOptions"]["presetAmounts"]]
    assert defaults == ["25", "50", "100", "250"]
    organisation = OrganisationSettings.load()
    organisation.donation_preset_amounts = "30, 60.50, 120"
    organisation.full_clean()
    organisation.save()
    chosen = graphql(query).data["donationOptions"]["presetAmounts"]
    assert chosen == [
        {"amount": "30", "currency": "USD"},
        {"amount": "60.50", "currency": "USD"},
        {"amount": "120", "currency": "USD"},
    ]
    organisation.donation_preset_amounts = "30, lots"
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "'lots' is not an amount." in str(error.value)
