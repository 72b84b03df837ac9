"""chargeAuthentication / chargeAuthenticationComplete: a recurring charge's 3-D Secure finished from the emailed
link, against localstripe (its `_authenticate` endpoint is what its fake Stripe.js calls for confirmCardPayment)."""

import datetime as dt
import json
import re
import urllib.request
from types import SimpleNamespace

import pytest
from django.core import mail, signing

from steward.donations import online, payments, recurring
from steward.donations.models import Gift, RecurringCharge, RecurringGift
from tests.factories import IndividualFactory
from tests.graphql.donations.conftest import payload_errors
from tests.stripe_server import card, payment_intents

pytestmark = pytest.mark.django_db

D = dt.date
SALT = "steward.recurring.authenticate"
VISA = "4242424242424242"
NEEDS_3DS = "4000002500003155"

CHARGE = """
query Charge($token: String!) {
  chargeAuthentication(token: $token) {
    __typename
    ... on ChargeAuthentication { state amount { amount currency } description cardBrand cardLast4 clientSecret }
    ... on OperationInfo { messages { field code message } }
  }
}
"""

COMPLETE = """
mutation Complete($token: String!) {
  chargeAuthenticationComplete(token: $token) {
    __typename
    ... on ChargeAuthentication { state amount { amount currency } clientSecret }
    ... on OperationInfo { messages { field code message } }
  }
}
"""


def monthly_gift(stripe_api, fund, number=VISA) -> RecurringGift:
    """A monthly gift started on 15 January 2026, its first payment made with the card `number`."""
    first = online.recurring_gift_start(
        constituent=IndividualFactory(),
        amount="20.00",
        currency="USD",
        frequency=RecurringGift.Frequency.MONTHLY,
        fund=fund,
        payment_method_id=card(stripe_api, number),
        today=D(2026, 1, 15),
    )
    return first.recurring_gift


def charge_needing_authentication(stripe_api, fund, capture) -> RecurringCharge:
    """The February charge of a monthly gift whose card was changed to one the bank wants authenticated, run
    off-session as the schedule runs it (the donor is emailed the link)."""
    plan = monthly_gift(stripe_api, fund)
    needs_3ds = payments.payment_method_save(
        constituent=plan.constituent, payment_method_id=card(stripe_api, NEEDS_3DS)
    )
    recurring.recurring_gift_update(recurring_gift=plan, payment_method=needs_3ds, today=D(2026, 1, 20))
    recurring.recurring_charges_schedule(today=D(2026, 2, 15))
    charge = RecurringCharge.objects.get(recurring_gift=plan, due_date=D(2026, 2, 15))
    with capture(execute=True):
        online.recurring_charge_run(charge_id=charge.pk, today=D(2026, 2, 15))
    charge.refresh_from_db()
    assert charge.status == RecurringCharge.Status.REQUIRES_ACTION
    return charge


def token_for(charge: RecurringCharge) -> str:
    """The token of the link the donor is emailed (made as the email makes it)."""
    return recurring.authentication_link(charge).rsplit("/giving/authenticate/", 1)[1]


