"""The board pack's figures, computed in SQL (aggregates), returned as plain dataclasses. One module feeds the
PDF, the XLSX workbook, the GraphQL query and the dashboard charts, so they cannot disagree.

Definitions (each figure has a test that recomputes it from the raw rows):
- A membership is *active* on a day when one of its terms covers it (start ≤ day ≤ end, or no end).
- *Joins*: memberships whose first term starts in the period. *Renewals*: terms starting in the period that
  are not their membership's first. *Lapses*: terms ending in the period with no later term of the membership.
- *Membership retention*: of the memberships active on the period's first day, the share active on its last.
- Money is a gift's value in the organisation's currency less refunds (steward.donations.rollups.counted_gifts),
  for gifts that count (succeeded or partially refunded), by gift date. A gift in another currency whose base
  amount is not known yet (no exchange rate for its date) is left out until it is (see `awaiting_rate`).
- *Gross revenue* is those gifts' base amounts before refunds; *net revenue* is gross less refunds (= revenue)
  less processing fees, each fee converted to the base currency with its gift's exchange rate.
- Campaign goals are compared with what was raised in the organisation's currency: a goal set in another
  currency is converted at the staff-kept rate valid on the period's last day.
- *New donors*: donors whose first counted gift ever falls in the period. *Donor retention*: of the donors of
  the same period a year before, the share who gave again in this period.
- Volunteering counts approved hours by the day worked; their value uses settings.VOLUNTEER_HOURLY_RATE.
- Demographics: any group under MIN_CELL people is merged into "Other", and "Other" itself is left out when
  it is still under MIN_CELL, so that no one can be singled out.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from steward.core.countries import country_name
from steward.core.dates import add_months
from steward.core.db import report_memory
from steward.donations import settlement
from steward.donations.models import ZERO, Campaign, Fund, Gift, GivingSummary, GivingYear
from steward.donations.money import base_currency
from steward.donations.rollups import MONEY_FIELD, counted_gifts, fiscal_year_start
from steward.donations.selectors import campaign_goal_in_base
from steward.members.models import Constituent, MembershipTerm
from steward.site.documents import document_language
from steward.volunteers.models import HoursEntry

MIN_CELL = 5
TOP_GIFTS = 10
FINE = DecimalField(max_digits=40, decimal_places=12)  # partial sums, added up before rounding to cents
TREND_MONTHS = 24
CENT = Decimal("0.01")
AGE_BANDS = [(0, 18, "Under 18"), (18, 30, "18–29"), (30, 45, "30–44"), (45, 65, "45–64"), (65, 200, "65 and over")]
PERIOD_KINDS = {"month": "Month", "quarter": "Quarter", "year": "Fiscal year"}


# -------------------------------------------------------------------------------------------------------------
# Periods
# -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A month, a fiscal quarter or a fiscal year; `end` is its last day (inclusive)."""

    kind: str
    start: dt.date
    end: dt.date

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "year": 12}[self.kind]

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{calendar.month_name[self.start.month]} {self.start.year}"
        fiscal_start = fiscal_year_start(self.start)
        fiscal_name = _fiscal_name(fiscal_start)
        if self.kind == "quarter":
            quarter = (_month_index(self.start) - _month_index(fiscal_start)) // 3 + 1
            return f"Q{quarter} {fiscal_name} ({self.start:%b %Y} – {self.end:%b %Y})"
        return f"{fiscal_name} ({self.start:%d %b %Y} – {self.end:%d %b %Y})"

    def year_before(self) -> Period:
        """The same period a year earlier."""
        start = add_months(self.start, -12)
        return Period(kind=self.kind, start=start, end=_end(start, self.months))

    def month_starts(self) -> list[dt.date]:
        return [add_months(self.start, offset) for offset in range(self.months)]


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month


def _end(start: dt.date, months: int) -> dt.date:
    return add_months(start, months) - dt.timedelta(days=1)


def _fiscal_name(fiscal_start: dt.date) -> str:
    if (fiscal_start.month, fiscal_start.day) == (1, 1):
        return f"FY{fiscal_start.year}"
    return f"FY{fiscal_start.year}/{str(fiscal_start.year + 1)[-2:]}"


