"""Staff compose a campaign with blocks in the admin, see its audience, preview it, send a test and send it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from steward.members.models import ConsentRecord
from tests.factories import ConsentRecordFactory, IndividualFactory, SegmentFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    client.force_login(StaffUserFactory(groups=["Membership staff"], email="staff@example.org"))
    return client


@pytest.fixture
def setup():
    sender = SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")
    segment = SegmentFactory(name="Everyone", conditions={"field": "kind", "kinds": ["individual"]})
    reader = IndividualFactory(email="reader@example.org", given_name="Noi")
    ConsentRecordFactory(constituent=reader, topic=ConsentRecord.Topic.NEWSLETTER, granted=True)
    IndividualFactory(email="quiet@example.org")  # no consent: left out
    return sender, segment, reader


def form(sender, segment, heading="Hello {{ first_name | friend }}"):
    data = nested_form_data(
        {
            "name": "Autumn news",
            "subject": "Autumn news",
            "preheader": "",
            "sender": sender.pk,
            "topic": "newsletter",
            "appeal_code": "AUT26",
            "attribution_days": "30",
            "tracking": "on",
            "subject_b": "",
            "test_share": "10",
            "test_hours": "4",
            "test_metric": "opens",
            "body": streamfield(
                [
                    ("heading", {"text": heading, "level": "h1"}),
                    ("text", rich_text("<p>We planted 400 trees.</p>")),
                    ("button", {"text": "See them", "url": "https://example.org/trees"}),
                ]
            ),
        }
    )
    data["segments"] = [segment.pk]  # a multiple choice (nested_form_data would number a list)
    return data


def test_staff_compose_preview_test_and_send_a_campaign(staff, setup, smtp, django_capture_on_commit_callbacks):
    sender, segment, reader = setup
    created = staff.post(reverse("communications_campaigns:add"), form(sender, segment))
    assert created.status_code == 302, created.content.decode()[:3000]
    campaign = EmailCampaign.objects.get()
    assert list(campaign.segments.all()) == [segment]
    page = staff.get(reverse("communications_campaigns:inspect", args=[campaign.pk])).content.decode()
    assert "1 person would receive it now." in page
    assert "no consent to email about newsletter" in page
    # preview as the reader, at desktop and phone widths
    preview = staff.get(reverse("communications_campaigns:preview", args=[campaign.pk]), {"as": reader.pk})
    assert preview.status_code == 200
    html = staff.get(reverse("communications_campaigns:preview_html", args=[campaign.pk]), {"as": reader.pk})
    assert "Hello Noi" in html.content.decode()
    assert html["Content-Security-Policy"].startswith("sandbox")
    # a test to the staff address, marked as a test
    staff.post(reverse("communications_campaigns:test", args=[campaign.pk]), {"address": "staff@example.org"})
    [test] = smtp.to("staff@example.org")
    assert test.message["Subject"] == "[Test] Autumn news"
    assert "Hello friend" in test.html
    # sent for real: once, to the reader only, with progress shown
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("communications_campaigns:send", args=[campaign.pk]))
    staff.post(reverse("communications_campaigns:send", args=[campaign.pk]))
    assert [item.recipients for item in smtp.received if "reader@example.org" in item.recipients] == [
        ["reader@example.org"]
    ]
    assert CampaignRecipient.objects.get().status == "sent"
    page = staff.get(reverse("communications_campaigns:inspect", args=[campaign.pk])).content.decode()
    assert "1 of 1 sent" in page
    # and it can no longer be edited
    edit = staff.get(reverse("communications_campaigns:edit", args=[campaign.pk]))
    assert edit.status_code == 302


def test_a_misspelt_merge_tag_is_refused_at_save_naming_it(staff, setup):
    sender, segment, _ = setup
    response = staff.post(reverse("communications_campaigns:add"), form(sender, segment, heading="Hi {{ frist_name }}"))
    assert response.status_code == 200
    assert "Unknown merge tag {{ frist_name }}" in response.content.decode()
    assert not EmailCampaign.objects.exists()


def test_staff_without_the_permission_cannot_send(client, setup):
    sender, _, _ = setup
    campaign = EmailCampaign.objects.create(name="x", subject="x", sender=sender, body=[])
    client.force_login(StaffUserFactory(groups=["Volunteer coordinators"]))
    # (Wagtail turns a refusal into a redirect to the dashboard with a message)
    assert client.post(reverse("communications_campaigns:send", args=[campaign.pk])).status_code in (302, 403)
    assert EmailCampaign.objects.get().status == "draft"
