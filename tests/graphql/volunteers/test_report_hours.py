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
