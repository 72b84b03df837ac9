"""The campaign page: a Wagtail page about a campaign, served with the campaign's goal and live progress."""

from decimal import Decimal

import pytest

from steward.donations.models import Gift
from steward.site.models import CampaignPage
from tests.factories import CampaignFactory, FundFactory, GiftFactory
from tests.graphql.cms.conftest import add_page

pytestmark = pytest.mark.django_db

QUERY = """
query ($path: String!) {
  page(path: $path) {
    __typename title seoTitle
    ... on CampaignPage {
      intro callToAction body { __typename }
      campaign { name goal { amount currency } raised { amount currency } percent donorCount }
    }
  }
}
"""


def test_a_campaign_page_shows_the_campaign_progress(graphql, home):
    fund = FundFactory()
    roof = CampaignFactory(name="New roof", slug="new-roof", goal_amount=Decimal("2000.00"), currency="USD")
    for amount in ("500.00", "250.00"):
        GiftFactory(campaign=roof, fund=fund, amount=Decimal(amount))
    GiftFactory(
        campaign=roof,
        fund=fund,
        amount=Decimal("900.00"),
        status=Gift.Status.REFUNDED,
        amount_refunded=Decimal("900.00"),
    )
    GiftFactory(fund=fund, amount=Decimal("75.00"))  # not for this campaign
    add_page(home, CampaignPage(title="Fix our roof", slug="roof", campaign=roof, intro="Rain gets in."))
    page = graphql(QUERY, {"path": "/roof/"}).data["page"]
    assert page["__typename"] == "CampaignPage"
    assert page["intro"] == "Rain gets in."
    assert page["callToAction"] == "Give now"
    assert page["campaign"] == {
        "name": "New roof",
        "goal": {"amount": "2000.00", "currency": "USD"},
        "raised": {"amount": "750.00", "currency": "USD"},
        "percent": 37,
        "donorCount": 2,
    }


def test_a_closed_campaign_leaves_the_page_without_progress(graphql, home):
    closed = CampaignFactory(slug="done", active=False)
    add_page(home, CampaignPage(title="Done", slug="done", campaign=closed))
    assert graphql(QUERY, {"path": "/done/"}).data["page"]["campaign"] is None
