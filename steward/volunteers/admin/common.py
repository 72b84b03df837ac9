"""What the volunteers admin's views share: the permissions they check, how a shift's time reads, the link to a
shift's roster and the volunteer's name as a listing's title column."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from phonenumber_field.phonenumber import PhoneNumber
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic

from steward.members.selectors import constituent_search

from ..models import Shift

VIEW_SIGNUPS = "volunteers.view_signup"
ADD_SIGNUPS = "volunteers.add_signup"
CHANGE_SIGNUPS = "volunteers.change_signup"
CHANGE_SHIFTS = "volunteers.change_shift"
CHANGE_HOURS = "volunteers.change_hoursentry"
VIEW_HOURS = "volunteers.view_hoursentry"


def shift_when(shift: Shift) -> str:
    """A shift's time as the wall clock reads it where it happens."""
    start, end = shift.local_start, shift.local_end
    same_day = start.date() == end.date()
    return f"{start:%a %d %b %Y %H:%M}–{end:%H:%M}" if same_day else f"{start:%a %d %b %Y %H:%M} – {end:%a %d %b %H:%M}"


def shift_roster_url(shift: Shift | int) -> str:
    return reverse("volunteers_shifts:inspect", args=(shift if isinstance(shift, int) else shift.pk,))


def volunteer_name_column(view: generic.IndexView, label: str = "Volunteer") -> Column:
    return view._get_title_column_class(TitleColumn)(
        "constituent",
        label=label,
        accessor="constituent",
        sort_key="constituent__sort_name",
        get_url=lambda obj: view.get_inspect_url(obj),
    )


class NameSearchMixin:
    """Search a listing by the volunteer's name."""

    is_searchable = True
    search_fields = ["constituent__display_name"]

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(constituent__in=constituent_search(query=self.search_query).values("pk"))


def phone_text(stored: Any) -> str:
    """A primary phone from an annotation (a PhoneNumber, or its E.164 text) written as the contact details show
    it: +66 2 123 4567."""
    if not stored:
        return ""
    try:
        number = stored if isinstance(stored, PhoneNumber) else PhoneNumber.from_string(str(stored))
        return number.as_international if number.is_valid() else str(stored)
    except Exception:  # a number stored before validation: shown as it is
        return str(stored)
