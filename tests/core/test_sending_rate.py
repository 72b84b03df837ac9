"""The mail provider's rate limit, shared by every worker: allowances counted in the database, never spent
twice by parallel senders; a short wait waited out, a long one defers the messages (campaign copies and owed
messages alike) without counting an attempt, and they go when the window turns."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.utils import timezone

from steward.communications import campaigns, tasks
from steward.communications.models import CampaignRecipient, EmailCampaign, SenderAddress
from steward.core import outbox
from steward.core.models import OutboxMessage, SendingWindow
from steward.core.sending_rate import Limit, parse_limits, sending_allowance
from steward.donations import gifts
from steward.donations.models import Gift
from tests.communications.test_campaigns import BODY, consenting
from tests.factories import FundFactory, IndividualFactory, SegmentFactory
from tests.races import race


def test_limits_are_read_as_staff_write_them():
    assert parse_limits("14/second, 50000/day") == (Limit(14, 1), Limit(50000, 86400))
    assert parse_limits("100 per hour") == (Limit(100, 3600),)
    assert parse_limits("") == ()
    with pytest.raises(ValueError, match="cannot read “fast”"):
        parse_limits("fast")
    with pytest.raises(ValueError, match="cannot read “0/second”"):
        parse_limits("0/second")


@pytest.mark.django_db
def test_each_window_grants_what_it_has_left_and_says_when_more_may_go(settings):
    settings.EMAIL_RATE_LIMITS = "3/second, 5/hour"
    start = 1_800_000_000.25  # a quarter of a second into a second, well inside an hour
    assert sending_allowance(10, now=start).granted == 3
    spent = sending_allowance(10, now=start + 0.5)
    assert (spent.granted, spent.retry_in) == (0, pytest.approx(0.25))
    assert sending_allowance(10, now=start + 1).granted == 2  # the hour's last two
    hour = sending_allowance(1, now=start + 2)
    assert hour.granted == 0
    assert hour.retry_in == pytest.approx(3600 - (start + 2) % 3600)
    # a new hour: allowances again, and the old windows gone
    assert sending_allowance(10, now=start + 3600).granted == 3
    assert SendingWindow.objects.count() == 2
    settings.EMAIL_RATE_LIMITS = ""
    assert sending_allowance(1000).granted == 1000  # no limit set


@pytest.mark.django_db(transaction=True)
def test_parallel_senders_never_spend_the_same_allowance(settings):
    settings.EMAIL_RATE_LIMITS = "25/hour"
    results, refusals = race([lambda: sending_allowance(10).granted for _ in range(8)])
    assert refusals == []
    assert sum(results) == 25
    assert sorted(results, reverse=True)[:2] == [10, 10]


def clear_of_the_hour() -> None:
    """Not within seconds of an hour's turn (the test's hour window must not turn by itself)."""
    left = 3600 - time.time() % 3600
    if left < 15:
        time.sleep(left + 1)


@pytest.mark.django_db
def test_a_campaign_over_the_limit_waits_for_the_window_and_sends_each_copy_once(
    settings, smtp, django_capture_on_commit_callbacks
):
    settings.EMAIL_RATE_LIMITS = "3/second, 5/hour"
    clear_of_the_hour()
    for n in range(8):
        consenting(f"reader{n}@example.org")
    campaign = EmailCampaign.objects.create(
        name="News",
        subject="News",
        body=BODY,
        sender=SenderAddress.objects.create(name="Trust", email="news@trust.example"),
    )
    campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_send(campaign=campaign)
    # three at once, two more after the second turned, then the hour is spent: three wait, not counted as tries
    assert len(smtp.received) == 5
    waiting = CampaignRecipient.objects.filter(status=CampaignRecipient.Status.PENDING)
    assert waiting.count() == 3
    assert set(waiting.values_list("attempts", flat=True)) == {0}
    assert EmailCampaign.objects.get(pk=campaign.pk).status == EmailCampaign.Status.SENDING
    with django_capture_on_commit_callbacks(execute=True):
        tasks.campaigns_sweep()
    assert len(smtp.received) == 5
    # the hour turns (its window row is a past one now): the sweeper sends the rest, once each
    SendingWindow.objects.filter(span=3600).update(start=int(time.time() // 3600) - 1)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.campaigns_sweep()
    received = sorted(address for item in smtp.received for address in item.recipients)
    assert received == [f"reader{n}@example.org" for n in range(8)]
    assert EmailCampaign.objects.get(pk=campaign.pk).status == EmailCampaign.Status.SENT


@pytest.mark.django_db
def test_an_owed_message_over_the_limit_goes_back_to_wait_without_losing_an_attempt(settings, smtp):
    settings.EMAIL_RATE_LIMITS = "1/day"
    SendingWindow.objects.create(provider="smtp", span=86400, start=int(time.time() // 86400), used=1)
    gifts.gift_record(
        constituent=IndividualFactory(email="donor@example.org"),
        amount=Decimal("50.00"),
        currency="USD",
        fund=FundFactory(),
        method=Gift.Method.CHEQUE,
    )
    message = OutboxMessage.objects.get(kind="receipt")
    assert outbox.outbox_send(message_id=message.pk) == OutboxMessage.Status.PENDING
    message.refresh_from_db()
    assert message.attempts == 0
    assert message.not_before > timezone.now()
    assert "rate limit" in message.last_error
    assert smtp.received == []
    # the next day
    SendingWindow.objects.all().delete()
    OutboxMessage.objects.filter(pk=message.pk).update(not_before=timezone.now())
    assert outbox.outbox_send(message_id=message.pk) == OutboxMessage.Status.SENT
    assert [item.recipients for item in smtp.received] == [["donor@example.org"]]
