"""Every sign-up is confirmed by email once, after its commit, through the outbox: a place comes with the shift as
a calendar file (one event, its times in the shift's time zone), a place on the waitlist without one; a place the
waitlist gives is confirmed with the file too."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from steward.core.models import OutboxMessage
from steward.volunteers import services
from steward.volunteers.models import Signup
from tests.volunteers.factories import OpportunityFactory, volunteer

pytestmark = pytest.mark.django_db

KIND = "volunteer_signup_confirmation"
BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def _shift(capacity=1, **kwargs):
    """A shift at 09:00–12:30 Bangkok time, ten days from now."""
    day = timezone.now().date() + dt.timedelta(days=10)
    return services.shift_create(
        opportunity=OpportunityFactory(title="Community garden", location="Lumpini Park gate 3, Bangkok"),
        starts_at=dt.datetime.combine(day, dt.time(9)),
        ends_at=dt.datetime.combine(day, dt.time(12, 30)),
        time_zone="Asia/Bangkok",
        capacity=capacity,
        **kwargs,
    )


def _calendar(message) -> icalendar.Calendar:
    (ics,) = [content for name, content, mimetype in message.attachments if name == "shift.ics"]
    assert [mimetype for name, _, mimetype in message.attachments if name == "shift.ics"] == ["text/calendar"]
    return icalendar.Calendar.from_ical(ics)


def test_a_sign_up_is_confirmed_once_after_commit_with_the_shift_as_a_calendar_file(
    django_capture_on_commit_callbacks, settings
):
    # given a shift at 09:00-12:30 in Bangkok
    settings.FRONTEND_URL = "https://volunteer.example.org"
    shift = _shift()
    ama = volunteer(given_name="Ama")
    # when Ama signs up
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signup = services.signup_create(shift=shift, constituent=ama)
        # then nothing is sent before the commit
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    # and after it one email, to her
    (message,) = mail.outbox
    assert message.to == [ama.emails.get().address]
    assert message.subject.startswith("You are signed up: Community garden")
    assert "https://volunteer.example.org/portal/volunteering/" in message.body
    day = shift.local_start.date().isoformat()
    assert f"https://volunteer.example.org/volunteer/?from={day}&to={day}" in message.body
    # with the shift as one event in the calendar file, its times in Bangkok's zone
    calendar = _calendar(message)
    assert calendar["method"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"signup-{signup.pk}@steward"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start, end) == (shift.starts_at, shift.ends_at)
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert (start.astimezone(BANGKOK).hour, end.astimezone(BANGKOK).time()) == (9, dt.time(12, 30))
    assert event["dtstart"].params["TZID"] == "Asia/Bangkok"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Bangkok"]
    assert str(event["location"]) == "Lumpini Park gate 3, Bangkok"
    assert str(event["summary"]) == "Community garden"
    assert str(event["url"]) == f"https://volunteer.example.org/volunteer/?from={day}&to={day}"
    # and the outbox holds one sent message for the sign-up, which sending again does not repeat
    (row,) = OutboxMessage.objects.filter(kind=KIND)
    assert (row.status, row.payload) == (
        OutboxMessage.Status.SENT,
        {"signup": signup.pk, "template": "signup_confirmed"},
    )
    from steward.core.outbox import outbox_send

    outbox_send(message_id=row.pk)
    assert len(mail.outbox) == 1


def test_the_waitlist_is_confirmed_without_a_file_and_the_place_it_gives_with_one(django_capture_on_commit_callbacks):
    # given a one-place shift, booked by Ama
    shift = _shift(capacity=1)
    ama, kofi = volunteer(given_name="Ama"), volunteer(given_name="Kofi")
    with django_capture_on_commit_callbacks(execute=True):
        booked = services.signup_create(shift=shift, constituent=ama)
    # when Kofi signs up, he is on the waitlist, and is told so (no calendar file: nothing is booked)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.signup_create(shift=shift, constituent=kofi)
    assert waiting.status == Signup.Status.WAITLISTED
    told = mail.outbox[-1]
    assert told.to == [kofi.emails.get().address]
    assert told.subject.startswith("You are on the waitlist: Community garden")
    assert told.attachments == []
    # when Ama cancels, Kofi gets the place, and its confirmation carries the calendar file
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=booked)
    promoted = mail.outbox[-1]
    assert promoted.to == [kofi.emails.get().address]
    assert promoted.subject.startswith("A place opened up: Community garden")
    (event,) = _calendar(promoted).walk("VEVENT")
    assert str(event["uid"]) == f"signup-{waiting.pk}@steward"
    assert event.decoded("dtstart") == shift.starts_at
    assert len(mail.outbox) == 3


def test_a_sign_up_cancelled_before_its_confirmation_went_is_not_confirmed(django_capture_on_commit_callbacks):
    shift = _shift(capacity=2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signup = services.signup_create(shift=shift, constituent=volunteer())
    services.signup_cancel(signup=signup)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    (row,) = OutboxMessage.objects.filter(kind=KIND)
    assert row.status == OutboxMessage.Status.CANCELLED


def test_demo_sign_ups_owe_no_confirmation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_create(shift=_shift(), constituent=volunteer(), source="demo")
    assert not OutboxMessage.objects.filter(kind=KIND).exists()
    assert mail.outbox == []