def period_containing(kind: str, day: dt.date) -> Period:
    """The month, fiscal quarter or fiscal year that contains `day`."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"Unknown period kind {kind!r}")
    fiscal_start = fiscal_year_start(day)
    if kind == "year":
        return Period(kind, fiscal_start, _end(fiscal_start, 12))
    if kind == "quarter":
        start = fiscal_start
        while _end(start, 3) < day:
            start = add_months(start, 3)
        return Period(kind, start, _end(start, 3))
    # Months follow the fiscal year's start day too (a fiscal year starting on the 1st: calendar months).
    start = fiscal_start
    while _end(start, 1) < day:
        start = add_months(start, 1)
    return Period(kind, start, _end(start, 1))


def last_complete_period(kind: str, today: dt.date) -> Period:
    """The latest month, quarter or fiscal year that ended before `today`."""
    current = period_containing(kind, today)
    return period_containing(kind, current.start - dt.timedelta(days=1))


# -------------------------------------------------------------------------------------------------------------
# Figures
# -------------------------------------------------------------------------------------------------------------


@dataclass
class LabelCount:
    label: str
    count: int


@dataclass
class LabelAmount:
    label: str
    amount: Decimal
    count: int


@dataclass
class MonthValue:
    month: dt.date
    value: Decimal

    @property
    def label(self) -> str:
        return f"{self.month:%b %Y}"


@dataclass
class MembershipFigures:
    active: int
    active_by_level: list[LabelCount]
    joins: int
    renewals: int
    lapses: int
    active_at_start: int
    retained: int
    retention_rate: Decimal | None  # percent; None when nobody was active at the start


@dataclass
class FundraisingFigures:
    revenue: Decimal
    gift_count: int
    donors: int
    new_donors: int
    average_gift: Decimal | None
    recurring_revenue: Decimal
    donors_year_before: int
    retained_donors: int
    donor_retention_rate: Decimal | None  # percent
    by_fund: list[LabelAmount]
    by_campaign: list[LabelAmount]
    by_month: list[MonthValue]
    gross_revenue: Decimal = ZERO  # before refunds and fees
    refunds: Decimal = ZERO
    fees: Decimal = ZERO
    net_revenue: Decimal = ZERO  # gross less refunds and fees
    awaiting_rate: int = 0  # paid gifts of the period left out until an exchange rate gives their base amount


@dataclass
class CampaignProgress:
    name: str
    goal: Decimal  # in the organisation's currency; in `goal_currency` when no rate converts it yet
    raised: Decimal
    percent: Decimal | None
    goal_currency: str = ""


@dataclass
class TopGift:
    gift_date: dt.date
    amount: Decimal
    donor: str
    fund: str
    campaign: str


@dataclass
class OpportunityHours:
    opportunity: str
    hours: Decimal
    volunteers: int
    value: Decimal


@dataclass
class VolunteeringFigures:
    hours: Decimal
    volunteers: int
    value: Decimal
    currency: str
    hourly_rate: Decimal
    by_opportunity: list[OpportunityHours]


@dataclass
class DemographicTable:
    title: str
    rows: list[LabelCount]
    hidden: int  # people left out because even "Other" was too small a group to show


@dataclass
class BoardPackFigures:
    period: Period
    year_before: Period
    currency: str
    generated_at: dt.datetime
    donor_names_shown: bool
    membership: MembershipFigures
    membership_year_before: MembershipFigures
    membership_trend: list[MonthValue]
    fundraising: FundraisingFigures
    fundraising_year_before: FundraisingFigures
    campaigns: list[CampaignProgress]
    top_gifts: list[TopGift]
    volunteering: VolunteeringFigures
    volunteering_year_before: VolunteeringFigures
    demographics: list[DemographicTable] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        """Whether anything happened in the period (or anyone was a member in it)."""
        return bool(
            self.membership.active
            or self.membership.joins
            or self.membership.lapses
            or self.fundraising.gift_count
            or self.volunteering.hours
        )


def _money(value: Any) -> Decimal:
    return (Decimal(value) if value is not None else ZERO).quantize(CENT)


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


# --- membership -------------------------------------------------------------------------------------------


def _covering(day: dt.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _active_terms(day: dt.date) -> QuerySet[MembershipTerm]:
    return MembershipTerm.objects.filter(_covering(day))


@dataclass
class _MembershipActivity:
    """What one pass over the terms, grouped by membership, says about some days and periods."""

    active_on: dict[dt.date, int]  # memberships with a term covering the day
    retained: dict[Period, int]  # memberships active on the period's first day and on its last
    joins: dict[Period, int]  # memberships whose first term starts in the period


def _membership_activity(days: list[dt.date], periods: list[Period]) -> _MembershipActivity:
    """Active memberships on each of `days`, and retention and joins over each of `periods`, in one query:
    each membership's terms are read once (grouped by membership), then counted, instead of one pass over every
    term for each day."""
    all_days = sorted(set(days) | {day for period in periods for day in (period.start, period.end)})
    flags = {f"d{index}": Max(Case(When(_covering(day), then=1), default=0)) for index, day in enumerate(all_days)}
    column = {day: f"d{index}" for index, day in enumerate(all_days)}
    per_membership = (
        MembershipTerm.objects.values("membership_id").annotate(first_start=Min("start_date"), **flags).order_by()
    )
    counts: dict[str, Q | None] = {
        f"active{index}": Q(**{f"{column[day]}__gt": 0}) for index, day in enumerate(all_days)
    }
    for index, period in enumerate(periods):
        counts[f"retained{index}"] = Q(**{f"{column[period.start]}__gt": 0, f"{column[period.end]}__gt": 0})
        counts[f"joins{index}"] = Q(first_start__gte=period.start, first_start__lte=period.end)
    totals = per_membership.aggregate(
        **{name: Count("membership_id", filter=condition) for name, condition in counts.items()}
    )
    return _MembershipActivity(
        active_on={day: totals[f"active{index}"] for index, day in enumerate(all_days)},
        retained={period: totals[f"retained{index}"] for index, period in enumerate(periods)},
        joins={period: totals[f"joins{index}"] for index, period in enumerate(periods)},
    )


def membership_figures(period: Period, *, activity: _MembershipActivity | None = None) -> MembershipFigures:
    """Active members by level at the period's end, joins, renewals, lapses and retention over the period."""
    start, end = period.start, period.end
    if activity is None:
        activity = _membership_activity([], [period])
    terms = MembershipTerm.objects.all()
    by_level = (
        _active_terms(end)
        .values("level__name", "level__sort_order")
        .annotate(count=Count("membership", distinct=True))
        .order_by("level__sort_order", "level__name")
    )
    earlier_term = MembershipTerm.objects.filter(
        membership=OuterRef("membership"), start_date__lt=OuterRef("start_date")
    )
    later_term = MembershipTerm.objects.filter(membership=OuterRef("membership"), start_date__gt=OuterRef("start_date"))
    renewals = terms.filter(start_date__gte=start, start_date__lte=end).filter(Exists(earlier_term)).count()
    lapses = terms.filter(end_date__gte=start, end_date__lte=end).filter(~Exists(later_term)).count()
    at_start = activity.active_on[start]
    retained = activity.retained[period]
    return MembershipFigures(
        active=activity.active_on[end],
        active_by_level=[LabelCount(row["level__name"], row["count"]) for row in by_level],
        joins=activity.joins[period],
        renewals=renewals,
        lapses=lapses,
        active_at_start=at_start,
        retained=retained,
        retention_rate=_percent(retained, at_start),
    )


