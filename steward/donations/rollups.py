"""Donor rollups (GivingSummary, and GivingYear for each fiscal year): one set-based computation, run in the
database, used both for the refresh of the donors a gift touched and for rebuilding everyone chunk by chunk, so
the two cannot disagree.

Amounts are in the organisation's currency (Gift.base_amount), less any refunded share. A gift counts when
it is succeeded or partially refunded (not pending, failed, wholly refunded or disputed). A household's
rollups add up its own gifts and its members'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.core.db import report_memory
from steward.members.models import Constituent

from .models import COUNTED_STATUSES, Gift, GivingSummary

MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)


def fiscal_year_start(day: dt.date) -> dt.date:
    """The first day of the fiscal year that contains `day` (FISCAL_YEAR_START_MONTH/DAY)."""
    start = dt.date(day.year, settings.FISCAL_YEAR_START_MONTH, settings.FISCAL_YEAR_START_DAY)
    return start if start <= day else start.replace(year=day.year - 1)


def counted_gifts() -> QuerySet[Gift]:
    """Gifts that count towards totals, annotated with `counted`: their value in the organisation's currency
    less the refunded share."""
    kept = ExpressionWrapper(
        F("base_amount") - F("amount_refunded") * F("base_amount") / F("amount"), output_field=MONEY_FIELD
    )
    return Gift.objects.filter(status__in=COUNTED_STATUSES, base_amount__isnull=False).annotate(counted=kept)


# The summaries are computed in the database, one statement per chunk of donors, and written there: Python
# never holds the gifts (or the summaries) of more than the statement's parameters. A donor's rows are its own
# gifts (pass 0) and, for a household, its members' gifts (pass 1); the pass settles ties between the two as
# the household's own record first: its own earlier gift stays its first, a member's gift on its last day is
# its last, and its own gift stays the largest against an equal one of a member's.
COUNTED_SQL = (
    "CASE WHEN g.amount_refunded = 0 THEN g.base_amount "
    "ELSE g.base_amount - g.amount_refunded * 1.0 * g.base_amount / g.amount END"
)
GIFT_ROWS = f"""
    SELECT g.constituent_id AS donor, 0 AS pass, g.id AS gift_id, g.gift_date AS day, {COUNTED_SQL} AS counted
    FROM donations_gift g
    WHERE g.status IN ({{statuses}}) AND g.base_amount IS NOT NULL AND g.constituent_id {{donors}}
    UNION ALL
    SELECT c.household_id, 1, g.id, g.gift_date, {COUNTED_SQL}
    FROM members_constituent c JOIN donations_gift g ON g.constituent_id = c.id
    WHERE g.status IN ({{statuses}}) AND g.base_amount IS NOT NULL AND c.household_id {{donors}}
"""  # noqa: S608 - our own SQL, values as parameters

# Each donor's own counted gifts grouped by fiscal year (GivingYear): a household's members' gifts are theirs.
GIVING_YEAR_ROWS = f"""
    SELECT g.constituent_id AS donor, {{fiscal_year}} AS fiscal_year_start, COUNT(*) AS gift_count,
        ROUND(SUM({COUNTED_SQL}), 2) AS total
    FROM donations_gift g
    WHERE g.status IN ({{statuses}}) AND g.base_amount IS NOT NULL AND g.constituent_id {{donors}}
    GROUP BY 1, 2
"""  # noqa: S608 - our own SQL, values as parameters
GIVING_YEAR_INSERT = (
    "INSERT INTO donations_givingyear (constituent_id, fiscal_year_start, gift_count, total) "
    "SELECT donor, fiscal_year_start, gift_count, total FROM ({rows}) AS years"
)
GIVING_YEAR_CHANGED = """
    ON CONFLICT (constituent_id, fiscal_year_start) DO UPDATE SET
        gift_count = EXCLUDED.gift_count, total = EXCLUDED.total
    WHERE (donations_givingyear.gift_count, donations_givingyear.total)
        IS DISTINCT FROM (EXCLUDED.gift_count, EXCLUDED.total)
