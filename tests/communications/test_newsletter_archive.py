"""The public newsletter archive's copies: a sent campaign staff chose to show there opens for anyone as its stored
rendering with every merge tag at its fallback, the links everyone may follow and nothing tracked; never a
reader's name, address, figures or personal links. Campaigns not sent, or not chosen, are not there."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from steward.communications import archive, campaigns
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from steward.core.admin_views import AS_SENT_POLICY
from steward.donations import gifts
from tests.communications.test_campaigns import BODY, consenting
from tests.factories import FundFactory, SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers():
    return [
        consenting("ada.lovelace@example.org", given_name="Ada", family_name="Lovelace"),
        consenting("bo.nakamura@example.org", given_name="Bo", family_name="Nakamura"),
    ]


@pytest.fixture
def send(readers, smtp, django_capture_on_commit_callbacks):
    sender = SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")

    def send_(name: str, *, in_archive: bool = True, **fields) -> EmailCampaign:
        campaign = EmailCampaign.objects.create(
            name=name,
            subject="Spring news for {{ first_name | you }}",
            preheader="What {{ first_name | we }} did",
            sender=sender,
            body=BODY,
            appeal_code="SPRING26",
            in_archive=in_archive,
            **fields,
        )
        campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
        with django_capture_on_commit_callbacks(execute=True):
            campaigns.campaign_send(campaign=campaign)
        campaign.refresh_from_db()
        assert campaign.status == EmailCampaign.Status.SENT
        return campaign

    return send_


def test_an_archived_newsletter_opens_for_anyone_without_anyones_details(readers, send, smtp):
    # given readers with a gift on record (a figure the email would show them), and a newsletter they were sent
    gifts.gift_record(constituent=readers[0], amount="75.00", currency="USD", fund=FundFactory(), method="cheque")
    campaign = send("Spring news")
    [ada_copy] = smtp.to("ada.lovelace@example.org")
    assert "Hello Ada" in ada_copy.html
    # when a visitor opens its archive copy
    response = Client().get(reverse("mail_archive_copy", args=[campaign.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # then it is the newsletter, every merge tag at its fallback
    assert "Hello friend" in html
    assert "You have given nothing yet" in html
    # with nobody's name, address or personal link in it, and nothing that records a reading
    for person in readers:
        for detail in (person.given_name, person.family_name, person.emails.get().address):
            assert detail not in html
    for personal in ("/mail/click/", "/mail/open/", "/mail/unsubscribe/", "/mail/preferences/", "/mail/view/", "r="):
        assert personal not in html
    assert "75.00" not in html
    personal_links = set(re.findall(r'(?:href|src)="([^"]+/mail/[^"]+)"', ada_copy.html))
    assert personal_links
    assert not {link for link in personal_links if link in html}
    # its links lead where the email's do, straight there (the report, the donate page with the appeal code)
    links = set(re.findall(r'href="([^"]+)"', html))
    assert "https://example.org/report" in links
    assert any(urlsplit(link).path == "/donate/" and "source=SPRING26" in link for link in links)
    # in the same sandbox as a sent message (no script)
    assert response["Content-Security-Policy"] == AS_SENT_POLICY
    # and reading it changed nobody's copy
    assert not CampaignRecipient.objects.exclude(opened_at=None).exists()


def test_what_is_not_sent_or_not_chosen_is_not_in_the_archive(send, sender_free_campaign):
    shown = send("Shown")
    not_chosen = send("Not chosen", in_archive=False)
    draft = sender_free_campaign(in_archive=True)
    sending = sender_free_campaign(in_archive=True, status=EmailCampaign.Status.SENDING)
    assert list(archive.archived_campaigns()) == [shown]
    anyone = Client()
    assert anyone.get(reverse("mail_archive_copy", args=[shown.pk])).status_code == 200
    for campaign in (not_chosen, draft, sending):
        assert anyone.get(reverse("mail_archive_copy", args=[campaign.pk])).status_code == 404
    assert anyone.get("/mail/archive/999999/").status_code == 404
    # and one taken out of the archive is gone from it at once
    EmailCampaign.objects.filter(pk=shown.pk).update(in_archive=False)
    assert anyone.get(reverse("mail_archive_copy", args=[shown.pk])).status_code == 404


def test_the_archive_shows_the_subject_most_readers_got_at_its_fallbacks(send):
    campaign = send("Tested", subject_b="{{ first_name | Friends }}, the river needs you")
    assert archive.archive_subject(campaign) == "Spring news for you"
    assert archive.archive_preheader(campaign) == "What we did"
    EmailCampaign.objects.filter(pk=campaign.pk).update(winner="b")
    campaign.refresh_from_db()
    assert archive.archive_subject(campaign) == "Friends, the river needs you"


@pytest.fixture
def sender_free_campaign(db):
    def make(**fields) -> EmailCampaign:
        return EmailCampaign.objects.create(
            name="Unsent", subject="Unsent", rendered_html="<html><body>Unsent</body></html>", **fields
        )

    return make
