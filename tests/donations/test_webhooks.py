"""Stripe webhooks, exactly once: signed deliveries, duplicates, out-of-order events, concurrent deliveries,
failures and retries; and localstripe's own signed webhooks posted to a live server."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from steward.donations import gifts, stripe_events, tasks
from steward.donations.models import Gift, Receipt, StripeEvent
from steward.donations.stripe import client as stripe_client
from tests.donations import stripe_helpers as helpers
from tests.factories import StripeEventFactory
from tests.stripe_server import WEBHOOK_SECRET, localstripe_request
from tests.worker import wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Deliver a signed event and run what its commit queued (the processing task, eager, then the receipt)."""

    def deliver(event, signature=None):
        with django_capture_on_commit_callbacks(execute=True):
            return helpers.deliver(client, event, signature)

    return deliver


def gift_rows():
    return list(Gift.objects.order_by("pk").values_list("stripe_payment_intent_id", "status", "amount_refunded"))


def event_rows():
    return list(StripeEvent.objects.order_by("pk").values_list("event_id", "status", "attempts"))


def retry_failed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.stripe_events_retry_failed.delay().get()


# ---------------------------------------------------------------------------------------------------------
# Signatures
# ---------------------------------------------------------------------------------------------------------


def test_bad_signature_is_refused_and_nothing_is_stored(post, pending_gift):
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift), secret="whsec_other")
    assert post(event).status_code == 400
    assert post(event, signature="").status_code == 400
    assert post(event, signature="t=1,v1=deadbeef").status_code == 400
    assert StripeEvent.objects.count() == 0
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.PENDING, Decimal("0"))]


def test_stale_signature_is_refused_as_a_replay(post, pending_gift):
    too_old = int(time.time()) - stripe_client.WEBHOOK_TOLERANCE_SECONDS - 60
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift), timestamp=too_old)
    assert post(event).status_code == 400
    assert StripeEvent.objects.count() == 0
    assert Gift.objects.get().status == Gift.Status.PENDING


def test_tampered_body_is_refused(post, client, pending_gift):
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift))
    event.body = event.body.replace(b"succeeded", b"succeeded ")
    assert post(event).status_code == 400
    assert StripeEvent.objects.count() == 0


def test_only_post_is_accepted(client):
    assert client.get(helpers.WEBHOOK_URL).status_code == 405


# ---------------------------------------------------------------------------------------------------------
# Exactly once
# ---------------------------------------------------------------------------------------------------------


def test_payment_succeeded_marks_the_gift_paid_and_receipts_it(post, pending_gift):
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift))
    assert post(event).status_code == 200
    gift = Gift.objects.get()
    assert (gift.status, gift.stripe_charge_id) == (Gift.Status.SUCCEEDED, helpers.charge_id_for(gift))
    assert gift.succeeded_at is not None
    stored = StripeEvent.objects.get()
    assert (stored.event_id, stored.type, stored.status, stored.attempts) == (
        event.id,
        "payment_intent.succeeded",
        StripeEvent.Status.PROCESSED,
        1,
    )
    assert stored.payload["data"]["object"]["id"] == gift.stripe_payment_intent_id
    assert stored.processed_at is not None
    assert Receipt.objects.filter(gift=gift).count() == 1


def test_duplicate_delivery_is_stored_and_applied_once(post, pending_gift):
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift))
    for _ in range(3):
        assert post(event).status_code == 200
    assert event_rows() == [(event.id, StripeEvent.Status.PROCESSED, 1)]
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.SUCCEEDED, Decimal("0"))]
    assert Receipt.objects.count() == 1
    assert Gift.history.filter(status=Gift.Status.SUCCEEDED).count() == 1  # one state change


def test_a_second_event_for_the_same_payment_changes_nothing(post, pending_gift):
    # Stripe may send two different events about the same success (e.g. after a replay from the dashboard)
    for _ in range(2):
        post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift)))
    assert [status for _, status, _ in event_rows()] == [StripeEvent.Status.PROCESSED] * 2
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.SUCCEEDED, Decimal("0"))]
    assert Receipt.objects.count() == 1


def test_payment_failed_records_the_reason_and_a_later_success_wins(post, pending_gift):
    failed = helpers.payment_intent(pending_gift, status="requires_payment_method", error_message="Card declined.")
    post(helpers.signed_event("payment_intent.payment_failed", failed))
    gift = Gift.objects.get()
    assert (gift.status, gift.failure_reason) == (Gift.Status.FAILED, "Card declined.")
    post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift)))
    gift.refresh_from_db()
    assert (gift.status, gift.failure_reason) == (Gift.Status.SUCCEEDED, "")


