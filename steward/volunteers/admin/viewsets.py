"""Wagtail ModelViewSets of the volunteers domain, grouped under one "Volunteers" menu."""

from __future__ import annotations

from typing import Any

from django.urls import path
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from steward.core.admin_views import AddAndInspectViewSet, ExportIndexView, ListAndInspectViewSet, ProtectedDeleteView

from ..models import HoursEntry, Interest, Opportunity, Shift, Signup, Skill, VolunteerProfile
from . import filters, forms
from .hours import HoursApproveView, HoursEntryIndexView
from .opportunities import OpportunityIndexView
from .profiles import VolunteerProfileCreateView, VolunteerProfileEditView, VolunteerProfileIndexView
from .shifts import ShiftCreateView, ShiftEditView, ShiftIndexView, ShiftMessageView, ShiftRosterView
from .signups import SignupCreateView, SignupIndexView

VOLUNTEERS_MENU_HOOK = "register_volunteers_menu_item"


def _without(view_kwargs: dict[str, Any], *names: str) -> dict[str, Any]:
    view_kwargs.update({f"{name}_url_name": None for name in names})
    return view_kwargs


class OpportunityViewSet(ModelViewSet):
    model = Opportunity
    name = "opportunities"
    url_prefix = "volunteers/opportunities"
    url_namespace = "volunteers_opportunities"
    icon = "pick"
    menu_label = "Opportunities"
    menu_order = 10
    index_view_class = OpportunityIndexView
    delete_view_class = ProtectedDeleteView
    filterset_class = filters.OpportunityFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "title"
    list_per_page = 25
    list_export = ["pk", "title", "location", "is_online", "skills_wanted", "requires_background_check", "active"]
    export_headings = {"pk": "ID", "is_online": "Online", "requires_background_check": "Background check"}
    export_filename = "opportunities"
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("location"), FieldPanel("is_online")]),
        FieldPanel("skills_wanted"),
        FieldRowPanel([FieldPanel("requires_background_check"), FieldPanel("active")]),
    ]


class ShiftViewSet(ModelViewSet):
    """Shifts; the inspect page is the roster. Added and changed through services (wall-clock times in a zone)."""

    model = Shift
    name = "shifts"
    url_prefix = "volunteers/shifts"
    url_namespace = "volunteers_shifts"
    icon = "date"
    menu_label = "Shifts"
    menu_order = 20
    index_view_class = ShiftIndexView
    add_view_class = ShiftCreateView
    edit_view_class = ShiftEditView
    inspect_view_class = ShiftRosterView
    delete_view_class = ProtectedDeleteView
    filterset_class = filters.ShiftFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "starts_at"
    list_per_page = 25
    list_export = [
        "pk",
        "opportunity",
        "local_start",
        "local_end",
        "time_zone",
        "starts_at",
        "capacity",
        "taken",
        "free_places",
        "waitlisted",
        "cancelled",
    ]
    export_headings = {
        "pk": "ID",
        "local_start": "Starts (local)",
        "local_end": "Ends (local)",
        "starts_at": "Starts (UTC)",
        "taken": "Taken",
        "free_places": "Free places",
        "waitlisted": "Waitlisted",
    }
    export_filename = "shifts"

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.ShiftForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("message/<int:pk>/", ShiftMessageView.as_view(), name="message"),
        ]


class SignupViewSet(AddAndInspectViewSet):
    """Sign-ups: listed, exported, made by staff through services.signup_create; changed on the roster."""

    model = Signup
    name = "signups"
    url_prefix = "volunteers/signups"
    url_namespace = "volunteers_signups"
    icon = "list-ul"
    menu_label = "Sign-ups"
    menu_order = 30
    index_view_class = SignupIndexView
    add_view_class = SignupCreateView
    filterset_class = filters.SignupFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "-shift__starts_at"
    list_per_page = 25
    list_export = ["pk", "constituent", "constituent_id", "opportunity", "shift_start", "time_zone", "status", "source"]
    export_headings = {
        "pk": "ID",
        "constituent": "Volunteer",
        "constituent_id": "Constituent ID",
        "opportunity": "Opportunity",
        "shift_start": "Shift",
        "time_zone": "Time zone",
    }
    export_filename = "signups"
    inspect_view_fields = [
        "constituent",
        "shift",
        "status",
        "status_changed_at",
        "waitlisted_at",
        "checked_in_at",
        "checked_out_at",
        "cancelled_at",
        "source",
        "created_at",
    ]

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.SignupCreateForm


