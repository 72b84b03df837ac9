"""Every write the volunteers domain knows. One transaction per service; bad input raises ValidationError with a
code (and nothing is written).

Capacity is guarded by locking the Shift row (`select_for_update`) for the whole of a sign-up or a cancellation:
two people racing for the last place are served one after the other, so a shift never holds more sign-ups than
places. On SQLite the database serialises writing transactions anyway (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
import zoneinfo
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from steward.core.errors import field_error
from steward.core.message_templates import message_render
from steward.members.models import Constituent

from . import messages
from .models import (
    BOOKED_STATUSES,
    HOLDING_STATUSES,
    HoursEntry,
    Interest,
    Opportunity,
    Shift,
    ShiftReminder,
    Signup,
    Skill,
    VolunteerProfile,
    validate_time_zone,
)

logger = logging.getLogger(__name__)

Status = Signup.Status

#: Which status a sign-up may move to from each status. Anything else is refused (code "invalid_transition").
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SIGNED_UP: frozenset({Status.CONFIRMED, Status.CANCELLED, Status.NO_SHOW, Status.ATTENDED}),
    Status.WAITLISTED: frozenset({Status.SIGNED_UP, Status.CANCELLED}),
    Status.CONFIRMED: frozenset({Status.CANCELLED, Status.NO_SHOW, Status.ATTENDED}),
    Status.NO_SHOW: frozenset({Status.ATTENDED}),  # a coordinator correcting the roster
    Status.ATTENDED: frozenset(),
    Status.CANCELLED: frozenset(),  # to come back, sign up again
}

PROFILE_FIELDS = {
    "languages",
    "availability",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relationship",
    "background_check_status",
    "background_check_expires_on",
    "waiver_signed_on",
    "minimum_age_confirmed",
    "notes",
}
TWO_PLACES = Decimal("0.01")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _primary_email(constituent: Constituent) -> str | None:
    email = constituent.emails.filter(is_primary=True).first()
    return email.address if email else None


def volunteer_message(*, constituent: Constituent, template: str, context: dict[str, Any]) -> EmailMessage:
    """The email to one volunteer from the templates volunteers/email/<template>_subject.txt and <template>.txt;
    NotOwed when there is no one to send it to (no address, or deceased)."""
    from steward.core.outbox import NotOwed

    address = _primary_email(constituent)
    if address is None or constituent.deceased:
        raise NotOwed("The volunteer has no email address we may write to.")
    context = {"constituent": constituent, "frontend_url": settings.FRONTEND_URL.rstrip("/"), **context}
    rendered = message_render(messages.key(template), context)
    return EmailMessage(rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [address])


# ---------------------------------------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def volunteer_profile_ensure(*, constituent: Constituent) -> VolunteerProfile:
    """The constituent's volunteer profile, made (empty) the first time they volunteer."""
    profile, _ = VolunteerProfile.objects.get_or_create(constituent=constituent)
    return profile


