"""Campaign email to segments, through a real SMTP server: the audience with who was left out and why, one copy
per address, merge tags filled, RFC 8058 one-click unsubscribe, the web version and tracked links, sent once."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from steward.communications import campaigns
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from steward.members.models import ConsentRecord, Email, EmailSuppression
from steward.site.models import OrganisationSettings
from tests.factories import ConsentRecordFactory, IndividualFactory, SegmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Hello {{ first_name | friend }}", "level": "h1"}},
    {"type": "text", "value": "<p>You have given {{ lifetime_giving | nothing yet }}. Thank you.</p>"},
    {"type": "button", "value": {"text": "Read the report", "url": "https://example.org/report"}},
    {"type": "donate", "value": {"text": "Give now", "campaign": ""}},
]


def unsubscribe_header(received) -> str:
    """The URL of a message's List-Unsubscribe header (unfolded)."""
    value = re.sub(r"\s+", "", str(received.message["List-Unsubscribe"]))
    return re.fullmatch(r"<(.+)>", value).group(1)


def consenting(address: str | bool, **fields):
    person = IndividualFactory(email=address, **fields)
    ConsentRecordFactory(constituent=person, topic=ConsentRecord.Topic.NEWSLETTER, granted=True)
    return person


@pytest.fixture
def audience():
    organisation = OrganisationSettings.load()
    organisation.name, organisation.address = "Riverbank Trust", "1 Quay Street\nSpringfield"
    organisation.save()
    people = {
        "ada": consenting("ada@example.org", given_name="Ada"),
        "flagged": consenting("flagged@example.org", do_not_email=True),
        "silent": IndividualFactory(email="silent@example.org"),
        "bounced": consenting("bounced@example.org"),
        "dead": consenting("late@example.org", deceased=True),
        "nomail": consenting(False),
        "bo": consenting("bo@example.org", given_name=""),
    }
    people["ada_twin"] = consenting(False)
    Email.objects.create(constituent=people["ada_twin"], address="ADA@example.org", is_primary=True)
    EmailSuppression.objects.create(address="bounced@example.org", reason="hard_bounce")
    return people


@pytest.fixture
def campaign(audience):
    sender = SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")
    made = EmailCampaign.objects.create(
        name="Spring news",
        subject="Spring news for {{ first_name | you }}",
        preheader="What we did",
        sender=sender,
        body=BODY,
        appeal_code="SPRING26",
    )
    made.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
    return made


