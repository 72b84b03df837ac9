"""The public list of open shifts, narrowed by place, skill and day (in each shift's own time zone), paginated, in
a number of queries that does not grow with the shifts; and the choices of the place and skill filters."""

import datetime as dt

import pytest
from django.utils import timezone

from steward.volunteers import services
from tests.graphql.volunteers.conftest import gid
from tests.volunteers.factories import OpportunityFactory, SkillFactory, make_shift, volunteer

pytestmark = pytest.mark.django_db

SHIFTS = """
query ($filter: VolunteerShiftFilter, $first: Int, $after: String) {
  volunteerShifts(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id startsAt timeZone capacity freePlaces
      opportunity { title location isOnline skillsWanted { name } }
    } }
  }
}
"""


def _titles(result) -> list[str]:
    return [edge["node"]["opportunity"]["title"] for edge in result.data["volunteerShifts"]["edges"]]


def _shift_on(opportunity, zone: str, day: dt.date, hour: int):
    start = dt.datetime.combine(day, dt.time(hour))  # naive: a wall-clock time in `zone`
    return services.shift_create(
        opportunity=opportunity, starts_at=start, ends_at=start + dt.timedelta(hours=2), time_zone=zone, capacity=2
    )


@pytest.fixture
def opportunities():
    gardening, cooking = SkillFactory(name="Gardening"), SkillFactory(name="Cooking")
    garden = OpportunityFactory(title="Community garden", location="Lumpini Park gate 3, Bangkok")
    garden.skills_wanted.add(gardening)
    kitchen = OpportunityFactory(title="Soup kitchen", location="12 Market Street, Leeds")
    kitchen.skills_wanted.add(cooking)
    calls = OpportunityFactory(title="Phone befriending", location="", is_online=True)
    return garden, kitchen, calls


def test_shifts_are_narrowed_by_place_online_and_skill(graphql, opportunities):
    # given a garden in Bangkok (gardening), a kitchen in Leeds (cooking) and calls online, a shift each
    garden = opportunities[0]
    for days, opportunity in enumerate(opportunities, start=1):
        make_shift(opportunity=opportunity, starts_in=dt.timedelta(days=days))
    # and shifts that are not open: past, cancelled, of an inactive opportunity
    make_shift(opportunity=garden, starts_in=dt.timedelta(days=-1))
    services.shift_cancel(shift=make_shift(opportunity=garden, starts_in=dt.timedelta(days=5)))
    make_shift(opportunity=OpportunityFactory(title="Retired", active=False, location="Leeds"))
    # when anyone lists them, with and without conditions
    everything = graphql(SHIFTS)
    # then the open ones come soonest first
    assert _titles(everything) == ["Community garden", "Soup kitchen", "Phone befriending"]
    assert _titles(graphql(SHIFTS, {"filter": {"place": "leeds"}})) == ["Soup kitchen"]
    assert _titles(graphql(SHIFTS, {"filter": {"online": True}})) == ["Phone befriending"]
    assert _titles(graphql(SHIFTS, {"filter": {"online": False}})) == ["Community garden", "Soup kitchen"]
    assert _titles(graphql(SHIFTS, {"filter": {"skill": "gardening"}})) == ["Community garden"]
    assert _titles(graphql(SHIFTS, {"filter": {"skill": "Gardening", "place": "Leeds"}})) == []
    assert _titles(graphql(SHIFTS, {"filter": {"skill": "Juggling"}})) == []
    # a place never matches an online opportunity (they have none)
    assert _titles(graphql(SHIFTS, {"filter": {"place": "Online"}})) == []


def test_days_are_read_in_each_shifts_own_time_zone(graphql, opportunities):
    # given two shifts that start at the same instant, 23:30 on day one in London and 06:30 on day two in Bangkok
    garden, kitchen, _ = opportunities
    day = timezone.now().date() + dt.timedelta(days=10)
    london = services.shift_create(
        opportunity=kitchen,
        starts_at=dt.datetime.combine(day, dt.time(23, 30)),
        ends_at=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(1, 0)),
        time_zone="Europe/London",
        capacity=2,
    )
    bangkok = _shift_on(garden, "Asia/Bangkok", day + dt.timedelta(days=1), 6)
    bangkok.starts_at = london.starts_at  # the same instant
    bangkok.save()
    # and a shift in New York on day three at 21:00 (day four in UTC)
    _shift_on(kitchen, "America/New_York", day + dt.timedelta(days=2), 21)

    def on(first, last=None):
        variables = {"fromDate": first.isoformat(), "toDate": (last or first).isoformat()}
        return sorted(_titles(graphql(SHIFTS, {"filter": variables})))

    # when the list is narrowed to each day, then each shift is on the day its own clocks read
    assert on(day) == ["Soup kitchen"]
    assert on(day + dt.timedelta(days=1)) == ["Community garden"]
    assert on(day + dt.timedelta(days=2)) == ["Soup kitchen"]
    assert on(day + dt.timedelta(days=3)) == []
    assert on(day, day + dt.timedelta(days=2)) == ["Community garden", "Soup kitchen", "Soup kitchen"]
    # open-ended ranges, and an empty one (the end before the start)
    assert len(_titles(graphql(SHIFTS, {"filter": {"fromDate": (day + dt.timedelta(days=1)).isoformat()}}))) == 2
    assert len(_titles(graphql(SHIFTS, {"filter": {"toDate": day.isoformat()}}))) == 1
    assert on(day + dt.timedelta(days=1), day) == []


