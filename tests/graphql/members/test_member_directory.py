import datetime as dt

import pytest

from steward.graphql.members import selectors as graphql_selectors
from steward.members import services
from tests.factories import IndividualFactory, UserFactory, make_membership
from tests.graphql.conftest import member_with_account

DIRECTORY = """
query ($search: String, $first: Int, $after: String) {
  memberDirectory(search: $search, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id displayName email phone city } }
  }
}
"""


def _listed_member(given_name, family_name, *, email=False, phone=False, city=False, current=True):
    """A member in the directory (a current member unless told otherwise) showing the chosen details."""
    constituent = IndividualFactory(given_name=given_name, family_name=family_name)
    services.phone_add(constituent=constituent, number="+44 20 7946 0123")
    services.address_add(constituent=constituent, line1="1 Rama IV Rd", city="Chiang Mai", country="TH")
    if current:
        make_membership(constituent=constituent)
    else:
        make_membership(constituent=constituent, start_date=dt.date(2000, 1, 1), today=dt.date(2000, 1, 1))
        services.membership_statuses_refresh()
    services.directory_visibility_update(
        constituent=constituent, opt_in=True, show_email=email, show_phone=phone, show_city=city
    )
    return constituent


def _names(result):
    return [edge["node"]["displayName"] for edge in result.data["memberDirectory"]["edges"]]


def test_directory_is_refused_to_the_public(graphql):
    # given nobody is signed in
    # when the directory is asked for
    result = graphql(DIRECTORY, errors=True)
    # then it is a permission error, not data
    assert result.data is None
    assert result.error_messages == ["Only current members can see the directory."]


def test_directory_is_refused_to_a_signed_in_person_who_is_not_a_current_member(graphql):
    # given a person with an account whose only membership expired long ago
    lapsed = _listed_member("Lapsed", "Person", current=False)
    lapsed.user = UserFactory()
    lapsed.save()
    graphql.login(lapsed.user)
    # when they ask for the directory
    result = graphql(DIRECTORY, errors=True)
    # then they are refused
    assert result.error_messages == ["Only current members can see the directory."]


def test_directory_lists_only_current_members_who_opted_in(member_graphql):
    # given opted-in current members, a member who did not opt in, a lapsed member and a deceased one
    _listed_member("Ploy", "Chaiyo")
    _listed_member("Arun", "Banerjee")
    IndividualFactory(given_name="Hidden", family_name="Person")
    make_membership(constituent=IndividualFactory(given_name="Not", family_name="Listed"))
    _listed_member("Lapsed", "Listed", current=False)
    deceased = _listed_member("Gone", "Listed")
    services.constituent_update(constituent=deceased, deceased=True)
    # when a current member asks for the directory
    result = member_graphql(DIRECTORY)
    # then they see exactly the opted-in current members, by sort name
    assert _names(result) == ["Arun Banerjee", "Ploy Chaiyo"]
    assert result.data["memberDirectory"]["totalCount"] == 2


def test_directory_shows_only_the_details_each_member_chose(member_graphql):
    # given one member showing everything and one showing nothing but their name
    everything = _listed_member("Ploy", "Chaiyo", email=True, phone=True, city=True)
    _listed_member("Arun", "Banerjee")
    # when the directory is read
    nodes = [edge["node"] for edge in member_graphql(DIRECTORY).data["memberDirectory"]["edges"]]
    # then the first shows name, email, phone and city, and the second only a name
    assert nodes[1]["displayName"] == "Ploy Chaiyo"
    assert nodes[1]["email"] == f"person{everything.pk}@example.org"
    assert nodes[1]["phone"] == "+442079460123"
    assert nodes[1]["city"] == "Chiang Mai"
    assert nodes[0]["displayName"] == "Arun Banerjee"
    assert (nodes[0]["email"], nodes[0]["phone"], nodes[0]["city"]) == (None, None, None)


def test_directory_search_matches_names_and_only_cities_members_show(member_graphql):
    # given two members in Chiang Mai, only one of whom shows their city
    _listed_member("Ploy", "Chaiyo", city=True)
    _listed_member("Arun", "Banerjee", city=False)
    # when searching by a name and by the city
    by_name = member_graphql(DIRECTORY, {"search": "banerj"})
    by_city = member_graphql(DIRECTORY, {"search": "chiang"})
    # then the name matches, and the city matches only the member who shows it
    assert _names(by_name) == ["Arun Banerjee"]
    assert _names(by_city) == ["Ploy Chaiyo"]


def test_directory_pages_with_cursors(member_graphql):
    # given five listed members
    for index in range(5):
        _listed_member("Member", f"Number{index}")
    # when the first page of two is read, then the page after it
    first = member_graphql(DIRECTORY, {"first": 2})
    cursor = first.data["memberDirectory"]["pageInfo"]["endCursor"]
    second = member_graphql(DIRECTORY, {"first": 2, "after": cursor})
    # then the pages follow each other without overlap and say whether more follow
    assert _names(first) == ["Member Number0", "Member Number1"]
    assert _names(second) == ["Member Number2", "Member Number3"]
    assert second.data["memberDirectory"]["pageInfo"]["hasNextPage"] is True
    assert second.data["memberDirectory"]["totalCount"] == 5


