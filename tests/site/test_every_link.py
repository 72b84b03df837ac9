"""Links that lead somewhere (issue 11): every email and PDF Steward sends, made with real data through the real
code paths, with every link in it checked — frontend links against the routes of frontend/src/app, backend links
against Django's URLs and a GET that answers, and every signed token read by the code that will read it.

The emails: each outbox kind (`steward.core.outbox.SENDERS`: a test below fails when a kind is registered that no
test here covers) and those sent directly — account emails, volunteer notices, card-expiry notices, the board
pack, background exports, the admin's password reset. The PDFs: a receipt, a year-end statement, the membership
card (its QR code decoded and its signature verified) and the board pack. The links the portal hands out for
downloads (receipts, statements, the volunteer's calendar feed) are followed too.

Rendering a PDF is the slow part: each kind is rendered once, and taken from the email that carries it.

Every message rendered here is rendered again, from the same real context, in a staff wording (steward.core.
message_templates) holding every merge tag of its kind: each tag filled, its links resolving; each test renders
the kinds of message it names (`words`; a test below fails when a kind is registered that no test renders)."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from strawberry import relay

from steward.communications.admin.message_templates import shipped_source
from steward.core import message_templates, outbox
from steward.core import tasks as outbox_tasks
from steward.core.models import OutboxMessage
from steward.donations import (
    authentication,
    gifts,
    manage_links,
    online,
    payments,
    purchases,
    receipts,
    recurring,
    tasks,
)
from steward.donations.models import Gift, PaymentMethod, Receipt, RecurringCharge, RecurringGift
from steward.members import accounts
from steward.members import services as member_services
from steward.members import tasks as member_tasks
from steward.members.card import membership_card_read
from steward.members.models import MembershipLevel
from steward.reports import services as report_services
from steward.site.models import OrganisationSettings
from steward.volunteers import calendar
from steward.volunteers import services as volunteer_services
from steward.volunteers.models import VolunteerProfile
from tests.admin_helpers import signed_in
from tests.factories import (
    FundFactory,
    IndividualFactory,
    MembershipLevelFactory,
    SegmentFactory,
    StaffUserFactory,
    make_membership,
)
from tests.graphql.conftest import GraphQLClient, member_with_account
from tests.links import Checked, check_links, email_links, pdf_links, pdf_qr_codes
from tests.stripe_server import card, localstripe_url, stripe_api  # noqa: F401 - fixtures
from tests.volunteers.factories import make_shift, volunteer

pytestmark = pytest.mark.django_db

D = dt.date
SENT = OutboxMessage.Status.SENT
VISA = "4242424242424242"
NEEDS_3DS = "4000002500003155"
DECLINES_WHEN_CHARGED = "4000000000000341"
NEW_PASSWORD = "a brand new battery staple"

# ---------------------------------------------------------------------------------------------------------
# What reads each kind of signed token: the code the page or view the link leads to calls with it
# ---------------------------------------------------------------------------------------------------------


def _admin_reset_user(params: dict[str, str]) -> User:
    # Django's PasswordResetConfirmView (the admin's reset page) reads the link with the default token generator.
    user = User.objects.get(pk=int(urlsafe_base64_decode(params["uidb64"]).decode()))
    assert default_token_generator.check_token(user, params["token"]), "the admin's reset token does not verify"
    return user


READERS = {
    # frontend pages (the GraphQL mutations they call go through these services)
    "giving/authenticate/[token]": lambda p: authentication.charge_authentication_read(token=p["token"]),
    "giving/manage/[token]": lambda p: manage_links.managed_gift_read(token=p["token"]),
    "account/verify-email": lambda p: accounts.account_email_verify(token=p["token"]),
    "account/reset-password": lambda p: accounts.account_password_reset(
        uid=p["uid"], token=p["token"], password=NEW_PASSWORD
    ),
    "account/sign-in/link": lambda p: accounts.account_sign_in_with_link(token=p["token"]),
    # Django views
    "donations:receipt_download": lambda p: Receipt.objects.get(
        pk=receipts.download_token_read(p["token"], salt=receipts.RECEIPT_LINK_SALT)["receipt"]
    ),
    "donations:statement_download": lambda p: receipts.download_token_read(
        p["token"], salt=receipts.STATEMENT_LINK_SALT
    ),
    "volunteers:calendar_feed": lambda p: calendar.profile_for_token(p["token"]),
    "wagtailadmin_password_reset_confirm": _admin_reset_user,
}

# Emails in which a person expects no link, and why. Every other email must carry at least one.
NO_LINK = {
    # The receipt is the attached PDF; there is nothing to do.
    "receipt",
    # It tells the donor a receipt is void and to reply with questions; nothing to do online.
    "receipt_void",
    # It goes to the person a tribute gift names, who is not the donor and has no account.
    "tribute_notice",
    # The staff's own words about a shift (they may write a link themselves).
    "shift_message",
    # The pack is the attached PDF; the body says where it is in the admin, without a link to it.
    "board_pack",
}

# The outbox kinds the tests below exercise (each test checks its messages were sent through the outbox).
COVERED_KINDS: set[str] = set()


def covers(*kinds: str):
    def register(test):
        COVERED_KINDS.update(kinds)
        return test

    return register


# The kinds of message (steward.core.message_templates.KINDS) each test renders, and all of them.
WORDED_KINDS: set[str] = set()


def words(*kinds: str):
    def register(test):
        WORDED_KINDS.update(kinds)
        test.message_kinds = kinds
        return test

    return register


@pytest.fixture(autouse=True)
def reworded(request, monkeypatch):
    """Every message a test renders in the shipped wording is rendered again, from the same real context, in a
    staff wording made the way the admin starts one (the shipped wording turned into merge tags) plus a line
    holding every tag: no tag may be left unfilled, and a link tag gives a whole link (the expression the shipped
    wording prints, whose links the test checks). The test must render the kinds it names (`words`)."""
    rendered: list[tuple[message_templates.MessageKind, dict]] = []
    original = message_templates._shipped

    def recording(kind, context):
        rendered.append((kind, dict(context)))
        return original(kind, context)

    monkeypatch.setattr(message_templates, "_shipped", recording)
    yield
    assert set(getattr(request.function, "message_kinds", ())) <= {kind.key for kind, _ in rendered}
    for kind, context in rendered:
        subject, body, _ = shipped_source(kind)
        every_tag = " ".join(f"{name}=[{{{{ {name} }}}}]" for name in kind.tags)
        values = message_templates.tag_values(kind.key, context)
        staff = message_templates._from_version(kind, subject, f"{body}\n\n{every_tag}\n", values, 1)
        assert "{{" not in staff.text + staff.subject, (kind.key, staff.text)
        assert staff.text.count("=[") == len(kind.tags)
        for name, value in values.items():
            if name.endswith("_link") and value:
                assert urlsplit(value).scheme in ("http", "https"), (kind.key, name, value)
                assert urlsplit(value).netloc, (kind.key, name, value)


def test_every_message_kind_is_rendered_in_staff_wording_here():
    # a kind registered without a test below that renders it fails here (kinds that share their templates and
    # tags with a rendered one, e.g. the three renewal reminders, count as rendered)
    def shape(kind):
        return (kind.subject_template, kind.text_template, tuple(sorted(kind.tags.items())))

    covered = {shape(message_templates.KINDS[key]) for key in WORDED_KINDS}
    assert {key for key, kind in message_templates.KINDS.items() if shape(kind) not in covered} == set()


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def organisation():
    """The organisation as staff set it up; its website is the site the frontend serves (printed on receipts)."""
    organisation = OrganisationSettings.load()
    organisation.name = "Riverbank Trust"
    organisation.legal_name = "Riverbank Conservation Trust Inc."
    organisation.email = "hello@riverbank.example.org"
    organisation.website = settings.FRONTEND_URL.rstrip("/") + "/"
    organisation.save()
    return organisation


def send_owed(*kinds: str) -> dict[str, list[EmailMessage]]:
    """Send what the outbox owes of these kinds, as its task does, and return the emails sent, by kind; each
    message must have been sent (not cancelled or failed)."""
    sent: dict[str, list[EmailMessage]] = {}
    for kind in kinds:
        before = len(mail.outbox)
        rows = list(OutboxMessage.objects.filter(kind=kind).order_by("pk"))
        assert rows, f"nothing of kind {kind!r} was owed"
        for row in rows:
            outbox_tasks.outbox_send.delay(row.pk)
        statuses = {row.pk: (row.status, row.last_error) for row in OutboxMessage.objects.filter(kind=kind)}
        assert {status for status, _ in statuses.values()} == {SENT}, statuses
        sent[kind] = mail.outbox[before:]
        assert len(sent[kind]) == len(rows)
    return sent


def assert_links(
    message: EmailMessage, name: str, *, client: Client | None = None, readers=READERS, staff: bool = False
) -> dict[str, Checked]:
    """Check every link of an email; it must have one unless NO_LINK says why not. Returns them by target. Only
    an email to `staff` may link to Django's own address (the admin)."""
    links = email_links(message)
    if name in NO_LINK:
        assert links == [], f"{name} now has links: take it out of NO_LINK"
    else:
        assert links, f"the {name} email ({message.subject!r}) has no link"
    return {checked.target: checked for checked in check_links(links, client=client, readers=readers, staff=staff)}


