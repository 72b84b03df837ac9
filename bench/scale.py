"""Benchmark: Steward at a size, every figure of the scale issue in one run.

Sizes (constituents / gifts): S = 100,000 / 1,000,000 and L = 1,000,000 / 10,000,000, or --constituents and
--gifts. On the PostgreSQL database named by DATABASE_URL it

1. seeds, once and reproducibly (the same size gives the same rows): `seed_demo` for the constituents (people,
   households, organisations, memberships, consents, volunteers), then the gifts in one INSERT … SELECT over
   generate_series whose every value is a hash of the row number (five years, 80 % of constituents giving,
   some refunded or disputed), then VACUUM ANALYZE;
2. prints each figure at this size: `rebuild_rollups` (a child process: wall time and its peak RSS), every
   admin listing's first page, search and filters, the member directory (GraphQL) with and without a search,
   segment counts (built-in and a compound and/or/not one), the board pack's month and fiscal-year figures and
   the whole PDF, and the server time of recording one webhook-confirmed gift with its rollups.

Run the same command at each size and compare (S takes about 3 minutes to seed, L about 25):
    createdb -h 127.0.0.1 -U postgres steward_l
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steward_l .venv/bin/python bench/scale.py --size L
Options: --repeat R (requests per figure, default 20), --only NAME[,NAME] (figure groups: rollups, admin,
directory, segments, boardpack, gift), --seed-only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.site.settings.dev")

import django

django.setup()
logging.disable(logging.INFO)  # the PDF renderer's steps and the task log are not figures

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import DateTimeField, Model
from django.test import Client
from django.urls import reverse

from steward.core.dates import organisation_today
from steward.donations.models import Fund, Gift, RecurringGift
from steward.members.models import Constituent
from steward.volunteers.models import HoursEntry, Opportunity, Shift, Signup, VolunteerProfile

SIZES = {"S": (100_000, 1_000_000), "L": (1_000_000, 10_000_000)}
FIGURE_GROUPS = ("rollups", "admin", "directory", "segments", "boardpack", "gift")

# Gift n's values are hashes of n (hashint8 is deterministic), so a size always seeds the same gifts.
GIFTS_SQL = """
WITH donors AS (
    SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn
    FROM members_constituent
    WHERE abs(hashint8(id)) %% 10 < 8
), counted AS (SELECT count(*) AS n FROM donors), funds AS (
    SELECT array_agg(id ORDER BY id) AS ids FROM donations_fund WHERE code IN ('general', 'scholarships', 'winter')
), rows AS (
    SELECT n,
        (ARRAY[5, 10, 20, 25, 35, 50, 75, 100, 250, 500, 1000])[1 + abs(hashint8(n * 7 + 1)) %% 11]::numeric
            AS amount,
        abs(hashint8(n * 7 + 2)) %% 100 AS status_roll,
        abs(hashint8(n * 7 + 3)) %% 1825 AS day,
        abs(hashint8(n * 7 + 4)) %% 6 AS method_roll,
        abs(hashint8(n * 7 + 5)) %% 3 AS fund_roll,
        abs(hashint8(n * 7 + 6)) %% (SELECT n FROM counted) AS donor_rn
    FROM generate_series(%(first)s, %(last)s) AS n
)
INSERT INTO donations_gift (
    created_at, updated_at, anonymous, amount, currency, base_amount, gift_date, status, purpose, method, reference,
    processing_fee, fee_covered, benefit_value, amount_refunded, tribute_type, tribute_name, tribute_notify_name,
    tribute_notify_email, tribute_message, stripe_charge_id, stripe_customer_id, failure_reason, notes,
    constituent_id, fund_id, renew_automatically, dispute_status, stripe_dispute_id, name_shown
)
SELECT now(), now(), false, amount, %(currency)s, amount, %(start)s::date + day::int,
    CASE WHEN status_roll < 95 THEN 'succeeded' WHEN status_roll < 97 THEN 'refunded'
         WHEN status_roll < 99 THEN 'partially_refunded' ELSE 'disputed' END,
    'donation',
    (ARRAY['card', 'card', 'card', 'cheque', 'cash', 'bank_transfer'])[1 + method_roll],
    '', 0, 0, 0,
    CASE WHEN status_roll BETWEEN 95 AND 96 THEN amount WHEN status_roll BETWEEN 97 AND 98 THEN amount / 2
         ELSE 0 END,
    '', '', '', '', '', '', '', '', '',
    donors.id, (SELECT ids FROM funds)[1 + fund_roll], false, '', '', false
