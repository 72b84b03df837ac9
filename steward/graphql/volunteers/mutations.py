"""Mutations of the volunteers domain: a signed-in member signing up for shifts, cancelling, reporting hours and
resetting their calendar feed. Each returns `<Mutation>Payload`: the success type or `OperationInfo` with the
field, code and message of what was refused. Services do the writing and the checking."""

from decimal import Decimal
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import Info

from steward.core.errors import field_error
from steward.graphql import permissions
from steward.graphql.common import pk_from_global_id, viewer_constituent_required
from steward.graphql.volunteers import selectors
from steward.graphql.volunteers.types import CalendarFeedType, HoursEntryType, SignupType
from steward.volunteers import calendar, services
from steward.volunteers.models import HoursEntry, Shift, Signup


@strawberry.input(description="The shift to sign up for.")
class SignUpForShiftInput:
    shift_id: strawberry.relay.GlobalID = strawberry.field(description="The shift's global id.")


@strawberry.input(description="The sign-up to cancel.")
class CancelSignupInput:
    signup_id: strawberry.relay.GlobalID = strawberry.field(description="The sign-up's global id.")


@strawberry.input(description="Hours the volunteer gave on a shift they had a place on.")
class ReportHoursInput:
    signup_id: strawberry.relay.GlobalID = strawberry.field(description="The sign-up (shift) the hours are for.")
    hours: Decimal = strawberry.field(description='The hours, e.g. "3.5": more than zero, at most the shift\'s length.')
    note: str = strawberry.field(default="", description="Anything staff should know (optional).")


def _shift(global_id: strawberry.relay.GlobalID) -> Shift:
    shift = selectors.shift_by_pk(pk=pk_from_global_id(global_id, type_name="VolunteerShift", field="shiftId"))
    if shift is None:
        raise field_error("shiftId", "There is no such shift.", code="not_found")
    return shift


def _own_signup(info: Info, global_id: strawberry.relay.GlobalID) -> Signup:
    signup = selectors.own_signup(
        constituent=viewer_constituent_required(info),
        pk=pk_from_global_id(global_id, type_name="ShiftSignup", field="signupId"),
    )
    if signup is None:
        raise field_error("signupId", "You have no such sign-up.", code="not_found")
    return signup


@strawberry.type
class VolunteersMutation:
    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Sign the signed-in member up for a shift. When it is full they join its waitlist (status WAITLISTED). "
            "Refused with a code: shift_past, shift_cancelled, signup_closed, shift_full, already_signed_up, "
            "overlapping_shift, background_check_required."
        ),
    )
    def sign_up_for_shift(
        self, info: Info, input: Annotated[SignUpForShiftInput, strawberry.argument(description="The shift.")]
    ) -> SignupType:
        return services.signup_create(  # type: ignore[return-value]
            shift=_shift(input.shift_id), constituent=viewer_constituent_required(info), source="portal"
        )

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Cancel one of the signed-in member's sign-ups; the first person on the waitlist gets the place.",
    )
    def cancel_signup(
        self, info: Info, input: Annotated[CancelSignupInput, strawberry.argument(description="The sign-up.")]
    ) -> SignupType:
        return services.signup_cancel(signup=_own_signup(info, input.signup_id))  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description=(
            "Report the hours the signed-in member gave on a shift; they wait for staff approval. Refused with a "
            "code: hours_not_positive, hours_exceed_shift, not_booked, shift_not_started, already_reported."
        ),
    )
    def report_hours(
        self, info: Info, input: Annotated[ReportHoursInput, strawberry.argument(description="The hours.")]
    ) -> HoursEntryType:
        entry: HoursEntry = services.hours_report(
            signup=_own_signup(info, input.signup_id),
            hours=input.hours,
            note=input.note,
            user=permissions.viewer_user(info),
        )
        return entry  # type: ignore[return-value]

    @strawberry_django.mutation(
        extensions=[permissions.IsMember()],
        handle_django_errors=True,
        description="Give the signed-in member a new calendar feed URL; the old one stops working.",
    )
    def reset_calendar_feed(self, info: Info) -> CalendarFeedType:
        profile = services.volunteer_profile_ensure(constituent=viewer_constituent_required(info))
        profile = services.calendar_feed_reset(profile=profile)
        return CalendarFeedType(url=calendar.calendar_url(profile))