def attachment(message: EmailMessage) -> bytes:
    (pdf,) = [content for _, content, mimetype in message.attachments if mimetype == "application/pdf"]
    return pdf


def assert_pdf_links(content: bytes, *, client: Client | None = None) -> list[Checked]:
    """Every link in a PDF, written or annotated, leads somewhere; its internal links reach their destinations."""
    links = pdf_links(content)
    missing = set(links.destinations) - links.defined
    assert not missing, f"internal links to destinations the PDF does not have: {sorted(missing)}"
    return check_links(links.all, client=client, readers=READERS)


def portal(member) -> GraphQLClient:
    graphql = GraphQLClient()
    graphql.login(member.user)
    return graphql


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


# ---------------------------------------------------------------------------------------------------------
# Every outbox kind is covered
# ---------------------------------------------------------------------------------------------------------


def test_every_outbox_kind_has_its_links_checked_here():
    # a kind registered without a test below fails here: add one that sends it and checks its links
    assert set(outbox.SENDERS) == COVERED_KINDS


# ---------------------------------------------------------------------------------------------------------
# Receipts, voids and tribute notices; the receipt PDF and its download link
# ---------------------------------------------------------------------------------------------------------


@covers("receipt", "tribute_notice", "receipt_void")
@words("receipt", "receipt_void", "tribute_notice")
def test_receipt_tribute_and_void_emails_the_receipt_pdf_and_its_download_link(fund):
    # given a member who gives 80.00 by cheque in honour of someone, whose family is to be told
    donor = member_with_account(given_name="Ada", family_name="Lovelace")
    gift = gifts.gift_record(
        constituent=donor,
        amount="80.00",
        currency="USD",
        fund=fund,
        method=Gift.Method.CHEQUE,
        tribute_type="honour",
        tribute_name="Grace Hopper",
        tribute_notify_name="Mary Hopper",
        tribute_notify_email="mary@example.org",
    )
    # when the outbox sends the receipt and the tribute notice
    sent = send_owed("receipt", "tribute_notice")
    # then neither email has a link (see NO_LINK), and the receipt's PDF links only where it should
    (receipt_email,) = sent["receipt"]
    assert_links(receipt_email, "receipt")
    assert_links(sent["tribute_notice"][0], "tribute_notice")
    pdf = attachment(receipt_email)
    assert [checked.target for checked in assert_pdf_links(pdf)] == [""]  # the organisation's website: the home page
    # and the download link the portal gives the donor answers with the receipt
    receipt = Receipt.objects.get(gift=gift)
    member = portal(donor)
    page = member("{ myGifts(first: 5) { edges { node { receipt { number downloadUrl } } } } }").data
    (link,) = [edge["node"]["receipt"]["downloadUrl"] for edge in page["myGifts"]["edges"]]
    (download,) = check_links([link], readers=READERS)
    assert (download.named, download.status) == (receipt, 200)
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content == pdf

    # when the cheque is refunded in full
    gifts.gift_refund(gift=gift, amount="80.00")
    (void_email,) = send_owed("receipt_void")["receipt_void"]
    # then the void notice has no link either, and the old download link answers that the receipt was voided
    assert_links(void_email, "receipt_void")
    (voided,) = check_links([link], readers=READERS)
    assert (voided.named, voided.status) == (receipt, 410)