class HoursEntryViewSet(ListAndInspectViewSet):
    """Hours: recorded at the roster or reported by volunteers; approved in bulk; never edited or deleted here."""

    model = HoursEntry
    name = "hours"
    url_prefix = "volunteers/hours"
    url_namespace = "volunteers_hours"
    icon = "time"
    menu_label = "Hours"
    menu_order = 40
    index_view_class = HoursEntryIndexView
    filterset_class = filters.HoursEntryFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "-date"
    list_per_page = 25
    list_export = ["pk", "constituent", "constituent_id", "date", "hours", "opportunity", "source", "status", "note"]
    export_headings = {"pk": "ID", "constituent": "Volunteer", "constituent_id": "Constituent ID", "date": "Day"}
    export_filename = "volunteer_hours"
    inspect_view_fields = [
        "constituent",
        "opportunity",
        "shift",
        "date",
        "hours",
        "source",
        "status",
        "note",
        "reviewed_by",
        "reviewed_at",
        "rejection_reason",
    ]

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return _without(super().get_common_view_kwargs(**kwargs), "copy")

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("approve/", HoursApproveView.as_view(), name="approve")]


class VolunteerProfileViewSet(ModelViewSet):
    model = VolunteerProfile
    name = "profiles"
    url_prefix = "volunteers/profiles"
    url_namespace = "volunteers_profiles"
    icon = "user"
    menu_label = "Volunteers"
    menu_order = 5
    index_view_class = VolunteerProfileIndexView
    add_view_class = VolunteerProfileCreateView
    edit_view_class = VolunteerProfileEditView
    filterset_class = filters.VolunteerProfileFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "constituent__sort_name"
    list_per_page = 25
    list_export = [
        "pk",
        "constituent",
        "constituent_id",
        "email",
        "phone",
        "skills",
        "interests",
        "languages",
        "availability",
        "background_check_status",
        "background_check_expires_on",
        "waiver_signed_on",
        "minimum_age_confirmed",
        "emergency_contact_name",
        "emergency_contact_phone",
        "emergency_contact_relationship",
    ]
    export_headings = {
        "pk": "ID",
        "constituent": "Volunteer",
        "constituent_id": "Constituent ID",
        "email": "Email",
        "phone": "Phone",
        "skills": "Skills",
        "interests": "Interests",
        "availability": "Availability",
    }
    export_filename = "volunteers"
    inspect_view_fields = [
        "constituent",
        "languages",
        "availability",
        "background_check_status",
        "background_check_expires_on",
        "waiver_signed_on",
        "minimum_age_confirmed",
        "emergency_contact_name",
        "emergency_contact_phone",
        "emergency_contact_relationship",
        "notes",
    ]

    def get_form_class(self, for_update: bool = False) -> type:
        return forms.VolunteerProfileForm

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return _without(super().get_common_view_kwargs(**kwargs), "delete")

    def get_urlpatterns(self) -> list[Any]:
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"]


class SkillViewSet(ModelViewSet):
    model = Skill
    name = "skills"
    url_prefix = "volunteers/skills"
    url_namespace = "volunteers_skills"
    icon = "pick"
    menu_label = "Skills"
    menu_order = 50
    index_view_class = ExportIndexView
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    search_fields = ["name"]
    list_display = ["name"]
    list_export = ["name"]
    export_filename = "skills"
    form_fields = ["name"]
    ordering = "name"


class InterestViewSet(SkillViewSet):
    model = Interest
    name = "interests"
    url_prefix = "volunteers/interests"
    url_namespace = "volunteers_interests"
    icon = "heart"
    menu_label = "Interests"
    menu_order = 60
    export_filename = "interests"


class VolunteersViewSetGroup(ModelViewSetGroup):
    """The "Volunteers" menu."""

    menu_label = "Volunteers"
    menu_icon = "group"
    menu_order = 220
    submenu_hook = VOLUNTEERS_MENU_HOOK
    items = (
        VolunteerProfileViewSet,
        OpportunityViewSet,
        ShiftViewSet,
        SignupViewSet,
        HoursEntryViewSet,
        SkillViewSet,
        InterestViewSet,
    )