FROM rows JOIN donors ON donors.rn = rows.donor_rn
"""
GIFT_CHUNK = 1_000_000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def timed(action: Callable[[], object], repeat: int) -> dict[str, float]:
    action()  # warm caches and connections
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95)}


def report(label: str, figures: dict[str, float], target_ms: float | None = None) -> None:
    target = f"   (target p95 < {target_ms:.0f} ms)" if target_ms else ""
    print(f"  {label:58s} p50 {figures['p50']:8.1f} ms   p95 {figures['p95']:8.1f} ms{target}", flush=True)


# -------------------------------------------------------------------------------------------------------------
# Seeding
# -------------------------------------------------------------------------------------------------------------


def insert_select(model: type[Model], values: dict[str, str], source: str, params: dict[str, Any]) -> int:
    """INSERT INTO the model's table SELECT … FROM `source`: `values` maps columns to SQL expressions, every
    other column takes its field's default (or now() for timestamps, NULL where it may be null)."""
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in values:
            expressions.append(values[field.column])
        elif isinstance(field, DateTimeField) and (field.auto_now or field.auto_now_add or not field.null):
            expressions.append("now()")
        elif field.has_default():
            key = f"default_{field.column}"
            params[key] = field.get_db_prep_save(field.get_default(), connection)
            expressions.append(f"%({key})s")
        elif field.null:
            expressions.append("NULL")
        else:
            expressions.append("''")
    table = model._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} FROM {source}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def seed_volunteering_and_plans(constituents: int) -> None:
    """Volunteers (one constituent in ten), their sign-ups and hours, and monthly plans (one in twenty), so the
    volunteer and recurring-gift listings have a table of the size's proportions to page through."""
    if VolunteerProfile.objects.count() >= constituents // 20:
        return
    started = time.perf_counter()
    opportunity = Opportunity.objects.create(title="Scale benchmark shifts", is_online=True)
    shifts = constituents // 1000
    people = (
        "(SELECT id FROM members_constituent c WHERE kind = 'individual' AND abs(hashint8(id + 11)) %% 10 = 0 "
        "AND NOT EXISTS (SELECT 1 FROM volunteers_volunteerprofile v WHERE v.constituent_id = c.id)) p"
    )
    with transaction.atomic():
        insert_select(VolunteerProfile, {"constituent_id": "p.id", "calendar_key": "gen_random_uuid()"}, people, {})
        insert_select(
            Shift,
            {
                "opportunity_id": "%(opportunity)s",
                "starts_at": "now() - interval '400 days' + n * interval '13 hours'",
                "ends_at": "now() - interval '400 days' + n * interval '13 hours' + interval '3 hours'",
                "capacity": "1000",
                "time_zone": "'UTC'",
            },
            "generate_series(1, %(shifts)s) n",
            {"opportunity": opportunity.pk, "shifts": shifts},
        )
        insert_select(
            Signup,
            {"constituent_id": "v.constituent_id", "shift_id": "s.id", "status": "'confirmed'", "source": "'staff'"},
            "volunteers_volunteerprofile v CROSS JOIN LATERAL (SELECT id FROM volunteers_shift "
            "WHERE opportunity_id = %(opportunity)s ORDER BY abs(hashint8(id * 31 + v.id)) LIMIT 3) s",
            {"opportunity": opportunity.pk},
        )
        insert_select(
            HoursEntry,
            {
                "constituent_id": "v.constituent_id",
                "opportunity_id": "%(opportunity)s",
                "date": "current_date - (abs(hashint8(v.id * 5 + n)) %% 730)::int",
                "hours": "(1 + abs(hashint8(v.id * 7 + n)) %% 4)::numeric",
                "source": "'staff'",
                "status": "'approved'",
            },
            "volunteers_volunteerprofile v CROSS JOIN generate_series(1, 5) n",
            {"opportunity": opportunity.pk},
        )
        insert_select(
            RecurringGift,
            {
                "constituent_id": "p.id",
                "amount": "(ARRAY[10, 15, 20, 25, 50])[1 + abs(hashint8(p.id * 3)) %% 5]::numeric",
                "currency": "%(currency)s",
                "frequency": "'monthly'",
                "status": "(ARRAY['active', 'active', 'active', 'paused', 'cancelled'])"
                "[1 + abs(hashint8(p.id * 5)) %% 5]",
                "next_charge_date": "current_date + (abs(hashint8(p.id * 9)) %% 28)::int",
                "fund_id": "(SELECT min(id) FROM donations_fund)",
            },
            "(SELECT id FROM members_constituent WHERE abs(hashint8(id + 17)) %% 20 = 0) p",
            {"currency": settings.STEWARD_BASE_CURRENCY},
        )
    print(f"seeded volunteers, sign-ups, hours and monthly plans in {time.perf_counter() - started:.0f} s")


def _table_sizes() -> tuple[int, int, int]:
    return Constituent.objects.count(), Gift.objects.count(), VolunteerProfile.objects.count()


