"""A member sees when messages to their address are stopped, and starts them again once it takes mail."""

from __future__ import annotations

import pytest

from steward.core.mail import Purpose, email_verdict
from steward.members import services
from steward.members.models import Email, EmailSuppression
from tests.graphql.conftest import member_with_account

pytestmark = pytest.mark.django_db

ME = "query { me { emailSuppression { address reason since canResubscribe } } }"
RESUBSCRIBE = """
mutation {
  resubscribeEmail {
    __typename
    ... on Member { emailSuppression { reason } }
    ... on OperationInfo { messages { field code message } }
  }
}
"""


def _address(member) -> str:
    return member.emails.get(is_primary=True).address


def test_a_member_sees_the_bounce_and_resubscribes_once_fixed(member_graphql, member):
    assert member_graphql(ME).data["me"]["emailSuppression"] is None
    services.suppression_add(address=_address(member).upper(), reason="hard_bounce", detail="550 no such user")
    shown = member_graphql(ME).data["me"]["emailSuppression"]
    assert shown["address"] == _address(member).lower()
    assert (shown["reason"], shown["canResubscribe"]) == ("HARD_BOUNCE", True)
    assert shown["since"]
    assert email_verdict(_address(member), purpose=Purpose.TRANSACTIONAL).refusal
    result = member_graphql(RESUBSCRIBE).data["resubscribeEmail"]
    assert result == {"__typename": "Member", "emailSuppression": None}
    lifted = EmailSuppression.objects.get()
    assert lifted.lifted_at is not None
    assert lifted.lifted_by == member.user
    assert "portal" in lifted.lift_reason
    assert email_verdict(_address(member), purpose=Purpose.TRANSACTIONAL).refusal == ""


@pytest.mark.parametrize(
    ("reason", "code"),
    [(None, "not_suppressed"), ("manual", "staff_only")],
)
def test_what_a_member_cannot_lift_is_a_typed_error_and_changes_nothing(member_graphql, member, reason, code):
    if reason:
        services.suppression_add(address=_address(member), reason=reason, detail="asked by phone")
        assert member_graphql(ME).data["me"]["emailSuppression"]["canResubscribe"] is False
    result = member_graphql(RESUBSCRIBE).data["resubscribeEmail"]
    assert result["__typename"] == "OperationInfo"
    assert [(m["field"], m["code"]) for m in result["messages"]] == [("email", code)]
    assert EmailSuppression.objects.filter(lifted_at__isnull=False).count() == 0


def test_a_member_lifts_only_their_own_address(member_graphql, member):
    other = member_with_account(given_name="Other")
    services.suppression_add(address=_address(other), reason="hard_bounce")
    assert member_graphql(ME).data["me"]["emailSuppression"] is None
    result = member_graphql(RESUBSCRIBE).data["resubscribeEmail"]
    assert result["messages"][0]["code"] == "not_suppressed"
    assert EmailSuppression.objects.get().lifted_at is None


def test_signed_out_visitors_cannot_resubscribe(graphql, member):
    services.suppression_add(address=_address(member), reason="hard_bounce")
    result = graphql(RESUBSCRIBE).data["resubscribeEmail"]
    assert result["__typename"] == "OperationInfo"
    assert result["messages"][0]["message"] == "Sign in with a member account to do this."
    assert EmailSuppression.objects.get().lifted_at is None


def test_asking_for_emails_too_still_answers_for_the_member_alone(member_graphql, member):
    # (with `emails` in the query the optimizer prefetches them; the suppression must still be this member's)
    other = member_with_account(given_name="Other")
    services.suppression_add(address=_address(other), reason="hard_bounce")
    # the member's address is the newer row: an unfiltered "first primary email" would be the other's
    Email.objects.filter(constituent=member).delete()
    Email.objects.create(constituent=member, address="malee.srisuk@example.org", is_primary=True)
    query = "query { me { emails { address } emailSuppression { address } } }"
    assert member_graphql(query).data["me"]["emailSuppression"] is None
    services.suppression_add(address=_address(member), reason="complaint")
    assert member_graphql(query).data["me"]["emailSuppression"] == {"address": _address(member).lower()}
