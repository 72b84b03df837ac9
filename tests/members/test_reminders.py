"""Renewal reminders: owed at the configured offsets, sent once through the outbox, caught up after an outage of
any length (every due reminder sent or recorded as skipped, with the reason)."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from steward.core import tasks as outbox_tasks
from steward.core.models import OutboxMessage
from steward.members import services, tasks
from steward.members.models import MembershipLevel, MembershipReminder, MembershipReminderRun
from tests.factories import IndividualFactory, MembershipLevelFactory, make_membership

pytestmark = pytest.mark.django_db

D = dt.date
Status = MembershipReminder.Status
SENT, SKIPPED, QUEUED = Status.SENT, Status.SKIPPED, Status.QUEUED


@pytest.fixture
def daily(django_capture_on_commit_callbacks):
    """The daily task as the beat runs it on `day`, with the outbox sending after the commit as in production;
    returns the subjects of the emails that went out."""

    def run(day):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            tasks.membership_daily.delay(day.isoformat())
        return [message.subject for message in mail.outbox]

    return run


def ending(end, level, **kwargs):
    """An annual membership of `level` whose (only) term ends on `end`."""
    start = end.replace(year=end.year - 1) + dt.timedelta(days=1)
    return make_membership(level=level, start_date=start, today=start, **kwargs)


def reminders(membership):
    return sorted(MembershipReminder.objects.filter(membership=membership).values_list("offset_days", "status"))


@pytest.fixture
def annual_membership():
    # a membership whose term ends on 31 December 2025
    return make_membership(start_date=D(2025, 1, 1), today=D(2025, 1, 1))


def test_reminders_go_out_on_each_offset(annual_membership, daily):
    # when the daily task runs on each reminder day (default offsets: 30 and 7 days before, the day, 14 after)
    level = annual_membership.level.name
    sent_on = {day: daily(day) for day in [D(2025, 12, 1), D(2025, 12, 24), D(2025, 12, 31), D(2026, 1, 14)]}
    # then one email goes out on each of those days, worded for it
    assert sent_on == {
        D(2025, 12, 1): [f"Your {level} membership ends on 31 December 2025"],
        D(2025, 12, 24): [f"Your {level} membership ends on 31 December 2025"],
        D(2025, 12, 31): [f"Your {level} membership ends today"],
        D(2026, 1, 14): [f"Your {level} membership has ended"],
    }
    assert reminders(annual_membership) == [(-30, SENT), (-7, SENT), (0, SENT), (14, SENT)]
    assert MembershipReminder.objects.filter(sent_at__isnull=True).count() == 0
    assert OutboxMessage.objects.filter(kind="membership_reminder", status=OutboxMessage.Status.SENT).count() == 4


def test_the_email_names_the_member_and_links_to_renew(annual_membership, daily):
    daily(D(2025, 12, 1))
    message = mail.outbox[0]
    assert message.to == [annual_membership.constituent.emails.get(is_primary=True).address]
    assert "Renew now to keep your benefits without a break." in message.body
    assert "Renew or manage your membership: http" in message.body


def test_running_twice_sends_nothing_twice(annual_membership, daily):
    for _ in range(3):
        daily(D(2025, 12, 1))
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 1
    assert MembershipReminder.objects.count() == 1
    assert list(MembershipReminderRun.objects.values_list("day", "queued")) == [(D(2025, 12, 1), 1)]


def test_nothing_long_overdue_is_sent_on_first_install(annual_membership):
    # a reminder due months ago (beyond the catch-up window) is not sent out of the blue when no run is recorded
    run = services.membership_reminders_queue(today=D(2026, 6, 1))
    assert (run.since, run.queued, run.skipped) == (D(2026, 5, 25), 0, 0)
    assert MembershipReminder.objects.count() == 0


@pytest.fixture
def outage_memberships():
    """Memberships whose reminders fall around an outage that starts after the run of 20 December 2025."""
    level = MembershipLevelFactory(name="Friend", slug="friend")
    return {
        "jan21": ending(D(2026, 1, 21), level),  # 30 before: 22 Dec
        "dec28": ending(D(2025, 12, 28), level),  # 7 before: 21 Dec; on the day: 28 Dec
        "dec08": ending(D(2025, 12, 8), level),  # 14 after: 22 Dec
        "dec16": ending(D(2025, 12, 16), level),  # on the day: 16 Dec; 14 after: 30 Dec
        "feb15": ending(D(2026, 2, 15), level),  # 30 before: 16 Jan (not yet)
        "dec25_no_email": ending(D(2025, 12, 25), level, constituent=IndividualFactory(do_not_email=True)),
        "jan27": ending(D(2026, 1, 27), level),  # 30 before: 28 Dec
        "renewed": ending(D(2025, 12, 31), level),  # 7 before: 24 Dec, but renewed during the outage
    }


def outcome(memberships):
    return {name: reminders(membership) for name, membership in memberships.items()}


def test_first_run_then_worker_down_three_days(outage_memberships, daily):
    # given the daily task ran on 20 December (the first run: it looks back 7 days, to 13 December)
    first = daily(D(2025, 12, 20))
    assert first == ["Your Friend membership has ended"]  # on the day (16 Dec), 4 days late
    # when the worker is down until 23 December (it looks back to the last run, 20 December, and 7 days: 16th)
    services.membership_renew(membership=outage_memberships["renewed"], today=D(2025, 12, 22))
    sent = daily(D(2025, 12, 23))
    # then every reminder due meanwhile was sent; nothing was due twice for one term
    assert outcome(outage_memberships) == {
        "jan21": [(-30, SENT)],
        "dec28": [(-7, SENT)],
        "dec08": [(14, SENT)],
        "dec16": [(0, SENT)],
        "feb15": [],
        "dec25_no_email": [(-7, SKIPPED)],
        "jan27": [],
        "renewed": [],
    }
    assert len(sent) == 3
    assert MembershipReminder.objects.get(status=SKIPPED).skip_reason == "The member asked not to be emailed."
    assert list(MembershipReminderRun.objects.order_by("day").values_list("day", "since", "queued", "skipped")) == [
        (D(2025, 12, 20), D(2025, 12, 13), 2, 0),
        (D(2025, 12, 23), D(2025, 12, 16), 3, 0),
    ]


def test_worker_down_ten_days_loses_no_reminder(outage_memberships, daily):
    # given the daily task ran on 20 December
    daily(D(2025, 12, 20))
    # when the worker is down until 30 December: reminders due on 21 and 22 December are beyond the 7 days
    services.membership_renew(membership=outage_memberships["renewed"], today=D(2025, 12, 22))
    sent = daily(D(2025, 12, 30))
    # then each due reminder was sent, or recorded as skipped with the reason
    assert outcome(outage_memberships) == {
        "jan21": [(-30, SENT)],  # due 22 Dec
        "dec28": [(-7, SKIPPED), (0, SENT)],  # due 21 and 28 Dec: only the later one goes
        "dec08": [(14, SENT)],  # due 22 Dec
        "dec16": [(0, SENT), (14, SENT)],  # the first on 20 Dec, the second due 30 Dec
        "feb15": [],
        "dec25_no_email": [(-7, SKIPPED), (0, SKIPPED)],
        "jan27": [(-30, SENT)],  # due 28 Dec
        "renewed": [],  # it now ends on 31 December 2026: nothing was due
    }
    superseded = MembershipReminder.objects.get(membership=outage_memberships["dec28"], offset_days=-7)
    assert superseded.skip_reason == (
        "Superseded: the reminder on the end date (due 28 Dec 2025) was due too when reminders were caught up "
        "on 30 Dec 2025."
    )
    assert superseded.message is None
    assert set(
        MembershipReminder.objects.filter(membership=outage_memberships["dec25_no_email"]).values_list(
            "skip_reason", flat=True
        )
    ) == {"The member asked not to be emailed."}
    # and the emails are worded for the day they went (the 28 December end has passed)
    assert sorted(sent) == [
        "Your Friend membership ends on 21 January 2026",
        "Your Friend membership ends on 27 January 2026",
        "Your Friend membership has ended",
        "Your Friend membership has ended",
        "Your Friend membership has ended",
    ]
    run = MembershipReminderRun.objects.get(day=D(2025, 12, 30))
    assert (run.since, run.queued, run.skipped) == (D(2025, 12, 20), 6, 1)


def test_a_reminder_owed_then_renewed_before_it_goes_is_skipped(annual_membership):
    # given the 30-days-before reminder is owed but not sent yet (the queue was unreachable)
    services.membership_reminders_queue(today=D(2025, 12, 1))
    # when the member renews before the sweeper sends it
    services.membership_renew(membership=annual_membership, today=D(2025, 12, 1))
    outbox_tasks.outbox_sweep()
    # then nothing is sent and the reminder says why
    assert mail.outbox == []
    reminder = MembershipReminder.objects.get()
    assert (reminder.status, reminder.skip_reason) == (
        SKIPPED,
        "The membership was renewed or changed: its last term no longer ends on that date.",
    )
    assert reminder.message.status == OutboxMessage.Status.CANCELLED


def test_renewed_membership_gets_no_reminder_for_the_old_end(annual_membership, daily):
    services.membership_renew(membership=annual_membership, today=D(2025, 11, 20))
    assert daily(D(2025, 12, 1)) == []
    assert MembershipReminder.objects.count() == 0


def test_lifetime_cancelled_and_monthly_auto_renewing_memberships_get_no_reminders(daily):
    lifetime = MembershipLevelFactory(term=MembershipLevel.Term.LIFETIME, slug="life")
    make_membership(level=lifetime, start_date=D(2020, 1, 1))
    cancelled = make_membership(start_date=D(2025, 1, 1))
    services.membership_cancel(membership=cancelled)
    monthly = MembershipLevelFactory(term=MembershipLevel.Term.MONTHLY, slug="monthly")
    make_membership(level=monthly, start_date=D(2025, 12, 1), auto_renew=True)  # ends 31 December
    for day in [D(2025, 12, 1), D(2025, 12, 31)]:
        daily(day)
    assert MembershipReminder.objects.count() == 0


@override_settings(MEMBERSHIP_REMINDER_OFFSETS=[-60, 0])
def test_offsets_are_configurable(annual_membership):
    services.membership_reminders_queue(today=D(2025, 11, 1))
    assert list(MembershipReminder.objects.values_list("offset_days", flat=True)) == [-60]


@override_settings(MEMBERSHIP_REMINDER_CATCHUP_DAYS=45)
def test_the_first_run_looks_back_the_catch_up_window(annual_membership):
    # 45 days back from 12 January (28 Nov): 30 before (1 Dec), 7 before (24 Dec) and the day (31 Dec) are due
    run = services.membership_reminders_queue(today=D(2026, 1, 12))
    assert reminders(annual_membership) == [(-30, SKIPPED), (-7, SKIPPED), (0, QUEUED)]
    assert (run.since, run.queued, run.skipped) == (D(2025, 11, 28), 1, 2)


def test_failed_delivery_stays_owed_and_is_retried(annual_membership, daily, settings):
    # given the mail server is down
    settings.EMAIL_BACKEND = "tests.members.broken_mail.BrokenBackend"
    daily(D(2025, 12, 1))
    reminder = MembershipReminder.objects.select_related("message").get()
    assert reminder.status == QUEUED
    assert (reminder.message.status, reminder.message.attempts) == (OutboxMessage.Status.PENDING, 1)
    assert "SMTP" in reminder.message.last_error
    # when it is back and the sweeper runs once the retry is due
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(pk=reminder.message_id).update(not_before=timezone.now())
    outbox_tasks.outbox_sweep()
    # then it was sent once
    reminder.refresh_from_db()
    assert reminder.status == SENT
    assert OutboxMessage.objects.get(pk=reminder.message_id).attempts == 2
    assert len(mail.outbox) == 1


def test_member_without_an_email_address_is_skipped_with_the_reason(daily):
    membership = make_membership(
        constituent=IndividualFactory(email=False), start_date=D(2025, 1, 1), today=D(2025, 1, 1)
    )
    assert daily(D(2025, 12, 1)) == []
    reminder = MembershipReminder.objects.get(membership=membership)
    assert (reminder.status, reminder.skip_reason) == (SKIPPED, "The member has no email address.")
