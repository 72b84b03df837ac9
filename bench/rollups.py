"""Benchmark: donor rollups at scale, and the server time of recording one webhook-confirmed gift.

On the database named by DATABASE_URL (PostgreSQL for the figures that count):
1. makes sure there are N constituents (seed_demo, default 100,000) and M gifts (default 1,000,000, bulk
   inserted with COPY, spread over five years, 80 % of constituents giving, some refunded or disputed);
2. times `rebuild_rollups` for everyone — target under 30 s;
3. times fulfilment.payment_succeeded for a pending gift (what the webhook task does: lock the gift, mark it,
   refresh the donor's and household's rollups, queue the receipt) over R gifts — target under 20 ms each.

Run:
    createdb -h 127.0.0.1 -U postgres steward_bench   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steward_bench .venv/bin/python bench/rollups.py
Options: --constituents N, --gifts M, --repeat R.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.site.settings.dev")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from steward.core.dates import organisation_today
from steward.core.demo import bulk_insert
from steward.donations import fulfilment, gifts
from steward.donations.models import Fund, Gift, GivingSummary
from steward.donations.rollups import giving_summaries_rebuild
from steward.members.models import Constituent

STATUSES = [Gift.Status.SUCCEEDED] * 95 + [Gift.Status.REFUNDED] * 2 + [Gift.Status.PARTIALLY_REFUNDED] * 2
STATUSES += [Gift.Status.DISPUTED]
AMOUNTS = [Decimal(value) for value in ("5", "10", "20", "25", "35", "50", "75", "100", "250", "500", "1000")]


def ensure_gifts(target: int, seed: int = 5) -> None:
    existing = Gift.objects.count()
    if existing >= target:
        return
    rng = random.Random(seed)
    funds = [
        Fund.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in [("general", "General fund"), ("scholarships", "Scholarships"), ("winter", "Winter appeal")]
    ]
    ids = list(Constituent.objects.values_list("pk", flat=True))
    donors = rng.sample(ids, int(len(ids) * 0.8))
    start = organisation_today() - dt.timedelta(days=5 * 365)
    missing = target - existing
    started = time.perf_counter()
    batch = []
    for n in range(missing):
        amount = rng.choice(AMOUNTS)
        status = rng.choice(STATUSES)
        refunded = amount if status == Gift.Status.REFUNDED else (amount / 2 if status == "partially_refunded" else 0)
        batch.append(
            {
                "constituent_id": rng.choice(donors),
                "amount": amount,
                "currency": "USD",
                "base_amount": amount,
                "gift_date": start + dt.timedelta(days=rng.randrange(5 * 365)),
                "status": status,
                "method": rng.choice(["card", "card", "card", "cheque", "cash", "bank_transfer"]),
                "fund_id": rng.choice(funds).pk,
                "amount_refunded": Decimal(refunded),
            }
        )
        if len(batch) == 50_000 or n == missing - 1:
            with transaction.atomic():
                bulk_insert(Gift, batch)
            batch = []
    print(f"inserted {missing:,} gifts in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def time_webhook_confirmations(repeat: int) -> list[float]:
    fund = Fund.objects.get(code="general")
    donors = list(Constituent.objects.filter(giving_summary__isnull=False).order_by("?")[:repeat])
    timings = []
    for n, donor in enumerate(donors):
        intent = f"pi_bench_{time.time_ns()}_{n}"
        gift = gifts.gift_create_pending(constituent=donor, amount=Decimal("25.00"), currency="USD", fund=fund)
        gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=intent)
        started = time.perf_counter()
        fulfilment.payment_succeeded(payment_intent_id=intent, amount=Decimal("25.00"), currency="usd")
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--constituents", type=int, default=100_000)
    parser.add_argument("--gifts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    # Receipts are not part of the figure: they are rendered by their own task after the commit.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from steward.site.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"

    print(f"database: {connection.vendor} {settings.DATABASES['default']['NAME']}")
    call_command("migrate", verbosity=0)
    if Constituent.objects.count() < args.constituents:
        call_command("seed_demo", constituents=args.constituents, force=True, verbosity=0)
    ensure_gifts(args.gifts)
    print(f"constituents: {Constituent.objects.count():,}   gifts: {Gift.objects.count():,}")

    started = time.perf_counter()
    donors = giving_summaries_rebuild()
    elapsed = time.perf_counter() - started
    print(f"\nrebuild_rollups: {donors:,} donors in {elapsed:.1f} s (target < 30 s)")
    assert GivingSummary.objects.count() == donors

    timings = time_webhook_confirmations(args.repeat)
    p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
    print(
        f"record one webhook-confirmed gift incl. rollups: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms over {len(timings)} gifts (target < 20 ms)"
    )


if __name__ == "__main__":
    main()
