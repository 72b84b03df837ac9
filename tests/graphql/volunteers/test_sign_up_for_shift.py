"""A member signs up for a shift (or joins its waitlist) and cancels; refusals are typed errors that write nothing."""

import datetime as dt

import pytest

from steward.volunteers import services
from steward.volunteers.models import Signup
from tests.graphql.volunteers.conftest import gid
from tests.volunteers.factories import OpportunityFactory, make_shift, volunteer

pytestmark = pytest.mark.django_db

SIGN_UP = """
mutation ($shift: ID!) {
  signUpForShift(input: {shiftId: $shift}) {
    __typename
    ... on ShiftSignup { id status shift { id freePlaces } }
    ... on OperationInfo { messages { kind field code message } }
  }
}
"""
CANCEL = """
mutation ($signup: ID!) {
  cancelSignup(input: {signupId: $signup}) {
    __typename
    ... on ShiftSignup { status }
    ... on OperationInfo { messages { field code } }
  }
}
"""


def test_a_member_signs_up_joins_the_waitlist_and_cancels(member_graphql, member):
    # given a shift with one place, taken
    shift = make_shift(capacity=1)
    holder = services.signup_create(shift=shift, constituent=volunteer())
    # when the member signs up
    result = member_graphql(SIGN_UP, {"shift": gid("VolunteerShift", shift.pk)}).data["signUpForShift"]
    # then they are on the waitlist
    assert (result["__typename"], result["status"], result["shift"]["freePlaces"]) == ("ShiftSignup", "WAITLISTED", 0)
    # when the holder cancels, the member gets the place
    services.signup_cancel(signup=holder)
    mine = Signup.objects.get(constituent=member)
    assert mine.status == Signup.Status.SIGNED_UP
    # and the member can cancel their own
    cancelled = member_graphql(CANCEL, {"signup": gid("ShiftSignup", mine.pk)}).data["cancelSignup"]
    assert cancelled == {"__typename": "ShiftSignup", "status": "CANCELLED"}


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("past", "shift_past"),
        ("cancelled", "shift_cancelled"),
        ("full", "shift_full"),
        ("check", "background_check_required"),
    ],
)
def test_refused_sign_ups_are_typed_errors_and_write_nothing(member_graphql, member, setup, code):
    if setup == "past":
        shift = make_shift(starts_in=dt.timedelta(hours=-1))
    elif setup == "cancelled":
        shift = services.shift_cancel(shift=make_shift())
    elif setup == "full":
        shift = make_shift(capacity=1, waitlist_enabled=False)
        services.signup_create(shift=shift, constituent=volunteer())
    else:
        shift = make_shift(opportunity=OpportunityFactory(requires_background_check=True))
    before = Signup.objects.count()
    result = member_graphql(SIGN_UP, {"shift": gid("VolunteerShift", shift.pk)}).data["signUpForShift"]
    assert result["__typename"] == "OperationInfo"
    assert [(m["kind"], m["field"], m["code"]) for m in result["messages"]] == [("VALIDATION", "shift", code)]
    assert Signup.objects.count() == before
    assert not Signup.objects.filter(constituent=member).exists()


def test_an_overlapping_sign_up_is_refused(member_graphql, member):
    services.signup_create(shift=make_shift(starts_in=dt.timedelta(days=3), hours=3), constituent=member)
    other = make_shift(starts_in=dt.timedelta(days=3, hours=2))
    result = member_graphql(SIGN_UP, {"shift": gid("VolunteerShift", other.pk)}).data["signUpForShift"]
    assert [m["code"] for m in result["messages"]] == ["overlapping_shift"]
    assert not other.signups.exists()


def test_a_bad_or_foreign_id_is_a_typed_error(member_graphql, member):
    result = member_graphql(SIGN_UP, {"shift": gid("Member", member.pk)}).data["signUpForShift"]
    assert result["messages"] == [
        {"kind": "VALIDATION", "field": "shiftId", "code": "invalid_id", "message": result["messages"][0]["message"]}
    ]
    missing = member_graphql(SIGN_UP, {"shift": gid("VolunteerShift", 999999)}).data["signUpForShift"]
    assert [m["code"] for m in missing["messages"]] == ["not_found"]
    # someone else's sign-up cannot be cancelled: it is as good as missing
    theirs = services.signup_create(shift=make_shift(), constituent=volunteer())
    refused = member_graphql(CANCEL, {"signup": gid("ShiftSignup", theirs.pk)}).data["cancelSignup"]
    assert refused == {"__typename": "OperationInfo", "messages": [{"field": "signupId", "code": "not_found"}]}
    assert Signup.objects.get(pk=theirs.pk).status == Signup.Status.SIGNED_UP


def test_signed_out_visitors_cannot_sign_up(graphql):
    shift = make_shift()
    result = graphql(SIGN_UP, {"shift": gid("VolunteerShift", shift.pk)}).data["signUpForShift"]
    assert result["__typename"] == "OperationInfo"
    assert result["messages"][0]["kind"] == "PERMISSION"
    assert not Signup.objects.exists()