def _trend_month_ends(end: dt.date, months: int) -> list[dt.date]:
    first_month = add_months(dt.date(end.year, end.month, 1), -(months - 1))
    return [_end(add_months(first_month, offset), 1) for offset in range(months)]


def membership_trend(
    end: dt.date, months: int = TREND_MONTHS, *, activity: _MembershipActivity | None = None
) -> list[MonthValue]:
    """Active memberships at the end of each of the `months` months up to the one containing `end` (one query)."""
    month_ends = _trend_month_ends(end, months)
    if activity is None:
        activity = _membership_activity(month_ends, [])
    return [MonthValue(dt.date(day.year, day.month, 1), Decimal(activity.active_on[day])) for day in month_ends]


# --- fundraising -------------------------------------------------------------------------------------------


def _gifts_in(start: dt.date, end: dt.date) -> QuerySet[Gift]:
    return counted_gifts().filter(gift_date__gte=start, gift_date__lte=end)


@dataclass
class _DonorCounts:
    donors: dict[Period, int]  # donors with a counted gift in the period
    retained: dict[Period, int]  # donors of the period who also gave in the same period a year before


def _is_fiscal_year(period: Period) -> bool:
    """Whether `period` is a whole fiscal year as the setting has it: its donors are then its GivingYear rows."""
    return period.kind == "year" and period.start == fiscal_year_start(period.start)


