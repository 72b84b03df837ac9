"""GraphQL types of the volunteers domain.

Opportunities and shifts are public (what one can sign up for, with the free places computed in SQL). Sign-ups
and hours are private: a member sees their own rows, staff see every row with the volunteers permissions.
"""

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay

from steward.graphql import permissions
from steward.graphql.common import Money, rich_text_html
from steward.graphql.limits import list_cost
from steward.graphql.volunteers import selectors
from steward.volunteers import selectors as volunteer_selectors
from steward.volunteers.models import HOLDING_STATUSES, HoursEntry, Opportunity, Shift, Signup, Skill


@strawberry.enum(name="SignupStatus", description="Where a sign-up for a shift stands.")
class SignupStatusEnum(Enum):
    SIGNED_UP = strawberry.enum_value(Signup.Status.SIGNED_UP.value, description="Has a place on the shift.")
    WAITLISTED = strawberry.enum_value(
        Signup.Status.WAITLISTED.value, description="Waiting for a place; the first in line gets the next one freed."
    )
    CONFIRMED = strawberry.enum_value(Signup.Status.CONFIRMED.value, description="Has a place, confirmed by staff.")
    CANCELLED = strawberry.enum_value(Signup.Status.CANCELLED.value, description="Cancelled.")
    NO_SHOW = strawberry.enum_value(Signup.Status.NO_SHOW.value, description="Had a place but did not come.")
    ATTENDED = strawberry.enum_value(Signup.Status.ATTENDED.value, description="Came to the shift.")


@strawberry.enum(name="VolunteerHoursStatus", description="Where reported volunteer hours stand.")
class HoursStatusEnum(Enum):
    PENDING = strawberry.enum_value(HoursEntry.Status.PENDING.value, description="Waiting for staff to approve.")
    APPROVED = strawberry.enum_value(HoursEntry.Status.APPROVED.value, description="Approved: they count.")
    REJECTED = strawberry.enum_value(HoursEntry.Status.REJECTED.value, description="Rejected by staff.")


@strawberry.enum(name="VolunteerHoursSource", description="How volunteer hours were recorded.")
class HoursSourceEnum(Enum):
    ROSTER = strawberry.enum_value(HoursEntry.Source.ROSTER.value, description="Checked in and out at the shift.")
    SELF_REPORTED = strawberry.enum_value(
        HoursEntry.Source.SELF_REPORTED.value, description="Reported by the volunteer."
    )
    STAFF = strawberry.enum_value(HoursEntry.Source.STAFF.value, description="Entered by staff.")


@strawberry_django.type(Skill, name="VolunteerSkill", description="A skill volunteers bring or opportunities want.")
class SkillType:
    name: str = strawberry_django.field(description="The skill's name, e.g. First aid.")


@strawberry_django.type(Shift, name="VolunteerShift", description="One stretch of an opportunity, with its places.")
class ShiftType(relay.Node):
    starts_at: dt.datetime = strawberry_django.field(description="When it starts (an instant; see timeZone).")
    ends_at: dt.datetime = strawberry_django.field(description="When it ends (an instant; see timeZone).")
    time_zone: str = strawberry_django.field(
        description="The IANA time zone it happens in, e.g. America/New_York: show the times as its clocks read them."
    )
    capacity: int = strawberry_django.field(description="How many places it has.")
    waitlist_enabled: bool = strawberry_django.field(
        description="Whether people who sign up when it is full join a waitlist (otherwise they are refused)."
    )
    cancelled: bool = strawberry_django.field(description="Whether the shift was cancelled.")
    opportunity: "OpportunityType" = strawberry_django.field(description="What the shift is for.")

    @strawberry_django.field(
        annotate={"free_places_annotated": lambda info: volunteer_selectors.free_places_expression()},
        only=["capacity"],
        description="Places still free (computed by the database from the sign-ups holding one).",
    )
    def free_places(self, root: strawberry.Parent[Shift]) -> int:
        # Annotated by the optimizer, or by the selector that prefetched the shift (upcomingShifts); a shift
        # handed over by a mutation has neither and is counted here, once.
        for name in ("free_places_annotated", "free_places"):
            value = getattr(root, name, None)
            if value is not None:
                return int(value)
        taken = root.signups.filter(status__in=HOLDING_STATUSES).count()
        return max(root.capacity - taken, 0)

    @strawberry_django.field(
        only=["signup_deadline", "starts_at"], description="When sign-ups close (the start, unless set earlier)."
    )
    def signups_close_at(self, root: strawberry.Parent[Shift]) -> dt.datetime:
        return root.closes_at


