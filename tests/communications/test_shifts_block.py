"""The upcoming-shifts block of a campaign email: the shifts still to come as they stand when the email is sent,
each with its time in its own zone, its place, the places left and a link to sign up that the site answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from steward.communications import campaigns
from steward.communications.models import EmailCampaign, SenderAddress
from steward.volunteers.models import Shift
from tests.communications.test_campaigns import consenting
from tests.factories import SegmentFactory
from tests.volunteers.factories import make_shift

pytestmark = pytest.mark.django_db


def test_a_campaign_lists_the_shifts_to_come_with_the_places_left(smtp, django_capture_on_commit_callbacks):
    soon = make_shift(starts_in=dt.timedelta(days=3), capacity=4, time_zone="Asia/Bangkok")
    later = make_shift(starts_in=dt.timedelta(days=10), capacity=2)
    over = make_shift(starts_in=dt.timedelta(days=2))
    Shift.objects.filter(pk=over.pk).update(starts_at=timezone.now() - dt.timedelta(days=1))
    cancelled = make_shift(starts_in=dt.timedelta(days=5))
    Shift.objects.filter(pk=cancelled.pk).update(cancelled=True)
    consenting("reader@example.org", given_name="Noi")
    campaign = EmailCampaign.objects.create(
        name="Volunteers wanted",
        subject="Come and help",
        sender=SenderAddress.objects.create(name="Trust", email="news@trust.example"),
        body=[
            {"type": "shifts", "value": {"heading": "Shifts this month", "opportunity": "", "count": 5}},
            {"type": "shifts", "value": {"heading": "Only one", "opportunity": str(later.opportunity_id), "count": 1}},
        ],
    )
    campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_send(campaign=campaign)
    [received] = smtp.received
    html = received.html
    assert "Shifts this month" in html
    assert "Only one" in html
    assert html.count(soon.opportunity.title) == 1
    assert html.count(later.opportunity.title) == 2  # in both blocks
    assert cancelled.opportunity.title not in html
    assert over.opportunity.title not in html
    assert "4 places left" in html
    assert "2 places left" in html
    assert f"{soon.local_start:%a %-d %b %Y, %H:%M}" in html  # Bangkok's clock
    assert "(Asia/Bangkok)" in html
    assert received.message["Subject"] == "Come and help"
