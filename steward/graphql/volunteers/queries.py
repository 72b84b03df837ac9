"""Queries of the volunteers domain: public opportunities and shifts, the signed-in volunteer's own shifts, totals
and calendar feed, and staff rosters and hours."""

import datetime as dt
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info
from strawberry_django.relay import DjangoListConnection

from steward.graphql import permissions
from steward.graphql.common import choice_value
from steward.graphql.limits import list_cost
from steward.graphql.volunteers import selectors
from steward.graphql.volunteers.types import (
    HoursEntryType,
    HoursStatusEnum,
    OpportunityType,
    ShiftType,
    SignupType,
    SkillType,
    VolunteerTotalsType,
)
from steward.volunteers import calendar
from steward.volunteers import selectors as volunteer_selectors
from steward.volunteers.models import HoursEntry, Opportunity, Shift, Signup, VolunteerProfile

ROSTER_MESSAGE = "You need permission to view sign-ups."
HOURS_MESSAGE = "You need permission to view volunteer hours."


#: The longest place or skill text a filter reads (longer is cut: no location or skill name is longer).
FILTER_TEXT_LENGTH = 255


@strawberry.input(
    name="VolunteerShiftFilter",
    description="Narrow the open shifts: every condition given must hold; leave one out (or null) to not narrow by it.",
)
class ShiftFilterInput:
    place: str | None = strawberry.field(
        default=None,
        description="Part of the location of an in-person opportunity, e.g. Leeds (any letter case).",
    )
    online: bool | None = strawberry.field(
        default=None, description="True: only opportunities done online; false: only in-person ones."
    )
    skill: str | None = strawberry.field(
        default=None, description="The name of a skill the opportunity wants (see volunteerSkills), e.g. Gardening."
    )
    from_date: dt.date | None = strawberry.field(
        default=None, description="Only shifts starting on this day or later, in the shift's own time zone."
    )
    to_date: dt.date | None = strawberry.field(
        default=None,
        description="Only shifts starting on this day or earlier, in the shift's own time zone (none before fromDate).",
    )


@strawberry.type
class VolunteersQuery:
    @strawberry_django.connection(
        DjangoListConnection[ShiftType],
        description=(
            "Open shifts (to come, not cancelled, of an active opportunity), soonest first, with their free places, "
            "narrowed by place, skill and days. Public."
        ),
    )
    def volunteer_shifts(
        self,
        filter: Annotated[
            ShiftFilterInput | None, strawberry.argument(description="Conditions the shifts must meet.")
        ] = None,
    ) -> QuerySet[Shift]:
        given = filter or ShiftFilterInput()
        return volunteer_selectors.shift_search(
            place=(given.place or "")[:FILTER_TEXT_LENGTH],
            online=given.online,
            skill=(given.skill or "")[:FILTER_TEXT_LENGTH],
            first_day=given.from_date,
            last_day=given.to_date,
        )

    @strawberry_django.field(
        metadata=list_cost(volunteer_selectors.MAX_FILTER_CHOICES),
        description=(
            "The locations of in-person opportunities with open shifts, alphabetically: the choices of the place "
            f"filter (at most {volunteer_selectors.MAX_FILTER_CHOICES}). Public."
        ),
    )
    def volunteer_places(self) -> list[str]:
        return volunteer_selectors.shift_places()

    @strawberry_django.field(
        metadata=list_cost(volunteer_selectors.MAX_FILTER_CHOICES),
        description=(
            "The skills wanted by opportunities with open shifts, by name: the choices of the skill filter "
            f"(at most {volunteer_selectors.MAX_FILTER_CHOICES}). Public."
        ),
    )
    def volunteer_skills(self) -> list[SkillType]:
        return list(volunteer_selectors.shift_skills())  # type: ignore[arg-type]

    @strawberry_django.connection(
        DjangoListConnection[OpportunityType],
        description="Open volunteer opportunities (active, with shifts to come), by title. Public.",
    )
    def volunteer_opportunities(self) -> QuerySet[Opportunity]:
        return selectors.open_opportunities()

    @strawberry_django.connection(
        DjangoListConnection[SignupType],
        extensions=[permissions.IsMember()],
        description="The signed-in volunteer's own sign-ups, soonest shift first (empty when signed out).",
    )
    def my_shifts(
        self,
        info: Info,
        upcoming_only: Annotated[
            bool, strawberry.argument(description="Only shifts still to come (default); false for all.")
        ] = True,
    ) -> QuerySet[Signup]:
        constituent = permissions.viewer_constituent(info)
        if constituent is None:
            return Signup.objects.none()
        return selectors.my_signups(constituent=constituent, upcoming_only=upcoming_only)

    @strawberry_django.field(
        extensions=[permissions.IsMember()],
        description="The signed-in volunteer's approved and pending hours and their value; null when signed out.",
    )
    def my_volunteer_totals(self, info: Info) -> VolunteerTotalsType | None:
        constituent = permissions.viewer_constituent(info)
        if constituent is None:
            return None
        return VolunteerTotalsType.from_totals(volunteer_selectors.volunteer_totals(constituent=constituent))

    @strawberry_django.field(
        extensions=[permissions.IsMember()],
        description=(
            "The secret URL of the signed-in volunteer's calendar feed of booked shifts; null until they first "
            "sign up for a shift (or when signed out)."
        ),
    )
    def my_calendar_feed_url(self, info: Info) -> str | None:
        constituent = permissions.viewer_constituent(info)
        profile = VolunteerProfile.objects.filter(constituent=constituent).first() if constituent else None
        return calendar.calendar_url(profile) if profile else None

    @strawberry_django.field(
        extensions=[permissions.has_perm(selectors.VIEW_SIGNUP, message=ROSTER_MESSAGE, fail_silently=False)],
        description="Staff: everyone on a shift and its waitlist (needs volunteers.view_signup).",
    )
    def shift_roster(
        self,
        shift_id: Annotated[strawberry.relay.GlobalID, strawberry.argument(description="The shift's global id.")],
    ) -> list[SignupType]:
        if shift_id.type_name != "VolunteerShift" or not shift_id.node_id.isdigit():
            return []
        return selectors.roster(shift_pk=int(shift_id.node_id))  # type: ignore[return-value]

    @strawberry_django.connection(
        DjangoListConnection[HoursEntryType],
        extensions=[permissions.has_perm(selectors.VIEW_HOURS, message=HOURS_MESSAGE, fail_silently=False)],
        description="Staff: volunteer hours, newest day first (needs volunteers.view_hoursentry).",
    )
    def volunteer_hours(
        self,
        status: Annotated[HoursStatusEnum | None, strawberry.argument(description="Only hours in this status.")] = None,
    ) -> QuerySet[HoursEntry]:
        return selectors.hours_for_staff(status=choice_value(status) if status else None)
