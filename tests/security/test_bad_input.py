"""Input found by fuzzing to crash the API, the card download, the webhook or the admin: each answers with a
typed, clear error and changes nothing."""

import json
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from strawberry.relay import to_base64
from wagtail.models import ReferenceIndex

from steward.donations.models import StripeEvent
from steward.members.models import ConsentRecord, Constituent
from tests.donations.stripe_helpers import WEBHOOK_URL, sign
from tests.factories import FundFactory, GiftFactory, MembershipLevelFactory, RecurringGiftFactory, SuperuserFactory
from tests.graphql.conftest import GraphQLClient, member_with_account
from tests.volunteers.factories import OpportunityFactory, SignupFactory, make_shift

NUL = "Ann\x00ie"
LONE_SURROGATE = "Ann\ud800ie"
OPERATION_INFO = "... on OperationInfo { messages { kind field code message } }"

UPDATE_PROFILE = f"""
mutation ($input: UpdateProfileInput!) {{ updateProfile(input: $input) {{ __typename {OPERATION_INFO} }} }}
"""
UPDATE_CONSENT = f"""
mutation ($input: UpdateConsentInput!) {{ updateConsent(input: $input) {{ __typename {OPERATION_INFO} }} }}
"""
SIGN_IN = f"""
mutation ($input: SignInInput!) {{ signIn(input: $input) {{ __typename {OPERATION_INFO} }} }}
"""
CANCEL_SIGNUP = f"""
mutation ($input: CancelSignupInput!) {{ cancelSignup(input: $input) {{ __typename {OPERATION_INFO} }} }}
"""
FINISH_CARD_UPDATE = f"""
mutation ($id: ID!, $setupIntentId: String!) {{
  finishCardUpdate(id: $id, setupIntentId: $setupIntentId) {{ __typename {OPERATION_INFO} }}
}}
"""


@pytest.fixture
def graphql(db) -> GraphQLClient:
    return GraphQLClient()


@pytest.fixture
def member(db) -> Constituent:
    return member_with_account(given_name="Malee", family_name="Srisuk")


@pytest.fixture
def member_graphql(graphql: GraphQLClient, member: Constituent) -> GraphQLClient:
    graphql.login(member.user)
    return graphql


def refusal(payload: dict) -> tuple[str, str, str]:
    """(typename, field, code) of a mutation payload that should be a validation message."""
    [message] = payload["messages"]
    return payload["__typename"], message["field"], message["code"]


def query_refusal(result) -> tuple[str, str]:
    """(field, code) of a query refused with one GraphQL error."""
    [error] = result.errors
    assert "Unexpected error" not in error["message"]
    return error["extensions"]["field"], error["extensions"]["code"]


@pytest.mark.parametrize("bad", [NUL, LONE_SURROGATE])
def test_a_profile_name_with_a_nul_or_a_lone_surrogate_is_refused_naming_the_field(member_graphql, member, bad):
    # given a signed-in member named Malee
    # when they send a given name holding a NUL byte or a lone surrogate
    result = member_graphql(UPDATE_PROFILE, {"input": {"givenName": bad}})
    # then a validation message names the field, and the name is unchanged
    assert refusal(result.data["updateProfile"]) == ("OperationInfo", "givenName", "invalid_input")
    member.refresh_from_db()
    assert member.given_name == "Malee"


def test_an_email_longer_than_254_characters_is_refused(member_graphql, member):
    # given a signed-in member and an address of 255 characters
    address = "a" * 243 + "@example.org"
    assert len(address) == 255
    # when they make it their primary address
    result = member_graphql(UPDATE_PROFILE, {"input": {"primaryEmail": address}})
    # then it is refused naming the field, and no address was added
    assert refusal(result.data["updateProfile"]) == ("OperationInfo", "primaryEmail", "invalid_input")
    assert not member.emails.filter(address=address).exists()