# ---------------------------------------------------------------------------------------------------------
# Year-end statements: the email, the PDF and the portal's download link
# ---------------------------------------------------------------------------------------------------------


@covers("year_end_statement")
@words("year_end_statement")
def test_year_end_statement_email_pdf_and_download_link(settings, fund):
    # given the tax year is the calendar year and a member gave in 2025
    settings.FISCAL_YEAR_START_MONTH, settings.FISCAL_YEAR_START_DAY = 1, 1
    settings.TAX_YEAR_START_MONTH = settings.TAX_YEAR_START_DAY = None
    donor = member_with_account(given_name="Ben", family_name="Okafor")
    gifts.gift_record(
        constituent=donor,
        amount="120.00",
        currency="USD",
        fund=fund,
        method=Gift.Method.CHEQUE,
        gift_date=D(2025, 5, 1),
    )
    # when the statement run goes in January 2026 and the outbox sends what it owes
    tasks.year_end_statements_send.delay("2026-01-10")
    (email,) = send_owed("year_end_statement")["year_end_statement"]
    # then the email's links (text and HTML) lead to the portal's giving page
    checked = assert_links(email, "year_end_statement")
    assert set(checked) == {"portal/giving"}
    assert [checked.target for checked in assert_pdf_links(attachment(email))] == [""]
    # and the portal's download link for the statement answers with a PDF for that donor and year
    statements = portal(donor)("{ myGiving { statements { year downloadUrl } } }").data["myGiving"]["statements"]
    (link,) = [statement["downloadUrl"] for statement in statements if statement["year"] == 2025]
    (download,) = check_links([link], readers=READERS)
    assert download.named["constituent"] == donor.pk
    assert download.named["tax_year"] == 2025
    assert (download.status, download.headers["Content-Type"]) == (200, "application/pdf")
    assert download.content.startswith(b"%PDF")


