"""joinMembership, checkJoin and membershipPurchaseQuote (issue 15): a visitor joins in one go, signed in at once;
the welcome email (once, whatever the webhooks do) carries the card, the receipt and the link that confirms the
address; an unconfirmed account still has what it paid for; renewals show what they charge and until when."""

import datetime as dt
import random
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from strawberry import relay

from steward.core import outbox
from steward.core.dates import organisation_today
from steward.core.models import OutboxMessage
from steward.donations import gifts
from steward.donations.models import Gift
from steward.members import accounts
from steward.members.models import Constituent, Membership, UnconfirmedAccount, term_end_for
from tests.donations.stripe_helpers import deliver, payment_intent, signed_event
from tests.factories import IndividualFactory, MembershipLevelFactory, UserFactory, make_membership
from tests.graphql.conftest import GraphQLClient
from tests.graphql.donations.conftest import payload_errors, request_key
from tests.stripe_server import card, payment_intents

pytestmark = pytest.mark.django_db

PASSWORD = "Spring-rain-over-Chiang-Mai-4"
VISA = "4242424242424242"
NEEDS_3DS = "4000002500003155"
DECLINES_WHEN_CHARGED = "4000000000000341"

JOIN = """
mutation Join($input: JoinMembershipInput!) {
  joinMembership(input: $input) {
    __typename
    ... on PaymentStarted { status gift { amount { amount currency } } }
    ... on OperationInfo { messages { field code message } }
  }
}
"""

CHECK = """
mutation Check($input: CheckJoinInput!) {
  checkJoin(input: $input) {
    __typename
    ... on OperationInfo { messages { field code message } }
  }
}
"""

VIEWER = "{ viewer { signedIn email } me { memberships { level { name } status endDate } } }"

QUOTE = """
query Quote($level: ID!, $membership: ID) {
  membershipPurchaseQuote(levelId: $level, membershipId: $membership) {
    amount { amount currency } startDate endDate
  }
}
"""


def gid(type_name, obj):
    return str(relay.GlobalID(type_name, str(obj.pk)))


@pytest.fixture
def level(fund):
    return MembershipLevelFactory(
        name="Supporter",
        slug="supporter",
        price=Decimal("60.00"),
        currency="USD",
        description="<p>For friends of the river.</p>",
        benefits="Free entry to the gardens\nThe quarterly newsletter",
    )


def account_holder(email: str) -> Constituent:
    """Someone with a confirmed portal account for this address and no membership."""
    return IndividualFactory(user=UserFactory(username=email, email=email))


def account(email="anan.wong@example.org", **fields):
    return {"email": email, "password": PASSWORD, "givenName": "Anan", "familyName": "Wong", **fields}


def join(graphql, stripe_api, level, *, number=VISA, with_account=True, **fields):
    values = {
        "levelId": gid("MembershipLevel", level),
        "paymentMethodId": card(stripe_api, number),
        "requestKey": request_key(),
        **({"account": account()} if with_account else {}),
        **fields,
    }
    return graphql(JOIN, {"input": values}).data["joinMembership"]


def send_owed(kind):
    """Send what the outbox owes of a kind, as its task does; the emails sent."""
    before = len(mail.outbox)
    for pk in OutboxMessage.objects.filter(kind=kind, status=OutboxMessage.Status.PENDING).values_list("pk", flat=True):
        assert outbox.outbox_send(message_id=pk) == OutboxMessage.Status.SENT
    return mail.outbox[before:]


def confirm_token(message) -> str:
    match = re.search(r"https?://\S+/account/verify-email\?\S+", message.body)
    assert match, message.body
    return parse_qs(urlparse(match.group(0)).query)["token"][0]


# ---------------------------------------------------------------------------------------------------------
# One flow, signed in at once
# ---------------------------------------------------------------------------------------------------------


def test_a_visitor_joins_in_one_go_and_is_signed_in_at_once(graphql, stripe_api, level):
    # when a visitor chooses a level, enters their details and a password, and pays
    result = join(graphql, stripe_api, level)
    # then the card was charged the level's price once, and the same browser is signed in as the new member
    assert result["status"] == "SUCCEEDED"
    assert result["gift"]["amount"] == {"amount": "60.00", "currency": "USD"}
    assert [intent.amount for intent in payment_intents(stripe_api)] == [6000]
    page = graphql(VIEWER).data
    assert page["viewer"] == {"signedIn": True, "email": "anan.wong@example.org"}
    assert page["me"]["memberships"] == [
        {
            "level": {"name": "Supporter"},
            "status": "CURRENT",
            "endDate": str(term_end_for(start=organisation_today(), term="annual")),
        }
    ]
    # and no email had to be confirmed first: the account is active, its address not yet confirmed
    user = User.objects.get(username="anan.wong@example.org")
    assert user.is_active
    assert UnconfirmedAccount.objects.filter(user=user).exists()
    # and the welcome is owed in place of the receipt email
    assert list(OutboxMessage.objects.values_list("kind", flat=True)) == ["membership_welcome"]
    assert mail.outbox == []