@pytest.mark.parametrize("bad", [NUL, LONE_SURROGATE])
def test_consent_wording_with_a_nul_or_a_lone_surrogate_is_refused(member_graphql, member, bad):
    # given a signed-in member
    choice = {"channel": "EMAIL", "topic": "NEWSLETTER", "granted": True, "wording": bad}
    # when they record a choice whose wording is not clean text
    result = member_graphql(UPDATE_CONSENT, {"input": choice})
    # then it is refused naming the field, and the ledger is untouched
    assert refusal(result.data["updateConsent"]) == ("OperationInfo", "wording", "invalid_input")
    assert not ConsentRecord.objects.filter(constituent=member).exists()


@pytest.mark.parametrize("bad", [NUL, LONE_SURROGATE])
def test_sign_in_with_a_nul_or_a_lone_surrogate_is_refused(graphql, member, bad):
    # given a member's account
    # when someone signs in with an email address holding a NUL byte or a lone surrogate
    result = graphql(SIGN_IN, {"input": {"email": bad, "password": "whatever"}})
    # then it is refused naming the field, and nobody is signed in
    assert refusal(result.data["signIn"]) == ("OperationInfo", "email", "invalid_input")
    assert graphql("query { viewer { signedIn } }").data == {"viewer": {"signedIn": False}}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("query ($v: String!) { page(path: $v) { title } }", "path"),
        ("query ($v: String!) { campaign(slug: $v) { name } }", "slug"),
    ],
)
@pytest.mark.parametrize("bad", [NUL, LONE_SURROGATE])
def test_page_and_campaign_lookups_refuse_nul_and_lone_surrogates(graphql, query, field, bad):
    # given the public
    # when a page or a campaign is asked for by a path or slug that is not clean text
    result = graphql(query, {"v": bad}, errors=True)
    # then a clear error names the argument
    assert query_refusal(result) == (field, "invalid_input")


@pytest.mark.parametrize("node_id", ["1e5", "²", "1 OR 1=1", "99999999999999999999"])
def test_node_ids_that_are_not_our_keys_are_refused(member_graphql, node_id):
    # given a signed-in member
    # when they look up a gift by an id whose key is not an integer we could store
    result = member_graphql(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": to_base64("Gift", node_id)}, errors=True
    )
    # then a clear error names the argument
    assert query_refusal(result) == ("id", "invalid_input")
    assert result.data == {"node": None}


def test_a_signup_id_that_is_sql_is_refused(member_graphql, member):
    # given a member with a place on a shift
    shift = make_shift(opportunity=OpportunityFactory(title="Food bank"))
    signup = SignupFactory(shift=shift, constituent=member, status="signed_up")
    # when they cancel "ShiftSignup:1 OR 1=1"
    result = member_graphql(CANCEL_SIGNUP, {"input": {"signupId": to_base64("ShiftSignup", "1 OR 1=1")}})
    # then it is refused naming the field, and their sign-up still holds its place
    assert refusal(result.data["cancelSignup"]) == ("OperationInfo", "signupId", "invalid_input")
    signup.refresh_from_db()
    assert signup.status == "signed_up"


@pytest.mark.parametrize("amount", ["1e999999", "Infinity", "NaN", "0.0000000000000000001"])
def test_cover_fees_amount_refuses_numbers_no_amount_can_be(graphql, amount):
    # given the public
    # when the cover-the-fees figure is asked for an absurd amount
    result = graphql(
        'query ($a: Decimal!) { coverFeesAmount(amount: $a, currency: "USD") { amount } }', {"a": amount}, errors=True
    )
    # then a clear error names the argument
    assert query_refusal(result) == ("amount", "invalid_input")


@pytest.mark.parametrize("setup_intent_id", ["", "seti_" + "x" * 100_000])
def test_finish_card_update_refuses_an_empty_or_huge_setup_intent_id(member_graphql, member, setup_intent_id):
    # given a member's monthly gift
    plan = RecurringGiftFactory(
        constituent=member,
        amount=Decimal("10.00"),
        currency="USD",
        frequency="monthly",
        status="active",
        fund=FundFactory(code="general"),
    )
    # when they finish a card update with an empty or a 100,000-character setup intent id
    result = member_graphql(
        FINISH_CARD_UPDATE, {"id": to_base64("RecurringGift", plan.pk), "setupIntentId": setup_intent_id}
    )
    # then it is refused naming the field, and the gift is as it was
    assert refusal(result.data["finishCardUpdate"]) == ("OperationInfo", "setupIntentId", "invalid_input")
    plan.refresh_from_db()
    assert (plan.status, plan.payment_method_id) == ("active", None)


