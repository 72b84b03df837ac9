"""A card token from Stripe.js (`tok_…`) is accepted wherever the API takes a payment method: the server makes
the PaymentMethod (real Stripe: `card[token]`; localstripe: the token's card). Against localstripe."""

from decimal import Decimal

import pytest

from steward.donations.models import Gift, PaymentMethod, RecurringGift
from steward.donations.stripe import client
from steward.members.models import Membership
from tests.factories import MembershipLevelFactory
from tests.graphql.conftest import member_with_account
from tests.graphql.donations.conftest import payload_errors, request_key
from tests.graphql.donations.test_membership_purchase import AUTO_RENEW, PURCHASE, gid
from tests.graphql.donations.test_start_donation import DONOR, START
from tests.stripe_server import payment_intents, stripe_client

pytestmark = pytest.mark.django_db


def token(stripe_api: str, number: str = "4242424242424242") -> str:
    """A card token as localstripe's Stripe.js `createToken` gives the browser."""
    details = {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"}
    return stripe_client(stripe_api).v1.tokens.create({"card": details}).id


def give(graphql, stripe_api, payment_method_id, **fields):
    values = {"amount": "25.00", "currency": "USD", "paymentMethodId": payment_method_id, "requestKey": request_key()}
    return graphql(START, {"input": {**values, **fields}}).data["startDonation"]


def test_payment_method_from_token_gives_a_chargeable_card(stripe_api):
    method_id = client.payment_method_from_token(token=token(stripe_api))
    details = client.payment_method_details(payment_method_id=method_id)
    assert details.last4 == "4242"
    assert details.fingerprint


@pytest.mark.parametrize("bad", ["tok_doesnotexist", "card_1234", ""])
def test_payment_method_from_token_refuses_what_is_not_a_token(stripe_api, bad):
    with pytest.raises(client.StripeRequestError):
        client.payment_method_from_token(token=bad)


def test_a_signed_out_donor_gives_once_with_a_token(graphql, stripe_api, fund):
    result = give(graphql, stripe_api, token(stripe_api), donor=DONOR)
    assert result["__typename"] == "PaymentStarted", result
    assert result["status"] == "SUCCEEDED"
    assert Gift.objects.get().status == Gift.Status.SUCCEEDED
    assert len(payment_intents(stripe_api)) == 1


def test_the_same_token_request_sent_again_charges_once(graphql, stripe_api, fund):
    values = {
        "amount": "25.00",
        "currency": "USD",
        "paymentMethodId": token(stripe_api),
        "requestKey": request_key(),
        "donor": DONOR,
    }
    first = graphql(START, {"input": values}).data["startDonation"]
    again = graphql(START, {"input": values}).data["startDonation"]
    assert first["gift"]["id"] == again["gift"]["id"]
    assert len(payment_intents(stripe_api)) == 1


def test_a_member_gives_monthly_with_a_token_and_the_card_is_kept(graphql, stripe_api, fund):
    member = member_with_account()
    graphql.login(member.user)
    result = give(graphql, stripe_api, token(stripe_api), frequency="MONTHLY")
    assert result["status"] == "SUCCEEDED", result
    assert result["recurringGift"]["paymentMethod"]["last4"] == "4242"
    assert RecurringGift.objects.get().constituent == member
    assert PaymentMethod.objects.get(constituent=member).stripe_customer_id


def test_a_token_for_a_card_needing_authentication_returns_the_client_secret(graphql, stripe_api, fund):
    result = give(graphql, stripe_api, token(stripe_api, "4000002500003155"), donor=DONOR)
    assert result["status"] == "REQUIRES_ACTION"
    assert result["clientSecret"].startswith("pi_")


def test_an_unknown_token_is_a_typed_error_and_charges_nothing(graphql, stripe_api, fund):
    result = give(graphql, stripe_api, "tok_doesnotexist", donor=DONOR)
    assert result["__typename"] == "OperationInfo"
    assert payload_errors(result) == {"paymentMethod": "invalid_payment_method"}
    assert Gift.objects.count() == 0
    assert payment_intents(stripe_api) == []


def test_a_membership_is_bought_with_a_token_and_renews_automatically(graphql, stripe_api, fund):
    level = MembershipLevelFactory(name="Supporter", slug="supporter", price=Decimal("60.00"), currency="USD")
    member = member_with_account()
    Membership.objects.filter(constituent=member).delete()
    graphql.login(member.user)
    values = {
        "levelId": gid("MembershipLevel", level),
        "paymentMethodId": token(stripe_api),
        "requestKey": request_key(),
        "renewAutomatically": True,
    }
    result = graphql(PURCHASE, {"input": values}).data["startMembershipPurchase"]
    assert result["status"] == "SUCCEEDED", result
    membership = Membership.objects.get(constituent=member)
    assert membership.auto_renew
    off = graphql(AUTO_RENEW, {"id": gid("Membership", membership), "on": False, "card": None})
    assert off.data["setMembershipAutoRenew"]["autoRenew"] is False
    on = graphql(AUTO_RENEW, {"id": gid("Membership", membership), "on": True, "card": token(stripe_api)})
    assert on.data["setMembershipAutoRenew"]["autoRenew"] is True
