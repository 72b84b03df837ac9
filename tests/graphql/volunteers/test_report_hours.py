"""A member reports hours for a shift they signed up for; bad hours are typed errors; the totals follow approval."""

import datetime as dt
from decimal import Decimal

import pytest

from steward.volunteers import services
from steward.volunteers.models import HoursEntry, Signup
from tests.graphql.volunteers.conftest import gid
from tests.volunteers.factories import SignupFactory, make_shift

pytestmark = pytest.mark.django_db

REPORT = """
mutation ($signup: ID!, $hours: Decimal!) {
  reportHours(input: {signupId: $signup, hours: $hours, note: "Sorted tins"}) {
    __typename
    ... on VolunteerHoursEntry { hours status source note }
    ... on OperationInfo { messages { field code } }
  }
}
"""


def test_reporting_hours_and_the_totals(member_graphql, member, settings):
    settings.VOLUNTEER_HOURLY_RATE = (Decimal("30.00"), "GBP")
    past = make_shift(starts_in=dt.timedelta(hours=-4), hours=3)
    signup = SignupFactory(shift=past, constituent=member, status=Signup.Status.SIGNED_UP)
    # bad hours are typed errors and write nothing
    for hours, code in [("-1", "hours_not_positive"), ("3.5", "hours_exceed_shift")]:
        refused = member_graphql(REPORT, {"signup": gid("ShiftSignup", signup.pk), "hours": hours}).data["reportHours"]
        assert refused == {"__typename": "OperationInfo", "messages": [{"field": "hours", "code": code}]}
    assert not HoursEntry.objects.exists()
    # good hours wait for approval
    reported = member_graphql(REPORT, {"signup": gid("ShiftSignup", signup.pk), "hours": "2.5"}).data["reportHours"]
    assert reported == {
        "__typename": "VolunteerHoursEntry",
        "hours": "2.50",
        "status": "PENDING",
        "source": "SELF_REPORTED",
        "note": "Sorted tins",
    }
    totals_query = "query { myVolunteerTotals { approvedHours pendingHours shiftsAttended value { amount currency } } }"
    assert member_graphql(totals_query).data["myVolunteerTotals"] == {
        "approvedHours": "0.00",
        "pendingHours": "2.50",
        "shiftsAttended": 0,
        "value": {"amount": "0.00", "currency": "GBP"},
    }
    services.hours_approve(entry_ids=HoursEntry.objects.values_list("pk", flat=True), user=None)
    totals = member_graphql(totals_query).data["myVolunteerTotals"]
    assert totals["approvedHours"] == "2.50"
    assert totals["value"] == {"amount": "75.00", "currency": "GBP"}


MY_PAST_SHIFTS = """
query { myShifts(upcomingOnly: false) { edges { node { id hoursReported { hours status } } } } }
"""


def test_hours_are_reported_once_per_shift_and_the_shift_says_so(member_graphql, member):
    # given a past shift the member had a place on, without hours yet
    past = make_shift(starts_in=dt.timedelta(hours=-4), hours=3)
    signup = SignupFactory(shift=past, constituent=member, status=Signup.Status.SIGNED_UP)
    (node,) = [edge["node"] for edge in member_graphql(MY_PAST_SHIFTS).data["myShifts"]["edges"]]
    assert node == {"id": gid("ShiftSignup", signup.pk), "hoursReported": None}
    # when they report 3 hours, the shift shows them waiting for approval
    variables = {"signup": gid("ShiftSignup", signup.pk), "hours": "3"}
    assert member_graphql(REPORT, variables).data["reportHours"]["__typename"] == "VolunteerHoursEntry"
    (node,) = [edge["node"] for edge in member_graphql(MY_PAST_SHIFTS).data["myShifts"]["edges"]]
    assert node["hoursReported"] == {"hours": "3.00", "status": "PENDING"}
    # then a second report is refused with a typed error and writes nothing
    again = member_graphql(REPORT, {**variables, "hours": "1"}).data["reportHours"]
    assert again == {"__typename": "OperationInfo", "messages": [{"field": "hours", "code": "already_reported"}]}
    assert HoursEntry.objects.filter(signup=signup).count() == 1
    # once approved the shift says so, and still refuses a second report
    services.hours_approve(entry_ids=[HoursEntry.objects.get().pk], user=None)
    (node,) = [edge["node"] for edge in member_graphql(MY_PAST_SHIFTS).data["myShifts"]["edges"]]
    assert node["hoursReported"] == {"hours": "3.00", "status": "APPROVED"}
    assert member_graphql(REPORT, variables).data["reportHours"]["__typename"] == "OperationInfo"
    # rejected hours are no longer reported: the volunteer may report again
    entry = HoursEntry.objects.get()
    entry.status = HoursEntry.Status.PENDING
    entry.save()
    services.hours_reject(entry=entry, user=None, reason="Wrong shift")
    (node,) = [edge["node"] for edge in member_graphql(MY_PAST_SHIFTS).data["myShifts"]["edges"]]
    assert node["hoursReported"] is None


@pytest.mark.parametrize("count", [2, 12])
def test_reported_hours_of_2_or_12_shifts_take_the_same_queries(
    member_graphql, member, django_assert_num_queries, count
):
    for index in range(count):
        past = make_shift(starts_in=dt.timedelta(days=-1 - index), hours=3)
        signup = SignupFactory(shift=past, constituent=member, status=Signup.Status.SIGNED_UP)
        services.hours_report(signup=signup, hours="2")
    # the session, the user, the member, the user's and groups' permissions (rows visible), the page, their hours
    with django_assert_num_queries(7):
        result = member_graphql(MY_PAST_SHIFTS)
    assert [edge["node"]["hoursReported"]["hours"] for edge in result.data["myShifts"]["edges"]] == ["2.00"] * count