@pytest.mark.parametrize("membership_id", ["²", "١", "99999999999999999999"])
def test_the_card_download_answers_404_for_ids_that_are_not_keys(client, member, membership_id):
    # given a signed-in member
    client.force_login(member.user)
    # when they ask for the card of a membership id in superscript or Arabic-Indic digits, or too big to be one
    response = client.get(f"/members/card/{membership_id}/")
    # then the answer is "no such membership"
    assert response.status_code == 404


def _signed_webhook(created: object) -> tuple[str, bytes, str]:
    event_id = f"evt_bad_created_{time.time_ns()}"
    body = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "payment_intent.succeeded",
            "created": created,
            "data": {"object": {"id": "pi_nothing", "object": "payment_intent"}},
        }
    ).encode()
    return event_id, body, sign(body)


A_DAY_AHEAD = "a day ahead"  # computed when the test runs: a value fixed at collection differs between xdist workers


@pytest.mark.parametrize("created", ["yesterday", 1.5e9, True, A_DAY_AHEAD, 10**20, -1])
def test_a_signed_webhook_with_a_created_that_is_not_a_time_up_to_now_is_refused(client, db, settings, created):
    # given a correctly signed event whose `created` is text, a float, a day ahead, absurdly far or negative
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_bad_input"
    if created == A_DAY_AHEAD:
        created = int(time.time()) + 86_400
    event_id, body, signature = _signed_webhook(created)
    # when Stripe (or someone with the secret) posts it
    response = client.post(
        WEBHOOK_URL, data=body, content_type="application/json", headers={"Stripe-Signature": signature}
    )
    # then it is refused and nothing is stored
    assert response.status_code == 400
    assert not StripeEvent.objects.filter(event_id=event_id).exists()


def test_a_signed_webhook_dated_now_is_still_accepted(client, db, settings):
    # given a correctly signed event created now
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_bad_input"
    event_id, body, signature = _signed_webhook(int(time.time()))
    # when it is posted
    response = client.post(
        WEBHOOK_URL, data=body, content_type="application/json", headers={"Stripe-Signature": signature}
    )
    # then it is stored
    assert response.status_code == 200
    assert StripeEvent.objects.filter(event_id=event_id).exists()


def _usage_objects():
    fund = FundFactory(code="usage-fund")
    level = MembershipLevelFactory()
    shift = make_shift(opportunity=OpportunityFactory(title="Usage"))
    signup = shift.signups.create(constituent=Constituent.objects.create(kind="individual", given_name="Sam"))
    gift = GiftFactory(fund=fund)
    # The usage pages list what refers to each object: a gift (fund) and a sign-up (shift), neither with an edit view.
    for referring in (gift, signup):
        ReferenceIndex.create_or_update_for_object(referring)
    return {
        "donations/funds": fund,
        "members/levels": level,
        "volunteers/opportunities": shift.opportunity,
        "volunteers/shifts": shift,
        "volunteers/signups": signup,
    }


def test_the_admin_usage_pages_answer_without_an_error(client, db):
    # given a fund, a level, an opportunity, a shift and a sign-up, and a superuser
    objects = _usage_objects()
    client.force_login(SuperuserFactory())
    # when the usage page of each is opened
    answers = {
        prefix: client.get(f"{reverse('wagtailadmin_home')}{prefix}/usage/{obj.pk}/") for prefix, obj in objects.items()
    }
    # then each answers (the page, or "not found" where the viewset has no usage page), never a server error
    assert {prefix: response.status_code in (200, 404) for prefix, response in answers.items()} == dict.fromkeys(
        objects, True
    )
