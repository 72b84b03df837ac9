"""myMessages: every email Steward sent the signed-in member (their campaign copies and the messages the outbox owed
them), newest first, a page at a time, with the subject they got, how far it got, and a signed link that opens it
as it was sent; sent through a real SMTP server, compared with what the server received. Only their own: another
member's list, ids and links never show them, and a forged, expired or re-bound link opens nothing."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from steward.communications import campaigns, rendering, sent
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from steward.core import outbox
from steward.core.admin_views import AS_SENT_POLICY
from steward.core.models import OutboxMessage
from steward.donations import receipts
from steward.members.models import ConsentRecord
from tests.communications.test_campaign_schedules_and_tests import open_pixel
from tests.communications.test_campaigns import BODY
from tests.communications.test_delivery_events import basic_auth, postmark_bounce
from tests.factories import ConsentRecordFactory, FundFactory, GiftFactory, SegmentFactory, StaffUserFactory
from tests.graphql.conftest import member_with_account

pytestmark = pytest.mark.django_db

MY_MESSAGES = """
query ($first: Int, $after: String) {
  myMessages(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { key kind kindLabel topic subject sentAt status webVersionUrl } }
  }
}
"""


def reader(given_name: str):
    """A member with an account who agreed to the newsletter by email."""
    person = member_with_account(given_name=given_name)
    ConsentRecordFactory(constituent=person, topic=ConsentRecord.Topic.NEWSLETTER, granted=True)
    return person


def address_of(person) -> str:
    return person.emails.get(is_primary=True).address


@pytest.fixture
def sender():
    return SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")


@pytest.fixture
def send_campaign(sender, django_capture_on_commit_callbacks):
    """Send a newsletter to every individual who agreed to it, through the real services."""

    def send(subject: str, **fields) -> EmailCampaign:
        campaign = EmailCampaign.objects.create(
            name=subject, subject=subject, sender=sender, body=BODY, appeal_code="SPRING26", **fields
        )
        campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
        with django_capture_on_commit_callbacks(execute=True):
            campaigns.campaign_send(campaign=campaign)
        return campaign

    return send


def send_receipt(person) -> OutboxMessage:
    """A gift's receipt, owed and sent through the outbox."""
    receipt = receipts.receipt_issue_and_send(
        gift_id=GiftFactory(constituent=person, fund=FundFactory(), amount=Decimal("30.00")).pk
    )
    return OutboxMessage.objects.get(key=f"receipt:{receipt.pk}")


def my_messages(graphql, **variables) -> dict:
    return graphql(MY_MESSAGES, variables).data["myMessages"]


def nodes(connection: dict) -> list[dict]:
    return [edge["node"] for edge in connection["edges"]]


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def malee_and_bo(smtp, send_campaign):
    """Two members, each sent a newsletter (its subject with a merge tag) and then a receipt."""
    malee, bo = reader("Malee"), reader("Bo")
    send_campaign("Spring news for {{ first_name | you }}")
    send_receipt(malee)
    send_receipt(bo)
    return malee, bo


def test_my_messages_are_exactly_mine_newest_first_as_the_mail_server_got_them(graphql, malee_and_bo, smtp):
    malee, bo = malee_and_bo
    graphql.login(malee.user)
    listed = my_messages(graphql)
    # then Malee's two, the receipt (sent last) first, each with the subject the mail server received
    received = {item.message["Subject"]: item for item in smtp.to(address_of(malee))}
    assert [(node["kind"], node["subject"], node["status"]) for node in nodes(listed)] == [
        ("receipt", OutboxMessage.objects.get(kind="receipt", constituent_id=malee.pk).subject, "SENT"),
        ("campaign", "Spring news for Malee", "SENT"),
    ]
    assert set(received) == {node["subject"] for node in nodes(listed)}
    receipt, copy = nodes(listed)
    assert (receipt["kindLabel"], receipt["topic"]) == ("Receipt", None)
    assert (copy["kindLabel"], copy["topic"]) == ("Newsletter", "NEWSLETTER")
    assert listed["totalCount"] == 2
    assert receipt["sentAt"] > copy["sentAt"]
    # and none of Bo's
    graphql.login(bo.user)
    theirs = nodes(my_messages(graphql))
    assert [node["subject"] for node in theirs][1] == "Spring news for Bo"
    assert not {node["key"] for node in theirs} & {node["key"] for node in nodes(listed)}


def test_the_status_follows_what_the_reader_and_the_mail_provider_did(
    graphql, malee_and_bo, smtp, client, settings, django_capture_on_commit_callbacks
):
    malee, _ = malee_and_bo
    graphql.login(malee.user)
    newsletter = next(item for item in smtp.to(address_of(malee)) if item.message["Subject"].startswith("Spring"))
    # when she opens the newsletter (its pixel) and the provider reports that the receipt bounced
    assert Client().get(open_pixel(newsletter)).status_code == 200
    settings.ANYMAIL = {"WEBHOOK_SECRET": "steward:hook-secret"}
    message = OutboxMessage.objects.get(kind="receipt", constituent_id=malee.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/mail/postmark/tracking/",
            data=postmark_bounce(address_of(malee), message.provider_message_id),
            content_type="application/json",
            **basic_auth(),
        )
    assert response.status_code == 200
    # then her list says so
    assert [node["status"] for node in nodes(my_messages(graphql))] == ["BOUNCED", "OPENED"]