@transaction.atomic
def volunteer_profile_save(
    *,
    constituent: Constituent,
    skills: Iterable[Skill] | None = None,
    interests: Iterable[Interest] | None = None,
    **fields: Any,
) -> VolunteerProfile:
    """Create or change a volunteer's profile; skills and interests, when given, replace the current ones."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown profile fields: {', '.join(sorted(unknown))}.", code="unknown_field")
    profile = VolunteerProfile.objects.select_for_update().filter(constituent=constituent).first()
    profile = profile or VolunteerProfile(constituent=constituent)
    for name, value in fields.items():
        setattr(profile, name, value)
    if profile.background_check_status != VolunteerProfile.BackgroundCheck.PASSED:
        profile.background_check_expires_on = None
    profile.full_clean(exclude=["constituent"])
    profile.save()
    if skills is not None:
        profile.skills.set(list(skills))
    if interests is not None:
        profile.interests.set(list(interests))
    return profile


@transaction.atomic
def calendar_feed_reset(*, profile: VolunteerProfile) -> VolunteerProfile:
    """Give the volunteer a new secret calendar URL; the old one stops working."""
    profile.calendar_key = uuid.uuid4()
    profile.save(update_fields=["calendar_key", "updated_at"])
    return profile


# ---------------------------------------------------------------------------------------------------------
# Shifts
# ---------------------------------------------------------------------------------------------------------


def aware_in_zone(local: dt.datetime, time_zone: str, *, field: str) -> dt.datetime:
    """A wall-clock time in a time zone as an aware UTC datetime; a time that does not exist there (the hour skipped
    when clocks go forward) is refused. An ambiguous time (clocks going back) is its first occurrence."""
    # Always handed back in UTC: Python subtracts two datetimes of the same zone by their wall clocks, which
    # would make the night the clocks go back an hour short.
    if local.tzinfo is not None:
        return local.astimezone(dt.UTC)
    zone = zoneinfo.ZoneInfo(time_zone)
    aware = local.replace(tzinfo=zone)
    round_trip = aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != local:
        raise field_error(
            field,
            f"{local:%d %b %Y %H:%M} does not exist in {time_zone} (the clocks skip it).",
            code="nonexistent_time",
        )
    return aware.astimezone(dt.UTC)


def _shift_times(
    *, starts_at: dt.datetime, ends_at: dt.datetime, time_zone: str, signup_deadline: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime, dt.datetime | None]:
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise field_error("time_zone", error.messages[0], code="invalid_time_zone") from None
    start = aware_in_zone(starts_at, time_zone, field="starts_at")
    end = aware_in_zone(ends_at, time_zone, field="ends_at")
    deadline = aware_in_zone(signup_deadline, time_zone, field="signup_deadline") if signup_deadline else None
    if end <= start:
        raise field_error("ends_at", "A shift ends after it starts.", code="ends_before_start")
    if deadline and deadline > start:
        raise field_error("signup_deadline", "Sign-ups close before the shift starts.", code="deadline_after_start")
    return start, end, deadline


@transaction.atomic
def shift_create(
    *,
    opportunity: Opportunity,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    capacity: int,
    signup_deadline: dt.datetime | None = None,
    waitlist_enabled: bool = True,
) -> Shift:
    """Add a shift. Naive start/end/deadline are wall-clock times in `time_zone`; aware ones are taken as given."""
    start, end, deadline = _shift_times(
        starts_at=starts_at, ends_at=ends_at, time_zone=time_zone, signup_deadline=signup_deadline
    )
    if capacity is None or capacity < 1:
        raise field_error("capacity", "A shift has at least one place.", code="invalid_capacity")
    shift = Shift(
        opportunity=opportunity,
        starts_at=start,
        ends_at=end,
        time_zone=time_zone,
        capacity=capacity,
        signup_deadline=deadline,
        waitlist_enabled=waitlist_enabled,
    )
    shift.full_clean()
    shift.save()
    return shift


@transaction.atomic
def shift_update(
    *,
    shift: Shift,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str,
    capacity: int,
    signup_deadline: dt.datetime | None = None,
    waitlist_enabled: bool = True,
) -> Shift:
    """Change a shift's times or places. More places promote people from the waitlist (and email them); fewer
    places than people already signed up is refused."""
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    start, end, deadline = _shift_times(
        starts_at=starts_at, ends_at=ends_at, time_zone=time_zone, signup_deadline=signup_deadline
    )
    holding = shift.signups.filter(status__in=HOLDING_STATUSES).count()
    if capacity is None or capacity < max(1, holding):
        raise field_error(
            "capacity",
            f"{holding} people hold a place: the shift needs at least that many.",
            code="capacity_below_signups",
        )
    shift.starts_at, shift.ends_at, shift.time_zone = start, end, time_zone
    shift.capacity, shift.signup_deadline, shift.waitlist_enabled = capacity, deadline, waitlist_enabled
    shift.full_clean()
    shift.save()
    _promote_from_waitlist(shift=shift, places=capacity - holding)
    return shift


@transaction.atomic
def shift_cancel(*, shift: Shift, now: dt.datetime | None = None) -> Shift:
    """Cancel a shift: every live sign-up is cancelled and each volunteer is emailed."""
    shift = Shift.objects.select_for_update().get(pk=shift.pk)
    if shift.cancelled:
        return shift
    moment = _now(now)
    shift.cancelled, shift.cancelled_at = True, moment
    shift.save(update_fields=["cancelled", "cancelled_at", "updated_at"])
    live = list(shift.signups.filter(status__in=[*BOOKED_STATUSES, Status.WAITLISTED]))
    for signup in live:
        _set_status(signup, Status.CANCELLED, moment)
    _notices_owe([signup.pk for signup in live], "shift_cancelled", moment)
    return shift


def _notices_owe(signup_ids: list[int], template: str, moment: dt.datetime) -> None:
    """Owe each volunteer the notice of a change to their sign-up (an outbox row each, in this transaction)."""
    from steward.core.outbox import outbox_enqueue

    for signup_id in signup_ids:
        outbox_enqueue(
            kind="volunteer_signup_notice",
            key=f"volunteer_{template}:{signup_id}:{moment.isoformat()}",
            payload={"signup": signup_id, "template": template},
        )


# ---------------------------------------------------------------------------------------------------------
# Sign-ups
# ---------------------------------------------------------------------------------------------------------


def _set_status(signup: Signup, status: str, moment: dt.datetime) -> None:
    if status not in TRANSITIONS[signup.status]:
        raise field_error(
            "status",
            f"A sign-up that is {signup.get_status_display().lower()} cannot become {Status(status).label.lower()}.",
            code="invalid_transition",
        )
    if status == Status.CANCELLED:
        signup.cancelled_at = moment
    signup.status, signup.status_changed_at = status, moment
    signup.save()


def _holding_count(shift: Shift) -> int:
    return shift.signups.filter(status__in=HOLDING_STATUSES).count()


def _overlapping(*, constituent: Constituent, shift: Shift) -> Signup | None:
    return (
        Signup.objects.filter(
            constituent=constituent,
            status__in=[*BOOKED_STATUSES, Status.WAITLISTED],
            shift__cancelled=False,
            shift__starts_at__lt=shift.ends_at,
            shift__ends_at__gt=shift.starts_at,
        )
        .exclude(shift=shift)
        .select_related("shift__opportunity")
        .first()
    )


@transaction.atomic
def signup_create(
    *, shift: Shift, constituent: Constituent, source: str = "portal", now: dt.datetime | None = None
) -> Signup:
    """Sign a volunteer up for a shift; when it is full they join its waitlist (if it has one).

    Refused (code): a past, cancelled or closed shift (shift_past, shift_cancelled, signup_closed), an inactive
    opportunity (opportunity_inactive), a full shift without a waitlist (shift_full), a second sign-up
    (already_signed_up), an overlapping booking (overlapping_shift) and, where the opportunity needs one, no
    background check valid on the day (background_check_required).
    """
    moment = _now(now)
    # The lock serialises every sign-up and cancellation of this shift until commit.
    shift = Shift.objects.select_for_update().select_related("opportunity").get(pk=shift.pk)
    if shift.cancelled:
        raise field_error("shift", "This shift was cancelled.", code="shift_cancelled")
    if shift.starts_at <= moment:
        raise field_error("shift", "This shift has already started.", code="shift_past")
    if shift.closes_at <= moment:
        raise field_error("shift", "Sign-ups for this shift have closed.", code="signup_closed")
    if not shift.opportunity.active:
        raise field_error("shift", "This opportunity is not open for sign-ups.", code="opportunity_inactive")
    # Locking the volunteer's profile too serialises one person's bookings, so two overlapping shifts booked at
    # the same moment (two tabs) cannot both pass the overlap check below.
    profile = VolunteerProfile.objects.get_or_create(constituent=constituent)[0]
    profile = VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    if shift.signups.filter(constituent=constituent).exclude(status=Status.CANCELLED).exists():
        raise field_error("shift", "You are already signed up for this shift.", code="already_signed_up")
    if clash := _overlapping(constituent=constituent, shift=shift):
        raise field_error(
            "shift", f"This overlaps another shift you are booked on: {clash.shift}.", code="overlapping_shift"
        )
    if shift.opportunity.requires_background_check and not profile.background_check_valid_on(shift.local_start.date()):
        raise field_error(
            "shift",
            "This opportunity needs a background check that is passed and valid on the day of the shift.",
            code="background_check_required",
        )
    full = _holding_count(shift) >= shift.capacity
    if full and not shift.waitlist_enabled:
        raise field_error("shift", "This shift is full.", code="shift_full")
    signup = Signup(
        shift=shift,
        constituent=constituent,
        status=Status.WAITLISTED if full else Status.SIGNED_UP,
        status_changed_at=moment,
        waitlisted_at=moment if full else None,
        source=source,
    )
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:
        raise field_error("shift", "You are already signed up for this shift.", code="already_signed_up") from None
    _signup_confirmation_owe(signup)
    return signup


@transaction.atomic
def signup_record_past(
    *, shift: Shift, constituent: Constituent, hours: Any, user: Any, note: str = "", now: dt.datetime | None = None
) -> HoursEntry:
    """Staff record that someone volunteered on a shift that has already started: a sign-up that attended (made
    by staff) and its hours, approved. Volunteers signing themselves up are refused past shifts (signup_create);
    this is the coordinator writing down what happened, so the shift's closing time, the opportunity being
    inactive and a full shift do not stop it (the shift shows more places taken than it had). Refused (code):
    a shift still to come (shift_not_started), cancelled (shift_cancelled), someone already on it
    (already_signed_up), an overlapping booking (overlapping_shift), hours that are not a positive number up to
    the shift's length (invalid_hours, hours_not_positive, hours_exceed_shift)."""
    moment = _now(now)
    shift = Shift.objects.select_for_update().select_related("opportunity").get(pk=shift.pk)
    if shift.cancelled:
        raise field_error("shift", "This shift was cancelled.", code="shift_cancelled")
    if shift.starts_at > moment:
        raise field_error(
            "shift", "This shift has not started yet: sign them up without hours.", code="shift_not_started"
        )
    clean = _clean_hours(hours, shift)
    profile = VolunteerProfile.objects.get_or_create(constituent=constituent)[0]
    VolunteerProfile.objects.select_for_update().get(pk=profile.pk)
    if shift.signups.filter(constituent=constituent).exclude(status=Status.CANCELLED).exists():
        raise field_error(
            "constituent", "They are already on this shift: record their hours on the roster.", code="already_signed_up"
        )
    if clash := _overlapping(constituent=constituent, shift=shift):
        raise field_error(
            "shift", f"This overlaps another shift they are booked on: {clash.shift}.", code="overlapping_shift"
        )
    signup = Signup(
        shift=shift,
        constituent=constituent,
        status=Status.ATTENDED,
        status_changed_at=moment,
        source="staff",
    )
    try:
        with transaction.atomic():
            signup.save()
    except IntegrityError:
        raise field_error("constituent", "They are already on this shift.", code="already_signed_up") from None
    return _hours_entry(
        signup=signup,
        hours=clean,
        source=HoursEntry.Source.STAFF,
        status=HoursEntry.Status.APPROVED,
        user=user,
        note=note.strip(),
    )


