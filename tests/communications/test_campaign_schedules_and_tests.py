"""Scheduled campaigns and the A/B test of the subject line, through a real SMTP server: a campaign goes at its
time (once, however often the sweeper runs), goes back to draft with the reason when it can no longer go; a
share of the audience gets each subject, the rest wait, and the subject with more opens goes to them."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from steward.communications import campaigns, tasks
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from tests.communications.test_campaigns import BODY, consenting
from tests.factories import SegmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd():
    return [consenting(f"reader{n:02}@example.org", given_name=f"Reader{n}") for n in range(20)]


@pytest.fixture
def campaign(crowd):
    sender = SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")
    made = EmailCampaign.objects.create(
        name="Autumn appeal", subject="Autumn at the river", sender=sender, body=BODY, appeal_code="AUTUMN"
    )
    made.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
    return made


def sweep(django_capture_on_commit_callbacks) -> None:
    """The minute sweeper, with the batches it queues run here (CELERY_TASK_ALWAYS_EAGER in tests)."""
    with django_capture_on_commit_callbacks(execute=True):
        tasks.campaigns_sweep()


# -------------------------------------------------------------------------------------------------------------
# Scheduling
# -------------------------------------------------------------------------------------------------------------


def test_a_scheduled_campaign_goes_at_its_time_once(campaign, smtp, django_capture_on_commit_callbacks):
    when = timezone.now() + dt.timedelta(hours=2)
    scheduled = campaigns.campaign_schedule(campaign=campaign, when=when)
    assert scheduled.status == EmailCampaign.Status.SCHEDULED
    assert scheduled.scheduled_for == when
    # before its time the sweeper leaves it alone
    sweep(django_capture_on_commit_callbacks)
    assert smtp.received == []
    assert CampaignRecipient.objects.count() == 0
    # its time comes: the sweeper starts it, and running again (two beat processes, a retry) adds nobody
    EmailCampaign.objects.filter(pk=campaign.pk).update(scheduled_for=timezone.now() - dt.timedelta(seconds=1))
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert sorted(address for item in smtp.received for address in item.recipients) == [
        f"reader{n:02}@example.org" for n in range(20)
    ]
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.SENT


def test_a_time_in_the_past_or_a_campaign_that_cannot_go_is_not_scheduled(campaign):
    with pytest.raises(ValidationError) as past:
        campaigns.campaign_schedule(campaign=campaign, when=timezone.now() - dt.timedelta(minutes=5))
    assert past.value.message_dict == {"scheduled_for": ["Choose a time in the future."]}
    EmailCampaign.objects.filter(pk=campaign.pk).update(subject="")
    campaign.refresh_from_db()
    with pytest.raises(ValidationError) as empty:
        campaigns.campaign_schedule(campaign=campaign, when=timezone.now() + dt.timedelta(days=1))
    assert empty.value.message_dict == {"subject": ["Write a subject."]}
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.DRAFT
    assert campaign.scheduled_for is None


def test_a_scheduled_campaign_that_can_no_longer_go_is_a_draft_again_with_the_reason(
    campaign, smtp, django_capture_on_commit_callbacks
):
    campaigns.campaign_schedule(campaign=campaign, when=timezone.now() + dt.timedelta(hours=1))
    SenderAddress.objects.filter(pk=campaign.sender_id).update(is_active=False)
    EmailCampaign.objects.filter(pk=campaign.pk).update(scheduled_for=timezone.now() - dt.timedelta(seconds=1))
    sweep(django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.DRAFT
    assert campaign.send_problem == "news@riverbank.example is not an active sender address."
    assert smtp.received == []
    assert CampaignRecipient.objects.count() == 0


def test_staff_schedule_and_unschedule_in_the_admin(campaign, client, settings):
    settings.ORGANISATION_TIME_ZONE = "Asia/Bangkok"
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    inspect = reverse("communications_campaigns:inspect", args=[campaign.pk])
    tomorrow = (timezone.now() + dt.timedelta(days=1)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    response = client.post(
        reverse("communications_campaigns:schedule", args=[campaign.pk]),
        {"when": tomorrow.strftime("%Y-%m-%dT09:30")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == inspect
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.SCHEDULED
    # 09:30 in Bangkok (UTC+7) is 02:30 UTC
    assert campaign.scheduled_for.astimezone(dt.UTC).strftime("%H:%M") == "02:30"
    page = response.content.decode()
    assert f"Scheduled for {tomorrow:%-d %B %Y} at 09:30." in page
    assert "Unschedule" in page
    # a time in the past: said, and nothing changes
    response = client.post(
        reverse("communications_campaigns:schedule", args=[campaign.pk]), {"when": "2020-01-01T10:00"}, follow=True
    )
    assert "Choose a time in the future." in response.content.decode()
    client.post(reverse("communications_campaigns:unschedule", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.DRAFT
    assert campaign.scheduled_for is None


# -------------------------------------------------------------------------------------------------------------
# The subject test
# -------------------------------------------------------------------------------------------------------------


def open_pixel(received) -> str:
    url = re.search(r'src="([^"]+/mail/open/[^"]+)"', received.html).group(1)
    return urlsplit(url).path


def test_a_share_gets_each_subject_and_the_one_opened_more_goes_to_the_rest(
    campaign, smtp, client, django_capture_on_commit_callbacks
):
    EmailCampaign.objects.filter(pk=campaign.pk).update(
        subject_b="{{ first_name }}, the river needs you", test_share=25, test_hours=4
    )
    campaign.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_send(campaign=campaign)
    # 25% of 20 get each subject; the other 10 wait for the winner
    subjects = sorted(item.message["Subject"] for item in smtp.received)
    assert len(subjects) == 10
    assert subjects.count("Autumn at the river") == 5
    assert len([s for s in subjects if s.endswith(", the river needs you")]) == 5
    assert CampaignRecipient.objects.filter(status="held").count() == 10
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.SENDING  # not finished while people wait
    # three readers of subject B open it, one of subject A
    b_copies = [item for item in smtp.received if item.message["Subject"].endswith("needs you")]
    a_copies = [item for item in smtp.received if item.message["Subject"] == "Autumn at the river"]
    for item in [*b_copies[:3], a_copies[0]]:
        assert client.get(open_pixel(item)).status_code == 200
    a, b = campaigns.test_results(campaign)
    assert (a.sent, a.opened, b.sent, b.opened) == (5, 1, 5, 3)
    # before the test's time is up, the sweeper decides nothing
    sweep(django_capture_on_commit_callbacks)
    assert len(smtp.received) == 10
    # when it is up, B (more opens) goes to the ten who waited, once
    EmailCampaign.objects.filter(pk=campaign.pk).update(test_ends_at=timezone.now() - dt.timedelta(seconds=1))
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert len(smtp.received) == 20
    later = smtp.received[10:]
    assert all(item.message["Subject"].endswith(", the river needs you") for item in later)
    assert len({address for item in smtp.received for address in item.recipients}) == 20
    campaign.refresh_from_db()
    assert campaign.winner == "b"
    assert campaign.status == EmailCampaign.Status.SENT
    # the test's figures stay the test's: the later copies carry no letter
    a, b = campaigns.test_results(campaign)
    assert (a.sent, b.sent) == (5, 5)
    assert campaigns.campaign_test_decide(campaign_id=campaign.pk, variant="a") is None  # decided once


def test_staff_can_end_the_test_early_and_an_audience_too_small_is_not_split(
    campaign, crowd, smtp, client, django_capture_on_commit_callbacks
):
    EmailCampaign.objects.filter(pk=campaign.pk).update(subject_b="Other subject", test_share=10)
    campaign.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_send(campaign=campaign)
    assert len(smtp.received) == 4  # 10% of 20, each
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    page = client.get(reverse("communications_campaigns:inspect", args=[campaign.pk])).content.decode()
    assert "Send subject A to the rest now" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communications_campaigns:decide", args=[campaign.pk]), {"variant": "a"}, follow=True
        )
    assert "Subject A is going to everyone else." in response.content.decode()
    assert len(smtp.received) == 20
    assert [item.message["Subject"] for item in smtp.received[4:]] == ["Autumn at the river"] * 16
    # a made-up variant is refused with a message (and nothing is decided twice)
    decide = reverse("communications_campaigns:decide", args=[campaign.pk])
    response = client.post(decide, {"variant": "z"}, follow=True)
    assert "no subject test waiting" in response.content.decode()


def test_one_recipient_gets_the_first_subject_without_a_test(campaign, crowd, smtp, django_capture_on_commit_callbacks):
    for person in crowd[1:]:
        person.emails.all().delete()
    EmailCampaign.objects.filter(pk=campaign.pk).update(subject_b="Other subject")
    campaign.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_send(campaign=campaign)
    assert [item.message["Subject"] for item in smtp.received] == ["Autumn at the river"]
    campaign.refresh_from_db()
    assert campaign.status == EmailCampaign.Status.SENT
    assert campaign.test_ends_at is None
