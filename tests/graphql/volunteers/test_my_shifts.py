"""The member's own sign-ups: only their own, none when signed out, the same query count at any size."""

import datetime as dt

import pytest

from steward.volunteers import services
from steward.volunteers.models import Signup, VolunteerProfile
from tests.graphql.conftest import member_with_account
from tests.graphql.volunteers.conftest import gid
from tests.volunteers.factories import OpportunityFactory, SignupFactory, make_shift, volunteer

pytestmark = pytest.mark.django_db

MY_SHIFTS = """
query ($upcoming: Boolean!) {
  myShifts(upcomingOnly: $upcoming) {
    edges { node { status volunteerName shift { startsAt freePlaces opportunity { title } } } }
  }
}
"""


def test_my_shifts_shows_only_my_own(member_graphql, member):
    mine = services.signup_create(shift=make_shift(opportunity=OpportunityFactory(title="Mine")), constituent=member)
    services.signup_create(shift=make_shift(opportunity=OpportunityFactory(title="Theirs")), constituent=volunteer())
    SignupFactory(
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
