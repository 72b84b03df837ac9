"""Staff see what Steward owes people and whether it went; a failed message can be sent again."""

import pytest
from django.core import mail
from django.urls import reverse

from steward.core.models import OutboxMessage
from steward.core.tasks import outbox_sweep
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_receipt():
    from decimal import Decimal

    from steward.donations import gifts as services
    from steward.donations.models import Gift
    from tests.factories import FundFactory, IndividualFactory

    services.gift_record(
        constituent=IndividualFactory(email="donor@example.org"),
        amount=Decimal("20.00"),
        currency="USD",
        fund=FundFactory(),
        method=Gift.Method.CASH,
    )
    message = OutboxMessage.objects.get(kind="receipt")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED, attempts=8, last_error="SMTPRecipientsRefused: mailbox full"
    )
    return message


def test_fundraising_staff_see_failed_messages_with_their_error(client, failed_receipt):
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    listing = client.get(reverse("core_outbox:index"), {"status": "failed"})
    assert listing.status_code == 200
    assert "receipt" in listing.content.decode()
    page = client.get(reverse("core_outbox:inspect", args=[failed_receipt.pk])).content.decode()
    assert "mailbox full" in page
    assert "Send again" in page


def test_send_again_sends_it_once(client, failed_receipt):
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    response = client.post(reverse("core_outbox:retry", args=[failed_receipt.pk]))
    assert response.status_code == 302
    outbox_sweep.delay().get()
    assert [m.to for m in mail.outbox] == [["donor@example.org"]]
    assert OutboxMessage.objects.get(pk=failed_receipt.pk).status == OutboxMessage.Status.SENT


def test_staff_without_the_permission_see_nothing_and_cannot_resend(client, failed_receipt):
    client.force_login(StaffUserFactory(groups=["Volunteer coordinators"]))
    assert client.get(reverse("core_outbox:index")).status_code in (302, 403)
    # (Wagtail turns a refusal into a redirect to the dashboard with a message)
    assert client.post(reverse("core_outbox:retry", args=[failed_receipt.pk])).status_code in (302, 403)
    assert OutboxMessage.objects.get(pk=failed_receipt.pk).status == OutboxMessage.Status.FAILED