def test_zero_decimal_currency_amount_is_read_in_whole_units(post, make_pending_gift):
    gift = make_pending_gift(amount="1000", currency="JPY")
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(gift))
    assert b'"amount": 1000,' in event.body
    post(event)
    assert Gift.objects.get().status == Gift.Status.SUCCEEDED
    assert StripeEvent.objects.get().status == StripeEvent.Status.PROCESSED


def test_unknown_event_type_is_stored_and_ignored(post, pending_gift):
    event = helpers.signed_event("customer.created", {"id": "cus_1", "object": "customer"})
    assert post(event).status_code == 200
    assert event_rows() == [(event.id, StripeEvent.Status.IGNORED, 1)]
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.PENDING, Decimal("0"))]


# ---------------------------------------------------------------------------------------------------------
# Refunds, disputes and out-of-order delivery
# ---------------------------------------------------------------------------------------------------------


def test_partial_then_full_refund(post, pending_gift):
    post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift)))
    post(helpers.signed_event("charge.refunded", helpers.charge(pending_gift, refunded=Decimal("10.00"))))
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.PARTIALLY_REFUNDED, Decimal("10.00"))]
    full = helpers.signed_event("charge.refunded", helpers.charge(pending_gift, refunded=Decimal("25.00")))
    post(full)
    post(full)
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.REFUNDED, Decimal("25.00"))]
    assert {status for _, status, _ in event_rows()} == {StripeEvent.Status.PROCESSED}


def test_refund_before_the_success_is_kept_and_counts_once_paid(post, pending_gift):
    # given the refund is delivered before the payment it refunds
    refund = helpers.signed_event("charge.refunded", helpers.charge(pending_gift, refunded=Decimal("25.00")))
    assert post(refund).status_code == 200
    # then it is applied (kept on the gift), and the gift is not paid yet
    stored = StripeEvent.objects.get(event_id=refund.id)
    assert (stored.status, stored.attempts) == (StripeEvent.Status.PROCESSED, 1)
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.PENDING, Decimal("25.00"))]
    # when the success arrives
    post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift)))
    # then the gift ends refunded, as in-order delivery leaves it, and its receipt is void
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.REFUNDED, Decimal("25.00"))]
    assert [(receipt.amount, receipt.voided_at is not None) for receipt in Receipt.objects.all()] == [
        (Decimal("25.00"), True)
    ]


def test_dispute_opened_then_won_then_another_lost(post, make_pending_gift):
    won, lost = make_pending_gift(), make_pending_gift()
    for gift in (won, lost):
        post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(gift)))
        post(helpers.signed_event("charge.dispute.created", helpers.dispute(gift, status="needs_response")))
    assert {status for _, status, _ in gift_rows()} == {Gift.Status.DISPUTED}
    post(helpers.signed_event("charge.dispute.closed", helpers.dispute(won, status="won")))
    post(helpers.signed_event("charge.dispute.closed", helpers.dispute(lost, status="lost")))
    assert gift_rows() == [
        (won.stripe_payment_intent_id, Gift.Status.SUCCEEDED, Decimal("0")),
        (lost.stripe_payment_intent_id, Gift.Status.DISPUTED, Decimal("0")),
    ]
    assert {status for _, status, _ in event_rows()} == {StripeEvent.Status.PROCESSED}


# ---------------------------------------------------------------------------------------------------------
# Failures and retries
# ---------------------------------------------------------------------------------------------------------


def test_handler_failure_is_visible_then_retried_successfully(
    post, make_pending_gift, django_capture_on_commit_callbacks
):
    # given a success for a PaymentIntent no gift is attached to yet (the gift's own write is late)
    gift = make_pending_gift(payment_intent_id="pi_late")
    Gift.objects.filter(pk=gift.pk).update(stripe_payment_intent_id=None)
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(gift))
    assert post(event).status_code == 200
    # then the event is failed, with its error, and the gift untouched
    stored = StripeEvent.objects.get()
    assert (stored.status, stored.attempts) == (StripeEvent.Status.FAILED, 1)
    assert "pi_late" in stored.last_error
    # when the gift is attached, the event's backoff passes and the retry task runs
    gifts.gift_attach_payment_intent(gift=Gift.objects.get(pk=gift.pk), payment_intent_id="pi_late")
    assert retry_failed(django_capture_on_commit_callbacks) == 0  # not before its time
    StripeEvent.objects.update(next_attempt_at=timezone.now())
    assert retry_failed(django_capture_on_commit_callbacks) == 1
    # then the gift succeeded once and the event is processed
    assert gift_rows() == [("pi_late", Gift.Status.SUCCEEDED, Decimal("0"))]
    assert event_rows() == [(event.id, StripeEvent.Status.PROCESSED, 2)]
    assert Receipt.objects.count() == 1


