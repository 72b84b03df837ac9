import datetime as dt

import pytest
from django.utils import timezone
from strawberry.relay import to_base64

from steward.members import services
from tests.factories import (
    HouseholdFactory,
    IndividualFactory,
    OrganizationFactory,
    StaffUserFactory,
    SuperuserFactory,
    make_membership,
)
from tests.graphql.conftest import staff_with

CONSTITUENTS = """
query ($search: String, $kind: ConstituentKind, $filters: ConstituentFilter, $first: Int, $after: String) {
  constituents(search: $search, kind: $kind, filters: $filters, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind displayName notes emails { address } phones { number } household { displayName }
                   memberships { status level { name } terms { startDate } } } }
  }
}
"""

CONSTITUENT = """
query ($id: ID!) { constituent(id: $id) { id displayName kind notes emails { address } } }
"""

DENIED = "You need permission to view constituents."


def _names(result):
    return [edge["node"]["displayName"] for edge in result.data["constituents"]["edges"]]


def test_constituents_are_refused_without_the_view_permission(graphql, member):
    # given the public, a signed-in member and a staff user without members.view_constituent
    for user in [None, member.user, StaffUserFactory()]:
        if user is not None:
            graphql.login(user)
        # when each asks for the staff list and for one record
        listing = graphql(CONSTITUENTS, errors=True)
        single = graphql(CONSTITUENT, {"id": to_base64("Constituent", member.pk)}, errors=True)
        # then each gets a permission error and no data
        assert listing.data is None
        assert listing.error_messages == [DENIED]
        assert single.data == {"constituent": None}
        assert single.error_messages == [DENIED]


def test_staff_with_the_view_permission_list_constituents_in_sort_order(graphql):
    # given people, a household and an organisation, and staff allowed to view constituents
    IndividualFactory(given_name="Zoe", family_name="Adams")
    IndividualFactory(given_name="Bo", family_name="Young")
    HouseholdFactory(organization_name="Chan Household")
    OrganizationFactory(organization_name="Mekong Trust")
    graphql.login(staff_with("members.view_constituent"))
    # when they list constituents, and only the individuals
    everyone = graphql(CONSTITUENTS)
    individuals = graphql(CONSTITUENTS, {"kind": "INDIVIDUAL"})
    # then all come back by sort name, and the kind argument narrows the list
    assert _names(everyone) == ["Zoe Adams", "Chan Household", "Mekong Trust", "Bo Young"]
    assert everyone.data["constituents"]["totalCount"] == 4
    assert _names(individuals) == ["Zoe Adams", "Bo Young"]
    assert {edge["node"]["kind"] for edge in individuals.data["constituents"]["edges"]} == {"INDIVIDUAL"}


def test_staff_search_and_filters(graphql):
    # given a member, a non-member, a deceased person and an old record
    current = IndividualFactory(given_name="Kanya", family_name="Member", email="kanya@example.org")
    make_membership(constituent=current)
    IndividualFactory(given_name="Kanya", family_name="Other")
    deceased = IndividualFactory(given_name="Late", family_name="Person")
    services.constituent_update(constituent=deceased, deceased=True)
    old = IndividualFactory(given_name="Old", family_name="Record")
    old.created_at = timezone.now() - dt.timedelta(days=400)
    old.save()
    graphql.login(staff_with("members.view_constituent"))
    # when staff search by email and by name, and filter by membership, death and creation date
    by_email = graphql(CONSTITUENTS, {"search": "kanya@example.org"})
    by_name = graphql(CONSTITUENTS, {"search": "kanya"})
    members = graphql(CONSTITUENTS, {"filters": {"isMember": True}})
    non_members = graphql(CONSTITUENTS, {"search": "kanya", "filters": {"isMember": False}})
    dead = graphql(CONSTITUENTS, {"filters": {"deceased": True}})
    recent = graphql(
        CONSTITUENTS, {"filters": {"createdAt": {"gte": (timezone.now() - dt.timedelta(days=30)).isoformat()}}}
    )
    # then each answer is the expected set
    assert _names(by_email) == ["Kanya Member"]
    assert _names(by_name) == ["Kanya Member", "Kanya Other"]
    assert _names(members) == ["Kanya Member"]
    assert _names(non_members) == ["Kanya Other"]
    assert _names(dead) == ["Late Person"]
    assert "Old Record" not in _names(recent)
    assert len(_names(recent)) == 3