def test_an_email_that_has_an_account_signs_nobody_in_and_charges_nothing(graphql, stripe_api, level):
    # given an account for the address already
    existing = account_holder("anan.wong@example.org")
    users = User.objects.count()
    # when a visitor joins with that address (and any password)
    result = join(graphql, stripe_api, level)
    # then the page is told the address has an account, nobody is signed in, nothing is charged or written
    assert result["__typename"] == "OperationInfo"
    assert payload_errors(result) == {"email": "account_exists"}
    assert graphql(VIEWER).data["viewer"]["signedIn"] is False
    assert payment_intents(stripe_api) == []
    assert not Gift.objects.exists()
    assert User.objects.count() == users
    assert (
        not Membership.objects.filter(constituent__user__username="anan.wong@example.org")
        .exclude(constituent=existing)
        .exists()
    )
    # and the address is emailed how to sign in, as sign-up does
    (notice,) = mail.outbox
    assert notice.to == ["anan.wong@example.org"]
    assert "/account/sign-in" in notice.body


def test_every_field_is_checked_before_stripe_is_asked_anything(graphql, stripe_api, level):
    # when the details are wrong, with a card id Stripe would refuse were it asked
    values = {
        "levelId": gid("MembershipLevel", level),
        "paymentMethodId": "tok_never_sent",
        "requestKey": request_key(),
        "account": account(givenName=" ", familyName="", password="short"),
    }
    result = graphql(JOIN, {"input": values}).data["joinMembership"]
    # then every field's problem comes back at once, and nothing was written or charged
    errors = payload_errors(result)
    assert errors["givenName"] == "required"
    assert errors["familyName"] == "required"
    assert "password" in errors
    assert not User.objects.exists()
    assert payment_intents(stripe_api) == []


def test_check_join_reports_the_fields_without_writing_anything(graphql, level):
    values = {"levelId": gid("MembershipLevel", level), "account": account(email="not-an-email")}
    assert payload_errors(graphql(CHECK, {"input": values}).data["checkJoin"]) == {"email": "invalid"}
    good = {"levelId": gid("MembershipLevel", level), "account": account()}
    assert graphql(CHECK, {"input": good}).data["checkJoin"]["__typename"] == "JoinChecked"
    missing = {"levelId": gid("MembershipLevel", level)}
    assert payload_errors(graphql(CHECK, {"input": missing}).data["checkJoin"]) == {"account": "required"}
    assert not User.objects.exists()


def test_a_purchase_the_level_refuses_leaves_no_account(graphql, stripe_api, fund):
    # a lifetime level cannot renew automatically: refused before the card is charged, with no account left
    lifetime = MembershipLevelFactory(name="Life", slug="life", price=Decimal("900.00"), term="lifetime")
    result = join(graphql, stripe_api, lifetime, renewAutomatically=True)
    assert payload_errors(result) == {"renewAutomatically": "lifetime"}
    assert not User.objects.exists()
    assert not Constituent.objects.exists()
    assert graphql(VIEWER).data["viewer"]["signedIn"] is False


def test_a_declined_card_leaves_the_new_member_signed_in_to_try_another(graphql, stripe_api, level):
    result = join(graphql, stripe_api, level, number=DECLINES_WHEN_CHARGED)
    assert payload_errors(result) == {"": "card_declined"}
    assert graphql(VIEWER).data["viewer"]["signedIn"] is True
    assert graphql(VIEWER).data["me"]["memberships"] == []
    # when they pay again, signed in now: the account part is skipped and the same account is charged
    retried = join(graphql, stripe_api, level, with_account=False)
    assert retried["status"] == "SUCCEEDED"
    assert User.objects.count() == 1
    assert [m["status"] for m in graphql(VIEWER).data["me"]["memberships"]] == ["CURRENT"]


def test_a_signed_in_member_joining_skips_the_account(graphql, stripe_api, level):
    member = account_holder("kanya@example.org")
    graphql.login(member.user)
    result = join(graphql, stripe_api, level, with_account=False)
    assert result["status"] == "SUCCEEDED"
    assert Membership.objects.get(constituent=member).level == level
    assert User.objects.count() == 1


# ---------------------------------------------------------------------------------------------------------
# The welcome email
# ---------------------------------------------------------------------------------------------------------


