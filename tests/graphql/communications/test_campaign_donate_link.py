"""A campaign email's donate link, followed as a reader would: the campaign goes out through a real SMTP server,
the donate link is taken from the HTML that arrived, the form is filled in from the link's token (emailReader),
the gift started with the link's source code is paid through localstripe, and the campaign's report counts it."""

import html
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from steward.communications import campaign_reports, campaigns
from steward.communications.models import EmailCampaign, SenderAddress
from steward.donations.models import Gift
from tests.communications.test_campaigns import BODY, consenting
from tests.factories import AppealFactory, FundFactory, SegmentFactory
from tests.graphql.donations.conftest import request_key
from tests.stripe_server import card

pytestmark = pytest.mark.django_db

READER = "query Reader($token: String!) { emailReader(token: $token) { givenName familyName email } }"
START = """
mutation Start($input: StartDonationInput!) {
  startDonation(input: $input) {
    __typename
    ... on PaymentStarted { status gift { id status } }
    ... on OperationInfo { messages { field code message } }
  }
}
"""


@pytest.fixture
def sent_campaign(smtp, django_capture_on_commit_callbacks):
    FundFactory(code="general", name="General fund")
    appeal = AppealFactory(code="SPRING26", name="Spring email")
    reader = consenting("ada@example.org", given_name="Ada", family_name="Lovelace")
    sender = SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")
    campaign = EmailCampaign.objects.create(
        name="Spring appeal", subject="Spring at the river", sender=sender, body=BODY, appeal_code=appeal.code
    )
    campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
    with django_capture_on_commit_callbacks(execute=True):
        campaigns.campaign_send(campaign=campaign)
    campaign.refresh_from_db()
    return campaign, appeal, reader


def test_a_gift_from_the_emails_donate_link_carries_its_appeal_and_counts_for_the_campaign(
    sent_campaign, smtp, graphql, stripe_api
):
    campaign, appeal, reader = sent_campaign
    # the donate button of the email as the mail server received it
    [received] = smtp.to("ada@example.org")
    link = html.unescape(re.search(r'href="([^"]+/donate/\?[^"]+)"', received.html)[1])
    query = parse_qs(urlsplit(link).query)
    assert query["source"] == ["SPRING26"]
    [token] = query["r"]

    # the donate page fills the form in from the token: the reader's name and the address the email went to
    donor = graphql(READER, {"token": token}).data["emailReader"]
    assert donor == {"givenName": "Ada", "familyName": "Lovelace", "email": "ada@example.org"}

    # the reader gives with what was filled in, and the link's source; the card is charged (localstripe)
    values = {
        "amount": "40.00",
        "currency": "USD",
        "paymentMethodId": card(stripe_api),
        "requestKey": request_key(),
        "appealCode": query["source"][0],
        "donor": donor,
    }
    result = graphql(START, {"input": values}).data["startDonation"]
    assert result["status"] == "SUCCEEDED", result

    # the gift is the reader's, paid, under the appeal
    gift = Gift.objects.get()
    assert (gift.constituent, gift.status, gift.appeal) == (reader, Gift.Status.SUCCEEDED, appeal)
    # and the campaign's report counts it, as coming from one of its readers
    attributed = campaign_reports.campaign_report(campaign).attributed
    assert attributed is not None
    assert (attributed.code, attributed.gifts, attributed.donors, attributed.from_recipients) == ("SPRING26", 1, 1, 1)
    assert attributed.total == Decimal("40.00")
