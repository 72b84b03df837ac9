"""Volunteering: profiles of volunteers (who are constituents), opportunities and their shifts, sign-ups, hours
and shift reminders. Thin models: fields, constraints, `clean()`; every write goes through services."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.fields import RichTextField

from steward.core.models import TimeStampedModel
from steward.members.models import Constituent

DAYS = [("mon", "Mon"), ("tue", "Tue"), ("wed", "Wed"), ("thu", "Thu"), ("fri", "Fri"), ("sat", "Sat"), ("sun", "Sun")]
PARTS_OF_DAY = [("morning", "morning"), ("afternoon", "afternoon"), ("evening", "evening")]
#: Availability is a list of slots such as "sat-morning": a day and a part of it.
AVAILABILITY_CHOICES = [
    (f"{day}-{part}", f"{day_label} {part_label}") for day, day_label in DAYS for part, part_label in PARTS_OF_DAY
]
AVAILABILITY_VALUES = {value for value, _ in AVAILABILITY_CHOICES}


def validate_time_zone(value: str) -> None:
    """An IANA time zone name, e.g. America/New_York."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"'{value}' is not a known time zone.", code="invalid_time_zone") from None


class Skill(models.Model):
    """Something a volunteer can do (staff-managed list)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interest(models.Model):
    """Something a volunteer would like to help with (staff-managed list)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VolunteerProfile(TimeStampedModel):
    """What the organisation knows about a constituent as a volunteer."""

    class BackgroundCheck(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        PENDING = "pending", "Pending"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    constituent = models.OneToOneField(Constituent, on_delete=models.CASCADE, related_name="volunteer_profile")
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles")
    interests = models.ManyToManyField(Interest, blank=True, related_name="profiles")
    languages = models.CharField(max_length=255, blank=True, help_text="Languages spoken, separated by commas.")
    availability = models.JSONField(default=list, blank=True, help_text='Slots such as "sat-morning".')
    emergency_contact_name = models.CharField(max_length=200, blank=True)
    emergency_contact_phone = PhoneNumberField(blank=True)
    emergency_contact_relationship = models.CharField(max_length=100, blank=True)
    background_check_status = models.CharField(
        max_length=12, choices=BackgroundCheck.choices, default=BackgroundCheck.NOT_STARTED, db_index=True
    )
    background_check_expires_on = models.DateField(null=True, blank=True)
    waiver_signed_on = models.DateField(null=True, blank=True)
    minimum_age_confirmed = models.BooleanField(default=False, help_text="They confirmed they are old enough.")
    notes = models.TextField(blank=True)
    # The secret part of the personal calendar feed's URL: a new one invalidates the old URL.
    calendar_key = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["constituent__sort_name"]

    def __str__(self) -> str:
        return str(self.constituent)

    @property
    def language_list(self) -> list[str]:
        return [language.strip() for language in self.languages.split(",") if language.strip()]

    def background_check_valid_on(self, day: dt.date) -> bool:
        """Passed, and not expired on that day (no expiry date: it does not expire)."""
        if self.background_check_status != self.BackgroundCheck.PASSED:
            return False
        return self.background_check_expires_on is None or self.background_check_expires_on >= day

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if not isinstance(self.availability, list) or set(self.availability) - AVAILABILITY_VALUES:
            errors["availability"] = ValidationError(
                "Availability is a list of slots such as 'sat-morning'.", code="invalid_availability"
            )
        if self.background_check_expires_on and self.background_check_status != self.BackgroundCheck.PASSED:
            errors["background_check_expires_on"] = ValidationError(
                "Only a passed background check has an expiry date.", code="expiry_without_pass"
            )
        if errors:
            raise ValidationError(errors)


class Opportunity(TimeStampedModel):
    """A kind of volunteering work, done in shifts."""

    title = models.CharField(max_length=200)
    description = RichTextField(blank=True)
    location = models.CharField(max_length=255, blank=True, help_text="Where it happens; leave empty if online.")
    is_online = models.BooleanField(default=False, help_text="Done online (no location).")
    skills_wanted = models.ManyToManyField(Skill, blank=True, related_name="opportunities")
    requires_background_check = models.BooleanField(
        default=False, help_text="Volunteers need a passed background check, valid on the day of the shift."
    )
    active = models.BooleanField(default=True, help_text="Shown to volunteers and open for sign-ups.")

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.is_online and not self.location.strip():
            raise ValidationError(
                {"location": ValidationError("Give a location, or mark it as online.", code="location_required")}
            )


class Shift(TimeStampedModel):
    """One stretch of an opportunity, at a time in a time zone, with a number of places."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64, validators=[validate_time_zone], help_text="The IANA time zone it happens in."
    )
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)], help_text="Places available.")
    signup_deadline = models.DateTimeField(
        null=True, blank=True, help_text="Sign-ups close then; leave empty to close at the start."
    )
    waitlist_enabled = models.BooleanField(default=True, help_text="When full, new sign-ups join a waitlist.")
    cancelled = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shift_capacity_positive"),
        ]

    def __str__(self) -> str:
        local = self.local_start
        return f"{self.opportunity.title}, {local:%a %d %b %Y %H:%M} ({self.time_zone})"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def duration_hours(self) -> Decimal:
        """The real length (across a daylight-saving change too), in hours."""
        # Timestamps, not datetime subtraction: two datetimes in one zone subtract by their wall clocks.
        seconds = Decimal(self.ends_at.timestamp() - self.starts_at.timestamp())
        return (seconds / Decimal(3600)).quantize(Decimal("0.01"))

    @property
    def closes_at(self) -> dt.datetime:
        return self.signup_deadline or self.starts_at

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()


class Signup(TimeStampedModel):
    """A volunteer's place (or place in the queue) on a shift."""

    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", "Signed up"
        WAITLISTED = "waitlisted", "Waitlisted"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No-show"
        ATTENDED = "attended", "Attended"

    shift = models.ForeignKey(Shift, on_delete=models.PROTECT, related_name="signups")
    constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="volunteer_signups")
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # The waitlist is first come, first served: ordered by this moment.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20, default="portal", help_text="Where it was made: portal, staff…")

    class Meta:
        ordering = ["shift__starts_at", "created_at", "id"]
        indexes = [models.Index(fields=["shift", "status"]), models.Index(fields=["constituent", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "constituent"], condition=~Q(status="cancelled"), name="one_live_signup_per_shift"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.constituent} – {self.shift} ({self.get_status_display()})"


#: Sign-ups that take one of the shift's places.
HOLDING_STATUSES = (Signup.Status.SIGNED_UP, Signup.Status.CONFIRMED, Signup.Status.ATTENDED, Signup.Status.NO_SHOW)
#: Sign-ups that are still going to happen (the volunteer is booked).
BOOKED_STATUSES = (Signup.Status.SIGNED_UP, Signup.Status.CONFIRMED)


class HoursEntry(TimeStampedModel):
    """Hours a volunteer gave: recorded at the roster, or reported by them and reviewed by staff."""

    class Source(models.TextChoices):
        ROSTER = "roster", "Roster (check-in/out)"
        SELF_REPORTED = "self_reported", "Reported by the volunteer"
        STAFF = "staff", "Entered by staff"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="volunteer_hours")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="hours")
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.PROTECT, related_name="hours")
    signup = models.ForeignKey(Signup, null=True, blank=True, on_delete=models.SET_NULL, related_name="hours")
    date = models.DateField(db_index=True, help_text="The day worked, in the shift's time zone.")
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    source = models.CharField(max_length=16, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    note = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "hours entries"
        indexes = [models.Index(fields=["constituent", "status", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="hours_positive"),
            models.UniqueConstraint(
                fields=["signup"],
                condition=Q(signup__isnull=False) & ~Q(status="rejected"),
                name="one_live_hours_entry_per_signup",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h – {self.constituent} – {self.date:%d %b %Y}"


class ShiftReminder(models.Model):
    """The claim on sending one reminder: unique per sign-up and shift start, so it goes out once."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        SENT = "sent", "Sent"

    signup = models.ForeignKey(Signup, on_delete=models.CASCADE, related_name="reminders")
    shift_starts_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["signup", "shift_starts_at"], name="one_reminder_per_signup_and_start")
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.signup_id} ({self.status})"