def send(campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return campaigns.campaign_send(campaign=campaign)


def test_the_audience_counts_who_gets_it_and_who_is_left_out_and_why(campaign):
    audience = campaigns.campaign_audience(campaign)
    assert audience.count == 2  # Ada (once for her address) and Bo
    assert audience.left_out == {
        "no email address": 1,
        "deceased or merged": 1,
        "do not contact / do not email": 1,
        "no consent to email about newsletter": 1,
        "suppressed address": 1,
        "shares an address (or a household) with another recipient": 1,
    }


def test_a_campaign_goes_once_to_each_allowed_address_with_its_tags_and_headers(
    campaign, smtp, django_capture_on_commit_callbacks, client
):
    sent = send(campaign, django_capture_on_commit_callbacks)
    assert sorted(address for item in smtp.received for address in item.recipients) == [
        "ada@example.org",
        "bo@example.org",
    ]
    sent.refresh_from_db()
    assert sent.status == EmailCampaign.Status.SENT
    assert sent.audience_count == 2
    [ada] = smtp.to("ada@example.org")
    [bo] = smtp.to("bo@example.org")
    assert ada.message["Subject"] == "Spring news for Ada"
    assert bo.message["Subject"] == "Spring news for you"  # the fallback
    assert "Hello Ada" in ada.html
    assert "Hello friend" in bo.html
    assert "Hello Ada" in ada.text
    assert "nothing yet" in ada.text
    assert ada.message["From"] == "Riverbank Trust <news@riverbank.example>"
    # RFC 8058: a one-click unsubscribe URL over HTTPS in production, and the POST header
    assert ada.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = unsubscribe_header(ada)
    # the footer: the organisation's postal address and a visible unsubscribe link
    assert "1 Quay Street" in ada.html
    assert unsubscribe_url in ada.html
    assert "Unsubscribe" in ada.html
    # every link in the message resolves
    for url in set(re.findall(r'href="([^"]+)"', ada.html)):
        path = urlsplit(url).path + ("?" + urlsplit(url).query if urlsplit(url).query else "")
        if path.startswith("/mail/"):
            response = client.get(path)
            assert response.status_code in (200, 302), (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"] in ("https://example.org/report",), response["Location"]
    recipient = CampaignRecipient.objects.get(address="ada@example.org")
    assert recipient.delivery == "clicked"
    # and Ada's timeline lists the copy, which staff open as she received it
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    page = client.get(
        reverse("members_constituents:inspect", args=(recipient.constituent_id,)), {"timeline": "message"}
    ).content.decode()
    assert "Campaign email “Spring news” (clicked)" in page
    web = re.search(r'href="(/mail/view/[^"]+)"', page).group(1)
    assert "Hello Ada" in client.get(web).content.decode()
    assert CampaignRecipient.objects.get(address="ada@example.org").status == CampaignRecipient.Status.SENT


def test_a_get_never_unsubscribes_and_a_one_click_post_does_once(campaign, smtp, django_capture_on_commit_callbacks):
    from django.test import Client

    send(campaign, django_capture_on_commit_callbacks)
    [ada] = smtp.to("ada@example.org")
    path = urlsplit(unsubscribe_header(ada)).path
    scanner = Client(enforce_csrf_checks=True)
    page = scanner.get(path)
    assert page.status_code == 200
    assert "Stop emails about newsletter" in page.content.decode()
    person = Email.objects.get(address="ada@example.org").constituent
    ledger = ConsentRecord.objects.filter(constituent=person, topic="newsletter")
    assert ledger.count() == 1
    # the mail program's POST: no cookie, no CSRF token; answered at once, without a redirect
    mail_program = Client(enforce_csrf_checks=True)
    answer = mail_program.post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    assert "You are unsubscribed" in answer.content.decode()
    latest = ledger.order_by("-recorded_at", "-id").first()
    assert (latest.granted, latest.source) == (False, "email unsubscribe (one click)")
    assert latest.wording == "Unsubscribe from emails about newsletter."
    assert (
        mail_program.post(
            path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert ledger.count() == 2


def test_a_campaign_is_sent_once_however_often_send_is_pressed(campaign, smtp, django_capture_on_commit_callbacks):
    send(campaign, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as error:
        send(campaign, django_capture_on_commit_callbacks)
    assert error.value.message_dict["status"] == ["This campaign is sent: it is sent once."]
    assert len(smtp.received) == 2
    assert CampaignRecipient.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"subject": " "}, "subject", "Write a subject."),
        ({"sender": None}, "sender", "Choose the address it is sent from."),
        (
            {"body": [{"type": "heading", "value": {"text": "Hi {{ frist_name }}", "level": "h1"}}]},
            "body",
            "Unknown merge tag {{ frist_name }}",
        ),
        (
            {"body": [{"type": "button", "value": {"text": "Go", "url": "javascript:alert(1)"}}]},
            "body",
            "needs a web address",
        ),
    ],
)
def test_a_campaign_that_cannot_go_says_why_and_sends_nothing(
    campaign, smtp, django_capture_on_commit_callbacks, change, field, message
):
    for name, value in change.items():
        setattr(campaign, name, value)
    campaign.save()
    with pytest.raises(ValidationError) as error:
        send(campaign, django_capture_on_commit_callbacks)
    assert any(message in text for text in error.value.message_dict[field]), error.value.message_dict
    assert smtp.received == []
    assert CampaignRecipient.objects.count() == 0
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.DRAFT


def test_a_segment_that_matches_nobody_is_refused(campaign, smtp, django_capture_on_commit_callbacks):
    campaign.segments.set([SegmentFactory(conditions={"field": "kind", "kinds": ["organization"]})])
    with pytest.raises(ValidationError) as error:
        send(campaign, django_capture_on_commit_callbacks)
    assert error.value.message_dict["segments"] == ["Nobody would receive this campaign: check its segments."]
    assert smtp.received == []


def test_a_claim_left_by_a_dead_worker_is_finished_once_and_a_live_one_is_left_alone(campaign, smtp, settings):
    # given a campaign whose recipients were written, with no worker running yet
    campaigns.campaign_send(campaign=campaign)  # (its queued batches never ran: no commit in this test)
    ada = CampaignRecipient.objects.get(address="ada@example.org")
    bo = CampaignRecipient.objects.get(address="bo@example.org")
    # a worker claimed Ada and died; another worker holds Bo right now
    CampaignRecipient.objects.filter(pk=ada.pk).update(
        status="sending", claimed_at=timezone.now() - dt.timedelta(seconds=settings.CAMPAIGN_CLAIM_LEASE_SECONDS + 5)
    )
    CampaignRecipient.objects.filter(pk=bo.pk).update(status="sending", claimed_at=timezone.now())
    # when a batch runs
    assert campaigns.campaign_send_batch(campaign_id=campaign.pk) == 1
    # then Ada's abandoned claim is sent, once; Bo's live claim is not touched
    assert [item.recipients for item in smtp.received] == [["ada@example.org"]]
    assert campaigns.campaign_send_batch(campaign_id=campaign.pk) == 0
    assert len(smtp.received) == 1
    assert CampaignRecipient.objects.get(pk=bo.pk).status == "sending"


def test_someone_who_unsubscribes_after_the_audience_was_written_is_skipped(campaign, smtp):
    campaigns.campaign_send(campaign=campaign)
    bo = CampaignRecipient.objects.get(address="bo@example.org")
    ConsentRecordFactory(constituent=bo.constituent, topic="newsletter", granted=False)
    campaigns.campaign_send_batch(campaign_id=campaign.pk)
    assert [item.recipients for item in smtp.received] == [["ada@example.org"]]
    assert CampaignRecipient.objects.get(pk=bo.pk).status == CampaignRecipient.Status.SKIPPED


def test_pause_resume_and_cancel(campaign, smtp):
    campaigns.campaign_send(campaign=campaign)
    campaigns.campaign_pause(campaign=campaign)
    assert campaigns.campaign_send_batch(campaign_id=campaign.pk) == 0
    assert smtp.received == []
    campaigns.campaign_resume(campaign=campaign)
    campaigns.campaign_cancel(campaign=campaign)
    assert campaigns.campaign_send_batch(campaign_id=campaign.pk) == 0
    assert smtp.received == []
    assert set(CampaignRecipient.objects.values_list("status", flat=True)) == {"skipped"}
    with pytest.raises(ValidationError):
        campaigns.campaign_pause(campaign=campaign)


def test_forged_and_out_of_range_links_lead_nowhere(campaign, client, smtp, django_capture_on_commit_callbacks):
    send(campaign, django_capture_on_commit_callbacks)
    assert client.get("/mail/unsubscribe/1:abc:forged/").status_code == 404
    assert client.post("/mail/unsubscribe/1:abc:forged/").status_code == 404
    [ada] = smtp.to("ada@example.org")
    token = urlsplit(unsubscribe_header(ada)).path.split("/")[3]
    assert client.get(f"/mail/click/{token}/99/").status_code == 404
    assert client.get(f"/mail/open/{token}/")["Content-Type"] == "image/gif"


def test_the_preferences_link_changes_only_the_topics_that_changed(
    campaign, client, smtp, django_capture_on_commit_callbacks
):
    send(campaign, django_capture_on_commit_callbacks)
    [ada] = smtp.to("ada@example.org")
    path = urlsplit(re.search(r'href="([^"]*/mail/preferences/[^"]+)"', ada.html).group(1)).path
    page = client.get(path).content.decode()
    assert 'value="newsletter" checked' in page
    person = Email.objects.get(address="ada@example.org").constituent
    before = ConsentRecord.objects.filter(constituent=person).count()
    saved = client.post(path, {"topic": ["newsletter", "events"]})
    assert "Your choices are saved." in saved.content.decode()
    added = ConsentRecord.objects.filter(constituent=person).order_by("-id").first()
    assert ConsentRecord.objects.filter(constituent=person).count() == before + 1
    assert (added.topic, added.granted, added.source) == ("events", True, "email preferences link")
    client.post(path, {"topic": ["newsletter", "events"]})
    assert ConsentRecord.objects.filter(constituent=person).count() == before + 1