def test_extreme_and_bad_dates_are_answered_not_crashed(graphql, opportunities):
    make_shift(opportunity=opportunities[0])
    # the ends of the calendar read as no bound
    wide = graphql(SHIFTS, {"filter": {"fromDate": "0001-01-01", "toDate": "9999-12-31"}})
    assert _titles(wide) == ["Community garden"]
    # a date that is not one is refused by the schema (an error, not a server error)
    bad = graphql(SHIFTS, {"filter": {"fromDate": "2026-02-30"}}, errors=True)
    assert bad.errors
    assert bad.data is None


def test_pages_follow_one_another(graphql, opportunities):
    for days in range(1, 6):
        make_shift(opportunity=opportunities[0], starts_in=dt.timedelta(days=days))
    first = graphql(SHIFTS, {"first": 2}).data["volunteerShifts"]
    assert first["totalCount"] == 5
    assert first["pageInfo"]["hasNextPage"]
    second = graphql(SHIFTS, {"first": 2, "after": first["pageInfo"]["endCursor"]}).data["volunteerShifts"]
    seen = [edge["node"]["startsAt"] for page in (first, second) for edge in page["edges"]]
    assert len(set(seen)) == 4
    assert seen == sorted(seen)


def test_free_places_are_those_left(graphql, opportunities):
    shift = make_shift(opportunity=opportunities[0], capacity=2)
    services.signup_create(shift=shift, constituent=volunteer())
    (edge,) = graphql(SHIFTS).data["volunteerShifts"]["edges"]
    assert (edge["node"]["id"], edge["node"]["capacity"], edge["node"]["freePlaces"]) == (
        gid("VolunteerShift", shift.pk),
        2,
        1,
    )


# Without days: the page (with its total count, each shift's opportunity and free places), then the opportunities'
# skills. With days: the time zones in use first.
SHIFT_QUERIES = 2
SHIFT_QUERIES_WITH_DAYS = 3


@pytest.mark.parametrize("per_opportunity", [2, 40])
def test_the_list_takes_the_same_queries_for_few_or_many_shifts(
    graphql, django_assert_num_queries, opportunities, per_opportunity
):
    # given every opportunity with `per_opportunity` shifts in two time zones, some with sign-ups
    for opportunity in opportunities:
        for index in range(per_opportunity):
            make_shift(
                opportunity=opportunity,
                starts_in=dt.timedelta(days=1 + index, hours=1),
                time_zone="Asia/Bangkok" if index % 2 else "UTC",
            )
    for signup_shift in opportunities[0].shifts.order_by("pk")[:2]:
        services.signup_create(shift=signup_shift, constituent=volunteer())
    # when a page is read, with and without days
    with django_assert_num_queries(SHIFT_QUERIES):
        result = graphql(SHIFTS, {"first": 100})
    assert len(result.data["volunteerShifts"]["edges"]) == min(100, 3 * per_opportunity)
    free = sum(edge["node"]["freePlaces"] for edge in result.data["volunteerShifts"]["edges"])
    assert free == 2 * len(result.data["volunteerShifts"]["edges"]) - 2
    today = timezone.now().date()
    window = {"fromDate": today.isoformat(), "toDate": (today + dt.timedelta(days=60)).isoformat()}
    with django_assert_num_queries(SHIFT_QUERIES_WITH_DAYS):
        narrowed = graphql(SHIFTS, {"first": 100, "filter": window})
    assert narrowed.data["volunteerShifts"]["totalCount"] == 3 * per_opportunity


def test_the_filters_choices_are_the_places_and_skills_of_open_shifts(
    graphql, django_assert_num_queries, opportunities
):
    garden = opportunities[0]
    for opportunity in opportunities:
        make_shift(opportunity=opportunity)
    # a second opportunity at the garden's place, and one with only past shifts (its place and skill are not offered)
    make_shift(opportunity=OpportunityFactory(title="Garden tours", location=garden.location))
    old = OpportunityFactory(title="Over", location="Old Hall, York")
    old.skills_wanted.add(SkillFactory(name="Carpentry"))
    make_shift(opportunity=old, starts_in=dt.timedelta(days=-2))
    with django_assert_num_queries(2):
        result = graphql("query { volunteerPlaces volunteerSkills { name } }")
    assert result.data["volunteerPlaces"] == ["12 Market Street, Leeds", "Lumpini Park gate 3, Bangkok"]
    assert result.data["volunteerSkills"] == [{"name": "Cooking"}, {"name": "Gardening"}]


@pytest.mark.parametrize("after", ["zzz", "YXJyYXljb25uZWN0aW9uOi01", "YXJyYXljb25uZWN0aW9uOjk5OTk5"])
def test_a_cursor_from_nowhere_is_answered_not_crashed(graphql, opportunities, after):
    make_shift(opportunity=opportunities[0])
    result = graphql(SHIFTS, {"first": 2, "after": after}, errors=True)
    assert result.data is None or result.data["volunteerShifts"]["edges"] == []
