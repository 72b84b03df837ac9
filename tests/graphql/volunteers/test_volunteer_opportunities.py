"""The public list of volunteer opportunities with their coming shifts and free places: the query count does not
depend on the number of shifts, and free places are counted in the query."""

import datetime as dt

import pytest

from steward.volunteers import services
from steward.volunteers.models import Shift
from tests.graphql.volunteers.conftest import gid
from tests.utils import queries_of
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


def _opportunities_with_shifts(total_shifts: int, opportunities: int = 10) -> None:
    skill = SkillFactory(name="Cooking")
    for index in range(opportunities):
        opportunity = OpportunityFactory(title=f"Opportunity {index:02d}")
        opportunity.skills_wanted.add(skill)
        for shift_index in range(total_shifts // opportunities):
            make_shift(opportunity=opportunity, starts_in=dt.timedelta(days=1 + shift_index), capacity=3)


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
    shift_queries = [sql for sql in queries_of(lambda: graphql(OPPORTUNITIES)) if "volunteers_signup" in sql]
    # one query reads the shifts, counting their sign-ups in a subquery
    assert len(shift_queries) == 1
    assert "COUNT" in shift_queries[0].upper()
