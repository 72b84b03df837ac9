"""The personal calendar feed: iCalendar of the booked shifts, at a secret URL that can be reset."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from steward.volunteers import calendar, services
from steward.volunteers.models import Signup, VolunteerProfile
from tests.volunteers.factories import OpportunityFactory, make_shift, volunteer

pytestmark = pytest.mark.django_db


def feed_path(profile: VolunteerProfile) -> str:
    return reverse("volunteers:calendar_feed", args=(calendar.calendar_token(profile),))


def test_the_feed_lists_booked_shifts_in_their_own_time_zone(client):
    # given a volunteer booked on a New York shift, waitlisted on another and cancelled from a third
    person = volunteer()
    opportunity = OpportunityFactory(title="Homework club", location="Riverside Library")
    new_york = services.shift_create(
        opportunity=opportunity,
        starts_at=dt.datetime(2027, 11, 7, 15),
        ends_at=dt.datetime(2027, 11, 7, 17),
        time_zone="America/New_York",
        capacity=1,
    )
    booked = services.signup_create(shift=new_york, constituent=person, now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    services.signup_set_status(signup=booked, status=Signup.Status.CONFIRMED)
    full = make_shift(capacity=1, starts_in=dt.timedelta(days=20))
    services.signup_create(shift=full, constituent=volunteer())
    services.signup_create(shift=full, constituent=person)
    services.signup_cancel(
        signup=services.signup_create(shift=make_shift(starts_in=dt.timedelta(days=30)), constituent=person)
    )
    profile = VolunteerProfile.objects.get(constituent=person)
    # when their calendar app fetches the feed
    response = client.get(feed_path(profile))
    # then it is iCalendar with exactly the booked shift
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = list(parsed.walk("VEVENT"))
    assert [str(event["SUMMARY"]) for event in events] == ["Homework club"]
    event = events[0]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    # at 15:00 New York time (after the clocks went back: 20:00 UTC), with the zone named
    assert start == dt.datetime(2027, 11, 7, 15, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert start.astimezone(dt.UTC) == dt.datetime(2027, 11, 7, 20, tzinfo=dt.UTC)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert end - start == dt.timedelta(hours=2)
    assert str(event["LOCATION"]) == "Riverside Library"
    # and the zone's rules travel with the calendar
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["America/New_York"]


def test_resetting_the_feed_retires_the_old_url(client):
    profile = services.volunteer_profile_ensure(constituent=volunteer())
    old = feed_path(profile)
    assert client.get(old).status_code == 200
    services.calendar_feed_reset(profile=profile)
    assert client.get(old).status_code == 404
    assert client.get(feed_path(profile)).status_code == 200


def test_a_forged_or_altered_token_finds_nothing(client):
    profile = services.volunteer_profile_ensure(constituent=volunteer())
    token = calendar.calendar_token(profile)
    assert client.get(reverse("volunteers:calendar_feed", args=(token[:-2] + "xx",))).status_code == 404
    assert client.get(reverse("volunteers:calendar_feed", args=("not-a-token",))).status_code == 404
    assert calendar.profile_for_token(token) == profile


def test_the_feed_url_is_absolute_on_the_supporters_site(settings):
    # the frontend forwards /volunteers/ to Django, so the feed works wherever the site runs
    settings.FRONTEND_URL = "https://join.example.org/"
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    profile = services.volunteer_profile_ensure(constituent=volunteer())
    assert calendar.calendar_url(profile).startswith("https://join.example.org/volunteers/calendar/")
