"""Forms of the volunteers admin. Each `save()` calls a service (ServiceForm), so the admin writes nothing itself."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from phonenumber_field.formfields import PhoneNumberField
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from steward.core.admin_forms import ServiceForm
from steward.members.choosers import constituent_field

from .. import services
from ..models import AVAILABILITY_CHOICES, HoursEntry, Interest, Opportunity, Shift, Signup, Skill, VolunteerProfile
from .common import CHANGE_HOURS


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as written on a wall clock, without a time zone (the form names the zone separately)."""

    def to_python(self, value: Any) -> dt.datetime | None:
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            result = timezone.make_naive(result, timezone.get_current_timezone())
        return result


def _wall_clock(label: str, **kwargs: Any) -> WallClockDateTimeField:
    return WallClockDateTimeField(label=label, widget=AdminDateTimeInput, **kwargs)


class ShiftForm(ServiceForm):
    """Add or change a shift: times as the wall clock reads them in the shift's time zone."""

    opportunity = forms.ModelChoiceField(queryset=Opportunity.objects.all())
    time_zone = forms.ChoiceField(choices=time_zone_choices, help_text="Where the shift happens.")
    starts_at = _wall_clock("Starts")
    ends_at = _wall_clock("Ends")
    capacity = forms.IntegerField(min_value=1, label="Places")
    signup_deadline = _wall_clock("Sign-ups close", required=False, help_text="Leave empty to close at the start.")
    waitlist_enabled = forms.BooleanField(required=False, initial=True, label="Waitlist when full")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shift: Shift | None = self.instance if self.instance is not None and self.instance.pk else None
        if shift is not None:
            zone = shift.zone
            self.initial.update(
                opportunity=shift.opportunity_id,
                time_zone=shift.time_zone,
                starts_at=shift.starts_at.astimezone(zone).replace(tzinfo=None),
                ends_at=shift.ends_at.astimezone(zone).replace(tzinfo=None),
                capacity=shift.capacity,
                signup_deadline=shift.signup_deadline.astimezone(zone).replace(tzinfo=None)
                if shift.signup_deadline
                else None,
                waitlist_enabled=shift.waitlist_enabled,
            )
            self.fields["opportunity"].disabled = True
        else:
            self.initial.setdefault("time_zone", settings.ORGANISATION_TIME_ZONE)

    def save(self) -> Shift:
        data = self.cleaned_data
        values = {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "capacity": data["capacity"],
            "signup_deadline": data.get("signup_deadline"),
            "waitlist_enabled": data.get("waitlist_enabled", False),
        }
        if self.instance is not None and self.instance.pk:
            return services.shift_update(shift=self.instance, **values)
        return services.shift_create(opportunity=data["opportunity"], **values)


class VolunteerProfileForm(ServiceForm):
    """A volunteer's profile (services.volunteer_profile_save)."""

    constituent = constituent_field("Volunteer")
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.ModelMultipleChoiceField(
        queryset=Interest.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.CharField(max_length=255, required=False, help_text="Separated by commas.")
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    emergency_contact_name = forms.CharField(max_length=200, required=False)
    emergency_contact_phone = PhoneNumberField(required=False)
    emergency_contact_relationship = forms.CharField(max_length=100, required=False)
    background_check_status = forms.ChoiceField(choices=VolunteerProfile.BackgroundCheck.choices)
    background_check_expires_on = forms.DateField(
        required=False, widget=AdminDateInput, label="Background check expires"
    )
    waiver_signed_on = forms.DateField(required=False, widget=AdminDateInput, label="Waiver signed on")
    minimum_age_confirmed = forms.BooleanField(required=False, label="Minimum age confirmed")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        profile: VolunteerProfile | None = self.instance if self.instance is not None and self.instance.pk else None
        if profile is not None:
            del self.fields["constituent"]
            for name in self.fields:
                if name in ("skills", "interests"):
                    self.initial[name] = list(getattr(profile, name).all())
                else:
                    self.initial[name] = getattr(profile, name)

    def save(self) -> VolunteerProfile:
        data = dict(self.cleaned_data)
        constituent = self.instance.constituent if self.instance is not None and self.instance.pk else None
        constituent = constituent or data.pop("constituent")
        data.pop("constituent", None)
        skills, interests = data.pop("skills"), data.pop("interests")
        data["emergency_contact_phone"] = data.get("emergency_contact_phone") or ""
        return services.volunteer_profile_save(constituent=constituent, skills=skills, interests=interests, **data)


#: How far back staff may record someone's hours on a past shift from the sign-up form.
PAST_SHIFT_DAYS = 365


class SignupCreateForm(ServiceForm):
    """Staff sign someone up for a shift to come (services.signup_create: the same rules as the portal) or, with
    the hours permission, record that they volunteered on one that has started, with their hours
    (services.signup_record_past)."""

    constituent = constituent_field("Volunteer")
    shift = forms.ModelChoiceField(queryset=Shift.objects.filter(cancelled=False).select_related("opportunity"))
    hours = forms.DecimalField(
        required=False,
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        help_text="For a shift that has already started: the hours they gave (recorded as approved).",
    )
    note = forms.CharField(required=False, max_length=500, help_text="For a past shift: a note kept with the hours.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_record_hours = bool(self.for_user and self.for_user.has_perm(CHANGE_HOURS))
        earliest = timezone.now() - dt.timedelta(days=PAST_SHIFT_DAYS) if self.may_record_hours else timezone.now()
        self.fields["shift"].queryset = self.fields["shift"].queryset.filter(starts_at__gt=earliest)
        if not self.may_record_hours:
            del self.fields["hours"], self.fields["note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        shift = cleaned.get("shift")
        if shift is not None and self.may_record_hours:
            if shift.starts_at <= timezone.now() and cleaned.get("hours") is None:
                self.add_error("hours", "This shift has started: give the hours they volunteered.")
            elif shift.starts_at > timezone.now() and cleaned.get("hours") is not None:
                self.add_error("hours", "Hours are recorded once the shift has started.")
        return cleaned

    def save(self) -> Signup:
        shift, constituent = self.cleaned_data["shift"], self.cleaned_data["constituent"]
        if self.may_record_hours and shift.starts_at <= timezone.now():
            entry = services.signup_record_past(
                shift=shift,
                constituent=constituent,
                hours=self.cleaned_data["hours"],
                note=self.cleaned_data.get("note") or "",
                user=self.for_user,
            )
            return entry.signup  # type: ignore[return-value]
        return services.signup_create(shift=shift, constituent=constituent, source="staff")


class ShiftMessageForm(ServiceForm):
    """Email everyone booked on a shift (services.shift_message_send)."""

    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), label="Message")

    def save(self) -> int:
        return services.shift_message_send(
            shift=self.instance, subject=self.cleaned_data["subject"], body=self.cleaned_data["body"]
        )


class HoursApprovalForm(forms.Form):
    """Choose pending hours entries to approve or reject together."""

    entries = forms.ModelMultipleChoiceField(
        queryset=HoursEntry.objects.filter(status=HoursEntry.Status.PENDING), widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(max_length=255, required=False, help_text="For rejections: why (the volunteer sees it).")