def _period_donors(period: Period) -> QuerySet[Any]:
    """Each donor with a counted gift in the period (a `constituent_id`), read from the fiscal years' rollup rows
    when the period is a fiscal year (one row per donor instead of every gift of the year)."""
    if _is_fiscal_year(period):
        return GivingYear.objects.filter(fiscal_year_start=period.start).values("constituent_id")
    return _gifts_in(period.start, period.end).values("constituent_id")


def donor_counts_sql(periods: list[Period]) -> tuple[str, list[Any], dict[Period, int]]:
    """The SQL of _donor_counts, its parameters and, for each period with its year before among `periods`, the
    column of its retained donors (the first len(periods) columns are each period's donors).

    Fiscal years are counted from GivingYear: each year's donors are a range of givingyear_year_donor_idx in
    constituent order, counted from the index and merged with the year before's for those who gave again.
    Other periods read each period's donors as their own range of gift_counted_period_idx (an index-only scan),
    the ranges joined by UNION ALL and grouped by donor once: an OR of the ranges would read them through the
    table. Portable SQL (PostgreSQL and SQLite): a period's flag is a max of 0 or 1, a count one of CASE."""
    if all(_is_fiscal_year(period) for period in periods):
        return _fiscal_year_donor_counts_sql(periods)
    ranges_sql: list[str] = []
    params: list[Any] = []
    for index, period in enumerate(periods):
        donors = _gifts_in(period.start, period.end).annotate(period=Value(index)).values("constituent_id", "period")
        sql, range_params = donors.order_by().query.sql_with_params()
        ranges_sql.append(sql)
        params.extend(range_params)
    flags = ", ".join(f"max(CASE WHEN period = {index} THEN 1 ELSE 0 END) AS p{index}" for index in range(len(periods)))
    counts = [f"count(CASE WHEN p{index} = 1 THEN 1 END)" for index in range(len(periods))]
    retained_columns = {}
    for index, period in enumerate(periods):
        if period.year_before() in periods:
            before = periods.index(period.year_before())
            retained_columns[period] = len(counts)
            counts.append(f"count(CASE WHEN p{index} = 1 AND p{before} = 1 THEN 1 END)")
    sql = (
        f"SELECT {', '.join(counts)} FROM (SELECT {flags} FROM ({' UNION ALL '.join(ranges_sql)}) AS gifts "  # noqa: S608 - our own SQL, values as parameters
        "GROUP BY constituent_id) AS per_donor"
    )
    return sql, params, retained_columns


def _fiscal_year_donor_counts_sql(periods: list[Period]) -> tuple[str, list[Any], dict[Period, int]]:
    """donor_counts_sql for fiscal years: one scalar subquery per count, over GivingYear."""
    table = GivingYear._meta.db_table
    year = f"SELECT count(*) FROM {table} y WHERE y.fiscal_year_start = %s"  # noqa: S608 - our own SQL
    counts = [f"({year})" for _ in periods]
    params: list[Any] = [period.start for period in periods]
    retained_columns = {}
    for period in periods:
        if period.year_before() in periods:
            retained_columns[period] = len(counts)
            counts.append(
                f"({year} AND EXISTS (SELECT 1 FROM {table} b "  # noqa: S608 - our own SQL
                "WHERE b.constituent_id = y.constituent_id AND b.fiscal_year_start = %s))"
            )
            params.extend([period.start, period.year_before().start])
    return f"SELECT {', '.join(counts)}", params, retained_columns


def _donor_counts(periods: list[Period]) -> _DonorCounts:
    """Donors of each period and, for each period whose year before is among `periods` too, those who gave in
    both, in one query (not all history)."""
    if not periods:
        return _DonorCounts(donors={}, retained={})
    sql, params, retained_columns = donor_counts_sql(periods)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        totals = cursor.fetchone()
    return _DonorCounts(
        donors={period: totals[index] for index, period in enumerate(periods)},
        retained={period: totals[column] for period, column in retained_columns.items()},
    )


