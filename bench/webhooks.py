"""Benchmark: a storm of Stripe webhooks against gunicorn with a real Celery worker, on PostgreSQL.

It makes N pending online gifts (default 1,000: one-time gifts, one in five in JPY, one in ten a gift membership)
and the events Stripe would send for each, one second apart in Stripe's order (about 5 a gift, 5,000 in all: the
PaymentIntent created, sometimes a failed attempt, the charge and the PaymentIntent succeeded, a partial or full
refund, a dispute created, updated and closed won or lost). Then it starts localstripe, gunicorn (3 workers of 4
threads) and a Celery worker (2 processes, Redis db 13, emptied before and after), delivers every event three
times, all shuffled, from 8 sender threads, and prints:
1. the acknowledgement latency of the webhook view (p50/p95/p99, max) and the count of answers other than 200;
2. the time until every event is applied (none left pending or failed);
3. whether every gift's end state (status, refunded amount, times, dispute, the receipt that stands, the
   donor's rollups, the membership) equals that of a twin gift whose events were delivered once each, in order,
   through the same server (it must: the script exits 1 otherwise).

Run (on a database of its own, which it migrates; `--fresh` drops and recreates it first):
    createdb -h 127.0.0.1 -U postgres steward_bench_webhooks   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steward_bench_webhooks .venv/bin/python bench/webhooks.py --fresh
Options: --gifts N, --senders S, --copies C, --threads T (per gunicorn worker), --nice N (the worker's and
localstripe's niceness: on a machine where web and worker share the CPUs, what the web server should have first).
Ctrl-C or SIGTERM stops the servers it started.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.site.settings.dev")
SECRET = "whsec_bench_webhooks"  # noqa: S105 - the bench server's own signing secret
BROKER = "redis://127.0.0.1:6379/13"
os.environ.update(STRIPE_WEBHOOK_SECRET=SECRET, DEBUG="false", CELERY_BROKER_URL=BROKER)

import django

django.setup()

from django.core.management import call_command
from django.db import connection

from steward.donations import gifts
from steward.donations.models import Fund, Gift, GivingSummary, Receipt, StripeEvent
from steward.donations.money import to_minor_units
from steward.members import services as member_services
from steward.members.models import Membership, MembershipLevel

START = int(time.time()) - 3 * 3600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not start")


# ---------------------------------------------------------------------------------------------------------
# Gifts and their events
# ---------------------------------------------------------------------------------------------------------


def _plan(index: int, rng: random.Random) -> dict:
    """What happens to gift `index` (the same for it and its twin)."""
    return {
        "currency": "JPY" if index % 5 == 4 else "USD",
        "membership": index % 10 == 3,
        "failed_first": rng.random() < 0.2,
        "refund": rng.choice([None, None, "partial", "full"]),
        "dispute": rng.choice([None, None, None, "won", "lost"]),
    }


def _make_gift(index: int, plan: dict, fund: Fund, level: MembershipLevel, twin: str) -> Gift:
    donor = member_services.constituent_create(
        emails=[f"storm-{twin}-{index}@example.org"], given_name=f"Donor {index}", family_name=twin
    )
    links = {}
    if plan["membership"]:
        beneficiary = member_services.constituent_create(
            emails=[f"storm-{twin}-{index}-gift@example.org"], given_name=f"Friend {index}", family_name=twin
        )
        links = {"purpose": Gift.Purpose.MEMBERSHIP, "membership_level": level, "beneficiary": beneficiary}
    amount = (
        Decimal("40.00") if plan["membership"] else (Decimal("3000") if plan["currency"] == "JPY" else Decimal("25.00"))
    )
    gift = gifts.gift_create_pending(
        constituent=donor, amount=amount, currency="USD" if plan["membership"] else plan["currency"], fund=fund, **links
    )
    return gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=f"pi_storm_{twin}_{index}")


def _events(gift: Gift, plan: dict, twin: str, index: int) -> list[dict]:
    minor = to_minor_units(gift.amount, gift.currency)
    intent = gift.stripe_payment_intent_id
    charge = f"ch_storm_{twin}_{index}"
    base = {"id": intent, "object": "payment_intent", "amount": minor, "currency": gift.currency.lower()}
    made: list[tuple[str, dict]] = [
        ("payment_intent.created", {**base, "status": "requires_payment_method", "amount_received": 0})
    ]
    if plan["failed_first"]:
        made.append(
            (
                "payment_intent.payment_failed",
                {
                    **base,
                    "status": "requires_payment_method",
                    "amount_received": 0,
                    "latest_charge": None,
                    "last_payment_error": {"message": "Card declined.", "code": "card_declined"},
                },
            )
        )
    charge_base = {"id": charge, "object": "charge", "amount": minor, "currency": gift.currency.lower()}
    made.append(("charge.succeeded", {**charge_base, "status": "succeeded", "payment_intent": intent}))
    made.append(
        ("payment_intent.succeeded", {**base, "status": "succeeded", "amount_received": minor, "latest_charge": charge})
    )
    if plan["refund"]:
        refunded = minor if plan["refund"] == "full" else minor // 2
        made.append(
            (
                "charge.refunded",
                {
                    "id": charge,
                    "object": "charge",
                    "amount": minor,
                    "amount_refunded": refunded,
                    "currency": gift.currency.lower(),
                    "payment_intent": intent,
                    "refunds": {"data": [{"id": f"re_{twin}_{index}", "created": START + len(made)}]},
                },
            )
        )
    if plan["dispute"]:
        dispute = {
            "id": f"dp_{twin}_{index}",
            "object": "dispute",
            "amount": minor,
            "currency": gift.currency.lower(),
            "charge": charge,
            "payment_intent": intent,
        }
        made.append(("charge.dispute.created", {**dispute, "status": "needs_response"}))
        made.append(("charge.dispute.updated", {**dispute, "status": "under_review"}))
        made.append(("charge.dispute.closed", {**dispute, "status": plan["dispute"]}))
    return [
        {
            "id": f"evt_storm_{twin}_{index}_{n}",
            "object": "event",
            "type": kind,
            "created": START + n,
            "livemode": False,
            "data": {"object": obj},
        }
        for n, (kind, obj) in enumerate(made)
    ]


def _end_state(gift: Gift) -> tuple:
    gift.refresh_from_db()
    receipts = list(Receipt.objects.filter(gift=gift).order_by("pk"))
    standing = [(r.amount, r.deductible_amount, r.replaces_id is not None) for r in receipts if r.voided_at is None]
    summary = (
        GivingSummary.objects.filter(constituent_id=gift.constituent_id)
        .values_list("lifetime_total", "lifetime_count", "last_gift_amount")
        .first()
    )
    membership = Membership.objects.filter(terms__gift_id=gift.pk).first()
    term = membership.terms.get(gift_id=gift.pk) if membership else None
    return (
        gift.status,
        gift.amount_refunded,
        gift.base_amount,
        gift.succeeded_at,
        gift.gift_date,
        gift.refunded_at,
        gift.dispute_status,
        (receipts[0].amount, receipts[0].deductible_amount) if receipts else None,
        tuple(standing),
        summary,
        (term.start_date, term.end_date) if term else None,
    )


# ---------------------------------------------------------------------------------------------------------
# Delivery
# ---------------------------------------------------------------------------------------------------------


def _post(url: str, event: dict) -> tuple[int, float]:
    body = json.dumps(event).encode()
    stamp = int(time.time())
    digest = hmac.new(SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(  # noqa: S310 - the bench's own server on 127.0.0.1
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "Stripe-Signature": f"t={stamp},v1={digest}"},
    )
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    return status, time.perf_counter() - began


def _deliver(url: str, events: list[dict], senders: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    bad = 0
    lock = threading.Lock()
    queue = list(reversed(events))

    def send() -> None:
        nonlocal bad
        while True:
            with lock:
                if not queue:
                    return
                event = queue.pop()
            status, took = _post(url, event)
            with lock:
                latencies.append(took)
                bad += status != 200

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, bad


def _wait_applied(timeout: float) -> float:
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        open_events = StripeEvent.objects.filter(status__in=[StripeEvent.Status.PENDING, StripeEvent.Status.FAILED])
        if not open_events.exists():
            return time.monotonic() - began
        time.sleep(0.5)
        connection.close()
    raise RuntimeError(f"{open_events.count()} events still not applied after {timeout:.0f} s")


def _worker_ready(timeout: float) -> None:
    """Wait until the Celery worker answers a ping (it is connected to the broker and consuming)."""
    from steward.site.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return
    raise RuntimeError("the Celery worker did not answer")


def _redis_flush() -> None:
    import redis

    redis.Redis.from_url(BROKER).flushdb()


def _database_recreate() -> None:
    """Drop and recreate the bench's database (connected to the server's `postgres` database meanwhile)."""
    import psycopg
    from psycopg import sql

    settings = connection.settings_dict
    connection.close()
    name = settings["NAME"]
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()",
            [name],
        )
        admin.execute(sql.SQL("drop database if exists {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gifts", type=int, default=1000)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (3 workers)")
    parser.add_argument("--nice", type=int, default=0, help="niceness of the Celery worker and localstripe")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL.")
    if args.fresh:
        _database_recreate()
    call_command("migrate", verbosity=0)
    StripeEvent.objects.all().delete()
    _redis_flush()
    niced = ["nice", "-n", str(args.nice)] if args.nice else []

    stripe_port, web_port = _free_port(), _free_port()
    env = {**os.environ, "STRIPE_API_BASE": f"http://127.0.0.1:{stripe_port}", "STRIPE_SECRET_KEY": "sk_test_bench"}
    os.environ.update(STRIPE_API_BASE=env["STRIPE_API_BASE"], STRIPE_SECRET_KEY="sk_test_bench")
    quiet = subprocess.DEVNULL
    processes = [
        subprocess.Popen(  # noqa: S603
            [*niced, sys.executable, "-m", "localstripe", "--from-scratch", "--port", str(stripe_port)],
            env=env,
            stdout=quiet,
            stderr=quiet,
            start_new_session=True,
        ),
        subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "steward.site.wsgi",
                "--workers",
                "3",
                "--threads",
                str(args.threads),
                "--bind",
                f"127.0.0.1:{web_port}",
            ],
            env=env,
            cwd=ROOT,
            stdout=quiet,
            stderr=quiet,
            start_new_session=True,
        ),
        subprocess.Popen(  # noqa: S603
            [*niced, sys.executable, "-m", "celery", "-A", "steward", "worker", "--concurrency", "2", "-l", "warning"],
            env=env,
            cwd=ROOT,
            stdout=quiet,
            stderr=quiet,
            start_new_session=True,
        ),
    ]

    def stop(*_: object) -> None:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    signal.signal(signal.SIGINT, lambda *_: (stop(), sys.exit(130)))
    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(143)))
    try:
        _wait_for_port(stripe_port, processes[0], "localstripe")
        _wait_for_port(web_port, processes[1], "gunicorn")
        _worker_ready(60)
        url = f"http://127.0.0.1:{web_port}/stripe/webhook/"
        rng = random.Random(11)
        fund, _ = Fund.objects.get_or_create(code="storm", defaults={"name": "Storm fund"})
        level, _ = MembershipLevel.objects.get_or_create(
            slug="storm-friend", defaults={"name": "Storm friend", "price": Decimal("40.00")}
        )
        run = str(int(time.time()))
        plans = [_plan(index, rng) for index in range(args.gifts)]
        began = time.monotonic()
        stormed = [_make_gift(i, plan, fund, level, f"s{run}") for i, plan in enumerate(plans)]
        ordered = [_make_gift(i, plan, fund, level, f"o{run}") for i, plan in enumerate(plans)]
        print(f"made {2 * args.gifts} pending gifts in {time.monotonic() - began:.1f} s")

        # the twins first: each gift's events once, in order (one sender per gift, gifts in parallel)
        in_order = [
            _events(gift, plan, f"o{run}", i) for i, (gift, plan) in enumerate(zip(ordered, plans, strict=True))
        ]
        for step in range(max(len(events) for events in in_order)):
            _deliver(url, [events[step] for events in in_order if step < len(events)], args.senders)
            _wait_applied(600)
        # the storm: every event three times, all shuffled, 8 senders
        storm = [
            event
            for i, (gift, plan) in enumerate(zip(stormed, plans, strict=True))
            for event in _events(gift, plan, f"s{run}", i)
        ]
        deliveries = [event for event in storm for _ in range(args.copies)]
        rng.shuffle(deliveries)
        began = time.monotonic()
        latencies, bad = _deliver(url, deliveries, args.senders)
        sent_in = time.monotonic() - began
        applied_after = _wait_applied(1200) + sent_in
        ms = [value * 1000 for value in latencies]
        print(
            f"storm: {len(storm)} events x {args.copies} = {len(deliveries)} deliveries from {args.senders} senders "
            f"in {sent_in:.1f} s ({len(deliveries) / sent_in:.0f}/s); non-200 answers: {bad}"
        )
        print(
            f"acknowledgement: p50 {statistics.median(ms):.1f} ms, p95 {_percentile(ms, 0.95):.1f} ms, "
            f"p99 {_percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"
        )
        print(f"every event applied {applied_after:.1f} s after the first delivery")
        connection.close()
        differing = [i for i, (a, b) in enumerate(zip(stormed, ordered, strict=True)) if _end_state(a) != _end_state(b)]
        print(f"end states equal to in-order delivery: {args.gifts - len(differing)} of {args.gifts}")
        for index in differing[:5]:
            print(
                f"  gift {index}: storm {_end_state(stormed[index])}\n          in order {_end_state(ordered[index])}"
            )
        return 1 if differing or bad else 0
    finally:
        stop()
        _redis_flush()


if __name__ == "__main__":
    sys.exit(main())