def test_the_welcome_is_sent_once_however_often_and_in_whatever_order_the_webhooks_come(
    graphql, stripe_api, level, django_capture_on_commit_callbacks
):
    # given a visitor whose bank asks for authentication, so only Stripe's events can say the payment succeeded
    result = join(graphql, stripe_api, level, number=NEEDS_3DS)
    assert result["status"] == "REQUIRES_ACTION"
    gift = Gift.objects.get()
    succeeded = signed_event("payment_intent.succeeded", payment_intent(gift))
    others = [
        signed_event("payment_intent.requires_action", payment_intent(gift, status="requires_action")),
        signed_event("payment_intent.succeeded", payment_intent(gift)),  # a second event for the same payment
        signed_event("customer.created", {"id": "cus_other", "object": "customer"}),
    ]
    deliveries = [succeeded, succeeded, succeeded, *others]
    random.Random(15).shuffle(deliveries)
    webhook = Client()
    # when they are all delivered, the success three times, shuffled with the others
    with django_capture_on_commit_callbacks(execute=True):
        for event in deliveries:
            assert deliver(webhook, event).status_code == 200
    # then one membership, one welcome owed and sent (after the commit, by the outbox); no separate receipt email
    membership = Membership.objects.get(constituent__user__username="anan.wong@example.org")
    assert membership.terms.count() == 1
    (welcome,) = OutboxMessage.objects.filter(kind="membership_welcome")
    assert welcome.status == OutboxMessage.Status.SENT
    assert not OutboxMessage.objects.filter(kind="receipt").exists()
    assert [message.to for message in mail.outbox] == [["anan.wong@example.org"]]
    assert "Welcome" in mail.outbox[0].subject
    # and a later sweep sends nothing more
    assert send_owed("membership_welcome") == []


def test_the_welcome_says_what_the_membership_gives_its_dates_and_carries_card_and_receipt(graphql, stripe_api, level):
    join(graphql, stripe_api, level)
    (welcome,) = send_owed("membership_welcome")
    membership = Membership.objects.get()
    today = organisation_today()
    assert welcome.to == ["anan.wong@example.org"]
    assert "Welcome" in welcome.subject
    assert "Supporter" in welcome.subject
    body = welcome.body
    assert "For friends of the river." in body
    assert "- Free entry to the gardens" in body
    assert "- The quarterly newsletter" in body
    assert f"from {today:%-d %B %Y} until {membership.end_date:%-d %B %Y}" in body
    assert "We received 60.00 USD." in body
    names = sorted(name for name, _, mimetype in welcome.attachments if mimetype == "application/pdf")
    assert names[0] == f"membership-card-{membership.pk}.pdf"
    assert names[1].startswith("receipt-")
    assert all(content[:5] == b"%PDF-" for _, content, _ in welcome.attachments)
    # the receipt it carried is recorded as emailed (so a later void is told)
    assert Gift.objects.get().receipt.emailed_at is not None


def test_the_welcome_link_confirms_the_address_and_then_is_not_sent_again(graphql, stripe_api, level):
    join(graphql, stripe_api, level)
    (welcome,) = send_owed("membership_welcome")
    user = User.objects.get(username="anan.wong@example.org")
    assert not accounts.account_email_confirmed(user=user)
    # when the link is used (the frontend's /account/verify-email page calls verifyEmail with its token)
    verify = """mutation V($t: String!) { verifyEmail(token: $t) { __typename ... on EmailVerified { email } } }"""
    assert GraphQLClient()(verify, {"t": confirm_token(welcome)}).data["verifyEmail"] == {
        "__typename": "EmailVerified",
        "email": "anan.wong@example.org",
    }
    # then the address is confirmed and the account still signs in
    assert accounts.account_email_confirmed(user=user)
    assert accounts.account_confirm_link(user=user) is None


def test_a_renewal_welcome_has_no_confirm_link_for_a_confirmed_member(graphql, stripe_api, level):
    member = account_holder("kanya@example.org")
    membership = make_membership(constituent=member, level=level)
    graphql.login(member.user)
    purchase = """mutation B($input: StartMembershipPurchaseInput!) { startMembershipPurchase(input: $input) {
      __typename } }"""
    values = {
        "levelId": gid("MembershipLevel", level),
        "membershipId": gid("Membership", membership),
        "paymentMethodId": card(stripe_api),
        "requestKey": request_key(),
    }
    assert graphql(purchase, {"input": values}).data["startMembershipPurchase"]["__typename"] == "PaymentStarted"
    (welcome,) = send_owed("membership_welcome")
    assert "is paid" in welcome.subject
    assert "/account/verify-email" not in welcome.body


# ---------------------------------------------------------------------------------------------------------
# An unconfirmed account
# ---------------------------------------------------------------------------------------------------------


