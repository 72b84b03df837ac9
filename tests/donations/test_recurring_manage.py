"""A recurring gift started without an account (issue 15): the email that starts it, owed once whatever the order
and number of Stripe's deliveries, with its signed manage link and the invitation to an account; the account
made and confirmed with that address then holds the gift; the lower amount offered before cancelling."""

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client

from steward.core.models import OutboxMessage
from steward.donations import manage_links, online
from steward.donations.models import Gift, RecurringCharge, RecurringGift
from steward.members import accounts
from steward.members.models import Constituent
from tests.donations.stripe_helpers import deliver, payment_intent, signed_event
from tests.factories import FundFactory, IndividualFactory
from tests.graphql.conftest import GraphQLClient
from tests.stripe_server import card

pytestmark = pytest.mark.django_db

D = dt.date
VISA = "4242424242424242"
NEEDS_3DS = "4000002500003155"
PASSWORD = "a long and careful passphrase"
STARTED_SUBJECT = "Your monthly gift of 20.00 USD has started"


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


def start_monthly(stripe_api, fund, number=VISA, donor=None):
    return online.recurring_gift_start(
        constituent=donor or IndividualFactory(given_name="Cleo", family_name="Achebe", email="cleo@example.org"),
        amount="20.00",
        currency="USD",
        frequency=RecurringGift.Frequency.MONTHLY,
        fund=fund,
        payment_method_id=card(stripe_api, number),
        today=D(2026, 1, 15),
    )


def started_emails() -> list:
    return [message for message in mail.outbox if message.subject == STARTED_SUBJECT]


def test_the_start_email_is_sent_once_with_the_amount_frequency_next_date_and_links(
    stripe_api, fund, django_capture_on_commit_callbacks
):
    # given a signed-out donor's monthly gift of 20.00 whose first payment succeeds on 15 January 2026
    with django_capture_on_commit_callbacks(execute=True):
        first = start_monthly(stripe_api, fund)
    plan = first.recurring_gift
    # when Stripe then delivers the payment's success three times
    gift = Gift.objects.get(recurring_charge=first)
    event = signed_event("payment_intent.succeeded", payment_intent(gift))
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            assert deliver(Client(), event).status_code == 200
    # then one message was owed and one email sent, to the donor
    assert OutboxMessage.objects.filter(kind="recurring_gift_started").count() == 1
    (email,) = started_emails()
    assert email.to == ["cleo@example.org"]
    # saying the amount, how often, the next charge date and the card
    assert "Thank you for your monthly gift of 20.00 USD to General fund." in email.body
    assert "Your next gift of 20.00 USD will be taken on 15 February 2026, then every month" in email.body
    assert "Visa ending 4242" in email.body
    # with the signed link to manage it, naming this gift, and the sign-up page with the address filled in
    (manage,) = re.findall(r"http://localhost:3000/giving/manage/(\S+)", email.body)
    assert manage_links.managed_gift_read(token=manage).recurring_gift == plan
    assert "http://localhost:3000/account/sign-up?email=cleo%40example.org" in email.body


def test_the_start_email_is_owed_by_the_webhook_when_it_learns_of_the_payment_first_in_any_order(
    stripe_api, fund, django_capture_on_commit_callbacks
):
    # given a first payment the bank wanted authenticated: the plan waits, and no start email is owed yet
    first = start_monthly(stripe_api, fund, number=NEEDS_3DS)
    plan = RecurringGift.objects.get(pk=first.recurring_gift_id)
    assert plan.status == RecurringGift.Status.PENDING
    assert not OutboxMessage.objects.filter(kind="recurring_gift_started").exists()
    gift = Gift.objects.get(recurring_charge=first)
    succeeded = signed_event("payment_intent.succeeded", payment_intent(gift))
    needs_action = signed_event("payment_intent.requires_action", payment_intent(gift, status="requires_action"))
    # when, after the donor authenticated, Stripe delivers the success three times, a stale "requires action" between
    for event in [succeeded, needs_action, succeeded, succeeded]:
        with django_capture_on_commit_callbacks(execute=True):
            assert deliver(Client(), event).status_code == 200
    # then the gift is active, its charge paid, and the start email went once
    plan.refresh_from_db()
    first.refresh_from_db()
    assert (plan.status, first.status) == (RecurringGift.Status.ACTIVE, RecurringCharge.Status.SUCCEEDED)
    assert OutboxMessage.objects.filter(kind="recurring_gift_started").count() == 1
    assert len(started_emails()) == 1


