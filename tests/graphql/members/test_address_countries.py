"""The countries the portal's country picker offers: every one is accepted in an address, and none is missing."""

import pytest
from django.core.exceptions import ValidationError

from steward.members.models import validate_postal_address

pytestmark = pytest.mark.django_db


def test_anyone_can_list_the_countries_an_address_may_be_in(graphql):
    codes = graphql("{ addressCountries }").data["addressCountries"]
    # the organisation's own countries and some from every continent are there, once each and in order
    assert {"TH", "MN", "TW", "HK", "GB", "US", "BR", "KE", "AU", "DE", "IN"} <= set(codes)
    assert codes == sorted(set(codes))
    assert all(len(code) == 2 and code.isupper() for code in codes)
    assert len(codes) > 240


def test_every_country_offered_is_accepted_in_an_address(graphql):
    for code in graphql("{ addressCountries }").data["addressCountries"]:
        validate_postal_address(country=code, postal_code="")


@pytest.mark.parametrize("code", ["ZZ", "XX", "UK", "EU"])
def test_codes_that_are_not_countries_are_neither_offered_nor_accepted(graphql, code):
    assert code not in graphql("{ addressCountries }").data["addressCountries"]
    with pytest.raises(ValidationError):
        validate_postal_address(country=code, postal_code="")