"""
# One gift more in a year, for the incremental path (PostgreSQL and SQLite alike).
GIVING_YEAR_ADD = """
    INSERT INTO donations_givingyear (constituent_id, fiscal_year_start, gift_count, total) VALUES (%s, %s, 1, %s)
    ON CONFLICT (constituent_id, fiscal_year_start) DO UPDATE SET
        gift_count = donations_givingyear.gift_count + 1, total = donations_givingyear.total + EXCLUDED.total
"""


def fiscal_year_sql(column: str) -> tuple[str, list[Any]]:
    """SQL for the first day of the fiscal year containing the date in `column`, and its parameters; the same
    day as `fiscal_year_start`. Moving the date back by the fiscal year's start (months, then days) lands it
    in the calendar year the fiscal year starts in."""
    month, day = settings.FISCAL_YEAR_START_MONTH, settings.FISCAL_YEAR_START_DAY
    if connection.vendor == "postgresql":
        shifted = f"{column} - make_interval(months => %s, days => %s)"
        return f"make_date(extract(year FROM {shifted})::integer, %s, %s)", [month - 1, day - 1, month, day]
    year = f"CAST(strftime('%%Y', {column}, %s, %s) AS INTEGER)"
    return f"printf('%%04d-%%02d-%%02d', {year}, %s, %s)", [f"-{month - 1} months", f"-{day - 1} days", month, day]


# PostgreSQL picks each donor's first, last and largest gift in the same hash aggregate as the totals: the
# least (greatest) array of (day, pass, id, amount) is the first (last) gift and carries its amount, so the
# gifts are never sorted. Days are numbered from 1970-01-01 to sit in a numeric array.
AGGREGATES_POSTGRESQL = """
    SELECT donor, SUM(counted) AS total, COUNT(*) AS gift_count, MIN(day) AS first_day, MAX(day) AS last_day,
        (MIN(ARRAY[day - DATE '1970-01-01', pass, gift_id, counted]))[4] AS first_amount,
        (MAX(ARRAY[day - DATE '1970-01-01', pass, gift_id, counted]))[4] AS last_amount,
        MAX(counted) AS largest_amount,
        DATE '1970-01-01' + ((MAX(ARRAY[counted, -pass, DATE '1970-01-01' - day, -gift_id]))[3])::integer * -1
            AS largest_day,
        SUM(CASE WHEN day >= %s AND day <= %s THEN counted ELSE 0 END) AS this_fy,
        SUM(CASE WHEN day >= %s AND day < %s THEN counted ELSE 0 END) AS last_fy,
        SUM(CASE WHEN day < %s THEN 1 ELSE 0 END) AS earlier
    FROM ({rows}) AS gift_rows
    GROUP BY donor
"""

# SQLite (the embedded database of a first run, not of a million gifts) ranks the gifts with ROW_NUMBER.
AGGREGATES_SQLITE = """
    SELECT donor, SUM(counted) AS total, COUNT(*) AS gift_count, MIN(day) AS first_day, MAX(day) AS last_day,
        MAX(CASE WHEN first_rank = 1 THEN counted END) AS first_amount,
        MAX(CASE WHEN last_rank = 1 THEN counted END) AS last_amount,
        MAX(counted) AS largest_amount,
        MAX(CASE WHEN largest_rank = 1 THEN day END) AS largest_day,
        SUM(CASE WHEN day >= %s AND day <= %s THEN counted ELSE 0 END) AS this_fy,
        SUM(CASE WHEN day >= %s AND day < %s THEN counted ELSE 0 END) AS last_fy,
        SUM(CASE WHEN day < %s THEN 1 ELSE 0 END) AS earlier
    FROM (
        SELECT gift_rows.*,
            ROW_NUMBER() OVER (PARTITION BY donor ORDER BY day, pass, gift_id) AS first_rank,
            ROW_NUMBER() OVER (PARTITION BY donor ORDER BY day DESC, pass DESC, gift_id DESC) AS last_rank,
            ROW_NUMBER() OVER (PARTITION BY donor ORDER BY counted DESC, pass, day, gift_id) AS largest_rank
        FROM ({rows}) AS gift_rows
    ) AS ranked
    GROUP BY donor
