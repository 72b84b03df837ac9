"""The rollups as Steward computed them before issue 14, in Python over ORM aggregates: the reference the
database computation (steward.donations.rollups) is checked against on random data. Tests only."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Max, Min, Q, Sum, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from steward.donations import rollups
from steward.donations.models import ZERO, GivingSummary
from steward.donations.rollups import MONEY_FIELD, counted_gifts, fiscal_year_start


def reference_summaries(*, today: dt.date) -> dict[int, dict[str, object]]:
    """Every donor's summary values (rollups.summary_values' keys: every stored figure but the update time)."""
    fields = [field for field in rollups.FIELDS if field != "updated_at"]
    cent = Decimal("0.01")
    rounded = {}
    for summary in _summaries(None, today):
        values = {field: getattr(summary, field) for field in fields}
        # As the numeric(14, 2) columns store them.
        rounded[summary.constituent_id] = {
            field: value.quantize(cent, ROUND_HALF_UP) if isinstance(value, Decimal) else value
            for field, value in values.items()
        }
    return rounded


def _aggregates(group: str, ids: list[int] | None, today: dt.date) -> list[dict]:
    """Per-donor aggregates, grouped by `group` (the donor's id, or the household id of the gift's donor)."""
    this_start = fiscal_year_start(today)
    last_start = fiscal_year_start(this_start - dt.timedelta(days=1))
    gifts = counted_gifts().filter(**{f"{group}__isnull": False})
    if ids is not None:
        gifts = gifts.filter(**{f"{group}__in": ids})
    zero = Value(ZERO, output_field=MONEY_FIELD)
    rows = (
        gifts.values(group)
        .annotate(
            lifetime_total=Coalesce(Sum("counted"), zero),
            lifetime_count=Count("pk"),
            first_gift_date=Min("gift_date"),
            last_gift_date=Max("gift_date"),
            largest_gift_amount=Max("counted"),
            this_fy_total=Coalesce(Sum("counted", filter=Q(gift_date__gte=this_start, gift_date__lte=today)), zero),
            last_fy_total=Coalesce(Sum("counted", filter=Q(gift_date__gte=last_start, gift_date__lt=this_start)), zero),
            earlier_count=Count("pk", filter=Q(gift_date__lt=last_start)),
        )
        .order_by(group)
    )
    return list(rows)


FIRST = [F("gift_date").asc(), F("pk").asc()]
LAST = [F("gift_date").desc(), F("pk").desc()]
LARGEST = [F("counted").desc(), F("gift_date").asc(), F("pk").asc()]


def _extremes(group: str, ids: list[int] | None) -> tuple[dict[int, tuple], dict[int, tuple], dict[int, tuple]]:
    """For each donor, the (amount, date) of its first, last and largest gift: one query ranking every gift
    three ways (ROW_NUMBER per donor) and keeping the winners, the same on PostgreSQL and SQLite."""
    gifts = counted_gifts().filter(**{f"{group}__isnull": False})
    if ids is not None:
        gifts = gifts.filter(**{f"{group}__in": ids})
    ranked = gifts.annotate(
        _first=Window(RowNumber(), partition_by=[F(group)], order_by=FIRST),
        _last=Window(RowNumber(), partition_by=[F(group)], order_by=LAST),
        _largest=Window(RowNumber(), partition_by=[F(group)], order_by=LARGEST),
    ).filter(Q(_first=1) | Q(_last=1) | Q(_largest=1))
    first: dict[int, tuple] = {}
    last: dict[int, tuple] = {}
    largest: dict[int, tuple] = {}
    for pk, amount, day, is_first, is_last, is_largest in ranked.values_list(
        group, "counted", "gift_date", "_first", "_last", "_largest"
    ):
        for rank, winners in ((is_first, first), (is_last, last), (is_largest, largest)):
            if rank == 1:
                winners[pk] = (amount, day)
    return first, last, largest


def _summaries(ids: list[int] | None, today: dt.date, *, households: bool = True) -> list[GivingSummary]:
    """The summaries of these donors (everyone when `ids` is None); `households=False` skips the pass that adds
    up household members' gifts, when none of the ids is a household."""
    this_start = fiscal_year_start(today)
    summaries: dict[int, GivingSummary] = {}
    groups = ("constituent_id", "constituent__household_id") if households else ("constituent_id",)
    for group in groups:
        rows = _aggregates(group, ids, today)
        if not rows:
            continue
        for row in rows:
            pk = row[group]
            existing = summaries.get(pk)
            if existing is not None:
                # A household that also gave in its own name: its rows come from the second pass, which
                # includes only members' gifts, so add them together.
                _merge(existing, row)
                continue
            summaries[pk] = _summary_from(pk, row, this_start)
        first, last, largest = _extremes(group, ids)
        for row in rows:
            pk = row[group]
            _apply_extremes(summaries[pk], first.get(pk), last.get(pk), largest.get(pk))
    for summary in summaries.values():
        summary.lybunt = summary.last_fy_total > 0 and summary.this_fy_total == 0
        earlier = getattr(summary, "_earlier_count", 0)
        summary.sybunt = earlier > 0 and summary.this_fy_total == 0 and summary.last_fy_total == 0
    return list(summaries.values())