def test_each_link_opens_the_message_as_it_was_sent(graphql, malee_and_bo, smtp):
    malee, _ = malee_and_bo
    graphql.login(malee.user)
    receipt, copy = nodes(my_messages(graphql))
    anyone = Client()
    # the receipt: the HTML the mail server received, in the sandbox staff read it in
    [received] = [item for item in smtp.to(address_of(malee)) if item.message["Subject"] == receipt["subject"]]
    response = anyone.get(path_of(receipt["webVersionUrl"]))
    assert response.status_code == 200
    assert response.content.decode().strip() == received.html.strip()
    assert response["Content-Security-Policy"] == AS_SENT_POLICY
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    # the newsletter: its web version, as she got it
    assert path_of(copy["webVersionUrl"]).startswith("/mail/view/")
    web = anyone.get(path_of(copy["webVersionUrl"]))
    assert web.status_code == 200
    assert "Hello Malee" in web.content.decode()


def test_a_plain_text_message_is_shown_escaped(graphql, member):
    graphql.login(member.user)
    OutboxMessage.objects.create(
        kind="membership_reminder",
        key="reminder:1",
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        constituent_id=member.pk,
        subject="Your membership <ends> soon",
        body='Renew at <a href="https://evil.example">here</a> & thanks.\nThe team',
    )
    [node] = nodes(my_messages(graphql))
    assert (node["kind"], node["kindLabel"]) == ("membership_reminder", "Membership renewal reminder")
    html = Client().get(path_of(node["webVersionUrl"])).content.decode()
    assert "Renew at &lt;a href=&quot;https://evil.example&quot;&gt;here&lt;/a&gt; &amp; thanks.\nThe team" in html
    assert "<a href" not in html
    assert "<title>Your membership &lt;ends&gt; soon</title>" in html


def test_another_members_messages_cannot_be_reached_and_forged_links_open_nothing(graphql, malee_and_bo):
    malee, bo = malee_and_bo
    graphql.login(malee.user)
    receipt, copy = nodes(my_messages(graphql))
    token = path_of(receipt["webVersionUrl"]).rstrip("/").rsplit("/", 1)[1]
    theirs = OutboxMessage.objects.get(kind="receipt", constituent_id=bo.pk)
    mine = OutboxMessage.objects.get(kind="receipt", constituent_id=malee.pk)
    anyone = Client()

    def opens(link_token: str) -> int:
        return anyone.get(f"/mail/sent/{link_token}/").status_code

    assert opens(token) == 200
    # a token changed by a character, or made up
    assert opens(token[:-1] + ("A" if token[-1] != "A" else "B")) == 404
    assert opens("bm90LWEtdG9rZW4") == 404
    # Bo's message with Malee's record, or Malee's with Bo's (signed, but not the record it went to)
    rebound = [
        signing.dumps([theirs.pk, malee.pk], salt=sent.SENT_TOKEN_SALT, compress=False),
        signing.dumps([mine.pk, bo.pk], salt=sent.SENT_TOKEN_SALT, compress=False),
    ]
    assert [opens(item) for item in rebound] == [404, 404]
    # the campaign links' signature is not this one's (another salt), with the same number
    assert opens(rendering.recipient_token(theirs.pk)) == 404

    # a link older than a day
    class DayOldSigner(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - sent.SENT_LINK_MAX_AGE - 60)

    expired = DayOldSigner(salt=sent.SENT_TOKEN_SALT).sign_object([mine.pk, malee.pk])
    assert opens(expired) == 404
    # a message moved to another record (a merge) no longer opens with a link made before
    OutboxMessage.objects.filter(pk=mine.pk).update(constituent_id=bo.pk)
    assert opens(token) == 404
    # and Bo's list never held Malee's copy, nor can its web link be made from her list's numbers
    graphql.login(bo.user)
    assert copy["key"] not in {node["key"] for node in nodes(my_messages(graphql))}
    her_copy = CampaignRecipient.objects.get(constituent=malee)
    assert path_of(copy["webVersionUrl"]) == f"/mail/view/{rendering.recipient_token(her_copy.pk)}/"


def test_an_address_confirmation_is_never_listed_nor_opened_here(graphql, member):
    # its link proves that whoever follows it reads that mailbox: it stays in the mailbox
    graphql.login(member.user)
    confirmation = OutboxMessage.objects.create(
        kind="member_email_confirm",
        key="member_email_confirm:1",
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        constituent_id=member.pk,
        subject="Confirm your new email address",
        html="<p>Open https://example.org/confirm/secret</p>",
    )
    assert my_messages(graphql)["edges"] == []
    assert Client().get(path_of(sent.sent_message_link(confirmation))).status_code == 404