# ---------------------------------------------------------------------------------------------------------
# Recurring gifts: amount changed, 3-D Secure, declined, card expiring; advance notice of a renewal
# ---------------------------------------------------------------------------------------------------------


def start_monthly(stripe_api, fund, donor=None):  # noqa: F811 - the fixture's value, passed on
    return online.recurring_gift_start(
        constituent=donor or IndividualFactory(given_name="Cleo"),
        amount="20.00",
        currency="USD",
        frequency=RecurringGift.Frequency.MONTHLY,
        fund=fund,
        payment_method_id=card(stripe_api, VISA),
        today=D(2026, 1, 15),
    ).recurring_gift


def card_of(plan, stripe_api, number):  # noqa: F811
    return payments.payment_method_save(constituent=plan.constituent, payment_method_id=card(stripe_api, number))


@covers("recurring_amount_changed", "recurring_charge_notice")
@words("recurring_amount_changed", "recurring_charge_requires_action")
def test_amount_changed_and_authentication_emails_link_to_pages_that_read_them(stripe_api, fund):  # noqa: F811
    # given a monthly gift of 20.00 whose donor raises it to 25.00 and moves to a card that needs 3-D Secure
    plan = start_monthly(stripe_api, fund)
    recurring.recurring_gift_update(recurring_gift=plan, amount="25.00", today=D(2026, 1, 20))
    recurring.recurring_gift_update(
        recurring_gift=plan, payment_method=card_of(plan, stripe_api, NEEDS_3DS), today=D(2026, 1, 20)
    )
    # when the charge falls due on 15 February and the outbox sends what is owed
    tasks.recurring_charges_run.delay("2026-02-15")
    sent = send_owed("recurring_amount_changed", "recurring_charge_notice")
    # then the amount-changed email links to the portal's giving page
    assert set(assert_links(sent["recurring_amount_changed"][0], "recurring_amount_changed")) == {"portal/giving"}
    # and the authentication email links to the page that completes 3-D Secure, whose token names the charge
    (needs_you,) = sent["recurring_charge_notice"]
    checked = assert_links(needs_you, "recurring_charge_notice")
    assert set(checked) == {"giving/authenticate/[token]"}
    read = checked["giving/authenticate/[token]"].named
    assert read.charge == RecurringCharge.objects.get(recurring_gift=plan, due_date=D(2026, 2, 15))
    assert read.state == authentication.AuthenticationState.REQUIRES_ACTION
    assert read.client_secret


