"""managedGift and the mutations that take a manage link's token (issue 15): a donor who gave monthly without an
account changes the amount or the card, pauses for 1–3 months, resumes or cancels from the emailed link. Every
refused token (forged, another kind of link, expired, revoked) is a typed error on `token` that changes nothing."""

import datetime as dt
import json
import time
from decimal import Decimal

import pytest
from django.core import signing
from django.test import Client

from steward.donations import manage_links, online, recurring
from steward.donations.models import RecurringCharge, RecurringGift
from steward.members.models import SignInFailure
from tests.factories import IndividualFactory
from tests.graphql.conftest import GraphQLClient
from tests.graphql.donations.conftest import payload_errors, request_key
from tests.stripe_server import card, stripe_client

pytestmark = pytest.mark.django_db

D = dt.date
VISA = "4242424242424242"

FIELDS = """
amount { amount currency } frequency status fundName nextChargeDate pausedUntil cardBrand cardLast4
minimum { amount } maximum { amount } lowerAmount { amount currency } accountInvitationUrl manageUrl
"""
PROBLEMS = "... on OperationInfo { messages { field code message } }"

READ = f"""query($token: String!) {{ managedGift(token: $token) {{
  __typename ... on ManagedGift {{ {FIELDS} }} {PROBLEMS} }} }}"""
UPDATE = f"""mutation($token: String!, $amount: Decimal!) {{ updateManagedGift(token: $token, amount: $amount) {{
  __typename ... on ManagedGift {{ {FIELDS} }} {PROBLEMS} }} }}"""
PAUSE = f"""mutation($token: String!, $months: Int!) {{ pauseManagedGift(token: $token, months: $months) {{
  __typename ... on ManagedGift {{ {FIELDS} }} {PROBLEMS} }} }}"""
RESUME = f"""mutation($token: String!) {{ resumeManagedGift(token: $token) {{
  __typename ... on ManagedGift {{ {FIELDS} }} {PROBLEMS} }} }}"""
CANCEL = f"""mutation($token: String!, $reason: String!) {{ cancelManagedGift(token: $token, reason: $reason) {{
  __typename ... on ManagedGift {{ {FIELDS} }} {PROBLEMS} }} }}"""
START_CARD = f"""mutation($token: String!) {{ startManagedCardUpdate(token: $token) {{
  __typename ... on CardSetup {{ setupIntentId clientSecret }} {PROBLEMS} }} }}"""
FINISH_CARD = f"""mutation($token: String!, $si: String!) {{
  finishManagedCardUpdate(token: $token, setupIntentId: $si) {{
  __typename ... on ManagedGift {{ {FIELDS} }} {PROBLEMS} }} }}"""

# Every operation that takes a token, with the other arguments of a request that would change the gift.
OPERATIONS = {
    "managedGift": (READ, {}),
    "updateManagedGift": (UPDATE, {"amount": "35.00"}),
    "pauseManagedGift": (PAUSE, {"months": 2}),
    "resumeManagedGift": (RESUME, {}),
    "cancelManagedGift": (CANCEL, {"reason": "Moving away"}),
    "startManagedCardUpdate": (START_CARD, {}),
    "finishManagedCardUpdate": (FINISH_CARD, {"si": "seti_unknown"}),
}


def monthly_gift(stripe_api, fund, *, email="cleo@example.org", given_name="Cleo") -> RecurringGift:
    """A monthly gift of 20.00 USD started on 15 January 2026 by a donor without an account."""
    donor = IndividualFactory(given_name=given_name, family_name="Achebe", email=email)
    return online.recurring_gift_start(
        constituent=donor,
        amount="20.00",
        currency="USD",
        frequency=RecurringGift.Frequency.MONTHLY,
        fund=fund,
        payment_method_id=card(stripe_api, VISA),
        today=D(2026, 1, 15),
    ).recurring_gift


@pytest.fixture
def plan(stripe_api, fund):
    return monthly_gift(stripe_api, fund)


@pytest.fixture
def today(monkeypatch):
    """The organisation's date for the page's actions: 20 January 2026."""
    monkeypatch.setattr("steward.donations.manage_links.organisation_today", lambda: D(2026, 1, 20))
    return D(2026, 1, 20)


def token_of(plan: RecurringGift) -> str:
    """The token of the emailed link, as the email makes it."""
    return manage_links.manage_link(plan).rsplit("/giving/manage/", 1)[1]


def snapshot(plan: RecurringGift) -> tuple:
    plan.refresh_from_db()
    charges = list(plan.charges.order_by("pk").values_list("due_date", "status", "amount"))
    return (plan.amount, plan.status, plan.next_charge_date, plan.paused_until, plan.payment_method_id, charges)


