"""Storms, on a real Celery worker over Redis (another process sharing the test database):

1. Twenty gifts' events, each delivered three times, shuffled, by eight senders at once to a live server: every
   gift ends as its twin does, an identical gift whose events came once each, in order.
2. A worker killed with SIGKILL while it charges due installments: a new worker runs the rest, the lease sweeper
   finishes the installment the dead worker held, and Stripe (localstripe) charged each installment once.

The figures at scale (1,000 gifts, gunicorn, a prefork worker) are bench/webhooks.py's."""

import datetime as dt
import os
import random
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from steward.donations import gifts, online, settlement, tasks
from steward.donations.models import Gift, RecurringCharge, RecurringGift, StripeEvent
from steward.site.celery import app
from tests.donations import stripe_helpers as helpers

# What "end state" means: the definition the convergence tests hold every order of delivery to.
from tests.donations.test_event_convergence import _end_state
from tests.factories import FundFactory, IndividualFactory, MembershipLevelFactory
from tests.stripe_server import SECRET_KEY, card, payment_intents, stripe_client
from tests.worker import REDIS_URL, _reset_connections, celery_worker, wait_for, worker_start, worker_stop

# Real transactions: the live server's threads and the worker commit on connections of their own.
pytestmark = pytest.mark.django_db(transaction=True)

D = dt.date
SENDERS = 8
COPIES = 3

# Each scenario: a gift's events in the order Stripe made them (one second apart); refunds as a share of the
# amount (Stripe's charge.refunded carries the running total).
SCENARIOS = {
    "paid, refunded in part, disputed and won": [
        ("payment_intent.succeeded", None),
        ("charge.refunded", Decimal("0.4")),
        ("charge.dispute.created", "needs_response"),
        ("charge.dispute.updated", "under_review"),
        ("charge.dispute.closed", "won"),
    ],
    "declined, paid, refunded in part then in full": [
        ("payment_intent.payment_failed", None),
        ("payment_intent.succeeded", None),
        ("charge.refunded", Decimal("0.2")),
        ("charge.refunded", Decimal("1")),
    ],
    "paid, disputed and lost": [
        ("payment_intent.succeeded", None),
        ("charge.dispute.created", "needs_response"),
        ("charge.dispute.updated", "under_review"),
        ("charge.dispute.closed", "lost"),
    ],
    "declined, paid, refunded in part, disputed and lost": [
        ("payment_intent.payment_failed", None),
        ("payment_intent.succeeded", None),
        ("charge.refunded", Decimal("0.2")),
        ("charge.dispute.created", "needs_response"),
        ("charge.dispute.closed", "lost"),
    ],
    "declined twice, paid, refunded in part twice": [
        ("payment_intent.payment_failed", None),
        ("payment_intent.payment_failed", None),
        ("payment_intent.succeeded", None),
        ("charge.refunded", Decimal("0.1")),
        ("charge.refunded", Decimal("0.3")),
    ],
}

# What each scenario must end as, written out by hand (status, refunded share of the amount).
OUTCOMES = {
    "paid, refunded in part, disputed and won": (Gift.Status.PARTIALLY_REFUNDED, Decimal("0.4")),
    "declined, paid, refunded in part then in full": (Gift.Status.REFUNDED, Decimal("1")),
    "paid, disputed and lost": (Gift.Status.DISPUTED, Decimal("0")),
    "declined, paid, refunded in part, disputed and lost": (Gift.Status.DISPUTED, Decimal("0.2")),
    "declined twice, paid, refunded in part twice": (Gift.Status.PARTIALLY_REFUNDED, Decimal("0.3")),
}

# Every gift's events happen at the same times, an hour ago, so that end states compare across gifts.
START = int(time.time()) - 3600