@covers("recurring_gift_started")
@words("recurring_gift_started")
def test_the_start_of_a_monthly_gift_links_to_its_manage_page_and_the_sign_up_page(stripe_api, fund):  # noqa: F811
    # given a donor without an account whose monthly gift of 20.00 started on 15 January 2026
    plan = start_monthly(stripe_api, fund, donor=IndividualFactory(given_name="Cleo", email="cleo@example.org"))
    # when the outbox sends the email that starts it
    (email,) = send_owed("recurring_gift_started")["recurring_gift_started"]
    # then it links to the page that manages the gift, whose token names it, and to the sign-up page
    checked = assert_links(email, "recurring_gift_started")
    assert set(checked) == {"giving/manage/[token]", "account/sign-up"}
    assert checked["giving/manage/[token]"].named.recurring_gift == plan
    assert "email=cleo%40example.org" in checked["account/sign-up"].link


@covers("recurring_charge_notice", "card_expiring")
@words("card_expiring", "recurring_charge_failed")
def test_card_expiring_and_declined_charge_emails_link_to_the_giving_page(stripe_api, fund):  # noqa: F811
    # given a monthly gift whose card expires in January 2026, before its charge on 15 February
    plan = start_monthly(stripe_api, fund)
    PaymentMethod.objects.filter(pk=plan.payment_method_id).update(exp_month=1, exp_year=2026)
    # when the daily card check runs on 1 February
    recurring.card_expiry_notices_send(today=D(2026, 2, 1))
    (expiring,) = send_owed("card_expiring")["card_expiring"]
    # then the notice links to where the card is changed
    assert set(assert_links(expiring, "card_expiring")) == {"portal/giving"}
    # and when the new card is declined on the due date, the donor is told where to update it
    recurring.recurring_gift_update(
        recurring_gift=plan, payment_method=card_of(plan, stripe_api, DECLINES_WHEN_CHARGED), today=D(2026, 2, 2)
    )
    tasks.recurring_charges_run.delay("2026-02-15")
    (declined,) = send_owed("recurring_charge_notice")["recurring_charge_notice"]
    assert declined.subject == "Your monthly gift did not go through"
    assert set(assert_links(declined, "recurring_charge_notice")) == {"portal/giving"}


@covers("charge_notice")
@words("charge_notice")
def test_advance_notice_of_an_automatic_renewal_links_to_the_membership_and_giving_pages(stripe_api, fund):  # noqa: F811
    # given an annual membership to 14 January 2027 that renews automatically
    level = MembershipLevelFactory(
        name="Friend", slug="friend", price=Decimal("60.00"), term=MembershipLevel.Term.ANNUAL
    )
    membership = make_membership(level=level, start_date=D(2026, 1, 15))
    purchases.membership_auto_renew_setup(
        membership=membership, payment_method_id=card(stripe_api, VISA), fund=fund, today=D(2026, 6, 1)
    )
    # when the notice task runs a week before the renewal and the outbox sends it
    tasks.charge_notices_send.delay("2027-01-08")
    (notice,) = send_owed("charge_notice")["charge_notice"]
    # then it links to the portal (to turn auto-renewal off) and to the giving page (card, cancel)
    assert set(assert_links(notice, "charge_notice")) == {"portal", "portal/giving"}