def call(graphql: GraphQLClient, name: str, token: str, **overrides) -> dict:
    query, variables = OPERATIONS[name]
    return graphql(query, {"token": token, **variables, **overrides}).data[name]


# ---------------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------------


def test_the_link_shows_the_gift_its_bounds_a_lower_amount_and_the_invitation(graphql, plan, stripe_api):
    # when the page reads the gift by its emailed link, signed out
    read = call(graphql, "managedGift", token_of(plan))
    # then it shows the amount, the frequency, the next charge and the card
    assert read["__typename"] == "ManagedGift"
    assert read["amount"] == {"amount": "20.00", "currency": "USD"}
    assert (read["frequency"], read["status"], read["fundName"]) == ("MONTHLY", "ACTIVE", "General fund")
    assert read["nextChargeDate"] == "2026-02-15"
    assert (read["cardBrand"], read["cardLast4"]) == ("visa", "4242")
    # the bounds of a new amount (the donation settings), and 10.00 to offer before cancelling
    assert (read["minimum"]["amount"], read["maximum"]["amount"]) == ("5.00", "100000.00")
    assert read["lowerAmount"] == {"amount": "10.00", "currency": "USD"}
    # and, with no account yet, the sign-up page with the address filled in; its own link only on the thank-you page
    assert read["accountInvitationUrl"] == "http://localhost:3000/account/sign-up?email=cleo%40example.org"
    assert read["manageUrl"] is None


# ---------------------------------------------------------------------------------------------------------
# Refused tokens change nothing
# ---------------------------------------------------------------------------------------------------------


def _forged(plan: RecurringGift) -> str:
    good = token_of(plan)
    return good[:-2] + ("AA" if not good.endswith("AA") else "BB")


def _other_kind_of_link(plan: RecurringGift) -> str:
    # the 3-D Secure link's token for the gift's first charge, whose payload looks alike but has another salt
    charge = plan.charges.get()
    return recurring.authentication_link(charge).rsplit("/", 1)[1]


def _same_payload_other_salt(plan: RecurringGift) -> str:
    return signing.dumps({"g": plan.pk, "v": plan.manage_link_version}, salt="steward.recurring.authenticate")


def _expired(plan: RecurringGift, monkeypatch) -> str:
    # signed two years and a day ago
    now = time.time()
    with monkeypatch.context() as patched:
        patched.setattr(signing.time, "time", lambda: now - 731 * 24 * 3600)
        return token_of(plan)


@pytest.mark.parametrize("name", list(OPERATIONS))
@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda plan, monkeypatch: _forged(plan), "link_invalid"),
        (lambda plan, monkeypatch: "", "link_invalid"),
        (lambda plan, monkeypatch: _other_kind_of_link(plan), "link_invalid"),
        (lambda plan, monkeypatch: _same_payload_other_salt(plan), "link_invalid"),
        (_expired, "link_expired"),
    ],
    ids=["forged", "empty", "3ds-link", "other-salt", "expired"],
)
def test_a_bad_token_is_refused_with_a_typed_error_and_changes_nothing(graphql, plan, monkeypatch, name, make, code):
    # given a token that is not this gift's manage link as it stands
    token = make(plan, monkeypatch)
    before = snapshot(plan)
    # when it is used for the operation
    result = call(graphql, name, token)
    # then the answer is a typed error on the token, and the gift is as it was
    assert payload_errors(result) == {"token": code}
    assert snapshot(plan) == before


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_link_sent_before_the_gift_was_cancelled_is_revoked(graphql, plan, name):
    # given the donor's link, and the gift cancelled since (here from the portal: any cancelling revokes)
    token = token_of(plan)
    recurring.recurring_gift_cancel(recurring_gift=plan, reason="By phone")
    before = snapshot(plan)
    # when the old link is used
    result = call(graphql, name, token)
    # then it is refused as revoked, and nothing changes
    assert payload_errors(result) == {"token": "link_revoked"}
    assert snapshot(plan) == before


def test_a_token_reaches_only_its_own_gift(graphql, stripe_api, fund, plan):
    # given another donor's monthly gift
    other = monthly_gift(stripe_api, fund, email="dan@example.org", given_name="Dan")
    before = snapshot(plan)
    # when the other gift's link changes its amount
    changed = call(graphql, "updateManagedGift", token_of(other), amount="30.00")
    # then that gift changed and this one did not
    assert changed["amount"]["amount"] == "30.00"
    assert snapshot(plan) == before
    other.refresh_from_db()
    assert other.amount == Decimal("30.00")


