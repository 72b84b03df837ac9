"""Claiming someone else's email address: a member's new address is used only once the signed link sent to it
is followed by that member; an address that is another record's is never attached (and the answer does not say
so); signed-out gifts go to a record only by an address its owner proved."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from steward.core.models import OutboxMessage
from steward.core.outbox import outbox_send
from steward.donations import gifts, receipts
from steward.members.models import Constituent, Email
from tests.factories import GiftFactory, IndividualFactory, UserFactory
from tests.graphql.conftest import GraphQLClient

UPDATE_EMAIL = """
mutation ($email: String!) {
  updateProfile(input: {primaryEmail: $email}) {
    __typename
    ... on Member { emails { address isPrimary } pendingEmail }
    ... on OperationInfo { messages { field code message } }
  }
}
"""
CONFIRM = """
mutation ($token: String!) {
  confirmEmail(token: $token) {
    __typename
    ... on Member { emails { address isPrimary } pendingEmail }
    ... on OperationInfo { messages { field code message } }
  }
}
"""


def _account(*, email: str, given_name: str, family_name: str) -> Constituent:
    """A person who signed up with this address and confirmed it (their account's username is the address)."""
    user = UserFactory(username=email, email=email)
    return IndividualFactory(user=user, given_name=given_name, family_name=family_name, email=email)


def _signed_in(person: Constituent) -> GraphQLClient:
    client = GraphQLClient()
    client.login(person.user)
    return client


def _send_owed_messages() -> None:
    for message_id in OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).values_list("pk", flat=True):
        outbox_send(message_id=message_id)


def _emails(person: Constituent) -> list[tuple[str, bool]]:
    return list(Email.objects.filter(constituent=person).order_by("address").values_list("address", "is_primary"))


def _token_in(body: str) -> str:
    link = re.search(r"https?://\S+/account/confirm-email\?\S+", body)
    assert link, body
    return parse_qs(urlparse(link.group(0)).query)["token"][0]


@pytest.fixture
def mallory(db) -> Constituent:
    return _account(email="mallory@example.org", given_name="Mallory", family_name="Marsh")


@pytest.fixture
def vera(db) -> Constituent:
    return _account(email="vera@example.org", given_name="Vera", family_name="Vance")


def test_a_new_address_is_used_only_once_the_link_sent_to_it_is_followed(mallory):
    # given a signed-in member
    client = _signed_in(mallory)
    # when they ask for a new address that nobody else has
    answer = client(UPDATE_EMAIL, {"email": "mallory.new@example.org"}).data["updateProfile"]
    # then nothing changes yet: the new address is pending and the old one is still the one used
    assert answer == {
        "__typename": "Member",
        "emails": [{"address": "mallory@example.org", "isPrimary": True}],
        "pendingEmail": "mallory.new@example.org",
    }
    assert _emails(mallory) == [("mallory@example.org", True)]
    # and a link is mailed to the new address, greeting the member who asked
    _send_owed_messages()
    assert [message.to for message in mail.outbox] == [["mallory.new@example.org"]]
    assert mail.outbox[0].body.startswith("Dear Mallory,")
    # when the member follows it
    confirmed = client(CONFIRM, {"token": _token_in(mail.outbox[0].body)}).data["confirmEmail"]
    # then the new address is their primary one
    assert confirmed["__typename"] == "Member"
    assert confirmed["pendingEmail"] is None
    assert _emails(mallory) == [("mallory.new@example.org", True), ("mallory@example.org", False)]


def test_claiming_another_persons_address_changes_nothing_and_answers_as_for_a_free_one(mallory, vera):
    # given a member and another person whose address is on file
    client = _signed_in(mallory)
    # when the member asks for the other person's address (in another case)
    answer = client(UPDATE_EMAIL, {"email": "VERA@example.org"}).data["updateProfile"]
    # then the answer is the same "check your inbox" as for a free address
    assert answer == {
        "__typename": "Member",
        "emails": [{"address": "mallory@example.org", "isPrimary": True}],
        "pendingEmail": "VERA@example.org",
    }
    # and nothing was attached to anybody
    assert _emails(mallory) == [("mallory@example.org", True)]
    assert _emails(vera) == [("vera@example.org", True)]
    # and the address's owner is told, with no link to confirm and without the member's name
    _send_owed_messages()
    assert [message.to for message in mail.outbox] == [["VERA@example.org"]]
    body = mail.outbox[0].body
    assert "already on file" in body
    assert "confirm-email" not in body
    assert "Mallory" not in body


def test_a_confirm_link_works_only_for_the_member_who_asked(mallory, vera):
    # given a link sent for a member's new address
    _signed_in(mallory)(UPDATE_EMAIL, {"email": "shared@example.org"})
    _send_owed_messages()
    token = _token_in(mail.outbox[0].body)
    # when another member opens it
    answer = _signed_in(vera)(CONFIRM, {"token": token}).data["confirmEmail"]
    # then it is refused and neither record changes
    assert answer["__typename"] == "OperationInfo"
    assert [(m["field"], m["code"]) for m in answer["messages"]] == [("token", "invalid")]
    assert _emails(mallory) == [("mallory@example.org", True)]
    assert _emails(vera) == [("vera@example.org", True)]