def test_amount_mismatch_fails_with_the_service_error(post, pending_gift):
    paid = helpers.payment_intent(pending_gift)
    paid["amount"] = paid["amount_received"] = 100
    post(helpers.signed_event("payment_intent.succeeded", paid))
    stored = StripeEvent.objects.get()
    assert stored.status == StripeEvent.Status.FAILED
    assert "amount_mismatch" in stored.last_error
    assert Gift.objects.get().status == Gift.Status.PENDING


def test_processing_an_event_again_is_a_no_op(post, pending_gift):
    post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift)))
    stored = StripeEvent.objects.get()
    assert stripe_events.stripe_event_process(event_pk=stored.pk) is None
    assert tasks.process_stripe_event.delay(stored.pk).get() is None
    assert event_rows() == [(stored.event_id, StripeEvent.Status.PROCESSED, 1)]


def test_retry_task_requeues_old_pending_events_and_skips_exhausted_failures(
    pending_gift, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    # a pending event whose queueing was lost, and a failure tried too often
    webhooks_payload = {"id": "evt_lost", "type": "payment_intent.succeeded", "created": int(time.time())}
    lost = StripeEventFactory(
        event_id="evt_lost",
        type="payment_intent.succeeded",
        payload={**webhooks_payload, "data": {"object": helpers.payment_intent(pending_gift)}},
        received_at=timezone.now() - dt.timedelta(hours=1),
    )
    StripeEventFactory(
        event_id="evt_exhausted",
        type="charge.refunded",
        payload={"data": {"object": {}}},
        status=StripeEvent.Status.FAILED,
        attempts=stripe_events.MAX_EVENT_ATTEMPTS,
    )
    assert retry_failed(django_capture_on_commit_callbacks) == 1
    lost.refresh_from_db()
    assert lost.status == StripeEvent.Status.PROCESSED
    assert Gift.objects.get().status == Gift.Status.SUCCEEDED


# ---------------------------------------------------------------------------------------------------------
# Concurrency (PostgreSQL: real row locks and a unique index that blocks the second insert)
# ---------------------------------------------------------------------------------------------------------


def run_together(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_event_store_one_row_and_apply_once(make_pending_gift):
    gift = make_pending_gift()
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(gift))
    statuses = run_together(4, lambda: helpers.deliver(Client(), event).status_code)
    assert statuses == [200] * 4
    assert event_rows() == [(event.id, StripeEvent.Status.PROCESSED, 1)]
    assert gift_rows() == [(gift.stripe_payment_intent_id, Gift.Status.SUCCEEDED, Decimal("0"))]
    assert Gift.history.filter(status=Gift.Status.SUCCEEDED).count() == 1
    assert Receipt.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_process_one_event_once(make_pending_gift):
    gift = make_pending_gift()
    event = helpers.signed_event("charge.refunded", helpers.charge(gift, refunded=Decimal("5.00")))
    Gift.objects.filter(pk=gift.pk).update(status=Gift.Status.SUCCEEDED)
    # stored without queueing (as if the worker had not picked it up yet)
    payload = stripe_client.construct_event(payload=event.body, signature_header=event.signature)
    stored = StripeEventFactory(event_id=event.id, type=event.type, payload=payload)
    results = run_together(4, lambda: stripe_events.stripe_event_process(event_pk=stored.pk))
    assert sorted(results, key=str) == [None, None, None, StripeEvent.Status.PROCESSED]
    assert event_rows() == [(event.id, StripeEvent.Status.PROCESSED, 1)]
    assert gift_rows() == [(gift.stripe_payment_intent_id, Gift.Status.PARTIALLY_REFUNDED, Decimal("5.00"))]


# ---------------------------------------------------------------------------------------------------------
# localstripe's own signed webhooks, posted to a live server
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def localstripe_webhook(stripe_api, live_server):
    hook = "steward-live"
    events = ["payment_intent.succeeded", "payment_intent.payment_failed"]
    url = f"{live_server.url}{helpers.WEBHOOK_URL}"
    localstripe_request(
        stripe_api, "POST", f"/_config/webhooks/{hook}", {"url": url, "secret": WEBHOOK_SECRET, "events": events}
    )
    yield
    # localstripe cannot forget a webhook: subscribe it to nothing once this server is gone
    localstripe_request(
        stripe_api, "POST", f"/_config/webhooks/{hook}", {"url": url, "secret": WEBHOOK_SECRET, "events": []}
    )


@pytest.mark.django_db(transaction=True)
def test_localstripe_webhook_marks_the_gift_succeeded_once(localstripe_webhook, make_pending_gift):
    # given a pending gift paid by a real (local) PaymentIntent
    customer = stripe_client.customer_create(email="donor@example.org", idempotency_key="live-customer")
    gift = make_pending_gift(amount="42.00", payment_intent_id="pi_placeholder")
    intent = stripe_client.payment_intent_create(
        amount=gift.amount,
        currency=gift.currency,
        customer_id=customer,
        payment_method_id="pm_card_visa",
        metadata={"gift_id": gift.pk},
        idempotency_key=f"gift-{gift.pk}",
    )
    gift = gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=intent.id, customer_id=customer)
    # when it is confirmed, localstripe signs and posts payment_intent.succeeded to /stripe/webhook/
    confirmed = stripe_client.payment_intent_confirm(payment_intent_id=intent.id, idempotency_key=f"gift-{gift.pk}-c")
    assert confirmed.succeeded
    # then the gift becomes succeeded, once, from one stored and processed event
    # (localstripe is shared: events about other tests' PaymentIntents may reach this server too, and are not this
    # gift's)
    about_this_gift = StripeEvent.objects.filter(payload__data__object__id=intent.id)
    wait_for(lambda: about_this_gift.filter(status=StripeEvent.Status.PROCESSED).exists(), timeout=20)
    assert list(about_this_gift.values_list("type", "status", "attempts")) == [
        ("payment_intent.succeeded", StripeEvent.Status.PROCESSED, 1)
    ]
    gift.refresh_from_db()
    assert (gift.status, gift.stripe_charge_id) == (Gift.Status.SUCCEEDED, confirmed.charge_id)
    assert Gift.history.filter(status=Gift.Status.SUCCEEDED).count() == 1
    wait_for(lambda: Receipt.objects.filter(gift=gift).exists(), timeout=20)
    assert Receipt.objects.count() == 1


