"""The outbox: a message owed is a row, sent once, swept until sent (queueing lost, sender died, mail server
down), and given up visibly after the last attempt."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from steward.core import outbox, tasks
from steward.core.models import OutboxMessage
from steward.donations import gifts
from steward.donations.models import Gift, Receipt
from tests.factories import FundFactory, IndividualFactory

pytestmark = pytest.mark.django_db


def _cheque(email="donor@example.org") -> Gift:
    return gifts.gift_record(
        constituent=IndividualFactory(email=email),
        amount=Decimal("50.00"),
        currency="USD",
        fund=FundFactory(),
        method=Gift.Method.CHEQUE,
    )


def test_a_receipt_owed_is_a_row_in_the_same_transaction_and_the_sweeper_sends_it_once():
    # given a gift recorded while the queue was unreachable (its after-commit queueing never ran: test transaction)
    gift = _cheque()
    message = OutboxMessage.objects.get(kind="receipt")
    assert (message.status, message.payload) == (OutboxMessage.Status.PENDING, {"receipt": gift.receipt_id})
    assert mail.outbox == []
    # when the sweeper runs, twice
    assert tasks.outbox_sweep.delay().get() == 1
    assert tasks.outbox_sweep.delay().get() == 0
    # then the donor got one email, and the row and the receipt say so
    assert [m.to for m in mail.outbox] == [["donor@example.org"]]
    message.refresh_from_db()
    assert (message.status, message.recipient, message.attempts) == (OutboxMessage.Status.SENT, "donor@example.org", 1)
    assert Receipt.objects.get(pk=gift.receipt_id).emailed_at is not None


def test_a_sender_that_died_leaves_a_claim_the_sweeper_takes_back_after_the_lease(settings):
    _cheque()
    message = OutboxMessage.objects.get(kind="receipt")
    # given a sender claimed it and died (the claim committed, nothing after it)
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.SENDING, claimed_at=timezone.now())
    # then within the lease nothing is sent again
    assert tasks.outbox_sweep.delay().get() == 0
    # and once the lease has passed, it is sent
    OutboxMessage.objects.filter(pk=message.pk).update(
        claimed_at=timezone.now() - dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    )
    assert tasks.outbox_sweep.delay().get() == 1
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.SENT


def test_mail_server_down_is_retried_with_backoff_then_given_up_visibly(settings):
    _cheque()
    message = OutboxMessage.objects.get(kind="receipt")
    settings.EMAIL_BACKEND = "tests.members.broken_mail.BrokenBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    # when sending fails, the message waits (backoff) and keeps the error
    assert outbox.outbox_send(message_id=message.pk) == OutboxMessage.Status.PENDING
    message.refresh_from_db()
    assert message.not_before > timezone.now()
    assert "unavailable" in message.last_error
    assert tasks.outbox_sweep.delay().get() == 0  # not before its time
    # and after the last attempt it is FAILED, for staff to see
    for _ in range(2):
        OutboxMessage.objects.filter(pk=message.pk).update(not_before=timezone.now())
        outbox.outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.FAILED, 3)
    # when staff send it again once the mail server is back, it goes
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.outbox_retry(message=message)
    assert tasks.outbox_sweep.delay().get() == 1
    assert len(mail.outbox) == 1


def test_owing_the_same_message_twice_makes_one_row():
    gift = _cheque()
    again = outbox.outbox_enqueue(kind="receipt", key=f"receipt:{gift.receipt_id}", payload={"receipt": 0})
    assert OutboxMessage.objects.filter(kind="receipt").count() == 1
    assert again.payload == {"receipt": gift.receipt_id}


def test_a_message_no_longer_owed_is_cancelled_with_the_reason():
    # given a receipt voided before it went out
    gift = _cheque()
    Receipt.objects.filter(pk=gift.receipt_id).update(voided_at=timezone.now())
    tasks.outbox_sweep.delay().get()
    message = OutboxMessage.objects.get(kind="receipt")
    assert message.status == OutboxMessage.Status.CANCELLED
    assert "voided" in message.last_error
    assert mail.outbox == []


def test_a_kind_nobody_sends_is_refused_when_owed():
    with pytest.raises(ValueError, match="No sender"):
        outbox.outbox_enqueue(kind="carrier pigeon", key="x")