def seed(constituents: int, gifts: int) -> None:
    call_command("migrate", verbosity=0)
    before = _table_sizes()
    if Constituent.objects.count() < constituents:
        started = time.perf_counter()
        call_command("seed_demo", constituents=constituents, force=True, verbosity=0)
        print(f"seeded {constituents:,} constituents in {time.perf_counter() - started:.0f} s", flush=True)
    for code, name in [("general", "General fund"), ("scholarships", "Scholarships"), ("winter", "Winter appeal")]:
        Fund.objects.get_or_create(code=code, defaults={"name": name})
    existing = Gift.objects.count()
    if existing < gifts:
        started = time.perf_counter()
        start = organisation_today().replace(day=1).replace(year=organisation_today().year - 5)
        for first in range(existing + 1, gifts + 1, GIFT_CHUNK):
            last = min(gifts, first + GIFT_CHUNK - 1)
            with connection.cursor() as cursor:
                params = {"first": first, "last": last, "currency": settings.STEWARD_BASE_CURRENCY, "start": start}
                cursor.execute(GIFTS_SQL, params)
            print(f"  gifts {last:,} of {gifts:,} ({time.perf_counter() - started:.0f} s)", flush=True)
        print(f"inserted {gifts - existing:,} gifts in {time.perf_counter() - started:.0f} s", flush=True)
        # The rollups the figures read (segments, the board pack's new donors) must describe these gifts too.
        call_command("rebuild_rollups", verbosity=0)
    seed_volunteering_and_plans(constituents)
    if _table_sizes() != before:  # fresh rows: visibility map and statistics (a re-run keeps the caches warm)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--constituents", type=int)
    parser.add_argument("--gifts", type=int)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--only", default=",".join(FIGURE_GROUPS))
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--rollups-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rollups-child-empty", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rollups_child or args.rollups_child_empty:
        rollups_child(empty=args.rollups_child_empty)
        return
    if connection.vendor != "postgresql":
        sys.exit("bench/scale.py measures PostgreSQL: set DATABASE_URL")
    constituents, gifts = SIZES[args.size]
    constituents = args.constituents or constituents
    gifts = args.gifts or gifts
    print(f"database: {settings.DATABASES['default']['NAME']}   size: {constituents:,} / {gifts:,}", flush=True)
    seed(constituents, gifts)
    print(f"constituents: {Constituent.objects.count():,}   gifts: {Gift.objects.count():,}", flush=True)
    if args.seed_only:
        return
    groups = set(args.only.split(","))
    if "rollups" in groups:
        figure_rollups()
    if "admin" in groups:
        figures_admin(args.repeat)
    if "directory" in groups:
        figures_directory(args.repeat)
    if "segments" in groups:
        figures_segments(args.repeat)
    if "boardpack" in groups:
        figures_board_pack()
    if "gift" in groups:
        figure_gift(args.repeat * 5)