# ---------------------------------------------------------------------------------------------------------
# Receipts follow refunds and disputes; the donor is told once each time
# ---------------------------------------------------------------------------------------------------------


def test_refunds_void_the_receipt_and_a_partial_one_replaces_it_with_one_email_each(post, make_pending_gift):
    from django.core import mail

    from tests.factories import IndividualFactory

    gift = make_pending_gift(amount="40.00", constituent=IndividualFactory(email="giver@example.org"))
    post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(gift)))
    [first] = Receipt.objects.filter(gift=gift)
    assert len(mail.outbox) == 1
    assert first.display_number in mail.outbox[0].subject
    # a partial refund, delivered three times
    partial = helpers.signed_event("charge.refunded", helpers.charge(gift, refunded=Decimal("15.00")))
    for _ in range(3):
        post(partial)
    first.refresh_from_db()
    replacement = Receipt.objects.get(gift=gift, voided_at__isnull=True)
    assert first.voided_at is not None
    assert (replacement.replaces, replacement.amount, replacement.deductible_amount) == (
        first,
        Decimal("25.00"),
        Decimal("25.00"),
    )
    assert len(mail.outbox) == 2
    assert replacement.display_number in mail.outbox[1].subject
    assert f"receipt {first.display_number} is void and this receipt replaces it" in mail.outbox[1].body
    # then the rest is refunded: the replacement is void, and the donor is told so, once
    full = helpers.signed_event("charge.refunded", helpers.charge(gift, refunded=Decimal("40.00")))
    post(full)
    post(full)
    assert not Receipt.objects.filter(gift=gift, voided_at__isnull=True).exists()
    assert len(mail.outbox) == 3
    assert mail.outbox[2].subject == f"Receipt {replacement.display_number} is void"
    assert Gift.objects.get(pk=gift.pk).receipt == replacement


def test_a_lost_dispute_voids_the_receipt_and_an_open_one_does_not(post, make_pending_gift):
    gift = make_pending_gift()
    post(helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(gift)))
    post(helpers.signed_event("charge.dispute.created", helpers.dispute(gift, status="needs_response")))
    assert Receipt.objects.get(gift=gift).voided_at is None
    post(
        helpers.signed_event(
            "charge.dispute.closed", helpers.dispute(gift, status="lost"), timestamp=int(time.time()) + 1
        )
    )
    receipt = Receipt.objects.get(gift=gift)
    assert receipt.voided_at is not None
    assert "disputed" in receipt.void_reason


def test_a_pending_event_delivered_again_is_queued_again(client, pending_gift, django_capture_on_commit_callbacks):
    # given an event stored while the broker was down (its queueing never ran)
    event = helpers.signed_event("payment_intent.succeeded", helpers.payment_intent(pending_gift))
    with django_capture_on_commit_callbacks(execute=False):
        assert helpers.deliver(client, event).status_code == 200
    assert StripeEvent.objects.get().status == StripeEvent.Status.PENDING
    # when Stripe retries the delivery
    with django_capture_on_commit_callbacks(execute=True):
        assert helpers.deliver(client, event).status_code == 200
    # then it is processed, once
    assert StripeEvent.objects.get().status == StripeEvent.Status.PROCESSED
    assert gift_rows() == [(pending_gift.stripe_payment_intent_id, Gift.Status.SUCCEEDED, Decimal("0"))]
