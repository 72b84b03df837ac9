import datetime as dt

from steward.core.dates import organisation_today
from steward.members import services
from steward.members.models import Address, Constituent, Email, Phone
from tests.factories import StaffUserFactory

UPDATE_PROFILE = """
mutation ($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    __typename
    ... on Member {
      displayName givenName familyName preferredName pronouns birthDate
      emails { address isPrimary }
      pendingEmail
      phones { number isPrimary }
      addresses { line1 city postalCode country isPrimary }
    }
    ... on OperationInfo { messages { kind field code message } }
  }
}
"""


def _snapshot(constituent: Constituent) -> dict:
    """Everything the mutation may change, read fresh from the database."""
    fresh = Constituent.objects.get(pk=constituent.pk)
    return {
        "names": (fresh.given_name, fresh.family_name, fresh.preferred_name, fresh.pronouns, fresh.birth_date),
        "emails": list(Email.objects.filter(constituent=fresh).values_list("address", "is_primary")),
        "phones": [(str(p.number), p.is_primary) for p in Phone.objects.filter(constituent=fresh)],
        "addresses": list(Address.objects.filter(constituent=fresh).values_list("line1", "postal_code", "is_primary")),
    }


def test_update_profile_changes_profile_and_primary_contacts(member_graphql, member):
    # given a signed-in member with one email address
    old_email = member.emails.get().address
    # when they change their names, pronouns, birth date and primary email, phone and address
    result = member_graphql(
        UPDATE_PROFILE,
        {
            "input": {
                "givenName": "Malee",
                "familyName": "Thongdee",
                "preferredName": "Lee",
                "pronouns": "she/her",
                "birthDate": "1985-02-28",
                "primaryEmail": "lee@example.org",
                "primaryPhone": "+66 2 123 4567",
                "primaryAddress": {
                    "line1": "99 Silom Rd",
                    "city": "Bangkok",
                    "postalCode": "10500",
                    "country": "th",
                },
            }
        },
    )
    # then the member comes back changed
    updated = result.data["updateProfile"]
    assert updated["__typename"] == "Member"
    assert updated["displayName"] == "Lee Thongdee"
    assert updated["pronouns"] == "she/her"
    assert updated["birthDate"] == "1985-02-28"
    # and the new phone and address are primary; the new email waits for its confirm link (issue 12: an
    # unconfirmed address would otherwise claim someone else's gifts and sign-in), the old one still primary
    assert updated["emails"] == [{"address": old_email, "isPrimary": True}]
    assert updated["pendingEmail"] == "lee@example.org"
    assert updated["phones"] == [{"number": "+6621234567", "isPrimary": True}]
    assert updated["addresses"] == [
        {"line1": "99 Silom Rd", "city": "Bangkok", "postalCode": "10500", "country": "TH", "isPrimary": True}
    ]
    # and the database agrees
    member.refresh_from_db()
    assert (member.given_name, member.family_name, member.birth_date) == ("Malee", "Thongdee", dt.date(1985, 2, 28))


def test_invalid_input_returns_every_field_error_and_changes_nothing(member_graphql, member):
    # given a signed-in member and the state of their record
    before = _snapshot(member)
    # when they send valid names together with a future birth date and a bad email, phone and postcode
    result = member_graphql(
        UPDATE_PROFILE,
        {
            "input": {
                "givenName": "Changed",
                "birthDate": (organisation_today() + dt.timedelta(days=10)).isoformat(),
                "primaryEmail": "not-an-email",
                "primaryPhone": "12",
                "primaryAddress": {"line1": "1 Main St", "postalCode": "ABC", "country": "TH"},
            }
        },
    )
    # then the answer is a typed error naming each bad field
    payload = result.data["updateProfile"]
    assert payload["__typename"] == "OperationInfo"
    by_field = {message["field"]: message for message in payload["messages"]}
    assert set(by_field) == {"birthDate", "primaryEmail", "primaryPhone", "primaryAddress.postalCode"}
    assert {message["kind"] for message in payload["messages"]} == {"VALIDATION"}
    assert by_field["primaryEmail"]["message"] == "'not-an-email' is not a valid email address."
    assert by_field["primaryEmail"]["code"] == "invalid"
    assert by_field["primaryAddress.postalCode"]["message"] == (
        "'ABC' is not a valid postcode for THAILAND (for example 10150)."
    )
    assert by_field["primaryPhone"]["message"] == (
        "'12' is not a valid phone number; use the international form, e.g. +66 2 123 4567."
    )
    assert by_field["birthDate"]["message"] == "The birth date cannot be in the future."
    # and nothing changed, not even the valid name
    assert _snapshot(member) == before


