from steward.members import selectors
from steward.members.models import ConsentRecord

UPDATE_CONSENT = """
mutation ($input: UpdateConsentInput!) {
  updateConsent(input: $input) {
    __typename
    ... on Consent { channel topic granted source wording recordedAt }
    ... on OperationInfo { messages { kind field code message } }
  }
}
"""


def test_update_consent_appends_to_the_ledger_with_the_wording_shown(member_graphql, member):
    # given a signed-in member who never chose about the newsletter by email
    wording = "Send me the monthly newsletter by email."
    # when they agree through the portal
    result = member_graphql(
        UPDATE_CONSENT, {"input": {"channel": "EMAIL", "topic": "NEWSLETTER", "granted": True, "wording": wording}}
    )
    # then the current choice comes back, recorded from the portal with the wording
    consent = result.data["updateConsent"]
    assert consent["__typename"] == "Consent"
    assert (consent["channel"], consent["topic"], consent["granted"]) == ("EMAIL", "NEWSLETTER", True)
    assert (consent["source"], consent["wording"]) == ("portal", wording)
    assert consent["recordedAt"]
    # and the ledger holds one entry by this member's account
    record = ConsentRecord.objects.get(constituent=member)
    assert (record.source, record.wording, record.recorded_by) == ("portal", wording, member.user)
    assert selectors.consent_granted(constituent=member, channel="email", topic="newsletter") is True


def test_withdrawing_consent_adds_an_entry_and_changes_the_current_choice(member_graphql, member):
    # given a member who agreed to fundraising calls
    choice = {"channel": "PHONE", "topic": "FUNDRAISING", "wording": "Call me about appeals."}
    member_graphql(UPDATE_CONSENT, {"input": {**choice, "granted": True}})
    # when they withdraw
    result = member_graphql(UPDATE_CONSENT, {"input": {**choice, "granted": False}})
    # then the current choice is no, and both entries stay in the ledger
    assert result.data["updateConsent"]["granted"] is False
    assert ConsentRecord.objects.filter(constituent=member).count() == 2
    me = member_graphql("query { me { consents { channel topic granted } } }").data["me"]
    assert {"channel": "PHONE", "topic": "FUNDRAISING", "granted": False} in me["consents"]


def test_consent_without_wording_is_a_field_error_and_records_nothing(member_graphql, member):
    # given a signed-in member
    # when the client sends no wording
    result = member_graphql(
        UPDATE_CONSENT, {"input": {"channel": "SMS", "topic": "EVENTS", "granted": True, "wording": "   "}}
    )
    # then it is a typed error on the wording, and the ledger is untouched
    assert result.data["updateConsent"] == {
        "__typename": "OperationInfo",
        "messages": [
            {
                "kind": "VALIDATION",
                "field": "wording",
                "code": "required",
                "message": "Record the wording the person was shown.",
            }
        ],
    }
    assert not ConsentRecord.objects.filter(constituent=member).exists()


def test_an_unknown_channel_is_refused_by_the_schema(member_graphql, member):
    # given a signed-in member
    # when the client sends a channel that does not exist
    result = member_graphql(
        UPDATE_CONSENT,
        {"input": {"channel": "PIGEON", "topic": "EVENTS", "granted": True, "wording": "Coo."}},
        errors=True,
    )
    # then the request is refused before it runs, and nothing is recorded
    assert result.data is None
    assert "PIGEON" in result.error_messages[0]
    assert not ConsentRecord.objects.filter(constituent=member).exists()


def test_update_consent_needs_a_member_account(graphql):
    # given nobody is signed in
    # when a consent is sent
    result = graphql(
        UPDATE_CONSENT, {"input": {"channel": "EMAIL", "topic": "EVENTS", "granted": True, "wording": "Yes."}}
    )
    # then it is a typed permission error and nothing is recorded
    assert result.data["updateConsent"]["messages"][0]["kind"] == "PERMISSION"
    assert not ConsentRecord.objects.exists()