# ---------------------------------------------------------------------------------------------------------
# Memberships: the renewal reminder; the card and its QR code
# ---------------------------------------------------------------------------------------------------------


@covers("membership_reminder")
@words("renewal_reminder_before")
def test_renewal_reminder_links_to_the_portal():
    # given a membership ending on 31 December 2025
    make_membership(start_date=D(2025, 1, 1), today=D(2025, 1, 1))
    # when the daily run on 1 December owes the reminder and the outbox sends it
    member_tasks.membership_daily.delay("2025-12-01")
    (reminder,) = send_owed("membership_reminder")["membership_reminder"]
    # then its link leads to the member's portal
    assert set(assert_links(reminder, "membership_reminder")) == {"portal"}


@covers("membership_welcome")
@words("membership_welcome")
def test_the_welcome_email_links_to_the_portal_and_confirms_the_address(stripe_api, fund):  # noqa: F811
    # given a visitor who joins and pays in one go (signed in at once, the address not yet confirmed)
    level = MembershipLevelFactory(name="Supporter", slug="supporter", price=Decimal("60.00"), currency="USD")
    join = """mutation J($input: JoinMembershipInput!) { joinMembership(input: $input) {
      __typename ... on PaymentStarted { status } } }"""
    account = {"email": "lek@example.org", "password": NEW_PASSWORD, "givenName": "Lek", "familyName": "Chai"}
    values = {
        "levelId": str(relay.GlobalID("MembershipLevel", str(level.pk))),
        "paymentMethodId": card(stripe_api, VISA),
        "requestKey": "welcome-link-test",
        "account": account,
    }
    assert GraphQLClient()(join, {"input": values}).data["joinMembership"]["status"] == "SUCCEEDED"
    # when the outbox sends the welcome
    (welcome,) = send_owed("membership_welcome")["membership_welcome"]
    # then it links to the portal (where the card is) and to the page whose token confirms this account
    checked = assert_links(welcome, "membership_welcome")
    assert set(checked) == {"portal", "account/verify-email"}
    user = User.objects.get(username="lek@example.org")
    assert checked["account/verify-email"].named == user
    assert accounts.account_email_confirmed(user=user)
    # and the PDFs it carries (the card and the receipt) link only where they should
    for _, content, mimetype in welcome.attachments:
        assert mimetype == "application/pdf"
        assert_pdf_links(content)


def test_membership_card_pdf_and_its_signed_qr_code(client):
    # given a member signed in
    member = member_with_account(given_name="Malee", family_name="Srisuk")
    membership = member.memberships.get()
    client.force_login(member.user)
    # when they download their card by the id the portal has
    response = client.get(reverse("membership_card", args=[str(relay.GlobalID("Membership", str(membership.pk)))]))
    assert response.status_code == 200
    # then any link in it leads somewhere, and its QR code holds a value signed by us naming this membership
    assert_pdf_links(response.content)
    (payload,) = pdf_qr_codes(response.content)
    assert not payload.startswith("http")  # a signed id for the door scanner, not a link
    assert membership_card_read(payload) == membership


# ---------------------------------------------------------------------------------------------------------
# Portal accounts (sent directly)
# ---------------------------------------------------------------------------------------------------------


@words("account_exists", "account_password_reset", "account_sign_in_link", "account_verify")
def test_account_emails_link_to_pages_whose_tokens_verify(settings):
    # (five emails to one address here: more than the limit on requests for emails, which is not under test)
    settings.ACCOUNT_EMAIL_REQUESTS_MAX_PER_ACCOUNT = 10
    # given someone signing up
    address = "noor.haddad@example.org"
    user = accounts.account_sign_up(
        email=address, password="correct horse battery staple", given_name="Noor", family_name="Haddad"
    )
    (verify,) = mail.outbox
    # then the confirm link leads to the page that reads its token, which activates this account
    checked = assert_links(verify, "account_verify")
    assert set(checked) == {"account/verify-email"}
    assert checked["account/verify-email"].named == user
    assert User.objects.get(pk=user.pk).is_active

    # when the address signs up again, it is told it has an account, with where to sign in or reset
    mail.outbox.clear()
    accounts.account_sign_up(email=address, password="another horse battery staple", given_name="N", family_name="H")
    (exists,) = mail.outbox
    assert set(assert_links(exists, "account_exists")) == {"account/sign-in", "account/forgot-password"}

    # when they ask for a new password, the link's uid and token set it
    mail.outbox.clear()
    accounts.account_password_reset_request(email=address)
    (reset,) = mail.outbox
    assert assert_links(reset, "account_password_reset")["account/reset-password"].named == user
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)

    # when they ask for a sign-in link, it signs this account in
    mail.outbox.clear()
    accounts.account_sign_in_link_request(email=address)
    (sign_in,) = mail.outbox
    assert assert_links(sign_in, "account_sign_in_link")["account/sign-in/link"].named == user