@strawberry_django.type(
    Opportunity, name="VolunteerOpportunity", description="A kind of volunteering work, done in shifts."
)
class OpportunityType(relay.Node):
    title: str = strawberry_django.field(description="What the work is, e.g. Food bank sorting.")
    location: str = strawberry_django.field(description="Where it happens (empty when online).")
    is_online: bool = strawberry_django.field(description="Whether it is done online.")
    requires_background_check: bool = strawberry_django.field(
        description="Whether volunteers need a passed background check valid on the day of the shift."
    )
    skills_wanted: list[SkillType] = strawberry_django.field(description="Skills that help.")

    @strawberry_django.field(only=["description"], description="What the work involves, as HTML (rich text).")
    def description(self, root: strawberry.Parent[Opportunity]) -> str:
        return rich_text_html(root.description)

    @strawberry_django.field(
        prefetch_related=[lambda info: selectors.upcoming_shifts_prefetch()],
        metadata=list_cost(selectors.MAX_SHIFTS_PER_OPPORTUNITY),
        description=(
            f"Its shifts still to come and not cancelled, soonest first, with their free places "
            f"(at most {selectors.MAX_SHIFTS_PER_OPPORTUNITY})."
        ),
    )
    def upcoming_shifts(self, root: strawberry.Parent[Opportunity]) -> list[ShiftType]:
        return selectors.upcoming_shifts_of(opportunity=root)  # type: ignore[return-value]


@strawberry_django.type(Signup, name="ShiftSignup", description="A volunteer's place (or place in line) on a shift.")
class SignupType(relay.Node):
    status: SignupStatusEnum = strawberry_django.field(description="Where the sign-up stands.")
    shift: ShiftType = strawberry_django.field(description="The shift.")
    created_at: dt.datetime = strawberry_django.field(description="When they signed up.")
    waitlisted_at: dt.datetime | None = strawberry_django.field(
        description="When they joined the waitlist (the line is first come, first served); null if never."
    )
    checked_in_at: dt.datetime | None = strawberry_django.field(description="When they were checked in, if they were.")
    checked_out_at: dt.datetime | None = strawberry_django.field(description="When they were checked out, if so.")

    @strawberry_django.field(
        select_related=["constituent"],
        only=["constituent__display_name"],
        description="The volunteer's name.",
    )
    def volunteer_name(self, root: strawberry.Parent[Signup]) -> str:
        return root.constituent.display_name

    @strawberry_django.field(
        prefetch_related=[lambda info: selectors.reported_hours_prefetch()],
        description=(
            "The hours recorded for this shift and not rejected (waiting for approval or approved), or null: "
            "hours are reported once per shift."
        ),
    )
    def hours_reported(self, root: strawberry.Parent[Signup]) -> "HoursEntryType | None":
        return selectors.reported_hours_of(signup=root)  # type: ignore[return-value]

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Signup], info: Info, **kwargs: Any) -> QuerySet[Signup]:
        return selectors.signups_visible_to(user=permissions.viewer_user(info), queryset=queryset)


@strawberry_django.type(HoursEntry, name="VolunteerHoursEntry", description="Hours a volunteer gave on one day.")
class HoursEntryType(relay.Node):
    date: dt.date = strawberry_django.field(description="The day worked, in the shift's time zone.")
    hours: Decimal = strawberry_django.field(description='The hours, as a decimal string, e.g. "3.50".')
    status: HoursStatusEnum = strawberry_django.field(description="Whether they count yet.")
    source: HoursSourceEnum = strawberry_django.field(description="How they were recorded.")
    note: str = strawberry_django.field(description="The volunteer's note (may be empty).")
    rejection_reason: str = strawberry_django.field(description="Why staff rejected them (empty unless rejected).")
    opportunity: OpportunityType = strawberry_django.field(description="What the work was.")

    @strawberry_django.field(
        select_related=["constituent"], only=["constituent__display_name"], description="The volunteer's name."
    )
    def volunteer_name(self, root: strawberry.Parent[HoursEntry]) -> str:
        return root.constituent.display_name

    @classmethod
    def get_queryset(cls, queryset: QuerySet[HoursEntry], info: Info, **kwargs: Any) -> QuerySet[HoursEntry]:
        return selectors.hours_visible_to(user=permissions.viewer_user(info), queryset=queryset)


@strawberry.type(name="VolunteerTotals", description="What a volunteer has given, in hours and in value.")
class VolunteerTotalsType:
    approved_hours: Decimal = strawberry.field(description="Approved hours, all time.")
    pending_hours: Decimal = strawberry.field(description="Reported hours waiting for approval.")
    shifts_attended: int = strawberry.field(description="Shifts they came to.")
    value: Money = strawberry.field(
        description="The approved hours at the organisation's hourly value of volunteer time."
    )

    @classmethod
    def from_totals(cls, totals: volunteer_selectors.VolunteerTotals) -> "VolunteerTotalsType":
        return cls(
            approved_hours=totals.approved_hours,
            pending_hours=totals.pending_hours,
            shifts_attended=totals.shifts_attended,
            value=Money(amount=totals.value, currency=totals.currency),
        )


@strawberry.type(name="CalendarFeed", description="A volunteer's personal calendar feed of their booked shifts.")
class CalendarFeedType:
    url: str = strawberry.field(
        description="The secret iCalendar URL to subscribe to in a calendar app; keep it private (it can be reset)."
    )
