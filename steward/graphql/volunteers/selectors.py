"""Read queries only the API needs for volunteering: the row filters behind each type's `get_queryset` and the
query fields. Shared reads (free places, totals) stay in steward.volunteers.selectors."""

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from steward.members.models import Constituent
from steward.volunteers import selectors as volunteer_selectors
from steward.volunteers.models import HoursEntry, Opportunity, Shift, Signup

VIEW_SIGNUP = "volunteers.view_signup"
VIEW_HOURS = "volunteers.view_hoursentry"
#: The most upcoming shifts listed under one opportunity (the API's lists are bounded).
MAX_SHIFTS_PER_OPPORTUNITY = 100
UPCOMING_SHIFTS_ATTR = "upcoming_shift_list"
REPORTED_HOURS_ATTR = "reported_hours_list"


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def open_opportunities() -> QuerySet[Opportunity]:
    """Active opportunities with shifts still to come, by title."""
    return volunteer_selectors.open_opportunities()


def upcoming_shifts_prefetch() -> Prefetch:
    """Each opportunity's next shifts with their free places (computed in SQL), in one query for all of them."""
    return Prefetch(
        "shifts",
        queryset=volunteer_selectors.upcoming_shifts()[:MAX_SHIFTS_PER_OPPORTUNITY],
        to_attr=UPCOMING_SHIFTS_ATTR,
    )


def upcoming_shifts_of(*, opportunity: Opportunity) -> list[Shift]:
    """An opportunity's next shifts: the prefetched ones, or a query when the opportunity came without them."""
    prefetched = getattr(opportunity, UPCOMING_SHIFTS_ATTR, None)
    if prefetched is not None:
        return prefetched
    return list(volunteer_selectors.upcoming_shifts().filter(opportunity=opportunity)[:MAX_SHIFTS_PER_OPPORTUNITY])


def _live_hours() -> QuerySet[HoursEntry]:
    return HoursEntry.objects.exclude(status=HoursEntry.Status.REJECTED).select_related("opportunity").order_by("pk")


def reported_hours_prefetch() -> Prefetch:
    """Each sign-up's hours that are not rejected (at most one: the database allows one), in one query for all."""
    return Prefetch("hours", queryset=_live_hours(), to_attr=REPORTED_HOURS_ATTR)


def reported_hours_of(*, signup: Signup) -> HoursEntry | None:
    """A sign-up's hours waiting for approval or approved: the prefetched ones, or a query without the prefetch
    (a sign-up handed over by a mutation)."""
    prefetched = getattr(signup, REPORTED_HOURS_ATTR, None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return _live_hours().filter(signup=signup).first()


def signups_visible_to(*, user: Any, queryset: QuerySet[Signup]) -> QuerySet[Signup]:
    """Staff who may view sign-ups see all; a member sees only their own."""
    if not _signed_in(user):
        return queryset.none()
    if user.has_perm(VIEW_SIGNUP):
        return queryset
    return queryset.filter(constituent__user_id=user.pk)


def hours_visible_to(*, user: Any, queryset: QuerySet[HoursEntry]) -> QuerySet[HoursEntry]:
    """Staff who may view hours see all; a member sees only their own."""
    if not _signed_in(user):
        return queryset.none()
    if user.has_perm(VIEW_HOURS):
        return queryset
    return queryset.filter(constituent__user_id=user.pk)


def my_signups(*, constituent: Constituent, upcoming_only: bool) -> QuerySet[Signup]:
    """The member's own sign-ups, soonest shift first (no select_related: the optimizer shapes the query)."""
    queryset = Signup.objects.filter(constituent=constituent)
    if upcoming_only:
        queryset = queryset.filter(shift__starts_at__gt=timezone.now())
    return queryset.order_by("shift__starts_at", "pk")


def own_signup(*, constituent: Constituent, pk: int) -> Signup | None:
    """One of the member's own sign-ups, or None (someone else's is as good as missing)."""
    return Signup.objects.select_related("shift").filter(constituent=constituent, pk=pk).first()


def shift_by_pk(*, pk: int) -> Shift | None:
    return Shift.objects.filter(pk=pk).first()


def roster(*, shift_pk: int) -> QuerySet[Signup]:
    """Everyone on a shift and its waitlist (staff)."""
    return (
        Signup.objects.filter(shift_id=shift_pk)
        .exclude(status=Signup.Status.CANCELLED)
        .order_by(F("waitlisted_at").asc(nulls_first=True), "constituent__sort_name", "pk")
    )


def hours_for_staff(*, status: str | None = None) -> QuerySet[HoursEntry]:
    """Hours entries, newest day first, optionally of one status (staff)."""
    queryset = HoursEntry.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-date", "-pk")
