"""startDonation: a one-time or repeating card gift through the API, against localstripe."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from steward.core.dates import organisation_today
from steward.donations.models import Gift, PaymentAttempt, RecurringGift
from steward.members.models import Constituent, Email
from tests.graphql.conftest import member_with_account
from tests.graphql.donations.conftest import payload_errors, request_key
from tests.stripe_server import card, payment_intents

pytestmark = pytest.mark.django_db

START = """
mutation Start($input: StartDonationInput!) {
  startDonation(input: $input) {
    __typename
    ... on PaymentStarted {
      status clientSecret
      gift { id status amount { amount currency } fundName tributeName receipt { number } }
      recurringGift { id frequency status nextChargeDate amount { amount } paymentMethod { last4 } }
    }
    ... on OperationInfo { messages { field code message } }
  }
}
"""

DONOR = {"email": "somchai@example.org", "givenName": "Somchai", "familyName": "Jaidee"}


def give(graphql, stripe_api, *, number="4242424242424242", **fields):
    values = {
        "amount": "25.00",
        "currency": "USD",
        "paymentMethodId": card(stripe_api, number),
        "requestKey": request_key(),
        **fields,
    }
    return graphql(START, {"input": values}).data["startDonation"]


def test_a_signed_out_donor_gives_once_and_is_recorded_with_a_receipt(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = give(graphql, stripe_api, donor=DONOR)
    assert result["__typename"] == "PaymentStarted"
    assert result["status"] == "SUCCEEDED"
    assert result["gift"]["amount"] == {"amount": "25.00", "currency": "USD"}
    assert result["gift"]["fundName"] == "General fund"
    assert result["gift"]["receipt"] is None  # receipts are only shown to the signed-in donor; it is emailed
    gift = Gift.objects.get()
    assert gift.status == Gift.Status.SUCCEEDED
    assert gift.constituent.emails.get().address == "somchai@example.org"
    assert [message.to for message in mail.outbox] == [["somchai@example.org"]]


def test_a_known_email_adds_the_gift_to_that_donor(graphql, stripe_api, fund):
    # the donor's own account: signed up with the address (so it is proven) and the same name as typed
    known = member_with_account(given_name="Somchai", family_name="Jaidee")
    known.user.username = "Somchai@Example.org"
    known.user.save(update_fields=["username"])
    Email.objects.create(constituent=known, address="Somchai@Example.org")
    give(graphql, stripe_api, donor=DONOR)
    assert Gift.objects.get().constituent == known
    assert Constituent.objects.count() == 1


def test_an_address_on_file_but_never_proven_makes_a_new_record_for_staff_to_merge(graphql, stripe_api, fund):
    # an account holder typed the address into their profile without confirming it: it proves nothing
    claimer = member_with_account(given_name="Somchai", family_name="Jaidee")
    Email.objects.create(constituent=claimer, address="somchai@example.org")
    give(graphql, stripe_api, donor=DONOR)
    gift = Gift.objects.get()
    assert gift.constituent != claimer
    assert gift.constituent.emails.get().address == "somchai@example.org"
    assert list(gift.constituent.tags.names()) == ["possible duplicate"]


def test_the_same_request_sent_twice_charges_once(graphql, stripe_api, fund):
    values = {"amount": "40.00", "currency": "USD", "paymentMethodId": card(stripe_api), "requestKey": request_key()}
    first = graphql(START, {"input": {**values, "donor": DONOR}}).data["startDonation"]
    again = graphql(START, {"input": {**values, "donor": DONOR}}).data["startDonation"]
    assert first["gift"]["id"] == again["gift"]["id"]
    assert again["status"] == "SUCCEEDED"
    assert Gift.objects.count() == 1
    assert len(payment_intents(stripe_api)) == 1


def test_a_signed_in_member_gives_monthly_from_today(graphql, stripe_api, fund):
    member = member_with_account()
    graphql.login(member.user)
    result = give(graphql, stripe_api, amount="15.00", frequency="MONTHLY", coverFees=True)
    assert result["status"] == "SUCCEEDED"
    plan = RecurringGift.objects.get()
    assert plan.constituent == member
    assert plan.amount == Decimal("15.00") + Decimal("0.76")  # (15 + 0.30) / 0.971 → 15.76
    assert result["recurringGift"]["frequency"] == "MONTHLY"
    assert result["recurringGift"]["status"] == "ACTIVE"
    assert result["recurringGift"]["paymentMethod"]["last4"] == "4242"
    assert dt.date.fromisoformat(result["recurringGift"]["nextChargeDate"]) > organisation_today()
    assert Gift.objects.get().status == Gift.Status.SUCCEEDED


def test_a_tribute_notifies_the_person_named_once(graphql, stripe_api, fund, django_capture_on_commit_callbacks):
    tribute = {"kind": "MEMORY", "name": "Grandma Noi", "notifyName": "Ploy", "notifyEmail": "ploy@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        result = give(graphql, stripe_api, donor=DONOR, tribute=tribute)
    assert result["gift"]["tributeName"] == "Grandma Noi"
    notices = [message for message in mail.outbox if message.to == ["ploy@example.org"]]
    assert len(notices) == 1
    assert "in memory of Grandma Noi" in notices[0].body
    assert "25" not in notices[0].body  # the amount is not shared


def test_a_card_needing_authentication_returns_the_client_secret(graphql, stripe_api, fund):
    result = give(graphql, stripe_api, donor=DONOR, number="4000002500003155")
    assert result["status"] == "REQUIRES_ACTION"
    assert result["clientSecret"]
    assert Gift.objects.get().status == Gift.Status.PENDING


def test_a_declined_card_is_a_typed_error(graphql, stripe_api, fund):
    result = give(graphql, stripe_api, donor=DONOR, number="4000000000000341")
    assert result["__typename"] == "OperationInfo"
    assert "card_declined" in payload_errors(result).values()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"amount": "1.00"}, {"amount": "too_small"}),
        ({"currency": "CHF"}, {"currency": "unsupported_currency"}),
        ({"amount": "100000.01"}, {"amount": "too_large"}),
        ({"donor": None}, {"donor": "required"}),
        ({"donor": {**DONOR, "email": "not-an-email"}}, {"email": "invalid"}),
        ({"fundId": "RnVuZDo5OTk5"}, {"fundId": "not_found"}),
        ({"tribute": {"kind": "HONOUR", "name": ""}}, {"tributeName": "required"}),
        ({"frequency": "MONTHLY", "tribute": {"kind": "HONOUR", "name": ""}}, {"tributeName": "required"}),
    ],
)
def test_bad_input_is_refused_with_typed_errors_and_nothing_is_written(graphql, stripe_api, fund, fields, expected):
    result = give(graphql, stripe_api, **{"donor": DONOR, **fields})
    assert result["__typename"] == "OperationInfo"
    errors = payload_errors(result)
    for field, code in expected.items():
        assert errors.get(field) == code, errors
    assert Gift.objects.count() == 0
    assert payment_intents(stripe_api) == []


def test_card_testers_are_stopped_before_stripe_by_their_forwarded_address(graphql, stripe_api, fund, settings):
    settings.CARD_TESTING_MAX_STARTS_PER_IP = 2
    graphql.client.defaults["HTTP_X_FORWARDED_FOR"] = "198.51.100.1, 203.0.113.9"  # proxied by the frontend
    for _ in range(2):
        assert give(graphql, stripe_api, donor=DONOR)["status"] == "SUCCEEDED"
    blocked = give(graphql, stripe_api, donor=DONOR)
    assert "rate_limited" in payload_errors(blocked).values()
    assert len(payment_intents(stripe_api)) == 2
    assert PaymentAttempt.objects.filter(blocked=True, client_ip="203.0.113.9").count() == 1
    # Another donor behind the same frontend is not affected
    graphql.client.defaults["HTTP_X_FORWARDED_FOR"] = "203.0.113.10"
    assert give(graphql, stripe_api, donor=DONOR)["status"] == "SUCCEEDED"


@pytest.mark.parametrize("frequency", ["ONCE", "MONTHLY"])
def test_an_unknown_payment_method_is_a_typed_error_and_leaves_nothing(graphql, stripe_api, fund, frequency):
    values = {
        "amount": "25.00",
        "currency": "USD",
        "paymentMethodId": "pm_forged_or_expired",
        "requestKey": request_key(),
        "frequency": frequency,
        "donor": DONOR,
    }
    result = graphql(START, {"input": values}).data["startDonation"]
    assert payload_errors(result) == {"paymentMethod": "invalid_payment_method"}
    assert Gift.objects.count() == 0
    assert RecurringGift.objects.count() == 0
    assert payment_intents(stripe_api) == []


def test_a_monthly_gift_in_memory_of_someone_carries_the_tribute_and_notifies_once(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks
):
    from steward.donations import online, recurring

    tribute = {"kind": "MEMORY", "name": "Grandpa Dorj", "notifyName": "Saraa", "notifyEmail": "saraa@example.mn"}
    with django_capture_on_commit_callbacks(execute=True):
        result = give(graphql, stripe_api, donor=DONOR, frequency="MONTHLY", tribute=tribute)
    assert result["status"] == "SUCCEEDED"
    plan = RecurringGift.objects.get()
    assert (plan.tribute_type, plan.tribute_name) == ("memory", "Grandpa Dorj")
    # the next installment, a month later
    with django_capture_on_commit_callbacks(execute=True):
        recurring.recurring_charges_schedule(today=plan.next_charge_date)
        for charge_id in recurring.recurring_charges_due_ids(today=plan.next_charge_date):
            online.recurring_charge_run(charge_id=charge_id, today=plan.next_charge_date)
    gifts = list(Gift.objects.filter(recurring_gift=plan).order_by("pk"))
    assert [gift.status for gift in gifts] == [Gift.Status.SUCCEEDED, Gift.Status.SUCCEEDED]
    assert [gift.tribute_name for gift in gifts] == ["Grandpa Dorj", "Grandpa Dorj"]
    assert len([message for message in mail.outbox if message.to == ["saraa@example.mn"]]) == 1


@pytest.mark.parametrize(
    ("fields", "shown"),
    [({}, False), ({"showName": True}, True), ({"showName": True, "anonymous": True}, False)],
)
def test_a_donors_name_is_shown_on_the_campaign_page_only_when_they_ask(graphql, stripe_api, fund, fields, shown):
    # given a signed-out donor who gives once with or without asking to be named
    give(graphql, stripe_api, donor=DONOR, **fields)
    # then the gift records the choice: off unless asked for, and never with "leave my name out"
    assert Gift.objects.get().name_shown is shown


def test_a_monthly_donor_who_asks_to_be_named_is_named_on_every_installment(graphql, stripe_api, fund):
    give(graphql, stripe_api, donor=DONOR, frequency="MONTHLY", showName=True)
    plan = RecurringGift.objects.get()
    assert plan.name_shown is True
    assert Gift.objects.get().name_shown is True
