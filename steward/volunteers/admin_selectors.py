"""Read queries only the volunteers' Wagtail admin needs: listing querysets shaped for one page of rows, and what
the roster, the hours approval page and the constituent page's volunteering section show."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery, Sum, prefetch_related_objects

from steward.members.models import Constituent, Email, Phone

from . import selectors
from .models import HoursEntry, Shift, Signup, VolunteerProfile


def volunteer_profile_listing_queryset() -> QuerySet[VolunteerProfile]:
    """Volunteer profiles with the person and the skills and interests their columns show."""
    return VolunteerProfile.objects.select_related("constituent").prefetch_related("skills", "interests")


def volunteer_profile_export_prefetch(*, profiles: Sequence[VolunteerProfile]) -> None:
    """Fetch one export chunk's skills, interests and contact details at once (exports drop prefetches)."""
    prefetch_related_objects(profiles, "skills", "interests", "constituent__emails", "constituent__phones")


def volunteer_profile_for(*, constituent: Constituent) -> VolunteerProfile | None:
    """The person's volunteer profile with its skills and interests, or None if they have none."""
    return VolunteerProfile.objects.filter(constituent=constituent).prefetch_related("skills", "interests").first()


def shift_listing_queryset() -> QuerySet[Shift]:
    """Shifts with their opportunity and their places taken, free and waitlisted (the listing and the roster)."""
    return selectors.shifts_with_places(Shift.objects.select_related("opportunity"))


def shift_action_queryset() -> QuerySet[Shift]:
    """Shifts with their opportunity, for the actions on one shift (messaging its volunteers)."""
    return Shift.objects.select_related("opportunity")


def shift_signups_queryset(*, shift: Shift) -> QuerySet[Signup]:
    """The shift's sign-ups, whatever their status: the roster's buttons act on one of them."""
    return Signup.objects.filter(shift=shift)


def roster_hours_by_signup(*, signups: Sequence[Signup]) -> dict[int, HoursEntry]:
    """The hours recorded for each of these sign-ups (rejected entries left out), by sign-up id."""
    return {
        entry.signup_id: entry
        for entry in HoursEntry.objects.filter(signup__in=signups).exclude(status=HoursEntry.Status.REJECTED)
        if entry.signup_id is not None  # always set here; tells the type checker so
    }


def _primary_contacts() -> dict[str, Subquery]:
    """A sign-up's volunteer's primary email and phone, as subqueries (one query for any number of rows)."""
    email = Email.objects.filter(constituent=OuterRef("constituent_id"), is_primary=True).values("address")
    phone = Phone.objects.filter(constituent=OuterRef("constituent_id"), is_primary=True).values("number")
    return {"primary_email": Subquery(email[:1]), "primary_phone": Subquery(phone[:1])}


def signup_listing_queryset(*, with_contacts: bool = False) -> QuerySet[Signup]:
    """Sign-ups with the person and the shift's opportunity their columns show (and, for an export by staff who
    may see them, the volunteer's primary email and phone)."""
    queryset = Signup.objects.select_related("constituent", "shift__opportunity")
    return queryset.annotate(**_primary_contacts()) if with_contacts else queryset


def latest_signups(*, constituent: Constituent, limit: int) -> list[Signup]:
    """The person's latest sign-ups, latest shift first, with each shift's opportunity."""
    return list(
        Signup.objects.filter(constituent=constituent)
        .select_related("shift__opportunity")
        .order_by("-shift__starts_at", "-pk")[:limit]
    )


def hours_entry_listing_queryset() -> QuerySet[HoursEntry]:
    """Hours entries with the person and the opportunity their columns show."""
    return HoursEntry.objects.select_related("constituent", "opportunity")


def hours_pending_approval() -> list[HoursEntry]:
    """Hours the volunteers reported that wait for approval, oldest day first."""
    return list(
        HoursEntry.objects.filter(status=HoursEntry.Status.PENDING)
        .select_related("constituent", "opportunity", "shift")
        .order_by("date", "pk")
    )


def approved_hours_for(*, constituent: Constituent) -> Decimal:
    """The person's approved hours, all time (one aggregate query): the constituent page's summary header."""
    total = HoursEntry.objects.filter(constituent=constituent, status=HoursEntry.Status.APPROVED).aggregate(
        total=Sum("hours")
    )["total"]
    return total or Decimal(0)


def roster_rows(*, shift: Shift, with_contacts: bool) -> list[Signup]:
    """The roster (selectors.roster), with each volunteer's primary email and phone for staff who may see them
    (to tell people apart): one query, the contacts as subqueries."""
    roster = selectors.roster(shift=shift)
    return list(roster.annotate(**_primary_contacts()) if with_contacts else roster)
