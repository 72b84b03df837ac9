"""Donor rollups (GivingSummary): one set-based computation used both for the incremental refresh of the
donors a gift touched and for rebuilding everyone, so the two cannot disagree.

Amounts are in the organisation's currency (Gift.base_amount), less any refunded share. A gift counts when
it is succeeded or partially refunded (not pending, failed, wholly refunded or disputed). A household's
rollups add up its own gifts and its members'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.members.models import Constituent

from .models import COUNTED_STATUSES, ZERO, Gift, GivingSummary

MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)
BATCH = 5000


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


def _write(summaries: Iterable[GivingSummary]) -> int:
    rows = list(summaries)
    GivingSummary.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["constituent"],
        update_fields=FIELDS,
    )
    return len(rows)


def giving_summary_refresh(*, constituent_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Recompute the rollups of these donors and of their households (called by every gift service)."""
    today = today or organisation_today()
    ids = set(constituent_ids)
    # The donors' households (their rollups include members' gifts), and whether any id is a household itself.
    rows = list(Constituent.objects.filter(pk__in=ids).values_list("household_id", "kind"))
    ids |= {household for household, _ in rows if household is not None}
    any_household = any(household is not None or kind == Constituent.Kind.HOUSEHOLD for household, kind in rows)
    ids_list = sorted(ids)
    with transaction.atomic():
        summaries = _summaries(ids_list, today, households=any_household)
        found = {summary.constituent_id for summary in summaries}
        # A donor whose only gift was refunded or disputed away has no counted gifts left: no summary.
        GivingSummary.objects.filter(constituent_id__in=set(ids_list) - found).delete()
        _write(summaries)


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
                return
    giving_summary_refresh(constituent_ids=ids, today=today)


def giving_summaries_rebuild(*, today: dt.date | None = None) -> int:
    """Rebuild every donor's rollups from the gifts in a few set-based queries; returns how many donors."""
    today = today or organisation_today()
    with transaction.atomic():
        summaries = _summaries(None, today)
        found = {summary.constituent_id for summary in summaries}
        stale = set(GivingSummary.objects.values_list("constituent_id", flat=True)) - found
        GivingSummary.objects.filter(constituent_id__in=stale).delete()
        return _write(summaries)


def summary_values(summary: GivingSummary) -> dict[str, object]:
    """The stored figures of a summary, for comparing an incremental result with a rebuild."""
    return {field: getattr(summary, field) for field in FIELDS if field != "updated_at"}
