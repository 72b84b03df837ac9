"""A campaign's report: what became of its copies (opened, clicked, unsubscribed, bounced as the provider
reported), the gifts with its appeal code within its window, opens and clicks over time as a chart, and the
recipients with their outcome as CSV; all for staff who may see campaigns, and nobody else."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from steward.communications import campaign_reports, campaigns, services
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from steward.core.dates import organisation_today
from steward.members.models import Constituent, EmailSuppression
from tests.communications.test_campaigns import BODY, consenting, unsubscribe_header
from tests.factories import AppealFactory, GiftFactory, SegmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(smtp, django_capture_on_commit_callbacks):
    people = [consenting(f"reader{n:02}@example.org", given_name=f"Reader{n}") for n in range(10)]
    Constituent.objects.filter(pk=people[9].pk).update(display_name="=HYPERLINK(“x”)")
    sender = SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")
    campaign = EmailCampaign.objects.create(
        name="Autumn appeal", subject="Autumn at the river", sender=sender, body=BODY, appeal_code="AUTUMN"
    )
    campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_send(campaign=campaign)
    campaign.refresh_from_db()
    return campaign, people


def path_of(url: str) -> str:
    return urlsplit(url).path


def test_the_report_counts_each_outcome_and_the_gifts_that_came_from_it(sent, smtp, client):
    campaign, people = sent
    copies = {item.recipients[0]: item for item in smtp.received}
    # four readers open it (one twice), two click (one of whom never loaded the images: a click is an open)
    for n in (0, 1, 2, 3, 0):
        client.get(path_of(re.search(r'src="([^"]+/mail/open/[^"]+)"', copies[f"reader{n:02}@example.org"].html)[1]))
    for n in (3, 4):
        click = re.search(r'href="([^"]+/mail/click/[^"]+)"', copies[f"reader{n:02}@example.org"].html)[1]
        assert client.get(path_of(click)).status_code == 302
    # one unsubscribes with one click; the provider reports a hard bounce for another
    assert client.post(path_of(unsubscribe_header(copies["reader05@example.org"])), {"List-Unsubscribe": "One-Click"})
    bounced = CampaignRecipient.objects.get(address="reader06@example.org")
    event = services.delivery_event_record(
        event=services.ReportedEvent(
            provider="postmark",
            event_type="bounced",
            event_id="pm-1",
            recipient="reader06@example.org",
            message_id=bounced.provider_message_id,
            occurred_at=timezone.now(),
            reject_reason="bounced",
        )
    )
    services.delivery_event_apply(event_id=event.pk)
    # gifts: two with the appeal code inside the 30 days (one from a reader), one after them, one with another
    # code, one refunded
    appeal = AppealFactory(code="AUTUMN")
    today = organisation_today()
    GiftFactory(constituent=people[0], appeal=appeal, amount=Decimal("100.00"), gift_date=today)
    GiftFactory(appeal=appeal, amount=Decimal("50.00"), gift_date=today + dt.timedelta(days=10))
    GiftFactory(constituent=people[1], appeal=appeal, amount=Decimal("70.00"), gift_date=today + dt.timedelta(days=31))
    GiftFactory(constituent=people[2], appeal=AppealFactory(code="OTHER"), amount=Decimal("20.00"), gift_date=today)
    GiftFactory(constituent=people[3], appeal=appeal, amount=Decimal("40.00"), gift_date=today, status="refunded")

    report = campaign_reports.campaign_report(campaign)
    assert (report.recipients, report.sent, report.waiting) == (10, 10, 0)
    assert (report.opened, report.clicked, report.unsubscribed, report.bounced) == (5, 2, 1, 1)
    assert report.share(report.opened) == "50.0%"
    attributed = report.attributed
    assert (attributed.gifts, attributed.donors, attributed.total, attributed.from_recipients) == (
        2,
        2,
        Decimal("150.00"),
        1,
    )
    assert attributed.last_day == today + dt.timedelta(days=30)
    assert EmailSuppression.objects.filter(address="reader06@example.org", lifted_at__isnull=True).exists()

    # the report page shows the figures and the chart; staff who may see campaigns reach it from the campaign
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    inspect = client.get(reverse("communications_campaigns:inspect", args=[campaign.pk])).content.decode()
    report_url = reverse("communications_campaigns:report", args=[campaign.pk])
    assert f'href="{report_url}"' in inspect
    page = client.get(report_url).content.decode()
    for key, number in (("sent", 10), ("opened", 5), ("clicked", 2), ("unsubscribed", 1), ("bounced", 1)):
        assert re.search(rf'data-figure="{key}">{number}<', page), key
    assert "2 gifts totalling USD 150.00 from 2 donors carried the appeal code AUTUMN" in page
    assert "1 of them came from people it was sent to." in page
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" data-figure="engagement-chart"', page)


def test_opens_and_clicks_over_time_by_hour_then_by_day(sent, client):
    campaign, _ = sent
    started = campaign.started_at
    first, second = CampaignRecipient.objects.order_by("pk")[:2]
    CampaignRecipient.objects.filter(pk=first.pk).update(opened_at=started, clicked_at=started)
    CampaignRecipient.objects.filter(pk=second.pk).update(opened_at=started + dt.timedelta(hours=2))
    hourly = campaign_reports.engagement_over_time(campaign, now=started + dt.timedelta(hours=5))
    assert hourly.by == "hour"
    assert len(hourly.labels) in (6, 7)  # the hour it began in to the hour of `now`
    assert hourly.opens[:3] == [1, 0, 1]
    assert hourly.clicks[:3] == [1, 0, 0]
    daily = campaign_reports.engagement_over_time(campaign, now=started + dt.timedelta(days=9))
    assert daily.by == "day"
    assert len(daily.labels) == 10
    assert sum(daily.opens) == 2
    assert daily.clicks[0] == 1
    svg = campaign_reports.engagement_chart(hourly)
    assert "Opens" in svg
    assert "Clicks" in svg


def test_the_recipients_export_gives_each_outcome_and_is_safe_in_a_spreadsheet(sent, client):
    campaign, people = sent
    CampaignRecipient.objects.filter(address="reader01@example.org").update(
        opened_at=campaign.started_at, delivery="opened"
    )
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    response = client.get(reverse("communications_campaigns:export", args=[campaign.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="autumn-appeal-recipients.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == campaign_reports.RECIPIENT_HEADINGS
    assert len(rows) == 11
    by_address = {row[2]: row for row in rows[1:]}
    reader = by_address["reader01@example.org"]
    assert reader[0] == str(people[1].pk)
    assert reader[4] == "Sent"
    assert reader[6] == "opened"
    assert reader[7]  # first opened, a date and time
    assert by_address["reader09@example.org"][1] == "'=HYPERLINK(“x”)"  # not run as a formula


def test_a_draft_has_an_empty_report_and_others_cannot_see_one(sent, client):
    campaign, _ = sent
    draft = EmailCampaign.objects.create(name="Not yet", subject="Soon", sender=campaign.sender, body=BODY)
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    page = client.get(reverse("communications_campaigns:report", args=[draft.pk])).content.decode()
    assert "Nothing has been sent yet" in page
    assert client.get(reverse("communications_campaigns:report", args=[999999])).status_code == 404
    # staff without campaign permissions are sent back to the admin's home; a signed-out visitor to the log-in
    client.force_login(StaffUserFactory(groups=["Volunteer coordinators"]))
    for name in ("report", "export"):
        refused = client.get(reverse(f"communications_campaigns:{name}", args=[campaign.pk]))
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.logout()
    refused = client.get(reverse("communications_campaigns:export", args=[campaign.pk]))
    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")
