"""Renewal reminders: the schedule is MembershipReminder; sending is an outbox message (steward/members/outbox.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.core.outbox import NotOwed, outbox_enqueue

from .. import messages
from ..models import (
    Membership,
    MembershipLevel,
    MembershipReminder,
    MembershipReminderRun,
    reminder_moment,
)


def _reminder_candidates(*, since: dt.date, today: dt.date, offsets: list[int]) -> list[tuple[int, dt.date]]:
    """(membership id, last term end) of the memberships a reminder may be due for between `since` and today."""
    return [
        (pk, end)
        for pk, end in Membership.objects.filter(
            end_date__gte=since - dt.timedelta(days=offsets[-1]),
            end_date__lte=today - dt.timedelta(days=offsets[0]),
            cancelled_at__isnull=True,
            level__term__in=[MembershipLevel.Term.ANNUAL, MembershipLevel.Term.MONTHLY],
        )
        .exclude(level__term=MembershipLevel.Term.MONTHLY, auto_renew=True)
        .values_list("pk", "end_date")
        if end is not None
    ]


@transaction.atomic
def membership_reminders_queue(*, today: dt.date | None = None) -> MembershipReminderRun:
    """Owe every renewal reminder due since the last successful run and record this run.

    A reminder is due on the last term's end date plus each of MEMBERSHIP_REMINDER_OFFSETS. The run looks back
    to the last successful run (MembershipReminderRun), and at least MEMBERSHIP_REMINDER_CATCHUP_DAYS (also
    how far the very first run looks), so an outage of any length loses nothing. Of the reminders of one term
    that are due together (after an outage), only the latest is owed; the earlier ones are recorded as skipped,
    with the reason. The unique (membership, term end, offset) means running twice owes nothing twice.
    Cancelled, lifetime and renewed memberships (whose last term ends later) get no reminder for an earlier end.
    """
    today = today or organisation_today()
    offsets = sorted(set(settings.MEMBERSHIP_REMINDER_OFFSETS))
    since = today - dt.timedelta(days=settings.MEMBERSHIP_REMINDER_CATCHUP_DAYS)
    last_run = MembershipReminderRun.objects.filter(day__lte=today).order_by("-day").values_list("day", flat=True)
    if (last_day := last_run.first()) is not None:
        since = min(since, last_day)
    # One row per day, locked: two runs of the same day take turns, so the counts below are exact.
    run, _ = MembershipReminderRun.objects.get_or_create(day=today, defaults={"since": since})
    run = MembershipReminderRun.objects.select_for_update().get(pk=run.pk)
    candidates = _reminder_candidates(since=since, today=today, offsets=offsets) if offsets else []
    existing = set(
        MembershipReminder.objects.filter(
            membership_id__in=[pk for pk, _ in candidates], due_date__gte=since, due_date__lte=today
        ).values_list("membership_id", "term_end", "offset_days")
    )
    new: list[MembershipReminder] = []
    for pk, end in candidates:
        due = [(offset, end + dt.timedelta(days=offset)) for offset in offsets]
        due = [(offset, day) for offset, day in due if since <= day <= today]
        if not due:
            continue
        latest_offset, latest_day = due[-1]
        for offset, day in due:
            if (pk, end, offset) in existing:
                continue
            reminder = MembershipReminder(membership_id=pk, term_end=end, offset_days=offset, due_date=day)
            if offset != latest_offset:
                reminder.status = MembershipReminder.Status.SKIPPED
                reminder.skip_reason = (
                    f"Superseded: the reminder {reminder_moment(latest_offset)} (due {latest_day:%d %b %Y}) was "
                    f"due too when reminders were caught up on {today:%d %b %Y}."
                )
            new.append(reminder)
    MembershipReminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    # Hand every owed reminder to the outbox, including any a failed run left without its message.
    owed = list(MembershipReminder.objects.filter(status=MembershipReminder.Status.QUEUED, message__isnull=True))
    for reminder in owed:
        reminder.message = outbox_enqueue(
            kind="membership_reminder",
            key=reminder.outbox_key,
            payload={"reminder": reminder.pk, "owed_on": today.isoformat()},
        )
    MembershipReminder.objects.bulk_update(owed, ["message"], batch_size=1000)
    run.since = min(run.since, since)
    run.queued += sum(reminder.status == MembershipReminder.Status.QUEUED for reminder in new)
    run.skipped += sum(reminder.status == MembershipReminder.Status.SKIPPED for reminder in new)
    run.finished_at = timezone.now()
    run.save()
    return run


def _reminder_not_owed(reminder: MembershipReminder) -> str:
    """Why a queued reminder should not be sent now ("" when it should)."""
    membership = reminder.membership
    constituent = membership.constituent
    if membership.cancelled_at is not None:
        return "The membership was cancelled."
    if membership.end_date != reminder.term_end:
        return "The membership was renewed or changed: its last term no longer ends on that date."
    later = (
        MembershipReminder.objects.filter(
            membership=membership, term_end=reminder.term_end, offset_days__gt=reminder.offset_days
        )
        .exclude(status=MembershipReminder.Status.SKIPPED)
        .order_by("offset_days")
        .first()
    )
    if later is not None:
        return f"Superseded: the reminder {reminder_moment(later.offset_days)} is due too."
    if constituent.do_not_contact or constituent.do_not_email or constituent.deceased:
        return "The member asked not to be emailed."
    if not constituent.emails.filter(is_primary=True).exists():
        return "The member has no email address."
    return ""


def membership_reminder_skip(*, reminder_id: int, reason: str) -> None:
    """Record that an owed reminder will not be sent, and why."""
    MembershipReminder.objects.filter(pk=reminder_id, status=MembershipReminder.Status.QUEUED).update(
        status=MembershipReminder.Status.SKIPPED, skip_reason=reason[:255]
    )


def membership_reminder_mark_sent(*, reminder_id: int) -> None:
    """Record that a reminder reached the mail server (the outbox calls this once it is sent)."""
    MembershipReminder.objects.filter(pk=reminder_id, status=MembershipReminder.Status.QUEUED).update(
        status=MembershipReminder.Status.SENT, sent_at=timezone.now()
    )


def membership_reminder_message(*, reminder_id: int, owed_on: dt.date) -> EmailMessage:
    """The email of an owed renewal reminder, worded for the day it was owed (a reminder caught up after an
    outage says the membership ended, not that it ends today). Raises NotOwed, recording the reminder as
    skipped with the reason, when it should no longer go (sent, renewed, superseded, no one to email)."""
    reminder = MembershipReminder.objects.select_related("membership__constituent", "membership__level").get(
        pk=reminder_id
    )
    if reminder.status != MembershipReminder.Status.QUEUED:
        raise NotOwed(f"The reminder is {reminder.get_status_display().lower()} already.")
    if reason := _reminder_not_owed(reminder):
        membership_reminder_skip(reminder_id=reminder.pk, reason=reason)
        raise NotOwed(reason)
    membership = reminder.membership
    constituent = membership.constituent
    email = constituent.emails.get(is_primary=True)
    moment = "before" if reminder.term_end > owed_on else "today" if reminder.term_end == owed_on else "after"
    context = {
        "constituent": constituent,
        "membership": membership,
        "reminder": reminder,
        "moment": moment,
        "renew_url": frontend_url("/portal/"),
    }
    rendered = message_render(messages.RENEWAL_REMINDERS[moment].key, context)
    subject, body = rendered.subject, rendered.text
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email.address])
