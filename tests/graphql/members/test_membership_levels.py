from decimal import Decimal

import pytest
from wagtail.models import Site

from steward.members.models import MembershipLevel
from tests.factories import MembershipLevelFactory

LEVELS = """
query {
  membershipLevels { id name slug description term benefits coversHousehold price { amount currency } }
}
"""


def test_membership_levels_lists_active_levels_joinable_online_in_display_order(graphql):
    # given levels in a display order, one retired and one for staff to grant only
    MembershipLevelFactory(name="Family", slug="family", sort_order=2)
    MembershipLevelFactory(name="Student", slug="student", sort_order=1)
    MembershipLevelFactory(name="Old", slug="old", active=False)
    MembershipLevelFactory(name="Honorary", slug="honorary", joinable_online=False)
    # when anyone asks for the levels
    levels = graphql(LEVELS).data["membershipLevels"]
    # then only the active, joinable ones come back, in display order
    assert [level["slug"] for level in levels] == ["student", "family"]


def test_membership_level_shows_price_term_benefits_and_rich_text_description(graphql):
    # given a level with a rich-text description linking to the home page, benefits and a baht price
    home = Site.objects.get(is_default_site=True).root_page
    MembershipLevelFactory(
        name="Household",
        slug="household",
        price=Decimal("1200.00"),
        currency="THB",
        term=MembershipLevel.Term.MONTHLY,
        covers_household=True,
        benefits="Free entry\n\n  Members' evenings  \n",
        description=f'<p>For the <b>whole</b> family. <a linktype="page" id="{home.pk}">More</a></p>',
    )
    # when the levels are listed
    (level,) = graphql(LEVELS).data["membershipLevels"]
    # then price is a decimal string beside its currency, and the other fields are typed
    assert level["price"] == {"amount": "1200.00", "currency": "THB"}
    assert level["term"] == "MONTHLY"
    assert level["coversHousehold"] is True
    assert level["benefits"] == ["Free entry", "Members' evenings"]
    # and the description is HTML with the internal link expanded to the page's URL
    assert level["description"] == '<p>For the <b>whole</b> family. <a href="/">More</a></p>'
    assert level["id"]


@pytest.mark.parametrize("size", [1, 8])
def test_membership_levels_is_one_query_whatever_the_number_of_levels(graphql, django_assert_num_queries, size):
    # given `size` levels
    MembershipLevelFactory.create_batch(size)
    # when the public lists them
    with django_assert_num_queries(1):
        levels = graphql(LEVELS).data["membershipLevels"]
    # then one query fetched them all
    assert len(levels) == size