"""

SUMMARY_INSERT = """
    INSERT INTO donations_givingsummary (
        constituent_id, lifetime_total, lifetime_count, first_gift_date, first_gift_amount, last_gift_date,
        last_gift_amount, largest_gift_amount, largest_gift_date, this_fy_total, last_fy_total, fiscal_year,
        lybunt, sybunt, updated_at
    )
    SELECT donor, total, gift_count, first_day, first_amount, last_day, last_amount, largest_amount, largest_day,
        this_fy, last_fy, %s, last_fy > 0 AND this_fy = 0, earlier > 0 AND this_fy = 0 AND last_fy = 0, %s
    FROM (
        SELECT donor, ROUND(total, 2) AS total, gift_count, first_day, ROUND(first_amount, 2) AS first_amount,
            last_day, ROUND(last_amount, 2) AS last_amount, ROUND(largest_amount, 2) AS largest_amount,
            largest_day, ROUND(this_fy, 2) AS this_fy, ROUND(last_fy, 2) AS last_fy, earlier
        FROM ({aggregates}) AS aggregates
    ) AS summaries
"""

# A rebuild on PostgreSQL changes only the summaries that differ: unchanged rows are not written again (no
# index entries, no foreign-key checks, no dead rows for VACUUM), which on a nightly rebuild is nearly all.
SUMMARY_CHANGED = """
    ON CONFLICT (constituent_id) DO UPDATE SET
        lifetime_total = EXCLUDED.lifetime_total, lifetime_count = EXCLUDED.lifetime_count,
        first_gift_date = EXCLUDED.first_gift_date, first_gift_amount = EXCLUDED.first_gift_amount,
        last_gift_date = EXCLUDED.last_gift_date, last_gift_amount = EXCLUDED.last_gift_amount,
        largest_gift_amount = EXCLUDED.largest_gift_amount, largest_gift_date = EXCLUDED.largest_gift_date,
        this_fy_total = EXCLUDED.this_fy_total, last_fy_total = EXCLUDED.last_fy_total,
        fiscal_year = EXCLUDED.fiscal_year, lybunt = EXCLUDED.lybunt, sybunt = EXCLUDED.sybunt,
        updated_at = EXCLUDED.updated_at
    WHERE (
        donations_givingsummary.lifetime_total, donations_givingsummary.lifetime_count,
        donations_givingsummary.first_gift_date, donations_givingsummary.first_gift_amount,
        donations_givingsummary.last_gift_date, donations_givingsummary.last_gift_amount,
        donations_givingsummary.largest_gift_amount, donations_givingsummary.largest_gift_date,
        donations_givingsummary.this_fy_total, donations_givingsummary.last_fy_total,
        donations_givingsummary.fiscal_year, donations_givingsummary.lybunt, donations_givingsummary.sybunt
    ) IS DISTINCT FROM (
        EXCLUDED.lifetime_total, EXCLUDED.lifetime_count, EXCLUDED.first_gift_date, EXCLUDED.first_gift_amount,
        EXCLUDED.last_gift_date, EXCLUDED.last_gift_amount, EXCLUDED.largest_gift_amount,
        EXCLUDED.largest_gift_date, EXCLUDED.this_fy_total, EXCLUDED.last_fy_total, EXCLUDED.fiscal_year,
        EXCLUDED.lybunt, EXCLUDED.sybunt
    )
"""

# Constituent ids per chunk of a rebuild: a chunk reads its donors' gifts through the index on
# (constituent, status, gift_date), which carries the amounts, and holds one chunk's groups.
REBUILD_CHUNK = 50_000


def _aggregates_sql(*, donors_sql: str, donors_params: list[int], today: dt.date) -> tuple[str, list[Any]]:
    """The per-donor aggregate of the donors `donors_sql` selects (a condition on an id, "IN (…)" or
    "BETWEEN %s AND %s"), in this database's dialect, and its parameters."""
    this_start = fiscal_year_start(today)
    last_start = fiscal_year_start(this_start - dt.timedelta(days=1))
    statuses = ", ".join(["%s"] * len(COUNTED_STATUSES))
    rows = GIFT_ROWS.format(statuses=statuses, donors=donors_sql)
    template = AGGREGATES_POSTGRESQL if connection.vendor == "postgresql" else AGGREGATES_SQLITE
    periods = [this_start, today, last_start, this_start, last_start]
    return template.format(rows=rows), [*periods, *([*COUNTED_STATUSES, *donors_params] * 2)]


