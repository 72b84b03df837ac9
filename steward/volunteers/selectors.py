"""Read queries of the volunteers domain that more than one caller needs: free places, hours totals, the
dashboard figures. Totals are computed in SQL (one grouped query each), never row by row."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.utils import timezone

from steward.members.models import Constituent

from .models import BOOKED_STATUSES, HOLDING_STATUSES, HoursEntry, Opportunity, Shift, Signup, Skill

ZERO = Decimal("0")
HOURS_FIELD = DecimalField(max_digits=12, decimal_places=2)
ACTIVE_DAYS = 90
UNDERFILLED_DAYS = 7


def hourly_rate() -> tuple[Decimal, str]:
    """The money value of one volunteer hour and its currency (settings.VOLUNTEER_HOURLY_RATE)."""
    amount, currency = settings.VOLUNTEER_HOURLY_RATE
    return Decimal(str(amount)), str(currency)


def _hours(value: Decimal | None) -> Decimal:
    """Hours to two places (SQLite and PostgreSQL sum decimals to different exponents)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def hours_value(hours: Decimal) -> Decimal:
    """The money value of these hours at the configured rate, rounded to two decimals."""
    rate, _ = hourly_rate()
    return (hours * rate).quantize(Decimal("0.01"))


def _signups_per_shift(*statuses: str) -> Any:
    """How many of a shift's sign-ups have these statuses (0 for none): a subquery on the outer shift."""
    counts = (
        Signup.objects.filter(shift=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("shift")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def free_places_expression() -> Any:
    """Places left on a shift, computed by the database: capacity less the sign-ups holding a place."""
    return Greatest(F("capacity") - _signups_per_shift(*HOLDING_STATUSES), Value(0))


def shifts_with_places(queryset: QuerySet[Shift] | None = None) -> QuerySet[Shift]:
    """Shifts annotated with `taken` (places held), `waitlisted` and `free_places`, computed by the database."""
    queryset = Shift.objects.all() if queryset is None else queryset
    return queryset.annotate(
        taken=_signups_per_shift(*HOLDING_STATUSES),
        waitlisted=_signups_per_shift(Signup.Status.WAITLISTED),
    ).annotate(free_places=Greatest(F("capacity") - F("taken"), Value(0)))


def upcoming_shifts(*, now: dt.datetime | None = None) -> QuerySet[Shift]:
    """Shifts still to come and not cancelled, soonest first, with their free places."""
    moment = now or timezone.now()
    return shifts_with_places(Shift.objects.filter(cancelled=False, starts_at__gt=moment)).order_by("starts_at", "pk")


def open_opportunities(*, now: dt.datetime | None = None) -> QuerySet[Opportunity]:
    """Active opportunities that have at least one shift to come."""
    moment = now or timezone.now()
    coming = Shift.objects.filter(opportunity=OuterRef("pk"), cancelled=False, starts_at__gt=moment)
    return Opportunity.objects.filter(Exists(coming), active=True).order_by("title", "pk")


# ---------------------------------------------------------------------------------------------------------
# Finding shifts: by place, skill and day
# ---------------------------------------------------------------------------------------------------------

#: The most places and skills offered as filter choices (the lists are bounded).
MAX_FILTER_CHOICES = 100


def _open_shifts(moment: dt.datetime) -> QuerySet[Shift]:
    return Shift.objects.filter(cancelled=False, starts_at__gt=moment, opportunity__active=True)


def _local_days(queryset: QuerySet[Shift], *, first: dt.date | None, last: dt.date | None) -> Q:
    """Shifts starting on the days first..last as the clocks of each shift's own time zone read them: one condition
    per time zone in use (few), so the database compares instants and the query stays one query."""
    # Days far enough from the calendar's ends that midnight in any zone is a datetime (no overflow).
    first = first if first and first.year > 1 else None
    last = last if last and last.year < 9999 else None
    zones = queryset.order_by().values_list("time_zone", flat=True).distinct()
    condition = Q(pk__in=[])
    for name in zones:
        zone = zoneinfo.ZoneInfo(name)
        in_zone = Q(time_zone=name)
        if first:
            in_zone &= Q(starts_at__gte=dt.datetime.combine(first, dt.time.min, tzinfo=zone))
        if last:
            in_zone &= Q(starts_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone))
        condition |= in_zone
    return condition


def shift_search(
    *,
    place: str = "",
    online: bool | None = None,
    skill: str = "",
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Shift]:
    """Shifts open to volunteers (to come, not cancelled, of an active opportunity), soonest first, narrowed by
    place (part of an in-person opportunity's location), online or not, a skill the opportunity wants (its name)
    and the days they start on in their own time zone (both ends included). Two queries when days are given (the
    time zones in use, then the shifts), one otherwise."""
    moment = now or timezone.now()
    queryset = _open_shifts(moment)
    if place.strip():
        queryset = queryset.filter(opportunity__is_online=False, opportunity__location__icontains=place.strip())
    if online is not None:
        queryset = queryset.filter(opportunity__is_online=online)
    if skill.strip():
        wanted = Skill.objects.filter(opportunities=OuterRef("opportunity_id"), name__iexact=skill.strip())
        queryset = queryset.filter(Exists(wanted))
    if first_day and last_day and last_day < first_day:
        return queryset.none()
    if first_day or last_day:
        queryset = queryset.filter(_local_days(queryset, first=first_day, last=last_day))
    return queryset.order_by("starts_at", "pk")


def shift_places(*, now: dt.datetime | None = None) -> list[str]:
    """The locations of in-person opportunities with open shifts, alphabetically: the choices of the place filter."""
    moment = now or timezone.now()
    locations = (
        Opportunity.objects.filter(Exists(_open_shifts(moment).filter(opportunity=OuterRef("pk"))), is_online=False)
        .exclude(location="")
        .order_by("location")
        .values_list("location", flat=True)
        .distinct()
    )
    return list(locations[:MAX_FILTER_CHOICES])


def shift_skills(*, now: dt.datetime | None = None) -> QuerySet[Skill]:
    """The skills wanted by opportunities with open shifts, by name: the choices of the skill filter."""
    moment = now or timezone.now()
    open_wanting = Opportunity.objects.filter(
        Exists(_open_shifts(moment).filter(opportunity=OuterRef("pk"))), skills_wanted=OuterRef("pk")
    )
    return Skill.objects.filter(Exists(open_wanting)).order_by("name")[:MAX_FILTER_CHOICES]


def signups_of(*, constituent: Constituent, upcoming_only: bool = False) -> QuerySet[Signup]:
    """A volunteer's sign-ups with their shifts, soonest first."""
    queryset = Signup.objects.filter(constituent=constituent).select_related("shift__opportunity")
    if upcoming_only:
        queryset = queryset.filter(shift__starts_at__gt=timezone.now())
    return queryset.order_by("shift__starts_at", "pk")


def calendar_signups(*, constituent: Constituent) -> QuerySet[Signup]:
    """The shifts a volunteer is booked on (signed up or confirmed, shift not cancelled), for the calendar."""
    return (
        Signup.objects.filter(constituent=constituent, status__in=BOOKED_STATUSES, shift__cancelled=False)
        .select_related("shift__opportunity")
        .order_by("shift__starts_at", "pk")
    )


def roster(*, shift: Shift) -> QuerySet[Signup]:
    """Everyone on a shift and its waitlist, places first then the queue in order."""
    return (
        shift.signups.exclude(status=Signup.Status.CANCELLED)
        .select_related("constituent")
        .order_by(F("waitlisted_at").asc(nulls_first=True), "constituent__sort_name", "pk")
    )


# ---------------------------------------------------------------------------------------------------------
# Hours totals
# ---------------------------------------------------------------------------------------------------------


def _approved(start: dt.date | None, end: dt.date | None) -> QuerySet[HoursEntry]:
    queryset = HoursEntry.objects.filter(status=HoursEntry.Status.APPROVED)
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    return queryset.order_by()


def hours_by_volunteer(*, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet:
    """Approved hours per volunteer (rows of constituent_id, name, hours), most hours first."""
    return (
        _approved(start, end)
        .values("constituent_id", name=F("constituent__display_name"))
        .annotate(hours=Sum("hours"))
        .order_by("-hours", "constituent_id")
    )


def hours_by_opportunity(*, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet:
    """Approved hours per opportunity (rows of opportunity_id, title, hours), most hours first."""
    return (
        _approved(start, end)
        .values("opportunity_id", title=F("opportunity__title"))
        .annotate(hours=Sum("hours"))
        .order_by("-hours", "opportunity_id")
    )


def hours_by_month(
    *, start: dt.date | None = None, end: dt.date | None = None, constituent: Constituent | None = None
) -> list[tuple[dt.date, Decimal]]:
    """Approved hours per calendar month (first day of the month, hours), oldest first."""
    queryset = _approved(start, end)
    if constituent is not None:
        queryset = queryset.filter(constituent=constituent)
    rows = queryset.annotate(month=TruncMonth("date")).values("month").annotate(hours=Sum("hours")).order_by("month")
    return [(_as_date(row["month"]), row["hours"]) for row in rows]


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class VolunteerTotals:
    approved_hours: Decimal
    pending_hours: Decimal
    shifts_attended: int
    value: Decimal
    currency: str


def volunteer_totals(*, constituent: Constituent) -> VolunteerTotals:
    """A volunteer's approved and pending hours, shifts attended and the value of their time (two queries)."""
    sums = HoursEntry.objects.filter(constituent=constituent).aggregate(
        approved=Coalesce(Sum("hours", filter=Q(status=HoursEntry.Status.APPROVED)), ZERO, output_field=HOURS_FIELD),
        pending=Coalesce(Sum("hours", filter=Q(status=HoursEntry.Status.PENDING)), ZERO, output_field=HOURS_FIELD),
    )
    attended = Signup.objects.filter(constituent=constituent, status=Signup.Status.ATTENDED).count()
    _, currency = hourly_rate()
    return VolunteerTotals(
        approved_hours=_hours(sums["approved"]),
        pending_hours=_hours(sums["pending"]),
        shifts_attended=attended,
        value=hours_value(sums["approved"]),
        currency=currency,
    )


# ---------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFigures:
    hours_this_month: Decimal
    hours_this_year: Decimal
    value_this_year: Decimal
    currency: str
    active_volunteers: int
    underfilled_shifts: list[Shift]
    pending_hours_entries: int


def volunteer_dashboard_figures(*, today: dt.date | None = None, now: dt.datetime | None = None) -> DashboardFigures:
    """The coordinators' dashboard: hours this month and year, volunteers active in the last 90 days, shifts in the
    next 7 days with free places, and hours waiting for approval."""
    moment = now or timezone.now()
    day = today or timezone.localdate(moment)
    month_start, year_start = day.replace(day=1), day.replace(month=1, day=1)
    sums = _approved(year_start, day).aggregate(
        year=Coalesce(Sum("hours"), ZERO, output_field=HOURS_FIELD),
        month=Coalesce(Sum("hours", filter=Q(date__gte=month_start)), ZERO, output_field=HOURS_FIELD),
    )
    since = day - dt.timedelta(days=ACTIVE_DAYS)
    active = (
        Constituent.objects.filter(
            Exists(
                Signup.objects.filter(
                    constituent=OuterRef("pk"),
                    status=Signup.Status.ATTENDED,
                    shift__starts_at__gte=moment - dt.timedelta(days=ACTIVE_DAYS),
                    shift__starts_at__lte=moment,
                )
            )
            | Exists(
                HoursEntry.objects.filter(
                    constituent=OuterRef("pk"), status=HoursEntry.Status.APPROVED, date__gte=since, date__lte=day
                )
            )
        )
        .order_by()
        .count()
    )
    underfilled = list(
        upcoming_shifts(now=moment)
        .filter(Q(free_places__gt=0), starts_at__lte=moment + dt.timedelta(days=UNDERFILLED_DAYS))
        .select_related("opportunity")[:20]
    )
    _, currency = hourly_rate()
    return DashboardFigures(
        hours_this_month=_hours(sums["month"]),
        hours_this_year=_hours(sums["year"]),
        value_this_year=hours_value(sums["year"]),
        currency=currency,
        active_volunteers=active,
        underfilled_shifts=underfilled,
        pending_hours_entries=HoursEntry.objects.filter(status=HoursEntry.Status.PENDING).count(),
    )


def opportunity_listing(queryset: QuerySet[Opportunity] | None = None) -> QuerySet[Opportunity]:
    """Opportunities with their number of upcoming shifts (admin listing)."""
    queryset = Opportunity.objects.all() if queryset is None else queryset
    return queryset.annotate(
        upcoming_shift_count=Count("shifts", filter=Q(shifts__starts_at__gt=timezone.now(), shifts__cancelled=False))
    )
