"""The demo's campaign email (made by `manage.py seed_demo`): a newsletter sent through the services, with what its
readers did spread over its first days, and a draft appeal with every kind of block ready to preview."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from steward.communications import campaign_reports, campaigns, demo, rendering
from steward.communications.models import CampaignRecipient, DeliveryEvent, EmailCampaign, SenderAddress
from steward.donations.online import appeal_for_source
from steward.members.demo_data import MEMBER_LOGIN
from steward.members.models import ConsentRecord, EmailSuppression
from steward.members.selectors import consents_current
from steward.reports.models import Segment

pytestmark = pytest.mark.django_db


def seed(*flags: str, **options) -> str:
    out = io.StringIO()
    call_command("seed_demo", *flags, stdout=out, **{"constituents": 50, **options})
    return out.getvalue()


def test_the_demo_newsletter_was_sent_and_read_over_its_first_days():
    # when the demo data is seeded
    output = seed()
    # then the newsletter went to the demo segment's people, through the sending services, and no mail left
    newsletter = EmailCampaign.objects.get(name=demo.NEWSLETTER_NAME)
    assert newsletter.status == EmailCampaign.Status.SENT
    assert newsletter.sender == SenderAddress.objects.get(email=demo.SENDER_EMAIL, is_active=True)
    assert list(newsletter.segments.values_list("name", flat=True)) == [demo.SEGMENT_NAME]
    copies = CampaignRecipient.objects.filter(campaign=newsletter)
    assert newsletter.audience_count == copies.count() >= 5
    assert set(copies.values_list("status", flat=True)) == {CampaignRecipient.Status.SENT}
    assert f"campaign email copies{copies.count():>{10 + 28 - len('campaign email copies')},}" in output
    assert mail.outbox == []
    # sent some days ago, and what its readers did came after
    started = newsletter.started_at
    assert started is not None
    assert (
        dt.timedelta(days=demo.SENT_DAYS_AGO - 1) < timezone.now() - started < dt.timedelta(days=demo.SENT_DAYS_AGO + 1)
    )
    assert newsletter.created_at < started < newsletter.finished_at
    for copy in copies:
        assert started <= copy.sent_at <= newsletter.finished_at
        for moment in (copy.opened_at, copy.clicked_at, copy.unsubscribed_at):
            assert moment is None or copy.sent_at < moment < timezone.now()
    # its report has every kind of outcome, one bounce and one unsubscribe among them
    report = campaign_reports.campaign_report(newsletter)
    assert report.sent == copies.count()
    assert 0 < report.clicked < report.opened < report.delivered == report.sent - 1
    assert (report.bounced, report.unsubscribed, report.complained) == (1, 1, 0)
    # opens and clicks charted by day, most on the first days
    engagement = campaign_reports.engagement_over_time(newsletter)
    assert engagement.by == "day"
    assert sum(engagement.opens) == report.opened
    assert sum(engagement.clicks) == report.clicked
    assert sum(engagement.opens[:3]) > sum(engagement.opens[3:])
    # as the mail provider reported it: the bounced address is suppressed, the unsubscriber's consent withdrawn
    bounced = copies.get(delivery="bounced")
    suppression = EmailSuppression.objects.get(address=bounced.address, lifted_at__isnull=True)
    assert suppression.reason == EmailSuppression.Reason.HARD_BOUNCE
    assert DeliveryEvent.objects.filter(provider=demo.PROVIDER, applied_at__isnull=True).count() == 0
    leaver = copies.get(unsubscribed_at__isnull=False)
    newsletter_consent = [
        consent
        for consent in consents_current(constituent=leaver.constituent)
        if (consent.channel, consent.topic) == (ConsentRecord.Channel.EMAIL, ConsentRecord.Topic.NEWSLETTER)
    ]
    assert [consent.granted for consent in newsletter_consent] == [False]
    # and neither is the portal's demo member
    assert MEMBER_LOGIN not in {bounced.address, leaver.address}


def test_the_demo_appeal_is_a_draft_ready_to_preview():
    # when the demo data is seeded
    seed()
    # then the appeal is a draft with a heading, text, a button and a donate block, and nothing stops it
    appeal = EmailCampaign.objects.get(name=demo.APPEAL_NAME)
    assert appeal.status == EmailCampaign.Status.DRAFT
    assert {"heading", "text", "button", "donate"} <= {block.block_type for block in appeal.body}
    assert campaigns.campaign_problems(appeal) == {}
    assert campaigns.campaign_warnings(appeal) == []
    # its donate links' code names an open appeal of the gardens campaign, so gifts from them are put to it
    assert appeal_for_source(appeal.appeal_code).campaign.slug == "city-gardens"
    # and it renders, with the gardens campaign's progress beside its donate button
    html = rendering.campaign_render(appeal).html
    assert "A garden in every district" in html
    assert "Plant a garden" in html
    assert " raised" in html
    # the newsletter's blocks render too (its image with its alt text)
    newsletter = EmailCampaign.objects.get(name=demo.NEWSLETTER_NAME)
    assert campaigns.campaign_warnings(newsletter) == []
    assert 'alt="Members on a walk at the open day"' in newsletter.rendered_html


def test_seeding_again_makes_no_second_set_of_demo_campaigns():
    # given seeded demo data
    seed()
    first = set(EmailCampaign.objects.values_list("pk", flat=True))
    # when more demo people are added, the campaigns stay as they were
    seed("--force", seed=7)
    assert set(EmailCampaign.objects.values_list("pk", flat=True)) == first
    # and when the demo is reset, they are made again: one of each, with one sender and one segment
    seed("--reset")
    assert sorted(EmailCampaign.objects.values_list("name", flat=True)) == sorted(
        [demo.NEWSLETTER_NAME, demo.APPEAL_NAME]
    )
    assert not first & set(EmailCampaign.objects.values_list("pk", flat=True))
    assert SenderAddress.objects.count() == 1
    assert Segment.objects.filter(name=demo.SEGMENT_NAME).count() == 1
    newsletter = EmailCampaign.objects.get(name=demo.NEWSLETTER_NAME)
    assert newsletter.status == EmailCampaign.Status.SENT
    assert CampaignRecipient.objects.filter(campaign=newsletter).exists()
    # the earlier run's delivery reports and suppression went with it
    message_ids = set(CampaignRecipient.objects.values_list("provider_message_id", flat=True))
    assert set(DeliveryEvent.objects.values_list("message_id", flat=True)) <= {
        message_id.strip("<>") for message_id in message_ids
    }
    assert EmailSuppression.objects.filter(detail__startswith=f"{demo.PROVIDER}:").count() == 1