def fundraising_figures(period: Period, *, donors: _DonorCounts | None = None) -> FundraisingFigures:
    """Revenue (total, by fund, campaign and month), donors, new donors, donor retention, average gift, recurring."""
    start, end = period.start, period.end
    before = period.year_before()
    awaiting = settlement.gifts_awaiting_base_amount().filter(gift_date__gte=start, gift_date__lte=end).count()
    if donors is None:
        donors = _donor_counts([period, before])
    donor_counts = {
        "donors": donors.donors[period],
        "retained": donors.retained[period],
        "donors_before": donors.donors[before],
        "new_donors": new_donor_count(start, end),
    }
    new_donors, retained = donor_counts["new_donors"], donor_counts["retained"]
    donors_before = donor_counts["donors_before"]
    # One grouped query (fund × campaign × month) gives the totals too; the few groups are then added up here
    # (sums kept to FINE places, so adding them up rounds no differently from one sum over every gift).
    # Grouped by the fund's and campaign's ids (named here, a few rows) so the gifts are not joined; a gift's
    # counted value is its base amount less its refunded share, so the counted sum is the gross sum less the
    # refunds sum (exact in decimal arithmetic), and the divisions run only for the gifts refunded or charged a fee.
    groups = period_gift_groups(start, end)
    rows = list(groups)
    # All funds' and campaigns' names (a few rows each), so the number of queries does not depend on the data.
    fund_names = dict(Fund.objects.values_list("pk", "name"))
    campaign_names = dict(Campaign.objects.values_list("pk", "name"))
    by_fund: dict[str, list] = {}
    by_campaign: dict[str, list] = {}
    monthly: dict[tuple[int, int], Decimal] = {}
    totals: dict[str, Any] = {"revenue": ZERO, "gross": ZERO, "refunds": ZERO, "fees": ZERO, "recurring": ZERO}
    totals["gift_count"] = 0
    with localcontext(prec=60):
        for row in rows:
            counted_total = (row["gross"] or ZERO) - (row["refunds"] or ZERO)
            campaign = campaign_names.get(row["campaign_id"]) or "No campaign"
            for table, key in ((by_fund, fund_names[row["fund_id"]]), (by_campaign, campaign)):
                entry = table.setdefault(key, [ZERO, 0])
                entry[0] += counted_total
                entry[1] += row["count"]
            month_key = (int(row["year"]), int(row["month"]))
            monthly[month_key] = monthly.get(month_key, ZERO) + counted_total
            totals["revenue"] += counted_total
            totals["gift_count"] += row["count"]
            for name in ("gross", "refunds", "fees", "recurring"):
                totals[name] += row[name] or ZERO
    revenue = _money(totals["revenue"])
    fees = _money(totals["fees"])
    return FundraisingFigures(
        revenue=revenue,
        gross_revenue=_money(totals["gross"]),
        refunds=_money(totals["refunds"]),
        fees=fees,
        net_revenue=revenue - fees,
        awaiting_rate=awaiting,
        gift_count=totals["gift_count"],
        donors=donor_counts["donors"],
        new_donors=new_donors,
        average_gift=(revenue / totals["gift_count"]).quantize(CENT) if totals["gift_count"] else None,
        recurring_revenue=_money(totals["recurring"]),
        donors_year_before=donors_before,
        retained_donors=retained,
        donor_retention_rate=_percent(retained, donors_before),
        by_fund=_ranked(by_fund),
        by_campaign=_ranked(by_campaign),
        by_month=[
            MonthValue(month, _money(monthly.get((month.year, month.month)))) for month in _calendar_months(start, end)
        ],
    )


def period_gift_groups(start: dt.date, end: dt.date) -> QuerySet[Any, Any]:
    """The counted gifts between `start` and `end` grouped by fund, campaign and month: count, gross (base
    amounts), refunds, fees and recurring value, read from donations' gift_counted_period_idx alone."""
    return (
        _gifts_in(start, end)
        .annotate(year=ExtractYear("gift_date"), month=ExtractMonth("gift_date"))
        .values("fund_id", "campaign_id", "year", "month")
        .annotate(
            count=Count("pk"),
            gross=Sum("base_amount", output_field=FINE),
            refunds=Sum(settlement.refunded_in_base(), filter=~Q(amount_refunded=0), output_field=FINE),
            fees=Sum(settlement.fee_in_base(), filter=~Q(processing_fee=0), output_field=FINE),
            recurring=Sum("counted", filter=Q(recurring_gift__isnull=False), output_field=FINE),
        )
        .order_by()
    )