# -------------------------------------------------------------------------------------------------------------
# Figures
# -------------------------------------------------------------------------------------------------------------


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (VmHWM; a child's own, unlike ru_maxrss of children)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rollups_child(*, empty: bool) -> None:
    """In a child process: rebuild every rollup (from an empty table with `empty`); print the seconds and the
    peak memory before and after."""
    from steward.donations.rollups import giving_summaries_rebuild

    if empty:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE donations_givingsummary")
    before = peak_rss_mib()
    started = time.perf_counter()
    donors = giving_summaries_rebuild()
    print(f"{donors} {time.perf_counter() - started:.2f} {before:.0f} {peak_rss_mib():.0f}")


def figure_rollups() -> None:
    for label, flag in (
        ("from an empty table", "--rollups-child-empty"),
        ("over the stored rollups", "--rollups-child"),
    ):
        output = subprocess.run(  # noqa: S603 - this script
            [sys.executable, __file__, flag], check=True, env=os.environ, capture_output=True, text=True
        ).stdout.split()
        donors, elapsed, before, after = output[-4:]
        print(
            f"rebuild_rollups {label}: {int(donors):,} donors in {float(elapsed):.1f} s, peak RSS {after} MiB "
            f"(+{int(after) - int(before)} MiB over the process before it)   (targets < 60 s, flat memory)",
            flush=True,
        )


def staff_client() -> Client:
    client = Client()
    assert client.login(username="admin", password="steward-demo"), "seed_demo's admin login"
    return client


def get_ok(client: Client, url: str) -> Callable[[], object]:
    def fetch() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


def figures_admin(repeat: int) -> None:
    client = staff_client()
    family = (
        Constituent.objects.filter(kind="individual", pk__gte=Constituent.objects.order_by("pk")[1000].pk)
        .order_by("pk")
        .values_list("family_name", flat=True)
        .first()
    )
    volunteer = VolunteerProfile.objects.order_by("pk").select_related("constituent")[100].constituent.family_name
    listings = {
        "constituents": (
            reverse("members_constituents:index"),
            {
                "search": {"q": family},
                "filter: membership status current": {"membership_status": "current"},
                "filter: individuals, page 3": {"kind": "individual", "p": "3"},
                "last page": {"p": "200"},
                "sorted by membership end": {"ordering": "-membership_end"},
            },
        ),
        "households": (reverse("members_households:index"), {"search": {"q": family}}),
        "organisations": (reverse("members_organisations:index"), {"search": {"q": "foundation"}}),
        "memberships": (
            reverse("members_memberships:index"),
            {"search": {"q": family}, "filter: status current": {"status": "current"}},
        ),
        "gifts": (
            reverse("donations_gifts:index"),
            {"search": {"q": family}, "filter: refunded": {"status": "refunded"}},
        ),
        "recurring gifts": (
            reverse("donations_recurring:index"),
            {"search": {"q": family}, "filter: paused": {"status": "paused"}},
        ),
        "volunteers": (reverse("volunteers_profiles:index"), {"search": {"q": volunteer}}),
        "sign-ups": (
            reverse("volunteers_signups:index"),
            {"search": {"q": volunteer}, "filter: confirmed": {"status": "confirmed"}},
        ),
        "hours": (
            reverse("volunteers_hours:index"),
            {"search": {"q": volunteer}, "filter: approved": {"status": "approved"}},
        ),
    }
    print(f"\nadmin listings (search '{family}', volunteers '{volunteer}'):", flush=True)
    for name, (url, variants) in listings.items():
        report(f"{name}: first page", timed(get_ok(client, url), repeat), 300)
        for label, params in variants.items():
            report(f"{name}: {label}", timed(get_ok(client, f"{url}?{urlencode(params)}"), repeat), 300)


DIRECTORY_QUERY = """
query($search: String) {
  memberDirectory(search: $search, first: 20) { edges { node { displayName email phone city } } }
}
"""


def figures_directory(repeat: int) -> None:
    member = Client()
    assert member.login(username="member@example.org", password="steward-demo"), "seed_demo's member login"
    family = Constituent.objects.filter(directory_opt_in=True).order_by("pk").values_list("family_name", flat=True)[500]

    def ask(search: str) -> Callable[[], object]:
        def post() -> object:
            payload = json.dumps({"query": DIRECTORY_QUERY, "variables": {"search": search}})
            body = member.post("/graphql/", data=payload, content_type="application/json").json()
            assert "errors" not in body, body
            return body

        return post

    print("\nmember directory (GraphQL):", flush=True)
    report("memberDirectory page", timed(ask(""), repeat), 100)
    report(f"memberDirectory search '{family}'", timed(ask(family), repeat), 100)
    report("memberDirectory search 'an'", timed(ask("an"), repeat), 100)


def figures_segments(repeat: int) -> None:
    from board_pack import COMPOUND  # bench/board_pack.py's compound and/or/not segment

    from steward.reports import selectors
    from steward.reports.builtins import built_in_segments
    from steward.reports.models import Segment

    print("\nsegment counts:", flush=True)
    segments = [(spec["name"], spec["conditions"]) for spec in built_in_segments()]
    segments.append(("compound and/or/not", COMPOUND))
    for name, conditions in segments:
        segment = Segment(name=name, conditions=conditions)
        report(
            f"segment '{name}'",
            timed(lambda segment=segment: selectors.segment_count(segment=segment), repeat // 4 or 1),
            1000,
        )


def figures_board_pack() -> None:
    from steward.reports.boardpack import board_pack_pdf
    from steward.reports.figures import board_pack_figures, period_containing

    today = organisation_today()
    print("\nboard pack:", flush=True)
    month = period_containing("month", today.replace(day=1) - dt.timedelta(days=1))
    year = period_containing("year", today)
    for label, period in (("last month", month), ("fiscal year", year)):
        started = time.perf_counter()
        figures = board_pack_figures(period)
        computed = time.perf_counter() - started
        board_pack_pdf(figures)
        whole = time.perf_counter() - started
        print(f"  {label:12s} figures {computed:6.2f} s   figures + PDF {whole:6.2f} s   (targets < 5 s, < 10 s)")


def figure_gift(repeat: int) -> None:
    from rollups import time_webhook_confirmations  # bench/rollups.py: the same measurement at its size

    settings.CELERY_TASK_ALWAYS_EAGER = False
    from steward.site.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    timings = time_webhook_confirmations(repeat)
    print(
        f"\nrecord one webhook-confirmed gift with its rollups: median {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 0.95):.1f} ms over {len(timings)}"
    )


if __name__ == "__main__":
    main()