def _summaries_replace(*, donors_sql: str, donors_params: list[int], today: dt.date) -> int:
    """Delete and insert again the summaries of these donors, in one statement each; returns how many donors
    have one. Run inside a transaction."""
    aggregates, params = _aggregates_sql(donors_sql=donors_sql, donors_params=donors_params, today=today)
    years, years_params = _giving_years_sql(donors_sql=donors_sql, donors_params=donors_params)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM donations_givingyear WHERE constituent_id {donors_sql}", donors_params)  # noqa: S608
        cursor.execute(GIVING_YEAR_INSERT.format(rows=years), years_params)
        cursor.execute(f"DELETE FROM donations_givingsummary WHERE constituent_id {donors_sql}", donors_params)  # noqa: S608
        summary_params: list[Any] = [fiscal_year_start(today).year, timezone.now()]
        cursor.execute(SUMMARY_INSERT.format(aggregates=aggregates), [*summary_params, *params])
        return cursor.rowcount


def _giving_years_sql(*, donors_sql: str, donors_params: list[int]) -> tuple[str, list[Any]]:
    """The GivingYear rows of the donors `donors_sql` selects, and the statement's parameters."""
    fiscal_year, fiscal_year_params = fiscal_year_sql("g.gift_date")
    statuses = ", ".join(["%s"] * len(COUNTED_STATUSES))
    sql = GIVING_YEAR_ROWS.format(fiscal_year=fiscal_year, statuses=statuses, donors=donors_sql)
    return sql, [*fiscal_year_params, *COUNTED_STATUSES, *donors_params]


def _summaries_merge(*, low: int, high: int, today: dt.date) -> int:
    """PostgreSQL: bring the summaries of constituent ids low…high in line with their gifts, writing only what
    differs; returns how many donors have one. Run inside a transaction.

    The chunk is computed first into a temporary table: PostgreSQL runs CREATE TABLE AS with parallel
    workers (an INSERT … SELECT never), and the aggregate is most of the work."""
    donors_sql, donors_params = "BETWEEN %s AND %s", [low, high]
    aggregates, params = _aggregates_sql(donors_sql=donors_sql, donors_params=donors_params, today=today)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE rollup_chunk ON COMMIT DROP AS {aggregates}", params)
        cursor.execute("SELECT count(*) FROM rollup_chunk")
        donors = cursor.fetchone()[0]
        summary_params: list[Any] = [fiscal_year_start(today).year, timezone.now()]
        cursor.execute(SUMMARY_INSERT.format(aggregates="SELECT * FROM rollup_chunk") + SUMMARY_CHANGED, summary_params)
        # A donor whose every gift was refunded or disputed away has no counted gifts left: no summary.
        cursor.execute(
            "DELETE FROM donations_givingsummary s WHERE s.constituent_id BETWEEN %s AND %s "
            "AND NOT EXISTS (SELECT 1 FROM rollup_chunk c WHERE c.donor = s.constituent_id)",
            donors_params,
        )
        # Dropped now, not only at commit: the rebuild may run inside a caller's transaction.
        cursor.execute("DROP TABLE rollup_chunk")
        years, years_params = _giving_years_sql(donors_sql=donors_sql, donors_params=donors_params)
        cursor.execute(f"CREATE TEMPORARY TABLE giving_year_chunk ON COMMIT DROP AS {years}", years_params)
        cursor.execute(GIVING_YEAR_INSERT.format(rows="SELECT * FROM giving_year_chunk") + GIVING_YEAR_CHANGED)
        cursor.execute(
            "DELETE FROM donations_givingyear y WHERE y.constituent_id BETWEEN %s AND %s AND NOT EXISTS ("
            "SELECT 1 FROM giving_year_chunk c WHERE c.donor = y.constituent_id "
            "AND c.fiscal_year_start = y.fiscal_year_start)",
            donors_params,
        )
        cursor.execute("DROP TABLE giving_year_chunk")
        return donors


