"""Staff read shift rosters and pending hours by permission; without it they are refused."""

import datetime as dt

import pytest

from steward.volunteers import services
from tests.graphql.conftest import staff_with
from tests.graphql.volunteers.conftest import gid
from tests.volunteers.factories import SignupFactory, make_shift, volunteer

pytestmark = pytest.mark.django_db

ROSTER = "query ($shift: ID!) { shiftRoster(shiftId: $shift) { status volunteerName } }"
HOURS = "query { volunteerHours(status: PENDING) { edges { node { hours volunteerName status } } } }"


def test_staff_read_rosters_and_hours_by_permission(graphql):
    shift = make_shift(capacity=1)
    services.signup_create(shift=shift, constituent=volunteer(given_name="Ada", family_name="Lovelace"))
    services.signup_create(shift=shift, constituent=volunteer(given_name="Bob", family_name="Brown"))
    past = make_shift(starts_in=dt.timedelta(hours=-4))
    signup = SignupFactory(shift=past, constituent=volunteer(given_name="Cy", family_name="Dee"), status="signed_up")
    services.hours_report(signup=signup, hours="2")
    graphql.login(staff_with("volunteers.view_signup", "volunteers.view_hoursentry"))
    roster = graphql(ROSTER, {"shift": gid("VolunteerShift", shift.pk)}).data["shiftRoster"]
    assert roster == [
        {"status": "SIGNED_UP", "volunteerName": "Ada Lovelace"},
        {"status": "WAITLISTED", "volunteerName": "Bob Brown"},
    ]
    hours = graphql(HOURS).data["volunteerHours"]["edges"]
    assert [edge["node"] for edge in hours] == [{"hours": "2.00", "volunteerName": "Cy Dee", "status": "PENDING"}]


def test_rosters_and_hours_are_refused_without_the_permission(graphql, member):
    shift = make_shift()
    services.signup_create(shift=shift, constituent=volunteer())
    for user in (staff_with("members.view_constituent"), member.user):
        graphql.login(user)
        roster = graphql(ROSTER, {"shift": gid("VolunteerShift", shift.pk)}, errors=True)
        assert roster.data is None or roster.data.get("shiftRoster") is None
        assert roster.error_messages == ["You need permission to view sign-ups."]
        hours = graphql(HOURS, errors=True)
        assert hours.error_messages == ["You need permission to view volunteer hours."]