def test_an_unconfirmed_member_signs_in_and_sees_their_membership_and_card(graphql, stripe_api, level):
    join(graphql, stripe_api, level)
    later = GraphQLClient()
    sign_in = """mutation S($input: SignInInput!) { signIn(input: $input) { __typename
      ... on Viewer { signedIn } ... on OperationInfo { messages { code } } } }"""
    result = later(sign_in, {"input": {"email": "anan.wong@example.org", "password": PASSWORD}}).data["signIn"]
    assert result == {"__typename": "Viewer", "signedIn": True}
    page = later("{ me { memberships { id status level { name } } } }").data["me"]
    (membership,) = page["memberships"]
    assert (membership["status"], membership["level"]["name"]) == ("CURRENT", "Supporter")
    download = later.client.get(reverse("membership_card", args=[membership["id"]]))
    assert download.status_code == 200
    assert download.content[:5] == b"%PDF-"


def test_an_unconfirmed_address_is_not_proof_for_signed_out_gifts_until_confirmed(graphql, stripe_api, level):
    # given someone joined with this address and has not confirmed it
    join(graphql, stripe_api, level)
    member = Constituent.objects.get(user__username="anan.wong@example.org")
    # when a signed-out gift is given with that address and name, it is not put on the unconfirmed member's record
    stranger = gifts.donor_find_or_create(email="anan.wong@example.org", given_name="Anan", family_name="Wong")
    assert stranger.pk != member.pk
    # once the welcome's link confirms the address, such a gift is theirs
    (welcome,) = send_owed("membership_welcome")
    accounts.account_email_verify(token=confirm_token(welcome))
    owner = gifts.donor_find_or_create(email="anan.wong@example.org", given_name="Anan", family_name="Wong")
    assert owner.pk == member.pk


# ---------------------------------------------------------------------------------------------------------
# What a renewal or change of level will charge, and until when
# ---------------------------------------------------------------------------------------------------------


def test_the_quote_says_what_renewing_charges_and_until_when_and_the_purchase_does_that(graphql, stripe_api, level):
    member = account_holder("kanya@example.org")
    membership = make_membership(constituent=member, level=level, start_date=dt.date(2026, 3, 4))
    graphql.login(member.user)
    variables = {"level": gid("MembershipLevel", level), "membership": gid("Membership", membership)}
    quote = graphql(QUOTE, variables).data["membershipPurchaseQuote"]
    # the next term follows the paid one: 4 March 2027 to 3 March 2028, for the level's price
    assert quote == {
        "amount": {"amount": "60.00", "currency": "USD"},
        "startDate": "2027-03-04",
        "endDate": "2028-03-03",
    }
    purchase = """mutation B($input: StartMembershipPurchaseInput!) { startMembershipPurchase(input: $input) {
      __typename } }"""
    values = {
        "levelId": variables["level"],
        "membershipId": variables["membership"],
        "paymentMethodId": card(stripe_api),
        "requestKey": request_key(),
    }
    graphql(purchase, {"input": values})
    membership.refresh_from_db()
    assert str(membership.end_date) == quote["endDate"]
    assert [intent.amount for intent in payment_intents(stripe_api)] == [6000]


def test_the_quote_for_a_change_of_level_starts_a_full_term_today(graphql, level):
    member = account_holder("kanya@example.org")
    membership = make_membership(constituent=member, level=level)
    patron = MembershipLevelFactory(name="Patron", slug="patron", price=Decimal("250.00"), currency="USD")
    graphql.login(member.user)
    variables = {"level": gid("MembershipLevel", patron), "membership": gid("Membership", membership)}
    quote = graphql(QUOTE, variables).data["membershipPurchaseQuote"]
    today = organisation_today()
    assert quote["amount"] == {"amount": "250.00", "currency": "USD"}
    assert (quote["startDate"], quote["endDate"]) == (str(today), str(term_end_for(start=today, term="annual")))


def test_the_quote_for_someone_elses_membership_is_null(graphql, level):
    other = make_membership(constituent=account_holder("other@example.org"), level=level)
    member = account_holder("kanya@example.org")
    graphql.login(member.user)
    variables = {"level": gid("MembershipLevel", level), "membership": gid("Membership", other)}
    assert graphql(QUOTE, variables).data["membershipPurchaseQuote"] is None
    graphql.logout()
    assert graphql(QUOTE, variables).data["membershipPurchaseQuote"] is None


def test_an_unconfirmed_member_can_have_the_confirm_link_sent_again(graphql, stripe_api, level):
    join(graphql, stripe_api, level)
    mail.outbox.clear()
    accounts.account_verification_resend(email="anan.wong@example.org")
    (again,) = mail.outbox
    accounts.account_email_verify(token=confirm_token(again))
    assert accounts.account_email_confirmed(user=User.objects.get(username="anan.wong@example.org"))
    # once confirmed, nothing more is sent
    mail.outbox.clear()
    accounts.account_verification_resend(email="anan.wong@example.org")
    assert mail.outbox == []