def giving_summary_refresh(*, constituent_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Recompute the rollups of these donors and of their households (called by every gift service)."""
    today = today or organisation_today()
    ids = set(constituent_ids)
    # The donors' households: their rollups include members' gifts.
    households = Constituent.objects.filter(pk__in=ids, household__isnull=False).values_list("household_id", flat=True)
    ids_list = sorted(ids | set(households))
    if not ids_list:
        return
    with transaction.atomic():
        # A donor whose only gift was refunded or disputed away has no counted gifts left: no summary.
        placeholders = ", ".join(["%s"] * len(ids_list))
        _summaries_replace(donors_sql=f"IN ({placeholders})", donors_params=ids_list, today=today)


def giving_summary_gift_added(*, gift: Gift, today: dt.date | None = None) -> None:
    """Update the rollups for one gift that has just started to count, in one UPDATE when it can be done by
    arithmetic; otherwise (and whenever a summary does not match the conditions) the full refresh.

    The arithmetic holds for the common case, a new latest gift this fiscal year: it adds to the lifetime and
    this year's totals, becomes the last gift, may become the largest (a tie keeps the earlier gift, as the full
    computation does), and clears LYBUNT and SYBUNT. A gift dated on or before a summary's last gift, in
    another fiscal year, refunded, or a summary of an earlier fiscal year go through the full refresh, so the
    result is always what `giving_summary_refresh` would store (tests compare both with a rebuild)."""
    today = today or organisation_today()
    this_start = fiscal_year_start(today)
    counted = gift.base_amount
    eligible = (
        gift.status in COUNTED_STATUSES
        and counted is not None
        and not gift.amount_refunded
        and this_start <= gift.gift_date <= today
    )
    household_id = Constituent.objects.filter(pk=gift.constituent_id).values_list("household_id", flat=True).first()
    ids = [gift.constituent_id] + ([household_id] if household_id else [])
    if eligible:
        with transaction.atomic():
            larger = Q(largest_gift_amount__lt=counted) | Q(largest_gift_amount__isnull=True)
            updated = GivingSummary.objects.filter(
                constituent_id__in=ids, fiscal_year=this_start.year, last_gift_date__lt=gift.gift_date
            ).update(
                lifetime_total=F("lifetime_total") + counted,
                lifetime_count=F("lifetime_count") + 1,
                this_fy_total=F("this_fy_total") + counted,
                last_gift_date=gift.gift_date,
                last_gift_amount=counted,
                largest_gift_amount=Case(When(larger, then=Value(counted)), default=F("largest_gift_amount")),
                largest_gift_date=Case(When(larger, then=Value(gift.gift_date)), default=F("largest_gift_date")),
                lybunt=False,
                sybunt=False,
                updated_at=timezone.now(),
            )
            if updated == len(ids):
                with connection.cursor() as cursor:  # the donor's own year (a household's rows are its own gifts)
                    cursor.execute(GIVING_YEAR_ADD, [gift.constituent_id, fiscal_year_start(gift.gift_date), counted])
                return
    giving_summary_refresh(constituent_ids=ids, today=today)


def giving_summaries_rebuild(*, today: dt.date | None = None, chunk: int = REBUILD_CHUNK) -> int:
    """Rebuild every donor's rollups from the gifts; returns how many donors have one.

    Chunk by chunk of constituent ids, each in its own short transaction: a statement deletes the chunk's
    summaries and inserts them again from the gifts, so the rest of the table stays readable and current while
    a million donors are rebuilt, and the process's memory does not grow with them."""
    today = today or organisation_today()
    bounds = Constituent.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return 0
    donors = 0
    for low in range(bounds["low"], bounds["high"] + 1, chunk):
        high = low + chunk - 1
        with report_memory():  # the chunk's groups in memory: a hash aggregate, not a sort spilled to disk
            if connection.vendor == "postgresql":
                donors += _summaries_merge(low=low, high=high, today=today)
            else:
                donors += _summaries_replace(donors_sql="BETWEEN %s AND %s", donors_params=[low, high], today=today)
    return donors


FIELDS = [
    "lifetime_total",
    "lifetime_count",
    "first_gift_date",
    "first_gift_amount",
    "last_gift_date",
    "last_gift_amount",
    "largest_gift_amount",
    "largest_gift_date",
    "this_fy_total",
    "last_fy_total",
    "fiscal_year",
    "lybunt",
    "sybunt",
    "updated_at",
]


def summary_values(summary: GivingSummary) -> dict[str, object]:
    """The stored figures of a summary, for comparing an incremental result with a rebuild."""
    return {field: getattr(summary, field) for field in FIELDS if field != "updated_at"}