def _promote_from_waitlist(*, shift: Shift, places: int) -> list[Signup]:
    """Move the first `places` people of the waitlist (first come, first served) onto the shift and email them.
    The caller holds the shift's lock."""
    if places <= 0 or shift.cancelled or shift.starts_at <= timezone.now():
        return []
    queue = list(
        shift.signups.filter(status=Status.WAITLISTED).order_by("waitlisted_at", "pk").select_for_update()[:places]
    )
    moment = timezone.now()
    for signup in queue:
        _set_status(signup, Status.SIGNED_UP, moment)
    _notices_owe([signup.pk for signup in queue], "waitlist_promoted", moment)
    return queue


@transaction.atomic
def signup_cancel(*, signup: Signup, now: dt.datetime | None = None) -> Signup:
    """Cancel a sign-up (or leave a waitlist). A freed place goes to the first person on the waitlist."""
    moment = _now(now)
    shift = Shift.objects.select_for_update().get(pk=signup.shift_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    held_place = signup.status in HOLDING_STATUSES
    if signup.status in (Status.ATTENDED, Status.NO_SHOW) or (held_place and shift.starts_at <= moment):
        raise field_error("status", "A shift that has started cannot be cancelled.", code="shift_past")
    _set_status(signup, Status.CANCELLED, moment)
    if held_place:
        _promote_from_waitlist(shift=shift, places=shift.capacity - _holding_count(shift))
    return signup


@transaction.atomic
def signup_set_status(*, signup: Signup, status: str, now: dt.datetime | None = None) -> Signup:
    """Move a sign-up along the transition table (confirm, no-show, attended…); cancelling goes through
    `signup_cancel` so the waitlist moves."""
    if status == Status.CANCELLED:
        return signup_cancel(signup=signup, now=now)
    if status not in Status.values:
        raise field_error("status", f"'{status}' is not a sign-up status.", code="invalid_status")
    Shift.objects.select_for_update().get(pk=signup.shift_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if status == Status.SIGNED_UP and signup.status == Status.WAITLISTED:
        shift = signup.shift
        if _holding_count(shift) >= shift.capacity:
            raise field_error("status", "The shift is full.", code="shift_full")
    _set_status(signup, status, _now(now))
    return signup


# ---------------------------------------------------------------------------------------------------------
# Roster and hours
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def signup_check_in(*, signup: Signup, at: dt.datetime | None = None) -> Signup:
    """The coordinator checks a volunteer in at the shift: they attended."""
    signup = Signup.objects.select_for_update().select_related("shift").get(pk=signup.pk)
    if signup.checked_in_at:
        raise field_error("signup", "Already checked in.", code="already_checked_in")
    if signup.status != Status.ATTENDED:
        _set_status(signup, Status.ATTENDED, _now(at))
    signup.checked_in_at = _now(at)
    signup.save(update_fields=["checked_in_at", "updated_at"])
    return signup


@transaction.atomic
def signup_check_out(*, signup: Signup, at: dt.datetime | None = None, user: Any = None) -> HoursEntry:
    """The coordinator checks a volunteer out: the time between check-in and check-out, at most the shift's length,
    is recorded as approved hours."""
    signup = Signup.objects.select_for_update().select_related("shift").get(pk=signup.pk)
    moment = _now(at)
    if signup.checked_in_at is None:
        raise field_error("signup", "Check the volunteer in first.", code="not_checked_in")
    if signup.checked_out_at is not None:
        raise field_error("signup", "Already checked out.", code="already_checked_out")
    if moment <= signup.checked_in_at:
        raise field_error("signup", "Check-out comes after check-in.", code="checkout_before_checkin")
    worked = Decimal(moment.timestamp() - signup.checked_in_at.timestamp()) / Decimal(3600)
    hours = min(worked, signup.shift.duration_hours).quantize(TWO_PLACES)
    if hours <= 0:
        raise field_error("hours", "Too short to record.", code="hours_not_positive")
    signup.checked_out_at = moment
    signup.save(update_fields=["checked_out_at", "updated_at"])
    return _hours_entry(
        signup=signup, hours=hours, source=HoursEntry.Source.ROSTER, status=HoursEntry.Status.APPROVED, user=user
    )


def _hours_entry(*, signup: Signup, hours: Decimal, source: str, status: str, user: Any, note: str = "") -> HoursEntry:
    if HoursEntry.objects.filter(signup=signup).exclude(status=HoursEntry.Status.REJECTED).exists():
        raise field_error("hours", "Hours for this shift are already recorded.", code="already_reported")
    shift = signup.shift
    reviewed = status == HoursEntry.Status.APPROVED
    return HoursEntry.objects.create(
        constituent_id=signup.constituent_id,
        opportunity_id=shift.opportunity_id,
        shift=shift,
        signup=signup,
        date=shift.local_start.date(),
        hours=hours,
        source=source,
        status=status,
        note=note,
        submitted_by=user if getattr(user, "is_authenticated", False) else None,
        reviewed_by=user if reviewed and getattr(user, "is_authenticated", False) else None,
        reviewed_at=timezone.now() if reviewed else None,
    )


def _clean_hours(value: Any, shift: Shift) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise field_error("hours", "Give the hours as a number.", code="invalid_hours") from None
    if not hours.is_finite() or hours <= 0:
        raise field_error("hours", "Hours are more than zero.", code="hours_not_positive")
    if hours > shift.duration_hours:
        raise field_error(
            "hours", f"The shift lasted {shift.duration_hours} hours: report at most that.", code="hours_exceed_shift"
        )
    return hours.quantize(TWO_PLACES)


@transaction.atomic
def hours_report(
    *, signup: Signup, hours: Any, note: str = "", user: Any = None, now: dt.datetime | None = None
) -> HoursEntry:
    """The volunteer reports the hours they gave on a shift they were booked on; staff approve them later."""
    signup = Signup.objects.select_for_update().select_related("shift").get(pk=signup.pk)
    if signup.status not in HOLDING_STATUSES or signup.status == Status.NO_SHOW:
        raise field_error("signup", "Report hours only for a shift you had a place on.", code="not_booked")
    if signup.shift.starts_at > _now(now):
        raise field_error("signup", "Report hours once the shift has started.", code="shift_not_started")
    clean = _clean_hours(hours, signup.shift)
    return _hours_entry(
        signup=signup,
        hours=clean,
        source=HoursEntry.Source.SELF_REPORTED,
        status=HoursEntry.Status.PENDING,
        user=user,
        note=note.strip(),
    )


@transaction.atomic
def hours_approve(*, entry_ids: Iterable[int], user: Any) -> int:
    """Approve pending hours in bulk (one UPDATE); returns how many were approved."""
    return HoursEntry.objects.filter(pk__in=list(entry_ids), status=HoursEntry.Status.PENDING).update(
        status=HoursEntry.Status.APPROVED, reviewed_by=user, reviewed_at=timezone.now(), updated_at=timezone.now()
    )


@transaction.atomic
def hours_reject(*, entry: HoursEntry, user: Any, reason: str = "") -> HoursEntry:
    """Reject reported hours (the volunteer may report again)."""
    entry = HoursEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != HoursEntry.Status.PENDING:
        raise field_error("status", "Only hours waiting for approval can be rejected.", code="not_pending")
    entry.status, entry.reviewed_by, entry.reviewed_at = HoursEntry.Status.REJECTED, user, timezone.now()
    entry.rejection_reason = reason.strip()[:255]
    entry.save()
    return entry


# ---------------------------------------------------------------------------------------------------------
# Messages and reminders
# ---------------------------------------------------------------------------------------------------------


def shift_message_send(*, shift: Shift, subject: str, body: str) -> int:
    """Email everyone booked on a shift, one email each (nobody sees the others' addresses); returns how many were
    sent now. Each is an outbox row first, so one the mail server refused is retried, not lost."""
    from steward.core.outbox import outbox_enqueue, outbox_send

    if not subject.strip():
        raise field_error("subject", "Give the message a subject.", code="required")
    if not body.strip():
        raise field_error("body", "Write the message.", code="required")
    batch = uuid.uuid4().hex
    with transaction.atomic():
        owed = [
            outbox_enqueue(
                kind="volunteer_shift_message",
                key=f"volunteer_shift_message:{batch}:{signup_id}",
                payload={"signup": signup_id, "subject": subject.strip(), "body": body.strip()},
            ).pk
            for signup_id in shift.signups.filter(status__in=BOOKED_STATUSES).values_list("pk", flat=True)
        ]
    return sum(outbox_send(message_id=message_id) == "sent" for message_id in owed)


def shift_message(*, signup_id: int, subject: str, body: str) -> EmailMessage:
    """One volunteer's copy of a message staff sent to a shift."""
    from steward.core.outbox import NotOwed

    signup = Signup.objects.select_related("shift__opportunity", "constituent").filter(pk=signup_id).first()
    if signup is None or signup.status not in BOOKED_STATUSES:
        raise NotOwed("The volunteer is no longer booked on the shift.")
    return volunteer_message(
        constituent=signup.constituent,
        template="shift_message",
        context={"shift": signup.shift, "subject": subject, "body": body},
    )


def signup_notice(*, signup_id: int, template: str) -> EmailMessage:
    """The email telling a volunteer about their sign-up (promoted from the waitlist, shift cancelled)."""
    from steward.core.outbox import NotOwed

    signup = Signup.objects.select_related("shift__opportunity", "constituent").filter(pk=signup_id).first()
    if signup is None:
        raise NotOwed("The sign-up is gone.")
    return volunteer_message(
        constituent=signup.constituent, template=template, context={"signup": signup, "shift": signup.shift}
    )


# ---------------------------------------------------------------------------------------------------------
# Confirmations, with the shift's calendar file
# ---------------------------------------------------------------------------------------------------------

CONFIRMATION_KIND = "volunteer_signup_confirmation"
#: The template of a confirmation, by the status the sign-up was made with.
CONFIRMATION_TEMPLATES: dict[str, str] = {Status.SIGNED_UP: "signup_confirmed", Status.WAITLISTED: "waitlist_joined"}


def _signup_confirmation_owe(signup: Signup) -> None:
    """Owe the volunteer the confirmation of a new sign-up (a place, or a place in line), once per sign-up: an
    outbox row in the sign-up's transaction, sent after its commit. The demo's sign-ups owe nothing (nobody asked),
    nor does one made for a shift already under way (staff recording who came)."""
    from steward.core.outbox import outbox_enqueue

    template = CONFIRMATION_TEMPLATES.get(signup.status)
    if template is None or signup.source == "demo" or signup.shift.starts_at <= timezone.now():
        return
    outbox_enqueue(
        kind=CONFIRMATION_KIND,
        key=f"{CONFIRMATION_KIND}:{signup.pk}",
        payload={"signup": signup.pk, "template": template},
    )


def _shift_links(shift: Shift) -> dict[str, str]:
    """Where a volunteer's email sends them: their volunteering page, and the list of shifts on the shift's day."""
    from steward.core.links import frontend_url

    day = shift.local_start.date().isoformat()
    return {
        "portal_url": frontend_url("/portal/volunteering/"),
        "shift_url": frontend_url(f"/volunteer/?from={day}&to={day}"),
    }


def signup_confirmation(*, signup_id: int, template: str) -> EmailMessage:
    """A volunteer's confirmation of a place on a shift (a new sign-up, or the place the waitlist gave them) with
    the shift's calendar file attached, or of their place on the waitlist (no file: nothing is booked yet). Not
    owed once the sign-up is no longer what the email says (cancelled, or moved on from the waitlist)."""
    from steward.core.outbox import NotOwed

    from .calendar import shift_invitation

    signup = Signup.objects.select_related("shift__opportunity", "constituent").filter(pk=signup_id).first()
    if signup is None or signup.shift.cancelled:
        raise NotOwed("The sign-up or its shift is gone.")
    booked = template != "waitlist_joined"
    if (booked and signup.status not in BOOKED_STATUSES) or (not booked and signup.status != Status.WAITLISTED):
        raise NotOwed("The sign-up changed since the confirmation was owed.")
    links = _shift_links(signup.shift)
    message = volunteer_message(
        constituent=signup.constituent, template=template, context={"signup": signup, "shift": signup.shift, **links}
    )
    if booked:
        message.attach("shift.ics", shift_invitation(signup, url=links["shift_url"]), "text/calendar")
    return message


def shift_reminders_due(*, now: dt.datetime | None = None) -> list[int]:
    """Sign-ups whose shift starts within VOLUNTEER_REMINDER_HOURS and that have no reminder for that start yet."""
    moment = _now(now)
    horizon = moment + dt.timedelta(hours=settings.VOLUNTEER_REMINDER_HOURS)
    due = Signup.objects.filter(
        status__in=BOOKED_STATUSES,
        shift__cancelled=False,
        shift__starts_at__gt=moment,
        shift__starts_at__lte=horizon,
    ).exclude(Exists(ShiftReminder.objects.filter(signup=OuterRef("pk"), shift_starts_at=OuterRef("shift__starts_at"))))
    return list(due.order_by("shift__starts_at", "pk").values_list("pk", flat=True))


def shift_reminder_send(*, signup_id: int, now: dt.datetime | None = None) -> bool:
    """Owe one reminder at most once (a unique row per sign-up and shift start, with its outbox row in the same
    transaction), then send it; True when it went now. A second run finds the row and owes nothing; a failed
    or interrupted send is retried by the outbox's sweeper, never lost."""
    from steward.core.outbox import outbox_enqueue, outbox_send

    moment = _now(now)
    signup = Signup.objects.select_related("shift").filter(pk=signup_id).first()
    if signup is None or signup.status not in BOOKED_STATUSES or signup.shift.cancelled:
        return False
    if signup.shift.starts_at <= moment:
        return False
    try:
        with transaction.atomic():
            reminder = ShiftReminder.objects.create(signup=signup, shift_starts_at=signup.shift.starts_at)
            message = outbox_enqueue(
                kind="volunteer_shift_reminder",
                key=f"volunteer_shift_reminder:{reminder.pk}",
                payload={"reminder": reminder.pk},
            )
    except IntegrityError:
        return False  # owed by another run
    return outbox_send(message_id=message.pk) == "sent"


def shift_reminder_message(*, reminder_id: int) -> EmailMessage:
    """The reminder email, if the shift is still on, at the time it was owed for, and yet to start."""
    from steward.core.outbox import NotOwed

    reminder = ShiftReminder.objects.select_related("signup__shift__opportunity", "signup__constituent").get(
        pk=reminder_id
    )
    signup, shift = reminder.signup, reminder.signup.shift
    if signup.status not in BOOKED_STATUSES or shift.cancelled:
        raise NotOwed("The volunteer is no longer booked, or the shift is cancelled.")
    if shift.starts_at != reminder.shift_starts_at:
        raise NotOwed("The shift moved; the reminder for its new time is owed separately.")
    if shift.starts_at <= timezone.now():
        raise NotOwed("The shift has started.")
    return volunteer_message(
        constituent=signup.constituent, template="shift_reminder", context={"signup": signup, "shift": shift}
    )


def shift_reminder_sent(*, reminder_id: int) -> None:
    ShiftReminder.objects.filter(pk=reminder_id).update(status=ShiftReminder.Status.SENT, sent_at=timezone.now())