def test_bad_tokens_from_one_address_are_limited_then_even_a_good_one_waits(graphql, plan, settings):
    # given the limit on links that do not work is two per address
    settings.ACCOUNT_LINK_MAX_FAILURES_PER_ADDRESS = 2
    for _ in range(2):
        assert payload_errors(call(graphql, "managedGift", _forged(plan))) == {"token": "link_invalid"}
    before = snapshot(plan)
    # when the same address then sends the right link to change the amount
    throttled = call(graphql, "updateManagedGift", token_of(plan), amount="35.00")
    # then it is throttled and nothing changed
    assert [message["code"] for message in throttled["messages"]] == ["throttled"]
    assert snapshot(plan) == before
    # and good links do not count: from another address, a good link keeps working
    assert SignInFailure.objects.filter(kind=SignInFailure.Kind.LINK).count() == 2


def test_a_good_link_is_not_counted_against_the_address(graphql, plan, settings):
    settings.ACCOUNT_LINK_MAX_FAILURES_PER_ADDRESS = 1
    for _ in range(3):
        assert call(graphql, "managedGift", token_of(plan))["__typename"] == "ManagedGift"
    assert SignInFailure.objects.filter(kind=SignInFailure.Kind.LINK).count() == 0


def test_the_mutations_need_the_csrf_token_like_every_post():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": CANCEL, "variables": {"token": "x", "reason": ""}}),
        content_type="application/json",
    )
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------------------
# The actions
# ---------------------------------------------------------------------------------------------------------


def test_the_donor_changes_the_amount_of_later_charges(graphql, plan):
    changed = call(graphql, "updateManagedGift", token_of(plan), amount="35.00")
    assert changed["amount"] == {"amount": "35.00", "currency": "USD"}
    assert changed["lowerAmount"]["amount"] == "15.00"
    plan.refresh_from_db()
    assert plan.amount == Decimal("35.00")
    # the charge already made keeps its amount
    assert list(plan.charges.values_list("amount", flat=True)) == [Decimal("20.00")]


@pytest.mark.parametrize(
    ("amount", "code"),
    [("4.99", "too_small"), ("100000.01", "too_large"), ("0", "not_positive"), ("12.345", "bad_precision")],
)
def test_an_amount_out_of_range_is_refused_and_changes_nothing(graphql, plan, amount, code):
    before = snapshot(plan)
    result = call(graphql, "updateManagedGift", token_of(plan), amount=amount)
    assert payload_errors(result) == {"amount": code}
    assert snapshot(plan) == before


@pytest.mark.parametrize(
    ("months", "until", "next_charge"),
    [(1, "2026-02-20", "2026-03-15"), (2, "2026-03-20", "2026-04-15"), (3, "2026-04-20", "2026-05-15")],
)
def test_a_pause_of_one_to_three_months_shows_when_the_gift_resumes(graphql, plan, today, months, until, next_charge):
    # when the donor pauses on 20 January 2026 for `months`
    paused = call(graphql, "pauseManagedGift", token_of(plan), months=months)
    # then the gift is paused until that day, and its next charge is the first of its dates (the 15th) after it
    assert (paused["status"], paused["pausedUntil"], paused["nextChargeDate"]) == ("PAUSED", until, next_charge)
    plan.refresh_from_db()
    assert (plan.paused_until, plan.next_charge_date) == (D.fromisoformat(until), D.fromisoformat(next_charge))


@pytest.mark.parametrize("months", [0, 4, 12, -1])
def test_a_pause_of_other_lengths_is_refused_and_changes_nothing(graphql, plan, today, months):
    before = snapshot(plan)
    result = call(graphql, "pauseManagedGift", token_of(plan), months=months)
    assert payload_errors(result) == {"months": "invalid_choice"}
    assert snapshot(plan) == before


def test_the_months_paused_are_not_charged_when_the_gift_resumes_by_itself(graphql, plan, today):
    # given the gift paused on 20 January for two months (until 20 March)
    call(graphql, "pauseManagedGift", token_of(plan), months=2)
    # when the schedule runs every day up to 15 April
    day = D(2026, 1, 20)
    while day <= D(2026, 4, 15):
        recurring.recurring_charges_schedule(today=day)
        day += dt.timedelta(days=1)
    # then the gift resumed on 20 March and the only new charge is 15 April's: February and March were not charged
    plan.refresh_from_db()
    assert (plan.status, plan.paused_until) == (RecurringGift.Status.ACTIVE, None)
    assert list(plan.charges.order_by("due_date").values_list("due_date", flat=True)) == [
        D(2026, 1, 15),
        D(2026, 4, 15),
    ]


