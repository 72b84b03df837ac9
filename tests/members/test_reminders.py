"""Renewal reminders: queued at the configured offsets, recorded, sent once, retried on failure, caught up."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings

from steward.members import services, tasks
from steward.members.models import MembershipLevel, MembershipReminder
from tests.factories import IndividualFactory, MembershipLevelFactory, make_membership

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def annual_membership():
    # a membership whose term ends on 31 December 2025
    return make_membership(start_date=D(2025, 1, 1), today=D(2025, 1, 1))


def reminders(membership):
    return sorted(MembershipReminder.objects.filter(membership=membership).values_list("offset_days", "status"))


def test_reminders_go_out_on_each_offset(annual_membership):
    # when the daily task runs on each reminder day (default offsets: 30 and 7 days before, the day, 14 after)
    sent_on = {}
    for day in [D(2025, 12, 1), D(2025, 12, 24), D(2025, 12, 31), D(2026, 1, 14)]:
        mail.outbox.clear()
        tasks.membership_daily.delay(day.isoformat())
        sent_on[day] = [message.subject for message in mail.outbox]
    # then one email goes out on each of those days
    assert sent_on[D(2025, 12, 1)] == [f"Your {annual_membership.level.name} membership ends on 31 December 2025"]
    assert len(sent_on[D(2025, 12, 24)]) == 1
    assert sent_on[D(2025, 12, 31)] == [f"Your {annual_membership.level.name} membership ends today"]
    assert sent_on[D(2026, 1, 14)] == [f"Your {annual_membership.level.name} membership has ended"]
    assert reminders(annual_membership) == [(-30, "sent"), (-7, "sent"), (0, "sent"), (14, "sent")]
    assert mail.outbox[0].to == [annual_membership.constituent.emails.get(is_primary=True).address]


def test_running_twice_sends_nothing_twice(annual_membership):
    for _ in range(3):
        tasks.membership_daily.delay("2025-12-01")
    assert len(mail.outbox) == 1
    assert MembershipReminder.objects.count() == 1


def test_missed_days_are_caught_up(annual_membership):
    # given the task did not run from 28 November to 3 December
    # when it runs again on 4 December
    tasks.membership_daily.delay("2025-12-04")
    # then the 30-days-before reminder (due 1 December) still goes out, once
    assert reminders(annual_membership) == [(-30, "sent")]
    tasks.membership_daily.delay("2025-12-05")
    assert len(mail.outbox) == 1


def test_nothing_long_overdue_is_sent_on_first_install(annual_membership):
    # a reminder due months ago (beyond the catch-up window) is not sent out of the blue
    services.membership_reminders_queue(today=D(2026, 6, 1))
    assert MembershipReminder.objects.count() == 0


def test_renewed_membership_gets_no_reminder_for_the_old_end(annual_membership):
    services.membership_renew(membership=annual_membership, today=D(2025, 11, 20))
    tasks.membership_daily.delay("2025-12-01")
    assert MembershipReminder.objects.count() == 0
    assert mail.outbox == []


def test_lifetime_and_cancelled_memberships_get_no_reminders():
    lifetime = MembershipLevelFactory(term=MembershipLevel.Term.LIFETIME, slug="life")
    make_membership(level=lifetime, start_date=D(2020, 1, 1))
    cancelled = make_membership(start_date=D(2025, 1, 1))
    services.membership_cancel(membership=cancelled)
    for day in ["2025-12-01", "2025-12-31"]:
        tasks.membership_daily.delay(day)
    assert MembershipReminder.objects.count() == 0


@override_settings(MEMBERSHIP_REMINDER_OFFSETS=[-60, 0])
def test_offsets_are_configurable(annual_membership):
    services.membership_reminders_queue(today=D(2025, 11, 1))
    assert list(MembershipReminder.objects.values_list("offset_days", flat=True)) == [-60]


def test_failed_delivery_is_recorded_and_retried(annual_membership, settings):
    # given the mail server is down
    settings.EMAIL_BACKEND = "tests.members.broken_mail.BrokenBackend"
    tasks.membership_daily.delay("2025-12-01")
    reminder = MembershipReminder.objects.get()
    assert reminder.status == MembershipReminder.Status.FAILED
    assert reminder.attempts == 1
    assert "SMTP" in reminder.last_error
    # when it is back and the sender runs again
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    tasks.membership_reminders_send.delay()
    reminder.refresh_from_db()
    assert reminder.status == MembershipReminder.Status.SENT
    assert reminder.attempts == 2
    assert len(mail.outbox) == 1


def test_gives_up_after_the_maximum_attempts(annual_membership, settings):
    settings.EMAIL_BACKEND = "tests.members.broken_mail.BrokenBackend"
    settings.MEMBERSHIP_REMINDER_MAX_ATTEMPTS = 2
    tasks.membership_daily.delay("2025-12-01")
    for _ in range(5):
        tasks.membership_reminders_send.delay()
    assert MembershipReminder.objects.get().attempts == 2


def test_member_who_asked_not_to_be_emailed_gets_no_email():
    person = IndividualFactory(do_not_email=True)
    membership = make_membership(constituent=person, start_date=D(2025, 1, 1), today=D(2025, 1, 1))
    tasks.membership_daily.delay("2025-12-01")
    reminder = MembershipReminder.objects.get(membership=membership)
    assert reminder.status == MembershipReminder.Status.FAILED
    assert "asked not to be emailed" in reminder.last_error
    assert mail.outbox == []


def test_a_claimed_reminder_is_not_sent_again(annual_membership):
    services.membership_reminders_queue(today=D(2025, 12, 1))
    reminder = MembershipReminder.objects.get()
    MembershipReminder.objects.filter(pk=reminder.pk).update(status=MembershipReminder.Status.SENDING)
    assert services.membership_reminder_send(reminder_id=reminder.pk) is None
    assert mail.outbox == []