@covers("member_email_confirm", "member_email_in_use")
@words("member_email_confirm", "member_email_in_use")
def test_email_change_emails_link_to_the_confirm_page_and_to_sign_in():
    # given a member who asks to use a new address
    member = member_with_account(given_name="Iris", family_name="Moreau")
    member_services.member_email_change_request(constituent=member, address="iris.new@example.org")
    # when the outbox sends the confirm link to that address
    (confirm,) = send_owed("member_email_confirm")["member_email_confirm"]
    # then it leads to the page that confirms it for the signed-in member who asked (the one reader of its token)
    readers = {
        **READERS,
        "account/confirm-email": lambda p: member_services.member_email_change_confirm(
            constituent=member, token=p["token"]
        ),
    }
    assert assert_links(confirm, "member_email_confirm", readers=readers)["account/confirm-email"].named == member
    assert member.emails.get(is_primary=True).address == "iris.new@example.org"
    # and when they ask for an address that is someone else's, that address is told where to sign in
    IndividualFactory(email="taken@example.org")
    member_services.member_email_change_request(constituent=member, address="taken@example.org")
    (in_use,) = send_owed("member_email_in_use")["member_email_in_use"]
    assert set(assert_links(in_use, "member_email_in_use")) == {"account/sign-in"}


def test_admin_password_reset_email_links_to_the_admins_reset_page(client):
    # given a member of staff who forgot their password
    staff = StaffUserFactory(email="treasurer@example.org")
    # when they ask the admin for a reset link
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "treasurer@example.org"})
    assert response.status_code == 302
    (reset,) = mail.outbox
    # then the link's token verifies for them, and the admin's page takes it (on to choosing the password)
    checked = assert_links(reset, "admin_password_reset", staff=True)
    (confirm,) = checked.values()
    assert (confirm.target, confirm.named) == ("wagtailadmin_password_reset_confirm", staff)
    assert confirm.status == 302
    assert confirm.headers["Location"].endswith("/set-password/")


# ---------------------------------------------------------------------------------------------------------
# Volunteers; the calendar feed link
# ---------------------------------------------------------------------------------------------------------


@covers("volunteer_signup_notice", "volunteer_shift_reminder", "volunteer_shift_message")
@words(
    "volunteer_shift_cancelled", "volunteer_shift_message", "volunteer_shift_reminder", "volunteer_waitlist_promoted"
)
def test_volunteer_emails_and_the_calendar_feed_link(django_capture_on_commit_callbacks):
    # given a one-place shift, booked by Ama, with Kofi (a member with an account) on its waitlist
    shift = make_shift(capacity=1)
    ama, kofi = volunteer(given_name="Ama"), member_with_account(given_name="Kofi")
    booked = volunteer_services.signup_create(shift=shift, constituent=ama)
    waiting = volunteer_services.signup_create(shift=shift, constituent=kofi)
    sent = {}
    # when Ama cancels (Kofi is promoted), staff message the shift, the reminder goes and the shift is cancelled
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_services.signup_cancel(signup=booked)
    sent["waitlist_promoted"] = mail.outbox[-1]
    volunteer_services.shift_message_send(shift=shift, subject="Parking", body="Use the back gate on Mill Lane.")
    sent["shift_message"] = mail.outbox[-1]
    volunteer_services.shift_reminder_send(signup_id=waiting.pk)
    sent["shift_reminder"] = mail.outbox[-1]
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_services.shift_cancel(shift=shift)
    sent["shift_cancelled"] = mail.outbox[-1]
    # then each went to Kofi, and each link leads to a page of the frontend
    assert len(mail.outbox) == 4
    assert {message.to[0] for message in mail.outbox} == {kofi.emails.get().address}
    targets = {name: set(assert_links(message, name)) for name, message in sent.items()}
    assert targets == {
        "waitlist_promoted": {"portal/volunteering", "volunteer"},
        "shift_message": set(),
        "shift_reminder": {"portal/volunteering"},
        "shift_cancelled": {"volunteer"},
    }
    # and the calendar feed link the portal gives Kofi is read back to his profile and answers with his calendar
    feed = portal(kofi)("{ myCalendarFeedUrl }").data["myCalendarFeedUrl"]
    (checked,) = check_links([feed], readers=READERS)
    assert checked.named == VolunteerProfile.objects.get(constituent=kofi)
    assert checked.status == 200
    assert checked.headers["Content-Type"].startswith("text/calendar")


