"""The volunteers API: public opportunities with free places (query count independent of the number of shifts),
the member's own sign-ups, totals and calendar feed, typed errors that write nothing, and staff queries."""

import datetime as dt
from decimal import Decimal

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from strawberry.relay import to_base64

from steward.volunteers import services
from steward.volunteers.models import HoursEntry, Shift, Signup, VolunteerProfile
from tests.graphql.conftest import member_with_account, staff_with
from tests.volunteers.factories import OpportunityFactory, SkillFactory, make_shift, volunteer

pytestmark = pytest.mark.django_db

OPPORTUNITIES = """
query {
  volunteerOpportunities {
    edges { node {
      title isOnline requiresBackgroundCheck description
      skillsWanted { name }
      upcomingShifts { id startsAt endsAt timeZone capacity freePlaces signupsCloseAt waitlistEnabled }
    } }
  }
}
"""
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
REPORT = """
mutation ($signup: ID!, $hours: Decimal!) {
  reportHours(input: {signupId: $signup, hours: $hours, note: "Sorted tins"}) {
    __typename
    ... on VolunteerHoursEntry { hours status source note }
    ... on OperationInfo { messages { field code } }
  }
}
"""
MY_SHIFTS = """
query ($upcoming: Boolean!) {
  myShifts(upcomingOnly: $upcoming) {
    edges { node { status volunteerName shift { startsAt freePlaces opportunity { title } } } }
  }
}
"""


def gid(type_name: str, pk: int) -> str:
    return to_base64(type_name, pk)