def test_a_link_is_refused_once_the_address_became_someone_elses(mallory):
    # given a link sent for a member's new address
    client = _signed_in(mallory)
    client(UPDATE_EMAIL, {"email": "later@example.org"})
    _send_owed_messages()
    token = _token_in(mail.outbox[0].body)
    # and, before it is used, staff record that address for someone else
    IndividualFactory(given_name="Other", family_name="Person", email="later@example.org")
    # when the member follows the link
    answer = client(CONFIRM, {"token": token}).data["confirmEmail"]
    # then it is refused
    assert [(m["field"], m["code"]) for m in answer["messages"]] == [("token", "invalid")]
    assert _emails(mallory) == [("mallory@example.org", True)]


def test_an_expired_or_forged_confirm_link_is_refused(mallory):
    client = _signed_in(mallory)
    client(UPDATE_EMAIL, {"email": "slow@example.org"})
    _send_owed_messages()
    token = _token_in(mail.outbox[0].body)
    # when the link is older than its lifetime
    with override_settings(ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS=0):
        expired = client(CONFIRM, {"token": token}).data["confirmEmail"]
    # or altered
    forged = client(CONFIRM, {"token": token[:-2] + "xx"}).data["confirmEmail"]
    # then both are refused and nothing changed
    assert [m["code"] for m in expired["messages"]] == ["expired"]
    assert [m["code"] for m in forged["messages"]] == ["invalid"]
    assert _emails(mallory) == [("mallory@example.org", True)]


def test_a_newer_request_supersedes_the_older_link(mallory):
    client = _signed_in(mallory)
    client(UPDATE_EMAIL, {"email": "first@example.org"})
    _send_owed_messages()
    first_token = _token_in(mail.outbox[0].body)
    client(UPDATE_EMAIL, {"email": "second@example.org"})
    # when the older link is used after the newer request
    answer = client(CONFIRM, {"token": first_token}).data["confirmEmail"]
    # then it no longer works
    assert [m["code"] for m in answer["messages"]] == ["invalid"]
    assert _emails(mallory) == [("mallory@example.org", True)]


def test_signed_out_gifts_with_an_address_someone_claimed_do_not_go_to_the_claimer(db):
    # given a member whose record holds another person's address it never proved (claimed before this fix)
    claimer = _account(email="mallory@example.org", given_name="Mallory", family_name="Marsh")
    Email.objects.filter(constituent=claimer, address="mallory@example.org").update(is_primary=False)
    Email.objects.create(constituent=claimer, address="vera@example.org", is_primary=True)
    # when the real owner of the address gives signed out
    donor = gifts.donor_find_or_create(email="vera@example.org", given_name="Vera", family_name="Vance")
    # then the gift goes to a new record with the name and address typed, flagged for staff to merge
    assert donor.pk != claimer.pk
    assert (donor.given_name, donor.family_name) == ("Vera", "Vance")
    assert _emails(donor) == [("vera@example.org", True)]
    assert list(donor.tags.names()) == ["possible duplicate"]


def test_signed_out_gifts_go_to_the_account_that_proved_the_address_not_an_older_claimer(db):
    # given an older record with an account that claimed the address, and the owner's account signed up with it
    claimer = _account(email="mallory@example.org", given_name="Vera", family_name="Vance")
    Email.objects.create(constituent=claimer, address="vera@example.org")
    owner = _account(email="vera@example.org", given_name="Vera", family_name="Vance")
    # when the owner gives signed out with their address and name
    donor = gifts.donor_find_or_create(email="Vera@Example.org", given_name="vera", family_name="VANCE")
    # then the gift is theirs
    assert donor.pk == owner.pk


def test_a_signed_out_gift_with_someone_elses_address_and_another_name_makes_a_new_record(vera):
    # when someone gives signed out with a proven address but another name
    donor = gifts.donor_find_or_create(email="vera@example.org", given_name="Mallory", family_name="Marsh")
    # then it is not added to the address owner's history
    assert donor.pk != vera.pk
    assert (donor.given_name, donor.family_name) == ("Mallory", "Marsh")
    assert list(donor.tags.names()) == ["possible duplicate"]


def test_the_receipt_of_a_signed_out_gift_greets_the_name_typed_on_it(db, django_capture_on_commit_callbacks):
    # given a member whose record holds another person's address it never proved
    claimer = _account(email="mallory@example.org", given_name="Mallory", family_name="Marsh")
    Email.objects.filter(constituent=claimer).delete()
    Email.objects.create(constituent=claimer, address="vera@example.org", is_primary=True)
    # when the address's owner gives signed out and the gift is receipted
    donor = gifts.donor_find_or_create(email="vera@example.org", given_name="Vera", family_name="Vance")
    gift = GiftFactory(constituent=donor, succeeded_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        receipts.receipt_issue_and_send(gift_id=gift.pk)
    # then the receipt goes to the address typed and greets the name typed, not the claimer's
    assert [message.to for message in mail.outbox] == [["vera@example.org"]]
    assert mail.outbox[0].body.startswith("Dear Vera Vance,")
