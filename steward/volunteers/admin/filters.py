"""django-filter FilterSets for the volunteers listings in the Wagtail admin."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from ..models import AVAILABILITY_CHOICES, HoursEntry, Interest, Opportunity, Shift, Signup, Skill, VolunteerProfile


def _date_range(label: str, field_name: str) -> django_filters.DateFromToRangeFilter:
    return django_filters.DateFromToRangeFilter(label=label, field_name=field_name, widget=DateRangePickerWidget)


def _choices(label: str, choices: Any) -> django_filters.MultipleChoiceFilter:
    return django_filters.MultipleChoiceFilter(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )


def _opportunity(field_name: str = "opportunity") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label="Opportunity", field_name=field_name, queryset=Opportunity.objects.all()
    )


class OpportunityFilterSet(WagtailFilterSet):
    active = django_filters.BooleanFilter(label="Active", widget=BooleanRadioSelect)
    is_online = django_filters.BooleanFilter(label="Online", widget=BooleanRadioSelect)
    requires_background_check = django_filters.BooleanFilter(
        label="Needs a background check", widget=BooleanRadioSelect
    )
    skills_wanted = django_filters.ModelMultipleChoiceFilter(
        label="Skills wanted", queryset=Skill.objects.all(), widget=forms.CheckboxSelectMultiple, distinct=True
    )

    class Meta:
        model = Opportunity
        fields: list[str] = []


class ShiftFilterSet(WagtailFilterSet):
    opportunity = _opportunity()
    starts_at = _date_range("Starts between", "starts_at")
    upcoming = django_filters.BooleanFilter(label="Still to come", method="filter_upcoming", widget=BooleanRadioSelect)
    cancelled = django_filters.BooleanFilter(label="Cancelled", widget=BooleanRadioSelect)
    has_free_places = django_filters.BooleanFilter(
        label="Has free places", method="filter_free_places", widget=BooleanRadioSelect
    )

    class Meta:
        model = Shift
        fields: list[str] = []

    def filter_upcoming(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        now = timezone.now()
        return queryset.filter(starts_at__gt=now) if value else queryset.filter(starts_at__lte=now)

    def filter_free_places(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(free_places__gt=0) if value else queryset.filter(free_places=0)


class SignupFilterSet(WagtailFilterSet):
    status = _choices("Status", Signup.Status.choices)
    opportunity = _opportunity("shift__opportunity")
    shift_date = _date_range("Shift between", "shift__starts_at")
    shift = django_filters.NumberFilter(label="Shift (id)", field_name="shift_id")
    constituent = django_filters.NumberFilter(label="Volunteer (id)", field_name="constituent_id")

    class Meta:
        model = Signup
        fields: list[str] = []


class HoursEntryFilterSet(WagtailFilterSet):
    status = _choices("Status", HoursEntry.Status.choices)
    source = _choices("Source", HoursEntry.Source.choices)
    opportunity = _opportunity()
    date = _date_range("Worked between", "date")
    constituent = django_filters.NumberFilter(label="Volunteer (id)", field_name="constituent_id")

    class Meta:
        model = HoursEntry
        fields: list[str] = []


class VolunteerProfileFilterSet(WagtailFilterSet):
    background_check_status = _choices("Background check", VolunteerProfile.BackgroundCheck.choices)
    skills = django_filters.ModelMultipleChoiceFilter(
        label="Skills", queryset=Skill.objects.all(), widget=forms.CheckboxSelectMultiple, method="filter_skills"
    )
    interests = django_filters.ModelMultipleChoiceFilter(
        label="Interests",
        queryset=Interest.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        method="filter_interests",
    )
    available = django_filters.ChoiceFilter(
        label="Available", choices=AVAILABILITY_CHOICES, method="filter_available", empty_label="Any time"
    )
    waiver_signed = django_filters.BooleanFilter(
        label="Waiver signed",
        field_name="waiver_signed_on",
        lookup_expr="isnull",
        exclude=True,
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = VolunteerProfile
        fields: list[str] = []

    def filter_skills(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        through = VolunteerProfile.skills.through
        return queryset.filter(Exists(through.objects.filter(volunteerprofile=OuterRef("pk"), skill__in=value)))

    def filter_interests(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        through = VolunteerProfile.interests.through
        return queryset.filter(Exists(through.objects.filter(volunteerprofile=OuterRef("pk"), interest__in=value)))

    def filter_available(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        # The slots are a short JSON list; a text match on the quoted slot works on SQLite and PostgreSQL alike.
        return queryset.filter(availability__icontains=f'"{value}"')
