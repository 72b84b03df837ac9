"""django-filter FilterSets for the members listings in the Wagtail admin.

Filters over related rows (memberships, tags) use EXISTS subqueries rather than joins, so a filtered
listing never needs DISTINCT and its COUNT stays a single cheap query on a large table.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from taggit.models import Tag
from wagtail.admin.filters import DateRangePickerWidget, MultipleUserFilter, WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput, BooleanRadioSelect

from .. import admin_selectors
from ..models import (
    Constituent,
    ConstituentTag,
    CustomField,
    FollowUpTask,
    Interaction,
    Membership,
    MembershipLevel,
    Relationship,
    RelationshipType,
)

BOOLEAN_CHOICES = [("true", "Yes"), ("false", "No")]


def _date_range_filter(label: str, field_name: str, **kwargs: Any) -> django_filters.DateFromToRangeFilter:
    return django_filters.DateFromToRangeFilter(
        label=label, field_name=field_name, widget=DateRangePickerWidget, **kwargs
    )


def _flag_filter(label: str) -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(label=label, widget=BooleanRadioSelect)


class MembershipStatusChoice:
    ANY_LIVE = "live"
    NEVER = "never"
    CHOICES = [
        (ANY_LIVE, "Member now (current or in grace)"),
        *Membership.Status.choices,
        (NEVER, "Never a member"),
    ]


class ConstituentFilterSet(WagtailFilterSet):
    """Filters for constituents: kind, membership, dates, tags, flags and staff-defined custom fields."""

    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Constituent.Kind.choices, widget=forms.RadioSelect, empty_label="All"
    )
    membership_status = django_filters.ChoiceFilter(
        label="Membership status",
        choices=MembershipStatusChoice.CHOICES,
        widget=forms.RadioSelect,
        empty_label="Any",
        method="filter_membership_status",
    )
    membership_level = django_filters.ModelMultipleChoiceFilter(
        label="Membership level",
        queryset=MembershipLevel.objects.order_by("sort_order", "name"),
        widget=forms.CheckboxSelectMultiple,
        method="filter_membership_level",
    )
    membership_end = _date_range_filter("Membership ends between", "membership_end", method="filter_membership_end")
    created = _date_range_filter("Added between", "created_at")
    tags = django_filters.ModelMultipleChoiceFilter(
        label="Tags",
        queryset=Tag.objects.filter(Exists(ConstituentTag.objects.filter(tag=OuterRef("pk")))).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        method="filter_tags",
        help_text="Constituents with any of the chosen tags.",
    )
    do_not_contact = _flag_filter("Do not contact")
    do_not_email = _flag_filter("Do not email")
    do_not_mail = _flag_filter("Do not mail")
    do_not_phone = _flag_filter("Do not phone")
    deceased = _flag_filter("Deceased")
    directory_opt_in = _flag_filter("In the member directory")
    in_household = django_filters.BooleanFilter(
        label="In a household", field_name="household", lookup_expr="isnull", exclude=True, widget=BooleanRadioSelect
    )

    #: Listings of one kind (households, organisations) hide the kind filter.
    fixed_kind: str | None = None

    class Meta:
        model = Constituent
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.fixed_kind:
            self.filters.pop("kind")
            self.filters.pop("in_household")
        if self.fixed_kind and self.fixed_kind != Constituent.Kind.INDIVIDUAL:
            self.filters.pop("deceased")
        self.custom_fields = {field.key: field for field in admin_selectors.active_custom_fields()}
        for field in self.custom_fields.values():
            self.filters[f"cf_{field.key}"] = _custom_field_filter(field)

    def filter_membership_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        if value == MembershipStatusChoice.ANY_LIVE:
            condition = Q(status__in=admin_selectors.LIVE_STATUSES)
        elif value == MembershipStatusChoice.NEVER:
            return queryset.exclude(admin_selectors.constituents_with_membership(condition=Q()))
        else:
            condition = Q(status=value)
        return queryset.filter(admin_selectors.constituents_with_membership(condition=condition))

    def filter_membership_level(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(admin_selectors.constituents_with_membership(condition=Q(level__in=value)))

    def filter_membership_end(self, queryset: QuerySet, name: str, value: slice | None) -> QuerySet:
        if not value or (value.start is None and value.stop is None):
            return queryset
        condition = Q()
        if value.start is not None:
            condition &= Q(end_date__gte=_as_date(value.start))
        if value.stop is not None:
            condition &= Q(end_date__lte=_as_date(value.stop))
        return queryset.filter(admin_selectors.constituents_with_membership(condition=condition))

    def filter_tags(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(
            Exists(ConstituentTag.objects.filter(content_object=OuterRef("pk"), tag__in=list(value)))
        )


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _custom_field_filter(field: CustomField) -> django_filters.Filter:
    """One filter for a custom field, matching the stored JSON value by the field's type."""
    label = f"{field.label} (custom field)"
    key = field.key
    kind = field.field_type

    if kind == CustomField.FieldType.BOOLEAN:

        def filter_boolean(queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
            if value is None:
                return queryset
            return queryset.filter(**{f"custom_fields__{key}": value})

        return django_filters.BooleanFilter(label=label, widget=BooleanRadioSelect, method=filter_boolean)

    if kind == CustomField.FieldType.CHOICE:

        def filter_choice(queryset: QuerySet, name: str, value: str) -> QuerySet:
            return queryset.filter(**{f"custom_fields__{key}": value}) if value else queryset

        return django_filters.ChoiceFilter(
            label=label,
            choices=[(choice, choice) for choice in field.choice_list],
            widget=forms.RadioSelect,
            empty_label="Any",
            method=filter_choice,
        )

    if kind == CustomField.FieldType.NUMBER:

        def filter_number(queryset: QuerySet, name: str, value: Decimal | None) -> QuerySet:
            if value is None:
                return queryset
            try:
                number: int | float = int(value) if value == value.to_integral_value() else float(value)
            except (InvalidOperation, ValueError):
                return queryset.none()
            return queryset.filter(**{f"custom_fields__{key}": number})

        return django_filters.NumberFilter(label=label, method=filter_number)

    if kind == CustomField.FieldType.DATE:

        def filter_date(queryset: QuerySet, name: str, value: dt.date | None) -> QuerySet:
            return queryset.filter(**{f"custom_fields__{key}": value.isoformat()}) if value else queryset

        return django_filters.DateFilter(label=label, widget=AdminDateInput, method=filter_date)

    def filter_text(queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = (value or "").strip()
        return queryset.filter(**{f"custom_fields__{key}__icontains": value}) if value else queryset

    return django_filters.CharFilter(label=label, method=filter_text, help_text="Contains this text.")


class HouseholdFilterSet(ConstituentFilterSet):
    fixed_kind = "household"


class OrganizationFilterSet(ConstituentFilterSet):
    fixed_kind = "organization"


class MembershipFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=Membership.Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    level = django_filters.ModelMultipleChoiceFilter(
        label="Level",
        queryset=MembershipLevel.objects.order_by("sort_order", "name"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    end_date = _date_range_filter("Ends between", "end_date")
    start_date = _date_range_filter("Started between", "start_date")
    created = _date_range_filter("Added between", "created_at")
    auto_renew = _flag_filter("Renews automatically")
    gift = django_filters.BooleanFilter(label="Gift membership", method="filter_gift", widget=BooleanRadioSelect)

    class Meta:
        model = Membership
        fields: list[str] = []

    def filter_gift(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        gift = Q(purchased_by__isnull=False) & ~Q(purchased_by_id=F("constituent_id"))
        return queryset.filter(gift) if value else queryset.exclude(gift)


class RelationshipFilterSet(WagtailFilterSet):
    type = django_filters.ModelMultipleChoiceFilter(
        label="Type", queryset=RelationshipType.objects.all(), widget=forms.CheckboxSelectMultiple, distinct=False
    )
    current = django_filters.BooleanFilter(
        label="Current (no end date)", method="filter_current", widget=BooleanRadioSelect
    )
    start_date = _date_range_filter("Started between", "start_date")
    end_date = _date_range_filter("Ended between", "end_date")

    class Meta:
        model = Relationship
        fields: list[str] = []

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(end_date__isnull=value)


class InteractionFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label="Kind", choices=Interaction.Kind.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    channel = django_filters.MultipleChoiceFilter(
        label="Channel", choices=Interaction.Channel.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    occurred = _date_range_filter("Happened between", "occurred_at")
    staff = MultipleUserFilter(label="Staff member", field_name="staff", queryset=admin_selectors.staff_users())
    mine = django_filters.BooleanFilter(label="Recorded by me", method="filter_mine", widget=BooleanRadioSelect)

    class Meta:
        model = Interaction
        fields: list[str] = []

    def filter_mine(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        user = self.request.user
        return queryset.filter(staff=user) if value else queryset.exclude(staff=user)


class FollowUpTaskFilterSet(WagtailFilterSet):
    mine = django_filters.BooleanFilter(label="Assigned to me", method="filter_mine", widget=BooleanRadioSelect)
    done = django_filters.BooleanFilter(label="Done", widget=BooleanRadioSelect)
    overdue = django_filters.BooleanFilter(label="Overdue", method="filter_overdue", widget=BooleanRadioSelect)
    due_date = _date_range_filter("Due between", "due_date")
    assigned_to = MultipleUserFilter(
        label="Assigned to", field_name="assigned_to", queryset=admin_selectors.staff_users()
    )

    class Meta:
        model = FollowUpTask
        fields: list[str] = []

    def filter_mine(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        user = self.request.user
        return queryset.filter(assigned_to=user) if value else queryset.exclude(assigned_to=user)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        from steward.core.dates import organisation_today

        if value is None:
            return queryset
        overdue = Q(done=False, due_date__lt=organisation_today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class MembershipLevelFilterSet(WagtailFilterSet):
    term = django_filters.ChoiceFilter(
        label="Term", choices=MembershipLevel.Term.choices, widget=forms.RadioSelect, empty_label="All"
    )
    active = _flag_filter("Offered")
    joinable_online = _flag_filter("Joinable online")

    class Meta:
        model = MembershipLevel
        fields: list[str] = []


class CustomFieldFilterSet(WagtailFilterSet):
    field_type = django_filters.ChoiceFilter(
        label="Type", choices=CustomField.FieldType.choices, widget=forms.RadioSelect, empty_label="All"
    )
    active = _flag_filter("Active")
    required = _flag_filter("Required")

    class Meta:
        model = CustomField
        fields: list[str] = []