def test_one_bad_part_rolls_back_the_good_parts(member_graphql, member):
    # given a signed-in member
    before = _snapshot(member)
    # when the names, email and phone are valid but the country code is not
    result = member_graphql(
        UPDATE_PROFILE,
        {
            "input": {
                "givenName": "Changed",
                "primaryEmail": "new@example.org",
                "primaryPhone": "+66 2 123 4567",
                "primaryAddress": {"line1": "1 Main St", "country": "XX"},
            }
        },
    )
    # then only the country is reported, and none of the valid parts was saved
    messages = result.data["updateProfile"]["messages"]
    assert [(message["field"], message["message"]) for message in messages] == [
        ("primaryAddress.country", "'XX' is not a known country code.")
    ]
    assert _snapshot(member) == before


def test_a_malformed_date_is_refused_before_anything_runs(member_graphql, member):
    # given a signed-in member
    before = _snapshot(member)
    # when the birth date is not a date at all
    result = member_graphql(UPDATE_PROFILE, {"input": {"birthDate": "1990-13-45"}}, errors=True)
    # then the request is refused with a GraphQL error (not a server error) and nothing changed
    assert result.data is None
    assert "birthDate" in result.error_messages[0]
    assert _snapshot(member) == before


def test_removing_every_name_is_a_field_error(member_graphql, member):
    # given a signed-in member
    # when they clear their given and family names
    result = member_graphql(UPDATE_PROFILE, {"input": {"givenName": "", "familyName": ""}})
    # then the record's own rule answers, on the given name
    (message,) = result.data["updateProfile"]["messages"]
    assert message["field"] == "givenName"
    assert message["message"] == "Give at least a given name or a family name."


def test_sending_the_same_contacts_again_adds_nothing(member_graphql, member):
    # given a member who already set a phone and an address
    details = {
        "primaryPhone": "+66 2 123 4567",
        "primaryAddress": {"line1": "99 Silom Rd", "postalCode": "10500", "country": "TH"},
    }
    member_graphql(UPDATE_PROFILE, {"input": details})
    # when the profile form is submitted again unchanged
    result = member_graphql(UPDATE_PROFILE, {"input": {**details, "primaryEmail": member.emails.get().address}})
    # then there is still one of each
    updated = result.data["updateProfile"]
    assert len(updated["emails"]) == len(updated["phones"]) == len(updated["addresses"]) == 1


def test_an_existing_number_becomes_primary_again(member_graphql, member):
    # given a member with two numbers, the second primary
    services.phone_add(constituent=member, number="+66 2 123 4567")
    services.phone_add(constituent=member, number="+66 2 765 4321", primary=True)
    # when they choose the first again
    result = member_graphql(UPDATE_PROFILE, {"input": {"primaryPhone": "+6621234567"}})
    # then it is primary, and no number was added
    assert result.data["updateProfile"]["phones"] == [
        {"number": "+6621234567", "isPrimary": True},
        {"number": "+6627654321", "isPrimary": False},
    ]


def test_update_profile_needs_a_member_account(graphql):
    # given the public, then a staff account with no constituent record
    for user in [None, StaffUserFactory()]:
        if user is not None:
            graphql.login(user)
        # when they try to update a profile
        result = graphql(UPDATE_PROFILE, {"input": {"givenName": "X"}})
        # then they get a typed permission error
        assert result.data["updateProfile"] == {
            "__typename": "OperationInfo",
            "messages": [
                {
                    "kind": "PERMISSION",
                    "field": "updateProfile",
                    "code": None,
                    "message": "Sign in with a member account to do this.",
                }
            ],
        }