def _pending_gift(kind: str) -> Gift:
    """A pending card gift: a donation in USD or in JPY (a zero-decimal currency), or a gift membership."""
    donor = IndividualFactory()
    links = {}
    if kind == "membership":
        links = {
            "purpose": Gift.Purpose.MEMBERSHIP,
            "membership_level": MembershipLevelFactory(price=Decimal("40.00")),
            "beneficiary": IndividualFactory(),
        }
    amount, currency = {"usd": ("25.00", "USD"), "jpy": ("3000", "JPY"), "membership": ("40.00", "USD")}[kind]
    gift = gifts.gift_create_pending(
        constituent=donor, amount=Decimal(amount), currency=currency, fund=FundFactory(code="general"), **links
    )
    return gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=f"pi_storm_{gift.pk}_{uuid.uuid4().hex}")


def _events(gift: Gift, scenario: str) -> list[helpers.SignedEvent]:
    events = []
    for offset, (event_type, option) in enumerate(SCENARIOS[scenario]):
        if event_type == "payment_intent.succeeded":
            obj = helpers.payment_intent(gift)
        elif event_type == "payment_intent.payment_failed":
            obj = helpers.payment_intent(gift, status="requires_payment_method", error_message="Card declined.")
        elif event_type == "charge.refunded":
            obj = helpers.charge(gift, refunded=gift.amount * option)
            obj["refunds"] = {"data": [{"id": f"re_{gift.pk}_{offset}", "created": START + offset}]}
        else:
            obj = helpers.dispute(gift, status=option)
        event_id = f"evt_storm_{gift.pk}_{offset}_{uuid.uuid4().hex[:8]}"
        events.append(helpers.signed_event(event_type, obj, event_id=event_id, timestamp=START + offset))
    return events


def _post(base_url: str, event: helpers.SignedEvent) -> int:
    """POST the event as Stripe does, signed afresh (Stripe signs each try with the time of that try)."""
    request = urllib.request.Request(  # noqa: S310 - the live server's own http URL
        base_url + helpers.WEBHOOK_URL,
        data=event.body,
        method="POST",
        headers={"Content-Type": "application/json", "Stripe-Signature": helpers.sign(event.body)},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _send_all(base_url: str, deliveries: list[helpers.SignedEvent], senders: int) -> list[int]:
    """Every delivery POSTed by `senders` threads at once, in the list's order; returns the status codes."""
    statuses: list[int] = []
    lock = threading.Lock()
    queue = iter(deliveries)

    def send() -> None:
        while True:
            with lock:
                event = next(queue, None)
            if event is None:
                return
            status = _post(base_url, event)
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _unapplied(event_ids: list[str]) -> int:
    applied = StripeEvent.objects.filter(event_id__in=event_ids, status=StripeEvent.Status.PROCESSED).count()
    return len(event_ids) - applied


def test_shuffled_triplicate_deliveries_from_eight_senders_end_as_in_order_delivery(
    live_server, stripe_api, monkeypatch, tmp_path
):
    # given a JPY rate, and twenty pairs of identical pending gifts (USD and JPY donations, gift memberships)
    settlement.exchange_rate_set(currency="JPY", rate="0.0065", valid_from=D(2020, 1, 1))
    plan = [(kind, scenario) for scenario in SCENARIOS for kind in ("usd", "jpy", "membership", "usd")]
    twins = [(_pending_gift(kind), _pending_gift(kind), scenario) for kind, scenario in plan]
    # and what the first of each pair ends as when its events come once each, in order (processed eagerly, in
    # the request, before the next is sent)
    for in_order, _, scenario in twins:
        for event in _events(in_order, scenario):
            assert _post(live_server.url, event) == 200
    expected = [_end_state(in_order) for in_order, _, _ in twins]
    for (in_order, _, scenario), state in zip(twins, expected, strict=True):
        status, share = OUTCOMES[scenario]
        assert state["gift"][:2] == (status, in_order.amount * share), scenario
    # when the other gifts' events are delivered three times each, shuffled, by eight senders at once, to a
    # server whose processing runs on a real worker
    deliveries = [event for _, gift, scenario in twins for event in _events(gift, scenario) for _ in range(COPIES)]
    random.Random(11).shuffle(deliveries)
    event_ids = sorted({event.id for event in deliveries})
    monkeypatch.setenv("STRIPE_API_BASE", stripe_api)
    monkeypatch.setenv("STRIPE_SECRET_KEY", SECRET_KEY)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with celery_worker(mail_dir):
        statuses = _send_all(live_server.url, deliveries, SENDERS)
        wait_for(lambda: _unapplied(event_ids) == 0, timeout=120, interval=0.25)
    # then every delivery was acknowledged, each event was stored once and applied once
    assert statuses == [200] * len(deliveries)
    stored = StripeEvent.objects.filter(event_id__in=event_ids)
    assert sorted(stored.values_list("event_id", flat=True)) == event_ids
    assert set(stored.values_list("status", "attempts")) == {(StripeEvent.Status.PROCESSED, 1)}
    # and every gift ended as its twin did
    assert [_end_state(gift) for _, gift, _ in twins] == expected


# ---------------------------------------------------------------------------------------------------------
# A worker killed mid-charge
# ---------------------------------------------------------------------------------------------------------

# tests/worker.py's celery_worker makes a new queue for each worker and does not hand out its process: this test
# kills one and starts the next on the same queue (where the rest of the work waits), so it keeps this much of it.


class _Broker:
    """Point this process's Celery app at Redis and at one queue, for several workers in turn."""

    def __init__(self) -> None:
        self.queue = f"test-{uuid.uuid4().hex[:12]}"

    def __enter__(self) -> "_Broker":
        self.saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
        app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=self.queue)
        _reset_connections()
        return self

    def __exit__(self, *exc_info) -> None:
        app.conf.update(self.saved)
        _reset_connections()


