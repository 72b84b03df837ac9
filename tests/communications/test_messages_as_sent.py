"""Every message sent to a person is on their timeline, and staff open it as it went out."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from steward.core.models import OutboxMessage
from steward.donations import gifts
from tests.factories import FundFactory, IndividualFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def receipted(smtp, django_capture_on_commit_callbacks):
    donor = IndividualFactory(email="mina@example.org", given_name="Mina", family_name="Sato")
    with django_capture_on_commit_callbacks(execute=True):
        gifts.gift_record(
            constituent=donor, amount=Decimal("60.00"), currency="USD", fund=FundFactory(), method="cheque"
        )
    [received] = smtp.to("mina@example.org")
    return donor, OutboxMessage.objects.get(kind="receipt"), received


def _message_rows(client, donor) -> list[str]:
    page = client.get(reverse("members_constituents:inspect", args=(donor.pk,)), {"timeline": "message"})
    assert page.status_code == 200
    html = page.content.decode()
    return re.findall(r'<tr data-kind="message">(.*?)</tr>', html, flags=re.S)


def test_staff_follow_the_timeline_to_the_message_as_it_was_sent(client, receipted):
    donor, message, received = receipted
    assert message.constituent_id == donor.pk
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    [row] = _message_rows(client, donor)
    inspect_url = reverse("core_outbox:inspect", args=[message.pk])
    assert f'href="{inspect_url}"' in row
    assert "mina@example.org" in row
    # the inspect page shows the text part as sent and links to the HTML part
    inspect = client.get(inspect_url).content.decode()
    assert "The message as it was sent" in inspect
    first_line = received.text.strip().splitlines()[0]
    assert first_line in inspect
    as_sent_url = reverse("core_outbox:as_sent", args=[message.pk])
    assert f'href="{as_sent_url}"' in inspect
    # the HTML is what the mail server received, in a sandbox with no script
    html = client.get(as_sent_url)
    assert html.status_code == 200
    assert html.content.decode().strip() == received.html.strip()
    policy = html["Content-Security-Policy"]
    assert policy.startswith("sandbox")
    assert "script-src" not in policy
    assert "default-src 'none'" in policy


def test_staff_who_may_not_read_messages_see_the_entry_without_its_link(client, receipted):
    donor, message, _ = receipted
    # staff who read gifts and people, but not messages
    readers = Group.objects.create(name="Gift readers")
    readers.permissions.set(
        Group.objects.get(name="Fundraising staff").permissions.exclude(content_type__model="outboxmessage")
    )
    client.force_login(StaffUserFactory(groups=["Gift readers"]))
    rows = _message_rows(client, donor)
    assert rows
    assert all("href" not in row for row in rows)
    refused = client.get(reverse("core_outbox:as_sent", args=[message.pk]))
    # (Wagtail turns a refusal into a redirect to the dashboard with a message)
    assert refused.status_code in (302, 403)
    assert message.html not in refused.content.decode()


def test_a_plain_text_message_has_no_html_version(client):
    message = OutboxMessage.objects.create(kind="receipt", key="k", status=OutboxMessage.Status.SENT, body="Hi")
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    assert client.get(reverse("core_outbox:as_sent", args=[message.pk])).status_code == 404
    assert "Open the HTML version" not in client.get(reverse("core_outbox:inspect", args=[message.pk])).content.decode()