@covers("volunteer_signup_confirmation")
@words("volunteer_signup_confirmed", "volunteer_waitlist_joined")
def test_sign_up_confirmations_link_to_the_portal_and_the_shift():
    # given a one-place shift
    shift = make_shift(capacity=1)
    ama, kofi = volunteer(given_name="Ama"), member_with_account(given_name="Kofi")
    # when Ama takes the place and Kofi joins the waitlist
    volunteer_services.signup_create(shift=shift, constituent=ama)
    volunteer_services.signup_create(shift=shift, constituent=kofi)
    # then each is confirmed through the outbox, and each link leads to a page of the frontend
    sent = send_owed("volunteer_signup_confirmation")["volunteer_signup_confirmation"]
    assert [message.to[0] for message in sent] == [ama.emails.get().address, kofi.emails.get().address]
    for name, message in zip(["signup_confirmed", "waitlist_joined"], sent, strict=True):
        checked = assert_links(message, name)
        assert set(checked) == {"portal/volunteering", "volunteer"}
    # the link to the shift is the list of that day's shifts
    day = shift.local_start.date().isoformat()
    assert f"/volunteer/?from={day}&to={day}" in sent[0].body


# ---------------------------------------------------------------------------------------------------------
# Reports (sent directly): the board pack and its PDF; a background export
# ---------------------------------------------------------------------------------------------------------


@words("board_pack")
def test_board_pack_email_and_pdf():
    # given a member of the Board
    StaffUserFactory(groups=["Board"], email="chair@example.org")
    # when March's pack goes out at the start of April
    report_services.board_pack_send_due(today=D(2026, 4, 1))
    (pack,) = mail.outbox
    # then the email has no link (see NO_LINK) and the PDF's links, its table of contents included, lead somewhere
    assert_links(pack, "board_pack")
    pdf = attachment(pack)
    assert_pdf_links(pdf)
    assert pdf_links(pdf).destinations, "the table of contents links to its sections"


def test_background_export_email_links_to_the_file_for_whoever_asked(
    client, settings, django_capture_on_commit_callbacks
):
    # given a segment larger than what is exported at once
    settings.REPORTS_EXPORT_BACKGROUND_ROWS = 1
    IndividualFactory.create_batch(3)
    segment = SegmentFactory(name="Individuals", conditions={"field": "kind", "kinds": ["individual"]})
    signed_in(client, "Fundraising staff", email="fundraiser@example.org")
    # when a fundraiser exports it to Excel
    with django_capture_on_commit_callbacks(execute=True):
        export = reverse("reports_segment_export", args=(segment.pk,)) + "?columns=id&file_format=xlsx"
        assert client.get(export).status_code == 302
    (ready,) = mail.outbox
    # then the email's link opens the file for them
    (download,) = assert_links(ready, "export_ready", client=client, staff=True).values()
    assert (download.target, download.status) == ("reports_export_download", 200)
    assert download.content.startswith(b"PK")  # an XLSX workbook