def _start_worker(queue: str, stripe_api: str, log_path: Path, mail_dir: Path) -> subprocess.Popen:
    """A worker that reaches the test's Stripe server."""
    stripe = {"STRIPE_API_BASE": stripe_api, "STRIPE_SECRET_KEY": SECRET_KEY}
    return worker_start(queue=queue, mail_dir=mail_dir, log_path=log_path, extra_env=stripe)


FEBRUARY = D(2026, 2, 15)
PLANS = 10


def _february() -> dict[int, str]:
    return dict(RecurringCharge.objects.filter(due_date=FEBRUARY).values_list("pk", "status"))


def _held_after_stripe_charged(stripe_api: str, *, since: dt.datetime) -> int | None:
    """An installment the worker (started at `since`) holds whose card Stripe has charged, not yet recorded, once
    at least two others are charged and recorded."""
    charges = RecurringCharge.objects.filter(due_date=FEBRUARY)
    if charges.filter(status=RecurringCharge.Status.SUCCEEDED).count() < 2:
        return None
    held = (
        charges.filter(status=RecurringCharge.Status.CLAIMED, claimed_at__gte=since)
        .exclude(stripe_payment_intent_id="")
        .values_list("pk", "stripe_payment_intent_id")
        .first()
    )
    if held is None:
        return None
    intent = stripe_client(stripe_api).v1.payment_intents.retrieve(held[1])
    return held[0] if intent.status == "succeeded" else None


def _only_dead_claims_left(*, before: dt.datetime) -> bool:
    """Every February installment is charged but those claimed by a worker killed before `before`."""
    charges = RecurringCharge.objects.filter(due_date=FEBRUARY)
    dead = Q(status=RecurringCharge.Status.CLAIMED, claimed_at__lt=before)
    return charges.count() == PLANS and not charges.exclude(dead | Q(status=RecurringCharge.Status.SUCCEEDED)).exists()