def test_messages_come_a_page_at_a_time_newest_first(graphql, smtp, send_campaign):
    malee = reader("Malee")
    for number in range(3):
        send_campaign(f"Newsletter {number}")
        send_receipt(malee)
    graphql.login(malee.user)
    every = nodes(my_messages(graphql, first=50))
    assert len(every) == 6
    assert [node["kind"] for node in every] == ["receipt", "campaign"] * 3
    assert [node["subject"] for node in every if node["kind"] == "campaign"] == [
        "Newsletter 2",
        "Newsletter 1",
        "Newsletter 0",
    ]
    # when she reads them two at a time
    pages, after = [], None
    while True:
        page = my_messages(graphql, first=2, after=after)
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then three pages hold the same six, in the same order, each counting all six
    assert [len(page["edges"]) for page in pages] == [2, 2, 2]
    assert [node["key"] for page in pages for node in nodes(page)] == [node["key"] for node in every]
    assert {page["totalCount"] for page in pages} == {6}
    assert [page["pageInfo"]["hasPreviousPage"] for page in pages] == [False, True, True]
    # and from the end, the oldest two
    last = graphql("query { myMessages(last: 2) { edges { node { key } } pageInfo { hasPreviousPage } } }")
    assert [node["key"] for node in nodes(last.data["myMessages"])] == [node["key"] for node in every[-2:]]
    assert last.data["myMessages"]["pageInfo"]["hasPreviousPage"] is True


# session, user, member record; the page's rows from both tables (one UNION); the copies with their campaigns; the
# owed messages; the merge values for a subject with a tag (giving summary, memberships); the count
MY_MESSAGES_QUERIES = 9


@pytest.mark.parametrize("size", [1, 4])
def test_my_messages_take_the_same_number_of_queries_at_any_size(
    graphql, smtp, send_campaign, django_assert_num_queries, size
):
    malee = reader("Malee")
    for number in range(size):
        send_campaign(f"Issue {number} for {{{{ first_name | you }}}}")
        send_receipt(malee)
    graphql.login(malee.user)
    with django_assert_num_queries(MY_MESSAGES_QUERIES):
        listed = my_messages(graphql, first=20)
    assert len(listed["edges"]) == listed["totalCount"] == 2 * size
    assert nodes(listed)[1]["subject"] == f"Issue {size - 1} for Malee"


def test_a_subject_test_shows_each_reader_the_subject_they_got(graphql, smtp, send_campaign):
    people = [reader(name) for name in ("Ann", "Ben", "Cai", "Dee")]
    campaign = send_campaign("Autumn at the river", subject_b="{{ first_name }}, the river needs you", test_share=25)
    campaigns.campaign_test_decide(campaign_id=campaign.pk, variant="b")
    campaigns.campaign_send_batch(campaign_id=campaign.pk)
    assert {copy.variant for copy in CampaignRecipient.objects.filter(campaign=campaign)} == {"a", "b", ""}
    for person in people:
        [received] = smtp.to(address_of(person))
        graphql.login(person.user)
        [node] = nodes(my_messages(graphql))
        assert node["subject"] == received.message["Subject"]


def test_signed_out_visitors_and_staff_without_a_record_get_no_messages(graphql, malee_and_bo):
    result = graphql(MY_MESSAGES, errors=True)
    assert result.data is None
    assert result.error_messages == ["Sign in with a member account to do this."]
    graphql.login(StaffUserFactory(groups=["Membership staff"]))
    assert graphql(MY_MESSAGES, errors=True).error_messages == ["Sign in with a member account to do this."]


def test_links_in_the_list_are_on_the_supporters_site(graphql, malee_and_bo, settings):
    malee, _ = malee_and_bo
    graphql.login(malee.user)
    for node in nodes(my_messages(graphql)):
        assert node["webVersionUrl"].startswith(settings.FRONTEND_URL.rstrip("/") + "/mail/")
        assert re.fullmatch(r"/mail/(sent|view)/[^/]+/", path_of(node["webVersionUrl"]))


EN_MESSAGES = Path(__file__).resolve().parents[3] / "frontend" / "src" / "i18n" / "messages" / "en.ts"


def test_every_kind_of_message_a_member_may_be_sent_has_its_words_here_and_in_the_frontend():
    # given every kind the outbox sends, less those never listed
    kinds = set(outbox.SENDERS) - set(sent.UNLISTED_KINDS)
    # then each is named by the API, and by the frontend (which translates them)
    assert kinds <= set(sent.KIND_LABELS), kinds - set(sent.KIND_LABELS)
    frontend = EN_MESSAGES.read_text(encoding="utf-8")
    kinds_block = frontend[frontend.index("sentMessages: {") :]
    kinds_block = kinds_block[kinds_block.index("kinds: {") : kinds_block.index("},", kinds_block.index("kinds: {"))]
    assert {kind for kind in sent.KIND_LABELS if f"      {kind}: " not in kinds_block} == set()