def first_gifts_between(start: dt.date, end: dt.date) -> QuerySet[GivingSummary]:
    """The rollups whose first gift falls between `start` and `end` (through givingsummary_first_gift_idx)."""
    return GivingSummary.objects.filter(first_gift_date__gte=start, first_gift_date__lte=end)


def new_donor_count(start: dt.date, end: dt.date) -> int:
    """Donors whose first counted gift ever falls between `start` and `end`, from the stored first-gift dates
    (GivingSummary, indexed) instead of every donor's history.

    A household's rollups include its members' gifts, so its stored first gift may be a member's: households
    are counted from their own gifts (few rows, through the gifts' constituent index)."""
    individuals = first_gifts_between(start, end).exclude(constituent__kind=Constituent.Kind.HOUSEHOLD).count()
    own_gifts = counted_gifts().filter(constituent=OuterRef("pk"))
    households = (
        Constituent.objects.filter(kind=Constituent.Kind.HOUSEHOLD)
        .filter(Exists(own_gifts.filter(gift_date__gte=start, gift_date__lte=end)))
        .filter(~Exists(own_gifts.filter(gift_date__lt=start)))
        .count()
    )
    return individuals + households


def _ranked(groups: dict[str, list]) -> list[LabelAmount]:
    rows = [LabelAmount(label, _money(amount), count) for label, (amount, count) in groups.items()]
    return sorted(rows, key=lambda row: (-row.amount, row.label))


def _calendar_months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], dt.date(start.year, start.month, 1)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def revenue_trend(end: dt.date, months: int = 12) -> list[MonthValue]:
    """Revenue of each of the `months` calendar months up to the one containing `end`, that last month counted up
    to `end` itself (one grouped query). Given today, its last month is the dashboard's "This month" (donations'
    fundraising_dashboard_figures: counted gifts of the month up to today): a gift dated later in the month (a
    post-dated cheque) counts on the day it falls, in both."""
    first = add_months(dt.date(end.year, end.month, 1), -(months - 1))
    last = end
    fundraising = {
        (row["year"], row["month"]): row["amount"]
        for row in _gifts_in(first, last)
        .annotate(year=ExtractYear("gift_date"), month=ExtractMonth("gift_date"))
        .values("year", "month")
        .annotate(amount=Sum("counted"))
        .order_by()
    }
    return [
        MonthValue(month, _money(fundraising.get((month.year, month.month)))) for month in _calendar_months(first, last)
    ]


def campaign_progress_queryset(period: Period) -> QuerySet[Any]:
    """The campaigns with a goal running in the period, annotated with what they raised by its end (`raised`) and
    their goal in the organisation's currency (`goal_base`)."""
    # A subquery per campaign (a few) rather than a join, so each reads its counted gifts up to the period's end
    # from donations' gift_counted_campaign_idx alone; the refunded share's division only for refunded gifts.
    raised_gifts = (
        counted_gifts()
        .filter(campaign=OuterRef("pk"), gift_date__lte=period.end)
        .order_by()
        .values("campaign")
        .annotate(
            total=Coalesce(Sum("base_amount"), Value(ZERO), output_field=MONEY_FIELD)
            - Coalesce(
                Sum(settlement.refunded_in_base(), filter=~Q(amount_refunded=0)),
                Value(ZERO),
                output_field=MONEY_FIELD,
            )
        )
        .values("total")
    )
    raised_by_end = Coalesce(Subquery(raised_gifts, output_field=MONEY_FIELD), Value(ZERO, output_field=MONEY_FIELD))
    running = (Q(start_date__isnull=True) | Q(start_date__lte=period.end)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=period.start)
    )
    return (
        Campaign.objects.filter(running, goal_amount__gt=0)
        .annotate(raised=raised_by_end, goal_base=campaign_goal_in_base(on=period.end))
        .order_by("name")
    )