def test_contact_details_need_their_own_permission(graphql):
    # given a person with an email address
    IndividualFactory(given_name="Ann", family_name="Lee", email="ann@example.org")
    # when staff who may view constituents but not their contact details list them
    graphql.login(staff_with("members.view_constituent"))
    without = graphql(CONSTITUENTS).data["constituents"]["edges"][0]["node"]
    # and staff who may also see contact details do
    graphql.login(staff_with("members.view_constituent", "members.view_constituent_contact"))
    with_contact = graphql(CONSTITUENTS).data["constituents"]["edges"][0]["node"]
    # then only the second sees the address
    assert without["emails"] == []
    assert with_contact["emails"] == [{"address": "ann@example.org"}]


def test_memberships_in_the_staff_view_need_the_membership_permission(graphql):
    # given a member
    make_membership(constituent=IndividualFactory(given_name="Ann", family_name="Lee"))
    # when staff without and with members.view_membership look at them
    graphql.login(staff_with("members.view_constituent"))
    without = graphql(CONSTITUENTS).data["constituents"]["edges"][0]["node"]
    graphql.login(staff_with("members.view_constituent", "members.view_membership"))
    with_permission = graphql(CONSTITUENTS).data["constituents"]["edges"][0]["node"]
    # then only the second sees the membership
    assert without["memberships"] == []
    assert with_permission["memberships"][0]["status"] == "CURRENT"


def test_staff_read_one_constituent_by_global_id(graphql):
    # given a person with staff notes, and a superuser
    person = IndividualFactory(given_name="Ann", family_name="Lee", notes="Prefers phone calls.")
    graphql.login(SuperuserFactory())
    # when they fetch the record by its global id, and ask with an id of another type
    found = graphql(CONSTITUENT, {"id": to_base64("Constituent", person.pk)}).data["constituent"]
    other_type = graphql(CONSTITUENT, {"id": to_base64("Member", person.pk)}).data["constituent"]
    missing = graphql(CONSTITUENT, {"id": to_base64("Constituent", 999999)}).data["constituent"]
    # then the record comes back with staff fields; the others are null
    assert found["displayName"] == "Ann Lee"
    assert found["notes"] == "Prefers phone calls."
    assert found["emails"] == [{"address": f"person{person.pk}@example.org"}]
    assert other_type is None
    assert missing is None


# 2 (session, user) + 2 (the viewer's user and group permissions) + 1 (the page with its total count and
# households) + 3 (emails, phones, memberships) + 1 (membership terms).
CONSTITUENTS_QUERIES = 9


@pytest.mark.parametrize("size", [1, 6])
def test_constituents_page_runs_in_a_constant_number_of_queries(graphql, django_assert_num_queries, size):
    # given `size` members, each in a household, with contact details and a membership
    for index in range(size):
        person = IndividualFactory(family_name=f"Person{index}")
        services.phone_add(constituent=person, number="+44 20 7946 0100")
        services.household_add_member(household=HouseholdFactory(), individual=person)
        make_membership(constituent=person)
    graphql.login(staff_with("members.view_constituent", "members.view_constituent_contact", "members.view_membership"))
    # when staff read a page of individuals with their details
    with django_assert_num_queries(CONSTITUENTS_QUERIES):
        result = graphql(CONSTITUENTS, {"kind": "INDIVIDUAL", "first": 20})
    # then the query count does not depend on the page size
    assert len(result.data["constituents"]["edges"]) == size
