"""A member only ever sees their own rows: every route to another member's record is closed."""

from strawberry.relay import to_base64

from steward.members import services
from tests.factories import HouseholdFactory
from tests.graphql.conftest import member_with_account

NODE = """
query ($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Member { displayName emails { address } }
    ... on Constituent { displayName notes }
    ... on DirectoryMember { displayName email phone city }
    ... on Membership { status }
  }
}
"""
ME = "query { me { id displayName emails { address } memberships { id } household { members { displayName } } } }"
DIRECTORY = "query { memberDirectory { edges { node { id displayName email phone city } } } }"
STAFF = "query ($id: ID!) { constituent(id: $id) { notes } constituents { edges { node { id } } } }"


def _two_members_in_one_household():
    me = member_with_account(given_name="Alice", family_name="Reader")
    other = member_with_account(given_name="Bob", family_name="Private", notes="Owes a call back.")
    services.phone_add(constituent=other, number="+44 20 7946 0999")
    household = HouseholdFactory(organization_name="Shared House")
    services.household_add_member(household=household, individual=me)
    services.household_add_member(household=household, individual=other)
    return me, other


def test_a_member_cannot_read_another_members_record_by_any_route(graphql):
    # given two members of one household; the other has not joined the directory
    me, other = _two_members_in_one_household()
    other_membership = other.memberships.get()
    graphql.login(me.user)
    # when the signed-in member tries every route to the other's record
    nodes = {
        type_name: graphql(NODE, {"id": to_base64(type_name, other.pk)}).data["node"]
        for type_name in ["Member", "Constituent", "DirectoryMember"]
    }
    membership_node = graphql(NODE, {"id": to_base64("Membership", other_membership.pk)}).data["node"]
    own = graphql(ME).data["me"]
    directory = graphql(DIRECTORY).data["memberDirectory"]["edges"]
    staff = graphql(STAFF, {"id": to_base64("Constituent", other.pk)}, errors=True)
    # then no node comes back, whatever type the id claims
    assert nodes == {"Member": None, "Constituent": None, "DirectoryMember": None}
    assert membership_node is None
    # and `me` is their own record, showing the other only as a household member's name
    assert own["id"] == to_base64("Member", me.pk)
    assert own["displayName"] == "Alice Reader"
    assert [email["address"] for email in own["emails"]] == [f"person{me.pk}@example.org"]
    assert own["memberships"] == [{"id": to_base64("Membership", me.memberships.get().pk)}]
    assert sorted(person["displayName"] for person in own["household"]["members"]) == ["Alice Reader", "Bob Private"]
    # and the directory does not list them
    assert directory == []
    # and the staff routes refuse outright
    assert staff.data is None
    assert staff.error_messages == ["You need permission to view constituents."] * 2


def test_a_listed_member_shows_only_what_they_chose_by_every_route(graphql):
    # given the other member joined the directory showing only their phone number
    me, other = _two_members_in_one_household()
    services.directory_visibility_update(constituent=other, opt_in=True, show_phone=True)
    graphql.login(me.user)
    # when the signed-in member reads them through the directory and by their directory node id
    (listed,) = [edge["node"] for edge in graphql(DIRECTORY).data["memberDirectory"]["edges"]]
    by_id = graphql(NODE, {"id": listed["id"]}).data["node"]
    as_member = graphql(NODE, {"id": to_base64("Member", other.pk)}).data["node"]
    # then both show the name and phone only; the full record stays closed
    expected = {"displayName": "Bob Private", "email": None, "phone": "+442079460999", "city": None}
    assert {key: listed[key] for key in expected} == expected
    assert by_id["__typename"] == "DirectoryMember"
    assert {key: by_id[key] for key in expected} == expected
    assert as_member is None


def test_a_member_reads_their_own_record_by_node_id(graphql):
    # given a signed-in member
    me, _ = _two_members_in_one_household()
    graphql.login(me.user)
    # when they fetch their own Member node
    node = graphql(NODE, {"id": to_base64("Member", me.pk)}).data["node"]
    # then it is their record
    assert node["__typename"] == "Member"
    assert node["displayName"] == "Alice Reader"


def test_nobody_reads_member_records_when_signed_out(graphql):
    # given a member and nobody signed in
    member = member_with_account()
    # when the public asks for the member's node and for `me`
    node = graphql(NODE, {"id": to_base64("Member", member.pk)}).data["node"]
    me = graphql(ME).data["me"]
    # then both are null
    assert node is None
    assert me is None