def authenticate_in_browser(stripe_api: str, client_secret: str, *, success: bool = True) -> None:
    """What localstripe's Stripe.js does when the donor answers its 3-D Secure dialog (publishable key only)."""
    payment_intent_id = client_secret.split("_secret_")[0]
    request = urllib.request.Request(  # noqa: S310 - the test's own localstripe
        f"{stripe_api}/v1/payment_intents/{payment_intent_id}/_authenticate?success={str(success).lower()}",
        data=json.dumps({"key": "pk_test_steward", "client_secret": client_secret}).encode(),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200


def read(graphql, token: str) -> dict:
    return graphql(CHARGE, {"token": token}).data["chargeAuthentication"]


def complete(graphql, token: str) -> dict:
    return graphql(COMPLETE, {"token": token}).data["chargeAuthenticationComplete"]


def test_the_emailed_link_shows_the_charge_and_the_client_secret_to_a_signed_out_donor(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks
):
    # given a charge whose bank asks for authentication, and the email about it
    mail.outbox.clear()
    charge = charge_needing_authentication(stripe_api, fund, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    link = re.search(r"https?://\S+/giving/authenticate/(\S+)", email.body)
    assert link is not None
    # when the donor, not signed in, opens the link
    result = read(graphql, link.group(1))
    # then the page gets the charge, the card, and the secret Stripe.js confirms it with
    assert result == {
        "__typename": "ChargeAuthentication",
        "state": "REQUIRES_ACTION",
        "amount": {"amount": "20.00", "currency": "USD"},
        "description": "Monthly gift to General fund",
        "cardBrand": "visa",
        "cardLast4": "3155",
        "clientSecret": result["clientSecret"],
    }
    assert result["clientSecret"].startswith(f"{charge.stripe_payment_intent_id}_secret_")
    assert Gift.objects.get(recurring_charge=charge).status == Gift.Status.PENDING


def test_the_type_holds_only_what_the_page_needs(graphql):
    fields = graphql('{ __type(name: "ChargeAuthentication") { fields { name } } }').data["__type"]["fields"]
    assert {field["name"] for field in fields} == {
        "state",
        "amount",
        "description",
        "cardBrand",
        "cardLast4",
        "clientSecret",
    }


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature changed"),
        pytest.param(lambda token: token.split(":", 1)[1], id="payload cut"),
        pytest.param(lambda token: "not-a-token", id="garbage"),
        pytest.param(lambda token: "", id="empty"),
        pytest.param(
            lambda token: signing.dumps({"charge": signing.loads(token, salt=SALT)["charge"]}),
            id="signed for something else",
        ),
        pytest.param(lambda token: signing.dumps({"charge": 10**9}, salt=SALT), id="no such charge"),
        pytest.param(lambda token: signing.dumps("nope", salt=SALT), id="not a charge"),
    ],
)
def test_a_tampered_link_is_a_typed_error(graphql, stripe_api, fund, django_capture_on_commit_callbacks, tamper):
    charge = charge_needing_authentication(stripe_api, fund, django_capture_on_commit_callbacks)
    bad = tamper(token_for(charge))
    for result in (read(graphql, bad), complete(graphql, bad)):
        assert result["__typename"] == "OperationInfo"
        assert payload_errors(result) == {"token": "link_invalid"}
    assert Gift.objects.get(recurring_charge=charge).status == Gift.Status.PENDING


def test_a_link_older_than_14_days_is_expired(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks, monkeypatch
):
    charge = charge_needing_authentication(stripe_api, fund, django_capture_on_commit_callbacks)
    token = token_for(charge)
    real_time = signing.time.time
    # 13 days on, the link still works
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: real_time() + 13 * 86400))
    assert read(graphql, token)["state"] == "REQUIRES_ACTION"
    # 15 days on, it has expired, and says so
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: real_time() + 15 * 86400))
    for result in (read(graphql, token), complete(graphql, token)):
        assert result["__typename"] == "OperationInfo"
        assert payload_errors(result) == {"token": "link_expired"}
        assert "expired" in result["messages"][0]["message"]


