"""The campaign page: a Wagtail page about a campaign, served with the campaign's goal and live progress."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from steward.core.dates import organisation_today
from steward.donations.models import Gift
from steward.donations.selectors import CAMPAIGN_SUPPORTERS_SHOWN
from steward.site.models import CampaignPage
from tests.factories import CampaignFactory, FundFactory, GiftFactory, IndividualFactory
from tests.graphql.cms.conftest import add_page, make_image

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


SHARE_QUERY = """
query ($path: String!) {
  page(path: $path) {
    ... on CampaignPage {
      heroImage { title rendition(spec: "fill-1200x630") { width height alt } }
      campaign { percent daysLeft ended recentSupporters { givenName giftDate } }
    }
  }
}
"""


def _campaign_page(home, campaign, **fields):
    return add_page(home, CampaignPage(title="Roof", slug="roof", campaign=campaign, **fields))


def test_the_page_has_its_hero_image(graphql, home):
    # given a campaign page with a hero image
    hero = make_image(title="Volunteers on the roof", width=1600, height=1000)
    _campaign_page(home, CampaignFactory(), hero_image=hero)
    # when it is asked for
    page = graphql(SHARE_QUERY, {"path": "/roof/"}).data["page"]
    # then the image comes back, cropped for a link preview, with its alt text
    assert page["heroImage"]["title"] == "Volunteers on the roof"
    assert page["heroImage"]["rendition"] == {"width": 1200, "height": 630, "alt": "Volunteers on the roof"}


def test_a_page_without_a_hero_image_has_none(graphql, home):
    _campaign_page(home, CampaignFactory())
    assert graphql(SHARE_QUERY, {"path": "/roof/"}).data["page"]["heroImage"] is None


def test_percent_passes_one_hundred_when_the_goal_is_beaten(graphql, home):
    # given a campaign that raised 1,210 of a 1,000 goal
    roof = CampaignFactory(goal_amount=Decimal("1000.00"), currency="USD")
    GiftFactory(campaign=roof, amount=Decimal("1210.00"))
    _campaign_page(home, roof)
    # then its percentage is not capped
    assert graphql(SHARE_QUERY, {"path": "/roof/"}).data["page"]["campaign"]["percent"] == 121


@pytest.mark.parametrize(
    ("end_in_days", "days_left", "ended"),
    [(None, None, False), (12, 12, False), (0, 0, False), (-1, None, True)],
)
def test_days_left_count_to_the_end_date_in_the_organisations_calendar(graphql, home, end_in_days, days_left, ended):
    # given a campaign ending `end_in_days` from the organisation's today (or never)
    today = organisation_today()
    end = today + dt.timedelta(days=end_in_days) if end_in_days is not None else None
    _campaign_page(home, CampaignFactory(start_date=today - dt.timedelta(days=30), end_date=end))
    # then the page says how many days are left, or that it ended
    campaign = graphql(SHARE_QUERY, {"path": "/roof/"}).data["page"]["campaign"]
    assert (campaign["daysLeft"], campaign["ended"]) == (days_left, ended)


def test_supporters_are_named_only_by_the_given_name_they_chose_to_show(graphql, home):
    # given a campaign with gifts from donors who did and did not ask to be named
    roof = CampaignFactory()
    today = organisation_today()
    named = IndividualFactory(given_name="Ploy", family_name="Srisuk")
    unnamed = IndividualFactory(given_name="Bat", family_name="Erdene")
    both = IndividualFactory(given_name="Mei", family_name="Lin")
    GiftFactory(campaign=roof, constituent=named, name_shown=True, gift_date=today)
    GiftFactory(campaign=roof, constituent=unnamed, gift_date=today - dt.timedelta(days=1))
    GiftFactory(
        campaign=roof, constituent=both, name_shown=True, anonymous=True, gift_date=today - dt.timedelta(days=2)
    )
    # and gifts that do not belong on the list: unpaid, refunded, another campaign's
    GiftFactory(
        campaign=roof, constituent=IndividualFactory(given_name="Pending"), name_shown=True, status=Gift.Status.PENDING
    )
    GiftFactory(
        campaign=roof,
        constituent=IndividualFactory(given_name="Refunded"),
        name_shown=True,
        status=Gift.Status.REFUNDED,
        amount_refunded=Decimal("100.00"),
    )
    GiftFactory(campaign=CampaignFactory(), constituent=IndividualFactory(given_name="Elsewhere"), name_shown=True)
    _campaign_page(home, roof)
    # when the page is read signed out
    result = graphql(SHARE_QUERY, {"path": "/roof/"})
    # then the supporters are listed newest first: the one who chose to be named by given name, the others anonymous
    assert result.data["page"]["campaign"]["recentSupporters"] == [
        {"givenName": "Ploy", "giftDate": today.isoformat()},
        {"givenName": None, "giftDate": (today - dt.timedelta(days=1)).isoformat()},
        {"givenName": None, "giftDate": (today - dt.timedelta(days=2)).isoformat()},
    ]
    # and no family name or email address is anywhere in the answer
    answer = json.dumps(result.data)
    for private in ("Srisuk", "Erdene", "Bat", "Mei", "Lin", "@example.org", "Pending", "Refunded", "Elsewhere"):
        assert private not in answer


def test_the_supporters_list_is_capped(graphql, home):
    roof = CampaignFactory()
    GiftFactory.create_batch(CAMPAIGN_SUPPORTERS_SHOWN + 3, campaign=roof)
    _campaign_page(home, roof)
    supporters = graphql(SHARE_QUERY, {"path": "/roof/"}).data["page"]["campaign"]["recentSupporters"]
    assert len(supporters) == CAMPAIGN_SUPPORTERS_SHOWN


CAMPAIGNS_QUERY = "{ campaigns { slug recentSupporters { givenName giftDate } } }"


@pytest.mark.parametrize("size", [1, 6])
def test_supporters_of_every_campaign_are_read_in_one_query(graphql, django_assert_num_queries, size):
    # given `size` campaigns with named supporters each
    for index in range(size):
        campaign = CampaignFactory(slug=f"campaign-{index}")
        for _ in range(3):
            GiftFactory(campaign=campaign, name_shown=True)
    # when every campaign is read with its supporters: 1 (campaigns) + 1 (their latest gifts, with the donors)
    with django_assert_num_queries(2):
        campaigns = graphql(CAMPAIGNS_QUERY).data["campaigns"]
    # then the count does not depend on the number of campaigns or gifts
    assert len(campaigns) == size
    assert all(len(campaign["recentSupporters"]) == 3 for campaign in campaigns)
    assert all(supporter["givenName"] for campaign in campaigns for supporter in campaign["recentSupporters"])


@pytest.mark.parametrize("size", [2, 12])
def test_the_campaign_page_reads_its_supporters_in_constant_queries(graphql, home, django_assert_num_queries, size):
    # given a campaign page with `size` gifts
    roof = CampaignFactory()
    GiftFactory.create_batch(size, campaign=roof, name_shown=True)
    _campaign_page(home, roof)
    graphql(SHARE_QUERY, {"path": "/roof/"})
    # when the page is read again, the query count does not grow with its gifts
    with django_assert_num_queries(CAMPAIGN_PAGE_QUERIES):
        supporters = graphql(SHARE_QUERY, {"path": "/roof/"}).data["page"]["campaign"]["recentSupporters"]
    assert len(supporters) == min(size, CAMPAIGN_SUPPORTERS_SHOWN)


# site + view restrictions + the page + its specific row + the campaign (with progress) + its latest gifts
CAMPAIGN_PAGE_QUERIES = 6