def campaign_progress(period: Period) -> list[CampaignProgress]:
    """Each campaign with a goal that was running in the period: raised by the period's end against its goal."""
    campaigns = campaign_progress_queryset(period)
    progress = []
    base = base_currency()
    for campaign in campaigns:
        raised = _money(campaign.raised)
        if campaign.goal_base is None:  # a goal in another currency with no exchange rate yet: not comparable
            progress.append(CampaignProgress(campaign.name, campaign.goal_amount, raised, None, campaign.currency))
            continue
        goal = _money(campaign.goal_base)
        percent = (raised * 100 / goal).quantize(Decimal("0.1")) if goal else None
        progress.append(CampaignProgress(campaign.name, goal, raised, percent, base))
    return progress


def top_gifts_queryset(period: Period) -> QuerySet[Gift]:
    """The period's largest counted gifts, read in order from the index on their counted value
    (donations' gift_counted_value_idx: same expression, same conditions) rather than sorting the period."""
    return (
        _gifts_in(period.start, period.end)
        .select_related("fund", "campaign", "constituent")
        .only(
            "gift_date",
            "base_amount",
            "amount",
            "amount_refunded",
            "anonymous",
            "fund__name",
            "campaign__name",
            "constituent__display_name",
        )
        .order_by("-counted", "gift_date", "pk")[:TOP_GIFTS]  # type: ignore[misc]  # `counted` is annotated
    )


def top_gifts(period: Period, *, show_names: bool) -> list[TopGift]:
    """The largest gifts of the period; donors are named only when the setting allows and the gift is not anonymous."""
    gifts = top_gifts_queryset(period)
    return [
        TopGift(
            gift_date=gift.gift_date,
            amount=_money(gift.counted),  # type: ignore[attr-defined]
            donor=gift.constituent.display_name if show_names and not gift.anonymous else "Name withheld",
            fund=gift.fund.name,
            campaign=gift.campaign.name if gift.campaign else "",
        )
        for gift in gifts
    ]


# --- volunteering -----------------------------------------------------------------------------------------


def hourly_rate() -> tuple[Decimal, str]:
    """The value of one volunteer hour (settings.VOLUNTEER_HOURLY_RATE), or zero when none is set."""
    rate = getattr(settings, "VOLUNTEER_HOURLY_RATE", None)
    if rate is None:
        return ZERO, base_currency()
    if isinstance(rate, (tuple, list)):
        return Decimal(rate[0]), str(rate[1])
    return Decimal(rate), base_currency()


def volunteering_figures(period: Period) -> VolunteeringFigures:
    """Approved hours, volunteers and the value of their time, in total and by opportunity."""
    rate, currency = hourly_rate()
    entries = HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED, date__gte=period.start, date__lte=period.end)
    totals = entries.aggregate(hours=Sum("hours"), volunteers=Count("constituent", distinct=True))
    rows = (
        entries.values("opportunity__title")
        .annotate(hours=Sum("hours"), volunteers=Count("constituent", distinct=True))
        .order_by("-hours", "opportunity__title")
    )
    hours = _money(totals["hours"])
    return VolunteeringFigures(
        hours=hours,
        volunteers=totals["volunteers"],
        value=(hours * rate).quantize(CENT),
        currency=currency,
        hourly_rate=rate,
        by_opportunity=[
            OpportunityHours(
                row["opportunity__title"],
                _money(row["hours"]),
                row["volunteers"],
                (_money(row["hours"]) * rate).quantize(CENT),
            )
            for row in rows
        ],
    )


# --- demographics -----------------------------------------------------------------------------------------


def suppress_small_cells(title: str, counts: list[tuple[str, int]]) -> DemographicTable:
    """Merge groups under MIN_CELL into "Other"; leave "Other" out too while it is still under MIN_CELL."""
    shown: list[LabelCount] = []
    other = 0
    for label, count in counts:
        if count >= MIN_CELL and label != "Other":
            shown.append(LabelCount(label, count))
        else:
            other += count
    hidden = 0
    if other >= MIN_CELL:
        shown.append(LabelCount("Other", other))
    else:
        hidden = other
    return DemographicTable(title, shown, hidden)