def _kill_while_charged_not_recorded(broker: "_Broker", stripe_api: str, tmp_path: Path, mail_dir: Path) -> int:
    """Start a worker on the queue, SIGKILL it the moment it holds an installment that Stripe has charged and
    Steward has not recorded, and return that installment. The kill can land a moment late (the installment
    recorded meanwhile): then again, with a new worker and the next installment, up to three times."""
    for attempt in range(3):
        since = timezone.now()
        log_path = tmp_path / f"worker-{attempt}.log"
        worker = _start_worker(broker.queue, stripe_api, log_path, mail_dir)
        try:
            wait_for(
                lambda since=since: _held_after_stripe_charged(stripe_api, since=since), timeout=30, interval=0.002
            )
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            worker_stop(worker)
        stranded = _held_after_stripe_charged(stripe_api, since=since)
        if stranded is not None:
            return stranded
    raise AssertionError("no kill landed while the worker held an installment charged at Stripe")


def test_a_worker_killed_while_charging_installments_leaves_each_charged_once(stripe_api, tmp_path):
    # given ten monthly gifts started on 15 January (their first installment charged), due again on 15 February
    fund = FundFactory(code="general")
    plans = [
        online.recurring_gift_start(
            constituent=IndividualFactory(),
            amount="20.00",
            currency="USD",
            frequency=RecurringGift.Frequency.MONTHLY,
            fund=fund,
            payment_method_id=card(stripe_api),
            today=D(2026, 1, 15),
        ).recurring_gift
        for _ in range(PLANS)
    ]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with _Broker() as broker:
        # when a worker runs the schedule for 15 February and, after two installments are recorded, is killed with
        # SIGKILL while it holds one that Stripe has charged and Steward has not recorded (the worst moment: a
        # sweeper that charged again would take the money twice)
        tasks.recurring_charges_run.delay(FEBRUARY.isoformat())
        stranded = _kill_while_charged_not_recorded(broker, stripe_api, tmp_path, mail_dir)
        killed_at = timezone.now()
        # and a new worker runs what is left in the queue (the dead workers' claims are not its to take)
        worker = _start_worker(broker.queue, stripe_api, tmp_path / "worker-last.log", mail_dir)
        try:
            wait_for(lambda: _only_dead_claims_left(before=killed_at), timeout=60)
            left = RecurringCharge.objects.filter(due_date=FEBRUARY).exclude(status=RecurringCharge.Status.SUCCEEDED)
            assert stranded in set(left.values_list("pk", flat=True))
            # and the sweeper runs on it once the dead workers' claims are older than the lease
            RecurringCharge.objects.filter(pk__in=left).update(
                claimed_at=timezone.now() - dt.timedelta(minutes=settings.RECURRING_CLAIM_LEASE_MINUTES + 5)
            )
            tasks.recurring_claims_recover.delay()
            wait_for(lambda: Counter(_february().values())[RecurringCharge.Status.SUCCEEDED] == PLANS, timeout=60)
        finally:
            worker_stop(worker)
    # then every installment succeeded on its first attempt
    february = RecurringCharge.objects.filter(due_date=FEBRUARY)
    assert sorted(february.values_list("status", "attempts")) == [(RecurringCharge.Status.SUCCEEDED, 1)] * PLANS
    # and Stripe took each installment's money exactly once (January's and February's)
    every_charge = RecurringCharge.objects.filter(recurring_gift__in=plans)
    paid = Counter(
        intent.metadata["steward_recurring_charge_id"]
        for intent in payment_intents(stripe_api)
        if intent.status == "succeeded"
    )
    assert paid == {str(pk): 1 for pk in every_charge.values_list("pk", flat=True)}
    assert len(paid) == 2 * PLANS
    # and each installment has one gift, succeeded, paid by its own PaymentIntent; no gift twice
    installments = Gift.objects.filter(recurring_gift__in=plans)
    assert sorted(Counter(installments.values_list("recurring_charge_id", flat=True)).values()) == [1] * (2 * PLANS)
    assert set(installments.values_list("status", flat=True)) == {Gift.Status.SUCCEEDED}
    assert len(set(installments.values_list("stripe_payment_intent_id", flat=True))) == 2 * PLANS
    next_dates = RecurringGift.objects.filter(pk__in=[plan.pk for plan in plans]).values_list("next_charge_date")
    assert set(next_dates) == {(D(2026, 3, 15),)}