def _opportunities_with_shifts(total_shifts: int, opportunities: int = 10) -> None:
    skill = SkillFactory(name="Cooking")
    for index in range(opportunities):
        opportunity = OpportunityFactory(title=f"Opportunity {index:02d}")
        opportunity.skills_wanted.add(skill)
        for shift_index in range(total_shifts // opportunities):
            make_shift(opportunity=opportunity, starts_in=dt.timedelta(days=1 + shift_index), capacity=3)


# ---------------------------------------------------------------------------------------------------------
# Public: opportunities and free places
# ---------------------------------------------------------------------------------------------------------


def test_open_opportunities_list_upcoming_shifts_with_free_places(graphql):
    # given an opportunity with a half-full shift, a full one, a past one and a cancelled one
    opportunity = OpportunityFactory(title="Food bank", description="<p>Sort <b>tins</b></p>")
    opportunity.skills_wanted.add(SkillFactory(name="Lifting"))
    half = make_shift(opportunity=opportunity, capacity=2, starts_in=dt.timedelta(days=1))
    services.signup_create(shift=half, constituent=volunteer())
    full = make_shift(opportunity=opportunity, capacity=1, starts_in=dt.timedelta(days=2))
    services.signup_create(shift=full, constituent=volunteer())
    services.signup_create(shift=full, constituent=volunteer())  # waitlisted: takes no place
    make_shift(opportunity=opportunity, starts_in=dt.timedelta(days=-1))
    services.shift_cancel(shift=make_shift(opportunity=opportunity, starts_in=dt.timedelta(days=3)))
    # and an inactive opportunity and one with only past shifts
    make_shift(opportunity=OpportunityFactory(active=False))
    make_shift(opportunity=OpportunityFactory(title="Over"), starts_in=dt.timedelta(days=-3))
    # when anyone asks for open opportunities
    result = graphql(OPPORTUNITIES)
    # then only the open one is listed, with its two coming shifts and their free places
    nodes = [edge["node"] for edge in result.data["volunteerOpportunities"]["edges"]]
    assert [node["title"] for node in nodes] == ["Food bank"]
    node = nodes[0]
    assert node["skillsWanted"] == [{"name": "Lifting"}]
    assert "<b>tins</b>" in node["description"]
    assert [(shift["capacity"], shift["freePlaces"]) for shift in node["upcomingShifts"]] == [(2, 1), (1, 0)]
    assert node["upcomingShifts"][0]["id"] == gid("VolunteerShift", half.pk)
    assert node["upcomingShifts"][0]["timeZone"] == "UTC"


OPPORTUNITY_QUERIES = 3  # opportunities page, their skills, their upcoming shifts with free places


@pytest.mark.parametrize("total_shifts", [10, 1000])
def test_open_opportunities_take_the_same_number_of_queries_for_10_or_1000_shifts(
    graphql, django_assert_num_queries, total_shifts
):
    # given ten open opportunities sharing `total_shifts` shifts, some with sign-ups
    _opportunities_with_shifts(total_shifts)
    for signup_shift in list(Shift.objects.order_by("pk")[:5]):
        services.signup_create(shift=signup_shift, constituent=volunteer())
    # when the list is read with every shift's free places
    with django_assert_num_queries(OPPORTUNITY_QUERIES):
        result = graphql(OPPORTUNITIES)
    # then every shift came back, in the same three queries
    nodes = [edge["node"] for edge in result.data["volunteerOpportunities"]["edges"]]
    assert len(nodes) == 10
    assert sum(len(node["upcomingShifts"]) for node in nodes) == total_shifts
    assert sum(shift["freePlaces"] for node in nodes for shift in node["upcomingShifts"]) == 3 * total_shifts - 5


def test_free_places_are_computed_in_the_query_not_per_row(graphql):
    _opportunities_with_shifts(20, opportunities=2)
    with CaptureQueriesContext(connection) as queries:
        graphql(OPPORTUNITIES)
    shift_queries = [q["sql"] for q in queries.captured_queries if "volunteers_signup" in q["sql"]]
    # one query reads the shifts, counting their sign-ups in a subquery
    assert len(shift_queries) == 1
    assert "COUNT" in shift_queries[0].upper()


# ---------------------------------------------------------------------------------------------------------
# The signed-in member
# ---------------------------------------------------------------------------------------------------------


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


def test_my_shifts_shows_only_my_own(member_graphql, member):
    mine = services.signup_create(shift=make_shift(opportunity=OpportunityFactory(title="Mine")), constituent=member)
    services.signup_create(shift=make_shift(opportunity=OpportunityFactory(title="Theirs")), constituent=volunteer())
    Signup.objects.create(
        shift=make_shift(opportunity=OpportunityFactory(title="Old"), starts_in=dt.timedelta(days=-5)),
        constituent=member,
        status=Signup.Status.ATTENDED,
    )
    upcoming = member_graphql(MY_SHIFTS, {"upcoming": True}).data["myShifts"]["edges"]
    assert [edge["node"]["shift"]["opportunity"]["title"] for edge in upcoming] == ["Mine"]
    assert upcoming[0]["node"]["volunteerName"] == member.display_name
    every = member_graphql(MY_SHIFTS, {"upcoming": False}).data["myShifts"]["edges"]
    assert [edge["node"]["shift"]["opportunity"]["title"] for edge in every] == ["Old", "Mine"]
    # and another person's sign-up cannot be read by its id either
    theirs = Signup.objects.exclude(constituent=member).get()
    node = member_graphql("query ($id: ID!) { node(id: $id) { id } }", {"id": gid("ShiftSignup", theirs.pk)})
    assert node.data["node"] is None
    assert member_graphql("query ($id: ID!) { node(id: $id) { id } }", {"id": gid("ShiftSignup", mine.pk)}).data["node"]


def test_signed_out_my_shifts_is_empty(graphql):
    services.signup_create(shift=make_shift(), constituent=volunteer())
    assert graphql(MY_SHIFTS, {"upcoming": True}).data["myShifts"]["edges"] == []


def test_reporting_hours_and_the_totals(member_graphql, member, settings):
    settings.VOLUNTEER_HOURLY_RATE = (Decimal("30.00"), "GBP")
    past = make_shift(starts_in=dt.timedelta(hours=-4), hours=3)
    signup = Signup.objects.create(shift=past, constituent=member, status=Signup.Status.SIGNED_UP)
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


def test_calendar_feed_url_and_reset(member_graphql, member, client):
    # before any volunteering there is no feed
    assert member_graphql("query { myCalendarFeedUrl }").data["myCalendarFeedUrl"] is None
    services.signup_create(shift=make_shift(opportunity=OpportunityFactory(title="Garden")), constituent=member)
    url = member_graphql("query { myCalendarFeedUrl }").data["myCalendarFeedUrl"]
    path = url.removeprefix("http://testserver")
    events = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Garden"]
    # when the member resets it, the old URL stops working and the new one works
    reset = member_graphql("mutation { resetCalendarFeed { __typename ... on CalendarFeed { url } } }").data
    new_url = reset["resetCalendarFeed"]["url"]
    assert new_url != url
    assert client.get(path).status_code == 404
    assert client.get(new_url.removeprefix("http://testserver")).status_code == 200
    assert member_graphql("query { myCalendarFeedUrl }").data["myCalendarFeedUrl"] == new_url


def test_signed_out_totals_and_feed_are_null(graphql):
    data = graphql("query { myVolunteerTotals { approvedHours } myCalendarFeedUrl }").data
    assert data == {"myVolunteerTotals": None, "myCalendarFeedUrl": None}


# ---------------------------------------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------------------------------------

ROSTER = "query ($shift: ID!) { shiftRoster(shiftId: $shift) { status volunteerName } }"
HOURS = "query { volunteerHours(status: PENDING) { edges { node { hours volunteerName status } } } }"


def test_staff_read_rosters_and_hours_by_permission(graphql):
    shift = make_shift(capacity=1)
    services.signup_create(shift=shift, constituent=volunteer(given_name="Ada", family_name="Lovelace"))
    services.signup_create(shift=shift, constituent=volunteer(given_name="Bob", family_name="Brown"))
    past = make_shift(starts_in=dt.timedelta(hours=-4))
    signup = Signup.objects.create(
        shift=past, constituent=volunteer(given_name="Cy", family_name="Dee"), status="signed_up"
    )
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


def test_a_member_account_links_one_constituent(graphql):
    # a second member's sign-ups never show in the first member's list
    first, second = member_with_account(), member_with_account()
    services.signup_create(shift=make_shift(), constituent=second)
    graphql.login(first.user)
    assert graphql(MY_SHIFTS, {"upcoming": True}).data["myShifts"]["edges"] == []
    assert not VolunteerProfile.objects.filter(constituent=first).exists()


MY_SHIFTS_QUERIES = 7  # session, user, member record, 2 permission checks (row filter), sign-ups, shifts with places


@pytest.mark.parametrize("count", [2, 8])
def test_my_shifts_take_the_same_number_of_queries_at_any_size(
    member_graphql, member, django_assert_num_queries, count
):
    for index in range(count):
        services.signup_create(shift=make_shift(starts_in=dt.timedelta(days=index + 1)), constituent=member)
    with django_assert_num_queries(MY_SHIFTS_QUERIES):
        edges = member_graphql(MY_SHIFTS, {"upcoming": True}).data["myShifts"]["edges"]
    assert len(edges) == count
    assert {edge["node"]["shift"]["freePlaces"] for edge in edges} == {1}
