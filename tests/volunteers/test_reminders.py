"""Shift reminders: sent VOLUNTEER_REMINDER_HOURS before the shift, once, however often the beat task runs."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from steward.core import tasks as core_tasks
from steward.core.models import OutboxMessage
from steward.core.outbox import outbox_send
from steward.volunteers import services, tasks
from steward.volunteers.models import ShiftReminder, Signup
from tests.volunteers.factories import OpportunityFactory, make_shift, volunteer

pytestmark = pytest.mark.django_db


def booked(shift, email=None) -> Signup:
    """A volunteer booked on a shift whose sign-up confirmation has already gone (the tests here count reminders)."""
    person = volunteer(email=email) if email else volunteer()
    signup = services.signup_create(shift=shift, constituent=person)
    confirmation = OutboxMessage.objects.get(key=f"volunteer_signup_confirmation:{signup.pk}")
    assert outbox_send(message_id=confirmation.pk) == OutboxMessage.Status.SENT
    mail.outbox.pop()
    return signup


def test_a_reminder_goes_out_within_the_window_and_not_before(settings):
    settings.VOLUNTEER_REMINDER_HOURS = 24
    # given one shift in 23 hours and one in 25 hours
    soon = booked(make_shift(starts_in=dt.timedelta(hours=23)), email="soon@example.org")
    booked(make_shift(starts_in=dt.timedelta(hours=25)), email="later@example.org")
    # when the beat task runs
    assert tasks.shift_reminders_send() == 1
    # then only the shift within 24 hours is reminded
    assert [message.to for message in mail.outbox] == [["soon@example.org"]]
    assert "Reminder" in mail.outbox[0].subject
    assert soon.shift.opportunity.title in mail.outbox[0].body
    assert ShiftReminder.objects.get().status == ShiftReminder.Status.SENT


def test_the_window_follows_the_setting(settings):
    settings.VOLUNTEER_REMINDER_HOURS = 48
    booked(make_shift(starts_in=dt.timedelta(hours=47)))
    tasks.shift_reminders_send()
    assert len(mail.outbox) == 1


def test_running_the_task_twice_sends_each_reminder_once():
    # given two people on a shift tomorrow morning
    shift = make_shift(starts_in=dt.timedelta(hours=12), capacity=2)
    booked(shift), booked(shift)
    # when the beat task runs twice (a retry, or two beat processes)
    tasks.shift_reminders_send()
    tasks.shift_reminders_send()
    # and a stale worker tries to send the same reminder again
    for signup in Signup.objects.all():
        assert services.shift_reminder_send(signup_id=signup.pk) is False
    # then each person got exactly one reminder
    assert len(mail.outbox) == 2
    assert ShiftReminder.objects.count() == 2


def test_waitlisted_cancelled_and_cancelled_shift_get_no_reminder():
    shift = make_shift(starts_in=dt.timedelta(hours=5), capacity=1)
    booked(shift)
    booked(shift)  # waitlisted
    cancelled = booked(make_shift(starts_in=dt.timedelta(hours=6, minutes=30)))
    services.signup_cancel(signup=cancelled)
    off = make_shift(starts_in=dt.timedelta(hours=8))
    booked(off)
    services.shift_cancel(shift=off)
    mail.outbox.clear()
    tasks.shift_reminders_send()
    assert len(mail.outbox) == 1


def test_a_moved_shift_is_reminded_again_for_its_new_time():
    # given a reminder sent for a shift in 10 hours
    shift = make_shift(starts_in=dt.timedelta(hours=10))
    booked(shift)
    tasks.shift_reminders_send()
    # when staff move it two hours later
    services.shift_update(
        shift=shift,
        starts_at=shift.starts_at + dt.timedelta(hours=2),
        ends_at=shift.ends_at + dt.timedelta(hours=2),
        time_zone=shift.time_zone,
        capacity=shift.capacity,
    )
    tasks.shift_reminders_send()
    tasks.shift_reminders_send()
    # then the volunteer hears about the new time once more, and only once
    assert len(mail.outbox) == 2


def test_reminder_timing_is_in_real_hours_across_the_clock_change(settings):
    settings.VOLUNTEER_REMINDER_HOURS = 24
    # given a 09:00 shift in New York on the morning the clocks went back (7 Nov 2027, 14:00 UTC)
    shift = services.shift_create(
        opportunity=OpportunityFactory(),
        starts_at=dt.datetime(2027, 11, 7, 9),
        ends_at=dt.datetime(2027, 11, 7, 12),
        time_zone="America/New_York",
        capacity=1,
    )
    services.signup_create(shift=shift, constituent=volunteer(), now=dt.datetime(2027, 11, 1, tzinfo=dt.UTC))
    # then 24 real hours before is 14:00 UTC the day before (10:00 on the New York clock, not 09:00)
    just_before = dt.datetime(2027, 11, 6, 13, 59, tzinfo=dt.UTC)
    at_the_time = dt.datetime(2027, 11, 6, 14, 0, tzinfo=dt.UTC)
    assert services.shift_reminders_due(now=just_before) == []
    due = services.shift_reminders_due(now=at_the_time)
    assert len(due) == 1
    assert services.shift_reminder_send(signup_id=due[0], now=at_the_time) is True
    assert "Sun 7 Nov 2027, 09:00" in mail.outbox[0].subject
    assert services.shift_reminders_due(now=at_the_time) == []


def test_a_reminder_is_not_sent_after_the_shift_started():
    signup = booked(make_shift(starts_in=dt.timedelta(hours=2)))
    assert services.shift_reminder_send(signup_id=signup.pk, now=timezone.now() + dt.timedelta(hours=3)) is False
    assert mail.outbox == []


def test_a_reminder_the_mail_server_refused_is_sent_by_the_sweeper_once_it_is_back(settings):
    # given the mail server is down when the reminder is due
    signup = booked(make_shift(starts_in=dt.timedelta(hours=6)), email="ada@example.org")
    settings.EMAIL_BACKEND = "tests.members.broken_mail.BrokenBackend"
    assert services.shift_reminder_send(signup_id=signup.pk) is False
    # then the reminder is owed (an outbox row waiting to be retried), not sent and not forgotten
    owed = OutboxMessage.objects.get(kind="volunteer_shift_reminder")
    assert owed.status == OutboxMessage.Status.PENDING
    assert ShiftReminder.objects.get().status == ShiftReminder.Status.CLAIMED
    # and the beat task does not owe it twice
    assert tasks.shift_reminders_send() == 0
    # when the mail server is back and the sweeper runs after the backoff
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=owed.pk).update(not_before=timezone.now())
    assert core_tasks.outbox_sweep.delay().get() == 1
    assert core_tasks.outbox_sweep.delay().get() == 0
    # then it went once, and the reminder says so
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert ShiftReminder.objects.get().status == ShiftReminder.Status.SENT


def test_a_reminder_owed_for_a_shift_cancelled_since_is_not_sent(settings):
    signup = booked(make_shift(starts_in=dt.timedelta(hours=6)))
    settings.EMAIL_BACKEND = "tests.members.broken_mail.BrokenBackend"
    services.shift_reminder_send(signup_id=signup.pk)
    services.shift_cancel(shift=signup.shift)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(kind="volunteer_shift_reminder").update(not_before=timezone.now())
    core_tasks.outbox_sweep.delay().get()
    reminder = OutboxMessage.objects.get(kind="volunteer_shift_reminder")
    assert reminder.status == OutboxMessage.Status.CANCELLED
    assert "cancelled" in reminder.last_error
    assert not [message for message in mail.outbox if "Reminder" in message.subject]
