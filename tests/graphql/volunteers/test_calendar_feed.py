"""The member's personal calendar feed URL, resetting it, and the totals and feed being null when signed out."""

import icalendar
import pytest

from steward.volunteers import services
from tests.volunteers.factories import OpportunityFactory, make_shift

pytestmark = pytest.mark.django_db


def test_calendar_feed_url_and_reset(member_graphql, member, client, settings):
    settings.FRONTEND_URL = "https://join.example.org"
    # before any volunteering there is no feed
    assert member_graphql("query { myCalendarFeedUrl }").data["myCalendarFeedUrl"] is None
    services.signup_create(shift=make_shift(opportunity=OpportunityFactory(title="Garden")), constituent=member)
    url = member_graphql("query { myCalendarFeedUrl }").data["myCalendarFeedUrl"]
    path = url.removeprefix("https://join.example.org")
    events = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Garden"]
    # when the member resets it, the old URL stops working and the new one works
    reset = member_graphql("mutation { resetCalendarFeed { __typename ... on CalendarFeed { url } } }").data
    new_url = reset["resetCalendarFeed"]["url"]
    assert new_url != url
    assert client.get(path).status_code == 404
    assert client.get(new_url.removeprefix("https://join.example.org")).status_code == 200
    assert member_graphql("query { myCalendarFeedUrl }").data["myCalendarFeedUrl"] == new_url


def test_signed_out_totals_and_feed_are_null(graphql):
    data = graphql("query { myVolunteerTotals { approvedHours } myCalendarFeedUrl }").data
    assert data == {"myVolunteerTotals": None, "myCalendarFeedUrl": None}