def test_a_donor_with_an_account_is_not_invited_to_make_one(stripe_api, fund, django_capture_on_commit_callbacks):
    donor = IndividualFactory(given_name="Dan", email="dan@example.org")
    donor.user = accounts.User.objects.create_user("dan@example.org", "dan@example.org", PASSWORD)
    donor.save()
    with django_capture_on_commit_callbacks(execute=True):
        start_monthly(stripe_api, fund, donor=donor)
    (email,) = started_emails()
    assert "/account/sign-up" not in email.body
    assert "http://localhost:3000/portal/giving" in email.body


# ---------------------------------------------------------------------------------------------------------
# The account that keeps the gift
# ---------------------------------------------------------------------------------------------------------

MY_GIFTS = "{ myRecurringGifts { amount { amount } frequency } }"


def sign_up_and_confirm(*, email: str, given_name: str, family_name: str):
    user = accounts.account_sign_up(email=email, password=PASSWORD, given_name=given_name, family_name=family_name)
    (verify,) = [message for message in mail.outbox if "/account/verify-email" in message.body]
    (token,) = re.findall(r"/account/verify-email\?token=(\S+)", verify.body)
    return user, unquote(token)


def test_an_account_confirmed_with_the_donors_address_holds_the_gift(stripe_api, fund):
    # given a signed-out donor's monthly gift
    plan = start_monthly(stripe_api, fund).recurring_gift
    donor = plan.constituent
    # when they sign up with the invitation's address (in another case) and their name, then confirm the address
    user, token = sign_up_and_confirm(email="Cleo@Example.org", given_name="Cleo", family_name="Achebe")
    # before confirming, the account does not hold the donor's record
    donor.refresh_from_db()
    assert donor.user_id is None
    accounts.account_email_verify(token=token)
    # then the donor's record is the account's, the record sign-up made is merged into it
    donor.refresh_from_db()
    assert donor.user == user
    (made_at_sign_up,) = Constituent.objects.filter(merged_into=donor)
    assert made_at_sign_up.user_id is None
    # and the portal shows the gift
    portal = GraphQLClient()
    portal.login(user)
    assert portal(MY_GIFTS).data["myRecurringGifts"] == [{"amount": {"amount": "20.00"}, "frequency": "MONTHLY"}]


def test_with_two_records_holding_the_address_the_one_with_the_accounts_name_is_linked(stripe_api, fund):
    plan = start_monthly(stripe_api, fund).recurring_gift
    partner = IndividualFactory(given_name="Sam", family_name="Achebe", email="cleo@example.org")
    user, token = sign_up_and_confirm(email="cleo@example.org", given_name="Cleo", family_name="Achebe")
    accounts.account_email_verify(token=token)
    plan.constituent.refresh_from_db()
    partner.refresh_from_db()
    assert (plan.constituent.user, partner.user) == (user, None)


def test_with_no_record_by_that_name_among_several_none_is_linked(stripe_api, fund):
    IndividualFactory(given_name="Sam", family_name="Achebe", email="cleo@example.org")
    IndividualFactory(given_name="Kim", family_name="Achebe", email="cleo@example.org")
    user, token = sign_up_and_confirm(email="cleo@example.org", given_name="Cleo", family_name="Achebe")
    accounts.account_email_verify(token=token)
    # the account keeps the record made at sign-up; staff merge the others
    own = Constituent.objects.get(user=user)
    assert own.merged_into_id is None
    assert Constituent.objects.filter(user__isnull=True, emails__address="cleo@example.org").count() == 2


# ---------------------------------------------------------------------------------------------------------
# The lower amount offered before cancelling
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "offer"),
    [
        ("20.00", "USD", "10.00"),
        ("25.00", "USD", "10.00"),
        ("50.00", "USD", "25.00"),
        ("35.00", "USD", "15.00"),
        ("12.00", "USD", "6.00"),
        ("7.00", "USD", "5.00"),
        ("5.00", "USD", None),
        ("5.50", "USD", "5.00"),
    ],
)
def test_the_lower_amount_is_about_half_never_under_the_minimum(amount, currency, offer):
    got = manage_links.lower_amount_offer(amount=Decimal(amount), currency=currency)
    assert (str(got) if got is not None else None) == offer