def test_a_paused_gift_resumes_from_its_link(graphql, plan, today):
    call(graphql, "pauseManagedGift", token_of(plan), months=3)
    resumed = call(graphql, "resumeManagedGift", token_of(plan))
    assert (resumed["status"], resumed["pausedUntil"]) == ("ACTIVE", None)


def test_the_donor_cancels_and_the_link_then_stops_working(graphql, plan):
    token = token_of(plan)
    cancelled = call(graphql, "cancelManagedGift", token, reason="Money is tight")
    assert (cancelled["status"], cancelled["nextChargeDate"]) == ("CANCELLED", None)
    plan.refresh_from_db()
    assert (plan.status, plan.cancellation_reason) == (RecurringGift.Status.CANCELLED, "Money is tight")
    assert not plan.charges.filter(status=RecurringCharge.Status.SCHEDULED).exists()
    # the link (and any other sent) is revoked
    assert payload_errors(call(graphql, "managedGift", token)) == {"token": "link_revoked"}


def test_the_donor_moves_the_gift_to_a_new_card(graphql, plan, stripe_api):
    token = token_of(plan)
    setup = call(graphql, "startManagedCardUpdate", token)
    assert setup["__typename"] == "CardSetup"
    assert setup["clientSecret"]
    # not confirmed yet: refused, nothing changed
    before = snapshot(plan)
    early = call(graphql, "finishManagedCardUpdate", token, si=setup["setupIntentId"])
    assert payload_errors(early) == {"setupIntentId": "not_confirmed"}
    assert snapshot(plan) == before
    # the browser confirms it with Stripe.js and the new card
    new_card = card(stripe_api, "5555555555554444")
    stripe_client(stripe_api).v1.setup_intents.confirm(setup["setupIntentId"], {"payment_method": new_card})
    done = call(graphql, "finishManagedCardUpdate", token, si=setup["setupIntentId"])
    assert done["cardLast4"] == "4444"
    plan.refresh_from_db()
    assert plan.payment_method.stripe_payment_method_id == new_card


def test_a_setup_intent_of_another_gift_is_refused(graphql, stripe_api, fund, plan):
    other = monthly_gift(stripe_api, fund, email="dan@example.org", given_name="Dan")
    setup = call(graphql, "startManagedCardUpdate", token_of(other))
    stripe_client(stripe_api).v1.setup_intents.confirm(
        setup["setupIntentId"], {"payment_method": card(stripe_api, "5555555555554444")}
    )
    before = snapshot(plan)
    refused = call(graphql, "finishManagedCardUpdate", token_of(plan), si=setup["setupIntentId"])
    assert payload_errors(refused) == {"setupIntentId": "not_yours"}
    assert snapshot(plan) == before


# ---------------------------------------------------------------------------------------------------------
# The thank-you page: the gift this browser just started
# ---------------------------------------------------------------------------------------------------------

START = """
mutation($input: StartDonationInput!) {
  startDonation(input: $input) { __typename ... on PaymentStarted { status recurringGift { id } } }
}
"""
STARTED = f"{{ startedRecurringGift {{ {FIELDS} }} }}"


def test_the_browser_that_started_a_monthly_gift_is_shown_it_with_its_manage_link(graphql, fund, stripe_api):
    # given a signed-out donor gives 25.00 a month
    started = graphql(
        START,
        {
            "input": {
                "amount": "25.00",
                "currency": "USD",
                "frequency": "MONTHLY",
                "paymentMethodId": card(stripe_api, VISA),
                "requestKey": request_key(),
                "donor": {"email": "eve@example.org", "givenName": "Eve", "familyName": "Ng"},
            }
        },
    ).data["startDonation"]
    assert started["status"] == "SUCCEEDED"
    plan = RecurringGift.objects.get()
    # when the thank-you page asks, in that browser
    shown = graphql(STARTED).data["startedRecurringGift"]
    # then it gets the amount, the frequency, the next charge (a month on) and the manage link for that gift
    assert shown["amount"] == {"amount": "25.00", "currency": "USD"}
    assert shown["frequency"] == "MONTHLY"
    assert shown["nextChargeDate"] == plan.next_charge_date.isoformat()
    assert shown["manageUrl"] == manage_links.manage_link(plan)
    # and another browser gets nothing
    assert GraphQLClient()(STARTED).data["startedRecurringGift"] is None


def test_the_started_gift_is_shown_for_an_hour_only(plan):
    at = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
    shown = manage_links.started_gift_read(recurring_gift_id=plan.pk, started_at=at, now=at + dt.timedelta(minutes=59))
    assert shown is not None
    assert shown.recurring_gift == plan
    late = manage_links.started_gift_read(recurring_gift_id=plan.pk, started_at=at, now=at + dt.timedelta(minutes=61))
    assert late is None
