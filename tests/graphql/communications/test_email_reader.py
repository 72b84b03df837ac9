"""emailReader: who a campaign email's donate link was made for, by the link's signed token (no sign-in), so the
donate form can fill itself in; nothing for a forged, mangled or expired token."""

from types import SimpleNamespace

import pytest
from django.core import signing

from steward.communications import rendering
from steward.communications.models import CampaignRecipient, EmailCampaign
from tests.factories import IndividualFactory

pytestmark = pytest.mark.django_db

READER = """
query Reader($token: String!) {
  emailReader(token: $token) { givenName familyName email }
}
"""


@pytest.fixture
def recipient():
    """One copy of a sent campaign, to an address other than the person's primary one."""
    person = IndividualFactory(given_name="Narantsetseg", family_name="Dorj", email="primary@example.mn")
    campaign = EmailCampaign.objects.create(name="Spring", subject="Spring", appeal_code="SPRING26")
    return CampaignRecipient.objects.create(
        campaign=campaign, constituent=person, address="naraa@example.mn", status=CampaignRecipient.Status.SENT
    )


def read(graphql, token):
    return graphql(READER, {"token": token}).data["emailReader"]


def test_the_donate_links_token_names_the_reader_with_the_address_the_email_went_to(graphql, recipient):
    token = rendering.recipient_links(recipient.pk, recipient.campaign)["__token"]
    assert read(graphql, token) == {"givenName": "Narantsetseg", "familyName": "Dorj", "email": "naraa@example.mn"}


def test_it_is_read_in_one_query(graphql, recipient, django_assert_num_queries):
    token = rendering.recipient_token(recipient.pk)
    with django_assert_num_queries(1):
        assert read(graphql, token)["email"] == "naraa@example.mn"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"), id="forged signature"),
        pytest.param(lambda token: token.replace(token.split(":")[0], str(int(token.split(":")[0]) + 1), 1), id="id"),
        pytest.param(lambda token: signing.TimestampSigner(salt="another.salt").sign("1"), id="another salt"),
        pytest.param(lambda token: token.split(":", 1)[1], id="mangled"),
        pytest.param(lambda token: "", id="empty"),
        pytest.param(lambda token: "not a token at all", id="nonsense"),
    ],
)
def test_a_forged_or_mangled_token_reads_nobody(graphql, recipient, tamper):
    token = rendering.recipient_token(recipient.pk)
    assert read(graphql, tamper(token)) is None


def test_a_token_for_a_copy_no_longer_on_file_reads_nobody(graphql, recipient):
    token = rendering.recipient_token(recipient.pk)
    recipient.delete()
    assert read(graphql, token) is None


def test_a_token_older_than_the_links_last_reads_nobody(graphql, recipient, monkeypatch):
    token = rendering.recipient_token(recipient.pk)
    real_time = signing.time.time
    # just before the links stop working, the token still reads the reader
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: real_time() + rendering.LINK_MAX_AGE - 60))
    assert read(graphql, token)["givenName"] == "Narantsetseg"
    # once they have, nobody
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: real_time() + rendering.LINK_MAX_AGE + 60))
    assert read(graphql, token) is None
