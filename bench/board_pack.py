"""Benchmark: the board pack and segments at scale (target: figures + PDF under 10 s, a segment's count under 1 s).

On the database named by DATABASE_URL (PostgreSQL with the seeded steward_bench: 100,000 constituents and
1,000,000 gifts, see bench/rollups.py), it prints:
1. the time to compute every figure of the pack (the fiscal year to date and a month, each against a year before);
2. the time to render the pack's PDF (charts included);
3. the count time of several segments (the built-in ones and a compound and/or/not one), cold and warm;
4. the time and peak memory of exporting every constituent to XLSX (write-only openpyxl) and to CSV (the streamed
   lines), once (100,000 rows) and five times over (500,000 rows), each in a subprocess whose peak resident memory
   (VmHWM) is read before and after; `--skip-xlsx-500k` leaves out the slowest one.
It adds volunteer rows (profiles, opportunities, approved hours) if the database has fewer than 5,000 volunteers,
and writes nothing else (no segment is saved: they are built in memory).

Run:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/steward_bench .venv/bin/python bench/board_pack.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steward.site.settings.dev")

import django

django.setup()

from django.db import connection, transaction

from steward.core.dates import organisation_today
from steward.members.models import Constituent
from steward.reports import exports, selectors
from steward.reports.boardpack import board_pack_pdf, board_pack_xlsx
from steward.reports.builtins import built_in_segments
from steward.reports.figures import board_pack_figures, period_containing
from steward.reports.models import Segment
from steward.volunteers.models import HoursEntry, Opportunity, VolunteerProfile

VOLUNTEERS = 5000
HOURS_PER_VOLUNTEER = 10

COMPOUND = {
    "all": [
        {"any": [{"field": "lifetime_total", "min": "250"}, {"field": "membership", "statuses": ["current", "grace"]}]},
        {"not": {"field": "flag", "flag": "do_not_contact", "value": True}},
        {"field": "last_gift_date", "from": "today-730"},
        {"not": {"field": "consent", "channel": "email", "topic": "fundraising"}},
        {"any": [{"field": "location", "countries": ["TH", "GB", "US"]}, {"field": "household", "value": False}]},
        {"not": {"field": "gave_to_fund", "funds": ["general"], "from": "fy_start"}},
    ]
}


def ensure_volunteers() -> None:
    if VolunteerProfile.objects.count() >= VOLUNTEERS:
        return
    print(f"Adding volunteer rows ({VOLUNTEERS} volunteers, {VOLUNTEERS * HOURS_PER_VOLUNTEER} hours entries)…")
    rng = random.Random(6)
    today = organisation_today()
    with transaction.atomic():
        opportunities = [
            Opportunity.objects.create(title=f"Bench opportunity {n}", is_online=True) for n in range(1, 11)
        ]
        ids = list(
            Constituent.objects.filter(kind="individual", volunteer_profile__isnull=True)
            .order_by("?")
            .values_list("pk", flat=True)[:VOLUNTEERS]
        )
        VolunteerProfile.objects.bulk_create([VolunteerProfile(constituent_id=pk) for pk in ids], batch_size=2000)
        entries = [
            HoursEntry(
                constituent_id=pk,
                opportunity=rng.choice(opportunities),
                date=today - dt.timedelta(days=rng.randrange(730)),
                hours=Decimal(rng.choice(["1.5", "2", "3", "4"])),
                source=HoursEntry.Source.STAFF,
                status=HoursEntry.Status.APPROVED,
            )
            for pk in ids
            for _ in range(HOURS_PER_VOLUNTEER)
        ]
        HoursEntry.objects.bulk_create(entries, batch_size=5000)


def timed(label: str, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    elapsed = time.perf_counter() - start
    print(f"  {label}: {elapsed:.2f} s")
    return result, elapsed


def peak_rss_kib() -> int:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss it does not inherit the parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def export_child(file_format: str, repeat: int) -> None:
    """In a subprocess: export every constituent (`repeat` times over, to reach 500,000 rows) and print the
    row count, time, size and the peak memory before and after (KiB)."""
    before = peak_rss_kib()
    queryset = Constituent.objects.filter(merged_into__isnull=True)
    columns = list(exports.COLUMNS)
    rows = itertools.chain.from_iterable(exports.export_rows(queryset, columns) for _ in range(repeat))
    start = time.perf_counter()
    with tempfile.TemporaryFile() as target:
        if file_format == "xlsx":
            count = exports.xlsx_write_rows(rows=rows, columns=columns, target=target)
        else:
            count = -1  # the header
            for line in exports.csv_lines(rows=rows, columns=columns, on_done=lambda n: None):
                target.write(line.encode())
                count += 1
        size = target.tell()
    elapsed = time.perf_counter() - start
    after = peak_rss_kib()
    print(f"{count} {elapsed:.2f} {size} {before} {after}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--export-child", choices=["xlsx", "csv"])
    parser.add_argument("--repeat", type=int, default=1, help="export the constituents this many times over")
    parser.add_argument("--skip-xlsx-500k", action="store_true", help="the 500,000-row XLSX takes minutes")
    args = parser.parse_args()
    if args.export_child:
        export_child(args.export_child, args.repeat)
        return
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"Constituents: {Constituent.objects.count():,}")
    ensure_volunteers()
    today = organisation_today()

    print("Board pack, fiscal year to date against the year before")
    year = period_containing("year", today)
    figures, figures_time = timed("figures", board_pack_figures, year)
    pdf, pdf_time = timed("PDF", board_pack_pdf, figures)
    timed("XLSX", board_pack_xlsx, figures)
    print(f"  figures + PDF: {figures_time + pdf_time:.2f} s (target < 10 s); PDF {len(pdf) / 1024:.0f} KiB")
    print(
        f"  revenue {figures.fundraising.revenue:,} from {figures.fundraising.gift_count:,} gifts, "
        f"{figures.fundraising.donors:,} donors; {figures.membership.active:,} active members; "
        f"{figures.volunteering.hours:,} volunteer hours"
    )
    print("Board pack, last month")
    month = period_containing("month", today.replace(day=1) - dt.timedelta(days=1))
    figures, figures_time = timed("figures", board_pack_figures, month)
    _, pdf_time = timed("PDF", board_pack_pdf, figures)
    print(f"  figures + PDF: {figures_time + pdf_time:.2f} s")

    print("Segment counts (cold, then warm)")
    segments = [(spec["name"], spec["conditions"]) for spec in built_in_segments()]
    segments.append(("Compound and/or/not", COMPOUND))
    for name, conditions in segments:
        segment = Segment(name=name, conditions=conditions)
        cold_start = time.perf_counter()
        count = selectors.segment_count(segment=segment)
        cold = time.perf_counter() - cold_start
        warm_start = time.perf_counter()
        selectors.segment_count(segment=segment)
        warm = time.perf_counter() - warm_start
        print(f"  {name}: {count:,} people, {cold * 1000:.0f} ms cold, {warm * 1000:.0f} ms warm")

    runs = [("xlsx", 1), ("csv", 1), ("csv", 5)] + ([] if args.skip_xlsx_500k else [("xlsx", 5)])
    for file_format, repeat in runs:
        output = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--export-child", file_format, "--repeat", str(repeat)],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
        ).stdout.split()
        rows, elapsed, size, before, after = output[-5:]
        print(
            f"Export of {'every constituent' if repeat == 1 else f'every constituent ×{repeat}'} to "
            f"{file_format.upper()} ({len(exports.COLUMNS)} columns): "
            f"{int(rows):,} rows in {float(elapsed):.1f} s, {int(size) / 1048576:.1f} MiB; "
            f"peak RSS {int(after) / 1024:.0f} MiB "
            f"(+{(int(after) - int(before)) / 1024:.0f} MiB over the process before the export)"
        )


if __name__ == "__main__":
    main()
