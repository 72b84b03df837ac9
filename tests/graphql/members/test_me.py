import datetime as dt

import pytest

from steward.members import services
from steward.members.models import ConsentRecord
from tests.factories import (
    ConsentRecordFactory,
    HouseholdFactory,
    IndividualFactory,
    MembershipLevelFactory,
    StaffUserFactory,
    make_membership,
)
from tests.graphql.conftest import member_with_account

ME = """
query {
  me {
    id title givenName middleName familyName preferredName displayName pronouns birthDate
    emails { address kind isPrimary }
    phones { number kind isPrimary }
    addresses { line1 line2 city region postalCode country kind isPrimary }
    household { displayName members { displayName } }
    memberships {
      id status startDate endDate autoRenew isGift cancelledAt
      level { id name slug term coversHousehold price { amount currency } }
      terms { startDate endDate paidBy amount { amount currency } }
    }
    consents { channel topic granted recordedAt source wording }
    directoryVisibility { optIn showEmail showPhone showCity }
  }
}
"""


def _member_with_records(size: int):
    """A member with `size` of everything `me` shows: contacts, household members, memberships, consents."""
    constituent = member_with_account(given_name="Anong", family_name="Wong", pronouns="she/her")
    household = HouseholdFactory(organization_name="The Wong Household")
    services.household_add_member(household=household, individual=constituent)
    for index in range(size):
        services.email_add(constituent=constituent, address=f"extra{index}@example.org")
        services.phone_add(constituent=constituent, number=f"+44 20 7946 0{index:03d}")
        services.address_add(constituent=constituent, line1=f"{index} Sukhumvit Rd", city="Bangkok", country="TH")
        services.household_add_member(household=household, individual=IndividualFactory())
        make_membership(constituent=constituent, level=MembershipLevelFactory())
        ConsentRecordFactory(constituent=constituent, topic=ConsentRecord.Topic.values[index % 5])
    make_membership(constituent=household, level=MembershipLevelFactory(covers_household=True))
    return constituent


def test_me_is_null_when_signed_out(graphql):
    # given nobody is signed in
    # when the client asks for `me`
    result = graphql(ME)
    # then there is no record and no error
    assert result.data == {"me": None}


def test_me_is_null_for_an_account_without_a_record(graphql):
    # given a staff account that is not linked to any constituent
    graphql.login(StaffUserFactory())
    # when it asks for `me`
    result = graphql(ME)
    # then it gets null
    assert result.data == {"me": None}


def test_me_returns_the_members_own_record(graphql):
    # given a member with a birth date, contacts, a household, memberships and a consent choice
    constituent = _member_with_records(2)
    services.constituent_update(constituent=constituent, birth_date=dt.date(1990, 5, 17))
    services.consent_record(
        constituent=constituent, channel="sms", topic="events", granted=True, source="paper", wording="Text me."
    )
    graphql.login(constituent.user)
    # when they ask for `me`
    me = graphql(ME).data["me"]
    # then they see their own profile
    assert me["displayName"] == "Anong Wong"
    assert me["pronouns"] == "she/her"
    assert me["birthDate"] == "1990-05-17"
    # and their contact details, primary first
    assert me["emails"][0] == {"address": f"person{constituent.pk}@example.org", "kind": "HOME", "isPrimary": True}
    assert [email["address"] for email in me["emails"][1:]] == ["extra0@example.org", "extra1@example.org"]
    assert me["phones"][0] == {"number": "+442079460000", "kind": "MOBILE", "isPrimary": True}
    assert me["addresses"][0]["city"] == "Bangkok"
    assert me["addresses"][0]["country"] == "TH"
    # and their household with its members' names
    assert me["household"]["displayName"] == "The Wong Household"
    assert "Anong Wong" in [person["displayName"] for person in me["household"]["members"]]
    assert len(me["household"]["members"]) == 3
    # and their memberships, including the household's, with terms and prices
    assert len(me["memberships"]) == 4
    assert {membership["status"] for membership in me["memberships"]} == {"CURRENT"}
    assert sum(membership["level"]["coversHousehold"] for membership in me["memberships"]) == 1
    assert me["memberships"][0]["terms"][0]["amount"] == {"amount": "50.00", "currency": "USD"}
    assert me["memberships"][0]["level"]["price"] == {"amount": "50.00", "currency": "USD"}
    # and the current consent for every channel and topic
    assert len(me["consents"]) == len(ConsentRecord.Channel.values) * len(ConsentRecord.Topic.values)
    sms_events = next(c for c in me["consents"] if (c["channel"], c["topic"]) == ("SMS", "EVENTS"))
    assert sms_events["granted"] is True
    assert sms_events["source"] == "paper"
    assert sms_events["wording"] == "Text me."
    never_asked = next(c for c in me["consents"] if (c["channel"], c["topic"]) == ("MAIL", "EVENTS"))
    assert never_asked == {
        "channel": "MAIL",
        "topic": "EVENTS",
        "granted": False,
        "recordedAt": None,
        "source": None,
        "wording": None,
    }
    # and their directory settings
    assert me["directoryVisibility"] == {"optIn": False, "showEmail": False, "showPhone": False, "showCity": False}


# 2 (session, user) + 1 (the member with their household) + 3 (emails, phones, addresses) + 1 (household members)
# + 2 (the viewer's user and group permissions, for the membership row filter) + 1 (memberships with levels)
# + 1 (terms) + 1 (consents).
ME_QUERIES = 12


@pytest.mark.parametrize("size", [1, 6])
def test_me_runs_in_a_constant_number_of_queries(graphql, django_assert_num_queries, size):
    # given a member with `size` contacts, household members, memberships and consents
    constituent = _member_with_records(size)
    graphql.login(constituent.user)
    # when they ask for everything `me` shows
    with django_assert_num_queries(ME_QUERIES):
        me = graphql(ME).data["me"]
    # then the number of queries does not depend on how much they have
    assert len(me["emails"]) == size + 1
    assert len(me["memberships"]) == size + 2
