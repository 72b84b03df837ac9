"""The digital membership card: a PDF for the member's own membership, with a QR code holding a signed id."""

import base64

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from strawberry import relay

from steward.members.card import CARD_SALT, membership_card_read, membership_card_token
from steward.members.models import Membership
from tests.graphql.conftest import member_with_account

pytestmark = pytest.mark.django_db


def card_url(membership: Membership, *, global_id: bool = True) -> str:
    ident = str(relay.GlobalID("Membership", str(membership.pk))) if global_id else str(membership.pk)
    return f"/members/card/{ident}/"


def test_a_member_downloads_the_card_of_their_membership(client):
    # given a member signed in
    member = member_with_account(given_name="Malee", family_name="Srisuk")
    membership = member.memberships.get()
    client.force_login(member.user)
    # when they ask for its card by the id the portal has
    response = client.get(card_url(membership))
    # then it is a PDF, private
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_the_card_of_someone_else_is_not_found(client):
    owner = member_with_account()
    other = member_with_account()
    client.force_login(other.user)
    assert client.get(card_url(owner.memberships.get())).status_code == 404


@pytest.mark.parametrize("ident", ["nonsense", base64.b64encode(b"Gift:1").decode(), "999999"])
def test_an_unknown_or_wrong_id_is_not_found(client, ident):
    member = member_with_account()
    client.force_login(member.user)
    assert client.get(f"/members/card/{ident}/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    member = member_with_account()
    response = client.get(card_url(member.memberships.get(), global_id=False))
    assert response.status_code == 302


def test_a_cancelled_membership_has_no_card(client):
    member = member_with_account()
    membership = member.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.CANCELLED)
    client.force_login(member.user)
    assert client.get(card_url(membership)).status_code == 404


def test_the_qr_value_names_the_membership_and_cannot_be_forged():
    membership = member_with_account().memberships.get()
    token = membership_card_token(membership)
    assert membership_card_read(token) == membership
    # the same id signed with another salt (or tampered with) is refused
    forged = signing.dumps({"membership": membership.pk}, salt="something-else", compress=True)
    for bad in [forged, token[:-2] + "xx", "not-a-card"]:
        with pytest.raises(ValidationError) as refused:
            membership_card_read(bad)
        assert refused.value.code == "invalid_card"


def test_a_card_for_a_membership_that_no_longer_exists_is_refused():
    token = signing.dumps({"membership": 987_654}, salt=CARD_SALT, compress=True)
    with pytest.raises(ValidationError) as refused:
        membership_card_read(token)
    assert refused.value.code == "not_found"