def test_completing_after_authentication_records_the_gift_once(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks
):
    # given the donor confirmed the charge with Stripe.js
    charge = charge_needing_authentication(stripe_api, fund, django_capture_on_commit_callbacks)
    token = token_for(charge)
    authenticate_in_browser(stripe_api, read(graphql, token)["clientSecret"])
    intents = len(payment_intents(stripe_api))
    # when the page completes it
    result = complete(graphql, token)
    # then the installment is paid and the gift recorded
    assert result == {
        "__typename": "ChargeAuthentication",
        "state": "SUCCEEDED",
        "amount": {"amount": "20.00", "currency": "USD"},
        "clientSecret": None,
    }
    charge.refresh_from_db()
    assert charge.status == RecurringCharge.Status.SUCCEEDED
    gift = Gift.objects.get(recurring_charge=charge)
    assert gift.status == Gift.Status.SUCCEEDED
    assert gift.stripe_charge_id
    recorded = (gift.succeeded_at, gift.amount, gift.stripe_charge_id)
    # when it is completed again (a second tab, a reload), then nothing changes and nothing is charged
    assert complete(graphql, token)["state"] == "SUCCEEDED"
    again = read(graphql, token)
    assert (again["state"], again["clientSecret"]) == ("SUCCEEDED", None)
    gift.refresh_from_db()
    assert (gift.succeeded_at, gift.amount, gift.stripe_charge_id) == recorded
    assert Gift.objects.filter(recurring_gift=charge.recurring_gift, status=Gift.Status.SUCCEEDED).count() == 2
    assert len(payment_intents(stripe_api)) == intents
    assert RecurringGift.objects.get(pk=charge.recurring_gift_id).failed_payment_count == 0


def test_completing_before_the_bank_confirmed_changes_nothing(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks
):
    charge = charge_needing_authentication(stripe_api, fund, django_capture_on_commit_callbacks)
    result = complete(graphql, token_for(charge))
    assert result["state"] == "REQUIRES_ACTION"
    assert result["clientSecret"]
    charge.refresh_from_db()
    assert charge.status == RecurringCharge.Status.REQUIRES_ACTION
    assert Gift.objects.get(recurring_charge=charge).status == Gift.Status.PENDING


def test_a_failed_authentication_charges_nothing_and_offers_no_secret(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks
):
    charge = charge_needing_authentication(stripe_api, fund, django_capture_on_commit_callbacks)
    token = token_for(charge)
    authenticate_in_browser(stripe_api, read(graphql, token)["clientSecret"], success=False)
    result = complete(graphql, token)
    assert result["state"] == "FAILED"
    assert result["clientSecret"] is None
    assert read(graphql, token)["clientSecret"] is None
    assert Gift.objects.get(recurring_charge=charge).status != Gift.Status.SUCCEEDED


def test_a_charge_paid_without_authentication_shows_no_secret(graphql, stripe_api, fund):
    # given the first charge of a gift, paid at once with a card that needs no authentication
    plan = monthly_gift(stripe_api, fund)
    paid = RecurringCharge.objects.get(recurring_gift=plan, due_date=D(2026, 1, 15))
    assert paid.status == RecurringCharge.Status.SUCCEEDED
    # then its link says it is done, and completing it records nothing more
    for result in (read(graphql, token_for(paid)), complete(graphql, token_for(paid))):
        assert result["state"] == "SUCCEEDED"
        assert result["clientSecret"] is None
    assert Gift.objects.filter(recurring_gift=plan).count() == 1


def test_a_charge_not_yet_charged_needs_nothing(graphql, stripe_api, fund):
    plan = monthly_gift(stripe_api, fund)
    recurring.recurring_charges_schedule(today=D(2026, 2, 15))
    scheduled = RecurringCharge.objects.get(recurring_gift=plan, due_date=D(2026, 2, 15))
    for result in (read(graphql, token_for(scheduled)), complete(graphql, token_for(scheduled))):
        assert result["state"] == "NOT_NEEDED"
        assert result["clientSecret"] is None
    scheduled.refresh_from_db()
    assert scheduled.status == RecurringCharge.Status.SCHEDULED


def test_a_cancelled_gift_offers_no_secret(graphql, stripe_api, fund, django_capture_on_commit_callbacks):
    charge = charge_needing_authentication(stripe_api, fund, django_capture_on_commit_callbacks)
    recurring.recurring_gift_cancel(recurring_gift=charge.recurring_gift, reason="Changed my mind")
    result = read(graphql, token_for(charge))
    assert result["state"] == "NOT_NEEDED"
    assert result["clientSecret"] is None
