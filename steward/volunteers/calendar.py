"""The personal calendar feed: a volunteer's booked shifts as iCalendar, at a secret URL.

The URL carries a signed token of the profile id and its `calendar_key`; resetting the key (services.
calendar_feed_reset) makes every earlier URL stop working. Calendar apps poll the URL for months, so the token
does not expire: it is revoked by a reset instead.
"""

from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.core import signing
from django.urls import reverse

from steward.core.links import frontend_url

from . import selectors
from .models import Signup, VolunteerProfile

SALT = "steward.volunteers.calendar"
PRODID = "-//Steward//Volunteer shifts//EN"


def calendar_token(profile: VolunteerProfile) -> str:
    """The secret token of a volunteer's feed (signed, so it cannot be guessed or altered)."""
    # A plain Signer (no timestamp): the same profile and key always give the same URL.
    return signing.Signer(salt=SALT).sign_object([profile.pk, profile.calendar_key.hex], compress=True)


def calendar_url(profile: VolunteerProfile) -> str:
    """The absolute URL of a volunteer's feed, to paste into a calendar app."""
    path = reverse("volunteers:calendar_feed", args=(calendar_token(profile),))
    return frontend_url(path)


def profile_for_token(token: str) -> VolunteerProfile | None:
    """The profile a token belongs to, or None if it is forged or was reset."""
    try:
        pk, key = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    profile = VolunteerProfile.objects.select_related("constituent").filter(pk=pk).first()
    if profile is None or profile.calendar_key.hex != key:
        return None
    return profile


def calendar_feed(profile: VolunteerProfile, *, now: dt.datetime | None = None) -> bytes:
    """The iCalendar document of the volunteer's booked shifts, each in its own time zone."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.WAGTAIL_SITE_NAME}: my volunteer shifts")
    stamp = now or dt.datetime.now(tz=dt.UTC)
    for signup in selectors.calendar_signups(constituent=profile.constituent):
        calendar.add_component(_shift_event(signup, stamp=stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _shift_event(signup: Signup, *, stamp: dt.datetime, description: str = "", url: str = "") -> icalendar.Event:
    """One booked shift as an event, in the shift's time zone. Its UID is the sign-up's, the same in the feed and in
    the file of a confirmation email, so a calendar app that has both shows the shift once."""
    shift = signup.shift
    opportunity = shift.opportunity
    event = icalendar.Event()
    event.add("uid", f"signup-{signup.pk}@steward")
    event.add("dtstamp", stamp)
    event.add("dtstart", shift.local_start)
    event.add("dtend", shift.local_end)
    event.add("summary", opportunity.title)
    event.add("location", "Online" if opportunity.is_online else opportunity.location)
    event.add("status", "CONFIRMED")
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def shift_invitation(signup: Signup, *, url: str = "", now: dt.datetime | None = None) -> bytes:
    """The calendar file attached to a sign-up's confirmation: one event of the shift (METHOD:PUBLISH, so calendar
    apps add it without sending a reply), with its time zone, location and a link back to the shift."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    stamp = now or dt.datetime.now(tz=dt.UTC)
    description = f"Your volunteer shift. Details and cancelling: {url}" if url else ""
    calendar.add_component(_shift_event(signup, stamp=stamp, description=description, url=url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