def _age_band(on: dt.date) -> Case:
    whens = []
    for low, high, label in AGE_BANDS:
        # Born after the day `high` years before: younger than `high`; on or before `low` years before: at least `low`.
        youngest_birth = add_months(on, -12 * low)
        oldest_birth = add_months(on, -12 * high)
        whens.append(When(birth_date__gt=oldest_birth, birth_date__lte=youngest_birth, then=Value(label)))
    return Case(*whens, default=Value("Not recorded"), output_field=CharField())


def demographics(period: Period) -> list[DemographicTable]:
    """Members (active at the period's end) and donors (of the period) by region, age band and gender."""
    members = Constituent.objects.filter(
        Exists(_active_terms(period.end).filter(membership__constituent=OuterRef("pk")))
    )
    donors = Constituent.objects.filter(Exists(_period_donors(period).filter(constituent_id=OuterRef("pk"))))
    tables = []
    order = [label for _, _, label in AGE_BANDS] + ["Not recorded"]
    for audience, people in (("Members", members), ("Donors", donors)):
        # One grouped query per audience (age band × gender × primary address, joined one-to-one: a constituent
        # has at most one primary address), added up three ways here, so the audience is found once.
        groups = (
            people.annotate(
                primary_address=FilteredRelation("addresses", condition=Q(addresses__is_primary=True)),
                band=_age_band(period.end),
            )
            .values("band", "gender", "primary_address__country", "primary_address__region")
            .annotate(count=Count("pk"))
            .order_by()
        )
        regions: dict[str, int] = {}
        ages: dict[str, int] = {}
        genders: dict[str, int] = {}
        for row in groups:
            count = row["count"]
            for table, label in (
                (regions, _region_label(row["primary_address__country"], row["primary_address__region"])),
                (ages, row["band"]),
                (genders, (row["gender"] or "").strip().capitalize() or "Not recorded"),
            ):
                table[label] = table.get(label, 0) + count
        tables.append(suppress_small_cells(f"{audience} by region", _merge_labels(list(regions.items()))))
        age_counts = sorted(ages.items(), key=lambda item: order.index(item[0]))
        tables.append(suppress_small_cells(f"{audience} by age", age_counts))
        gender_counts = _merge_labels(sorted(genders.items(), key=lambda item: (-item[1], item[0])))
        tables.append(suppress_small_cells(f"{audience} by gender", gender_counts))
    return tables


def _region_label(country: str | None, region: str | None) -> str:
    """The country by name in the documents' language ("Taiwan – Taipei"), not its code."""
    if not country:
        return "Not recorded"
    name = country_name(country, document_language())
    return f"{name} – {region}" if region else name


def _merge_labels(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    merged: dict[str, int] = {}
    for label, count in counts:
        merged[label] = merged.get(label, 0) + count
    return sorted(merged.items(), key=lambda item: (-item[1], item[0]))


# --- the pack ---------------------------------------------------------------------------------------------


def board_pack_figures(period: Period, *, show_donor_names: bool | None = None) -> BoardPackFigures:
    """Every figure of the board pack for `period` and the same period a year before."""
    if show_donor_names is None:
        show_donor_names = bool(getattr(settings, "REPORTS_BOARD_PACK_DONOR_NAMES", False))
    # Memory for the big groupings (the periods' donors, the demographics, the terms).
    with report_memory():
        before = period.year_before()
        # The terms and the gifts of the three periods each read once for all the membership and donor counts.
        activity = _membership_activity(_trend_month_ends(period.end, TREND_MONTHS), [period, before])
        donors = _donor_counts([period, before, before.year_before()])
        return BoardPackFigures(
            period=period,
            year_before=before,
            currency=base_currency(),
            generated_at=timezone.now(),
            donor_names_shown=show_donor_names,
            membership=membership_figures(period, activity=activity),
            membership_year_before=membership_figures(before, activity=activity),
            membership_trend=membership_trend(period.end, activity=activity),
            fundraising=fundraising_figures(period, donors=donors),
            fundraising_year_before=fundraising_figures(before, donors=donors),
            campaigns=campaign_progress(period),
            top_gifts=top_gifts(period, show_names=show_donor_names),
            volunteering=volunteering_figures(period),
            volunteering_year_before=volunteering_figures(before),
            demographics=demographics(period),
        )