def _summary_from(pk: int, row: dict, this_start: dt.date) -> GivingSummary:
    summary = GivingSummary(
        constituent_id=pk,
        lifetime_total=row["lifetime_total"],
        lifetime_count=row["lifetime_count"],
        first_gift_date=row["first_gift_date"],
        last_gift_date=row["last_gift_date"],
        largest_gift_amount=row["largest_gift_amount"],
        this_fy_total=row["this_fy_total"],
        last_fy_total=row["last_fy_total"],
        fiscal_year=this_start.year,
    )
    summary._earlier_count = row["earlier_count"]  # type: ignore[attr-defined]
    return summary


def _merge(summary: GivingSummary, row: dict) -> None:
    summary.lifetime_total += row["lifetime_total"]
    summary.lifetime_count += row["lifetime_count"]
    summary.first_gift_date = min(summary.first_gift_date, row["first_gift_date"])
    summary.last_gift_date = max(summary.last_gift_date, row["last_gift_date"])
    summary.this_fy_total += row["this_fy_total"]
    summary.last_fy_total += row["last_fy_total"]
    summary._earlier_count += row["earlier_count"]  # type: ignore[attr-defined]


def _apply_extremes(summary: GivingSummary, first, last, largest) -> None:
    """Fold a pass's first/last/largest gift into the summary (a household gets two passes)."""
    if first and (summary.first_gift_amount is None or first[1] < _first_date(summary)):
        summary.first_gift_amount, summary._first_date = first  # type: ignore[attr-defined]
    if last and (summary.last_gift_amount is None or last[1] >= _last_date(summary)):
        summary.last_gift_amount, summary._last_date = last  # type: ignore[attr-defined]
    if largest and (summary.largest_gift_date is None or largest[0] > summary.largest_gift_amount):
        summary.largest_gift_amount, summary.largest_gift_date = largest


def _first_date(summary: GivingSummary) -> dt.date:
    return getattr(summary, "_first_date", dt.date.max)


def _last_date(summary: GivingSummary) -> dt.date:
    return getattr(summary, "_last_date", dt.date.min)


def reference_giving_years() -> dict[tuple[int, dt.date], tuple[int, Decimal]]:
    """Every donor's own counted gifts by fiscal year, added up here in Python: (donor, year's first day) →
    (gifts, total rounded to cents), as GivingYear stores them."""
    cent = Decimal("0.01")
    years: dict[tuple[int, dt.date], tuple[int, Decimal]] = {}
    for gift in counted_gifts():
        key = (gift.constituent_id, fiscal_year_start(gift.gift_date))
        count, total = years.get(key, (0, ZERO))
        years[key] = (count + 1, total + Decimal(str(gift.counted)))
    return {key: (count, total.quantize(cent, ROUND_HALF_UP)) for key, (count, total) in years.items()}