def test_directory_refuses_pages_larger_than_the_maximum(member_graphql, settings):
    # given the maximum page size (settings.GRAPHQL_MAX_RESULTS)
    # when a client asks for more
    result = member_graphql(DIRECTORY, {"first": settings.GRAPHQL_MAX_RESULTS + 1}, errors=True)
    # then it gets a clear error and no data
    assert result.data is None
    assert result.error_messages == [f"Argument 'first' cannot be higher than {settings.GRAPHQL_MAX_RESULTS}."]


# 2 (session, user) + 1 (the viewer's record) + 1 (is the viewer a member) + 1 (the page with its total count).
DIRECTORY_QUERIES = 5


@pytest.mark.parametrize("size", [1, 7])
def test_directory_page_runs_in_a_constant_number_of_queries(graphql, django_assert_num_queries, size):
    # given `size` listed members showing every detail, and a current member reading
    for index in range(size):
        _listed_member("Listed", f"Member{index}", email=True, phone=True, city=True)
    viewer = member_with_account()
    graphql.login(viewer.user)
    # when a page of the directory is read
    with django_assert_num_queries(DIRECTORY_QUERIES):
        result = graphql(DIRECTORY, {"first": 10})
    # then the query count does not depend on the number of members listed
    assert len(result.data["memberDirectory"]["edges"]) == size


COUNTED = """
query ($search: String, $first: Int, $after: String) {
  memberDirectory(search: $search, first: $first, after: $after) {
    totalCount
    totalCountIsCapped
    pageInfo { hasNextPage endCursor }
    edges { node { displayName } }
  }
}
"""


def test_directory_count_stops_at_the_cap_and_says_so(member_graphql, monkeypatch):
    # given five listed members and a count cap of three
    monkeypatch.setattr(graphql_selectors, "DIRECTORY_COUNT_CAP", 3)
    for index in range(5):
        _listed_member("Member", f"Number{index}")
    # when the first page of two is read, and the page after it
    first = member_graphql(COUNTED, {"first": 2})
    directory = first.data["memberDirectory"]
    second = member_graphql(COUNTED, {"first": 2, "after": directory["pageInfo"]["endCursor"]}).data["memberDirectory"]
    # then the count is the cap, flagged as capped, and paging is unaffected
    assert (directory["totalCount"], directory["totalCountIsCapped"]) == (3, True)
    assert [edge["node"]["displayName"] for edge in second["edges"]] == ["Member Number2", "Member Number3"]
    assert second["pageInfo"]["hasNextPage"] is True
    assert (second["totalCount"], second["totalCountIsCapped"]) == (3, True)


def test_directory_count_under_the_cap_is_exact(member_graphql, monkeypatch):
    # given three listed members, two of them matching a search, and a cap of three
    monkeypatch.setattr(graphql_selectors, "DIRECTORY_COUNT_CAP", 3)
    for family_name in ["Tanaka", "Tanabe", "Other"]:
        _listed_member("Member", family_name)
    # when the whole directory and the search are read
    everyone = member_graphql(COUNTED).data["memberDirectory"]
    searched = member_graphql(COUNTED, {"search": "tana"}).data["memberDirectory"]
    # then a count at the cap or below is exact and not flagged
    assert (everyone["totalCount"], everyone["totalCountIsCapped"]) == (3, False)
    assert (searched["totalCount"], searched["totalCountIsCapped"]) == (2, False)


def test_directory_count_past_the_last_page_is_still_counted(member_graphql, monkeypatch):
    # given four listed members and a cap of three
    monkeypatch.setattr(graphql_selectors, "DIRECTORY_COUNT_CAP", 3)
    for index in range(4):
        _listed_member("Member", f"Number{index}")
    first = member_graphql(COUNTED, {"first": 4}).data["memberDirectory"]
    # when the (empty) page after the last member is read
    after = member_graphql(COUNTED, {"first": 2, "after": first["pageInfo"]["endCursor"]}).data["memberDirectory"]
    # then it has no rows but the count still says more than three
    assert after["edges"] == []
    assert (after["totalCount"], after["totalCountIsCapped"]) == (3, True)


def test_directory_search_finds_thai_and_chinese_names_short_and_long(member_graphql):
    # given members with Thai and Chinese names (Chinese written family name first, without a space)
    _listed_member("สมชาย", "ใจดี")
    _listed_member("小明", "王")
    _listed_member("佳蓉", "廖")
    # when searching by part of a Thai name, a two-letter Chinese given name and a one-letter family name
    # then each finds its member, and only that one
    assert _names(member_graphql(DIRECTORY, {"search": "ชาย"})) == ["สมชาย ใจดี"]
    assert _names(member_graphql(DIRECTORY, {"search": "ใจดี"})) == ["สมชาย ใจดี"]
    assert _names(member_graphql(DIRECTORY, {"search": "小明"})) == ["王小明"]
    assert _names(member_graphql(DIRECTORY, {"search": "王"})) == ["王小明"]
    assert _names(member_graphql(DIRECTORY, {"search": "王小明"})) == ["王小明"]


def test_directory_search_finds_a_given_name_hidden_behind_a_preferred_name(member_graphql):
    # given a member listed by their preferred name
    member = _listed_member("Somchai", "Jaidee")
    services.constituent_update(constituent=member, preferred_name="Lek")
    # when searching by the given name (not shown), the preferred name and the family name
    # then each finds them
    for query in ["somch", "lek", "jaid", "So"]:
        assert _names(member_graphql(DIRECTORY, {"search": query})) == ["Lek Jaidee"], query
