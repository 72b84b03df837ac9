"""Views of the volunteers admin: listings with filters and exports, the shift roster (check-in and check-out),
messaging a shift, approving reported hours in bulk, the volunteering section of the constituent page and the
dashboard panel. Writes go through steward.volunteers.services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from steward.core.admin_sections import ConstituentSection, can_view_contacts, constituent_url
from steward.core.admin_views import ExportMixin, ObjectActionFormView, ServiceFormViewMixin
from steward.members.models import Constituent

from . import admin_forms, selectors, services
from .models import HoursEntry, Opportunity, Shift, Signup, VolunteerProfile

VIEW_SIGNUPS = "volunteers.view_signup"
CHANGE_SIGNUPS = "volunteers.change_signup"
CHANGE_SHIFTS = "volunteers.change_shift"
CHANGE_HOURS = "volunteers.change_hoursentry"
VIEW_HOURS = "volunteers.view_hoursentry"


def _when(shift: Shift) -> str:
    """A shift's time as the wall clock reads it where it happens."""
    start, end = shift.local_start, shift.local_end
    same_day = start.date() == end.date()
    return f"{start:%a %d %b %Y %H:%M}–{end:%H:%M}" if same_day else f"{start:%a %d %b %Y %H:%M} – {end:%a %d %b %H:%M}"


def shift_roster_url(shift: Shift | int) -> str:
    return reverse("volunteers_shifts:inspect", args=(shift if isinstance(shift, int) else shift.pk,))


def _name_column(view: generic.IndexView, label: str = "Volunteer") -> Column:
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
        return queryset.filter(constituent__display_name__icontains=self.search_query.strip())


# ---------------------------------------------------------------------------------------------------------
# Opportunities and profiles
# ---------------------------------------------------------------------------------------------------------


class OpportunityIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["title", "location"]

    def get_base_queryset(self) -> QuerySet[Opportunity]:
        return selectors.opportunity_listing()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(title__icontains=self.search_query.strip())

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "title", label="Opportunity", sort_key="title", get_url=lambda obj: self.get_edit_url(obj)
        )
        return [
            title,
            Column("location", label="Where", accessor=lambda obj: "Online" if obj.is_online else obj.location),
            Column("upcoming_shift_count", label="Shifts to come", sort_key="upcoming_shift_count"),
            BooleanColumn("requires_background_check", label="Background check", sort_key="requires_background_check"),
            BooleanColumn("active", label="Active", sort_key="active"),
        ]

    def export_skills_wanted(self, item: Opportunity) -> str:
        return ", ".join(skill.name for skill in item.skills_wanted.all())


class VolunteerProfileIndexView(NameSearchMixin, ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[VolunteerProfile]:
        return VolunteerProfile.objects.select_related("constituent").prefetch_related("skills", "interests")

    def prepare_export_chunk(self, rows: list[Any]) -> list[Any]:
        """The export drops prefetches (ChunkedRows): fetch the chunk's skills, interests and contacts at once."""
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(rows, "skills", "interests", "constituent__emails", "constituent__phones")
        return rows

    @cached_property
    def columns(self) -> list[Column]:
        return [
            _name_column(self),
            Column("skills", label="Skills", accessor=lambda obj: ", ".join(s.name for s in obj.skills.all())),
            StatusTagColumn(
                "background_check_status",
                label="Background check",
                accessor="get_background_check_status_display",
                primary=lambda obj: obj.background_check_status == VolunteerProfile.BackgroundCheck.PASSED,
                sort_key="background_check_status",
            ),
            Column("background_check_expires_on", label="Check expires", sort_key="background_check_expires_on"),
            Column("waiver_signed_on", label="Waiver signed", sort_key="waiver_signed_on"),
        ]

    def export_constituent(self, item: VolunteerProfile) -> str:
        return str(item.constituent)

    def _primary(self, rows: Any, attribute: str) -> str:
        if not can_view_contacts(self.request.user):
            return ""
        primary = next((row for row in rows.all() if row.is_primary), None)
        return str(getattr(primary, attribute)) if primary else ""

    def export_email(self, item: VolunteerProfile) -> str:
        return self._primary(item.constituent.emails, "address")

    def export_phone(self, item: VolunteerProfile) -> str:
        return self._primary(item.constituent.phones, "number")

    def export_skills(self, item: VolunteerProfile) -> str:
        return ", ".join(skill.name for skill in item.skills.all())

    def export_interests(self, item: VolunteerProfile) -> str:
        return ", ".join(interest.name for interest in item.interests.all())

    def export_availability(self, item: VolunteerProfile) -> str:
        return ", ".join(item.availability)

    def export_background_check_status(self, item: VolunteerProfile) -> str:
        return item.get_background_check_status_display()

    def export_emergency_contact_phone(self, item: VolunteerProfile) -> str:
        return str(item.emergency_contact_phone or "")


class VolunteerProfileCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if constituent_id := self.request.GET.get("constituent"):
            initial["constituent"] = constituent_id
        return initial

    def save_instance(self) -> VolunteerProfile:
        profile = self.form.save()
        log(instance=profile, action="wagtail.create", user=self.request.user)
        return profile


class VolunteerProfileEditView(ServiceFormViewMixin, generic.EditView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> VolunteerProfile:
        profile = self.form.save()
        log(instance=profile, action="wagtail.edit", user=self.request.user)
        return profile


# ---------------------------------------------------------------------------------------------------------
# Shifts: listing, add/edit through services, the roster
# ---------------------------------------------------------------------------------------------------------


class ShiftIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["opportunity__title"]

    def get_base_queryset(self) -> QuerySet[Shift]:
        return selectors.shifts_with_places(Shift.objects.select_related("opportunity"))

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(opportunity__title__icontains=self.search_query.strip())

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "opportunity",
            label="Shift",
            accessor=lambda obj: f"{obj.opportunity.title} · {_when(obj)}",
            sort_key="starts_at",
            get_url=lambda obj: shift_roster_url(obj),
        )
        return [
            title,
            Column("time_zone", label="Time zone"),
            Column("capacity", label="Places", sort_key="capacity"),
            Column("taken", label="Taken", sort_key="taken"),
            Column("free_places", label="Free", sort_key="free_places"),
            Column("waitlisted", label="Waitlist", sort_key="waitlisted"),
            StatusTagColumn(
                "cancelled",
                label="Status",
                accessor=lambda obj: "Cancelled" if obj.cancelled else "On",
                primary=lambda obj: not obj.cancelled,
                sort_key="cancelled",
            ),
        ]

    def export_opportunity(self, item: Shift) -> str:
        return item.opportunity.title

    def export_local_start(self, item: Shift) -> str:
        return f"{item.local_start:%Y-%m-%d %H:%M}"

    def export_local_end(self, item: Shift) -> str:
        return f"{item.local_end:%Y-%m-%d %H:%M}"


class ShiftCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if opportunity_id := self.request.GET.get("opportunity"):
            initial["opportunity"] = opportunity_id
        return initial

    def save_instance(self) -> Shift:
        shift = self.form.save()
        log(instance=shift, action="wagtail.create", user=self.request.user)
        return shift

    def get_success_url(self) -> str:
        return shift_roster_url(self.object)


class ShiftEditView(ServiceFormViewMixin, generic.EditView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> Shift:
        shift = self.form.save()
        log(instance=shift, action="wagtail.edit", user=self.request.user)
        return shift


class ShiftRosterView(generic.InspectView):
    """A shift's roster: who is coming and who waits, with check-in and check-out buttons (POST action=check_in
    / check_out / confirm / no_show, signup=<id>) and cancelling the shift (action=cancel_shift)."""

    template_name = "volunteers/admin/shift_roster.html"
    http_method_names = ["get", "post"]

    def get_object(self, queryset: QuerySet | None = None) -> Shift:
        return get_object_or_404(selectors.shifts_with_places(Shift.objects.select_related("opportunity")), pk=self.pk)

    def get_page_subtitle(self) -> str:
        return f"{self.object.opportunity.title} · {_when(self.object)}"

    @cached_property
    def can_change(self) -> bool:
        return self.request.user.has_perm(CHANGE_SIGNUPS)

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        user = self.request.user
        if user.has_perm(CHANGE_SHIFTS):
            buttons.append(
                HeaderButton(
                    "Message volunteers",
                    url=reverse("volunteers_shifts:message", args=(self.object.pk,)),
                    icon_name="mail",
                )
            )
        return buttons

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "")
        if action == "cancel_shift":
            if not request.user.has_perm(CHANGE_SHIFTS):
                raise PermissionDenied
            services.shift_cancel(shift=self.object)
            messages.success(request, "Shift cancelled; the volunteers on it are being emailed.")
            return redirect(request.path)
        if not self.can_change:
            raise PermissionDenied
        signup = get_object_or_404(Signup, pk=request.POST.get("signup") or 0, shift=self.object)
        actions = {
            "check_in": lambda: services.signup_check_in(signup=signup),
            "check_out": lambda: services.signup_check_out(signup=signup, user=request.user),
            "confirm": lambda: services.signup_set_status(signup=signup, status=Signup.Status.CONFIRMED),
            "no_show": lambda: services.signup_set_status(signup=signup, status=Signup.Status.NO_SHOW),
            "cancel": lambda: services.signup_cancel(signup=signup),
        }
        if action not in actions:
            raise PermissionDenied
        try:
            actions[action]()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{signup.constituent}: {action.replace('_', ' ')} done.")
        return redirect(request.path)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        shift = self.object
        rows = list(selectors.roster(shift=shift))
        hours = {
            entry.signup_id: entry
            for entry in HoursEntry.objects.filter(signup__in=rows).exclude(status=HoursEntry.Status.REJECTED)
        }
        context.update(
            shift=shift,
            when=_when(shift),
            booked=[(signup, hours.get(signup.pk)) for signup in rows if signup.status != Signup.Status.WAITLISTED],
            waitlist=[signup for signup in rows if signup.status == Signup.Status.WAITLISTED],
            can_change=self.can_change and not shift.cancelled,
            can_cancel_shift=self.request.user.has_perm(CHANGE_SHIFTS) and not shift.cancelled,
            constituent_url=constituent_url,
        )
        return context


class ShiftMessageView(ObjectActionFormView):
    """Email everyone booked on a shift: one email per person."""

    model = Shift
    permission_required = CHANGE_SHIFTS
    form_class = admin_forms.ShiftMessageForm
    page_title = "Message volunteers"
    submit_button_label = "Send"
    header_icon = "mail"

    def get_queryset(self) -> QuerySet[Shift]:
        return Shift.objects.select_related("opportunity")

    def object_url(self) -> str:
        return shift_roster_url(self.object)

    def get_success_message(self) -> str:
        return f"Message sent to {self.result} volunteer{'s' if self.result != 1 else ''}."


# ---------------------------------------------------------------------------------------------------------
# Sign-ups and hours
# ---------------------------------------------------------------------------------------------------------


class SignupIndexView(NameSearchMixin, ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Signup]:
        return Signup.objects.select_related("constituent", "shift__opportunity")

    def get_delete_url(self, instance: Signup) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        return [
            _name_column(self),
            Column(
                "shift",
                label="Shift",
                accessor=lambda obj: f"{obj.shift.opportunity.title} · {_when(obj.shift)}",
                sort_key="shift__starts_at",
            ),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status != Signup.Status.CANCELLED,
                sort_key="status",
            ),
            Column("source", label="Made in"),
        ]

    def export_constituent(self, item: Signup) -> str:
        return str(item.constituent)

    def export_opportunity(self, item: Signup) -> str:
        return item.shift.opportunity.title

    def export_shift_start(self, item: Signup) -> str:
        return f"{item.shift.local_start:%Y-%m-%d %H:%M}"

    def export_time_zone(self, item: Signup) -> str:
        return item.shift.time_zone

    def export_status(self, item: Signup) -> str:
        return item.get_status_display()


class SignupCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for name in ("constituent", "shift"):
            if value := self.request.GET.get(name):
                initial[name] = value
        return initial

    def save_instance(self) -> Signup:
        signup = self.form.save()
        log(instance=signup, action="wagtail.create", user=self.request.user)
        return signup

    def get_success_message(self, instance: Signup | None = None) -> str:
        return f"{self.object.constituent} is {self.object.get_status_display().lower()}."

    def get_success_url(self) -> str:
        return shift_roster_url(self.object.shift_id)

    def get_edit_url(self) -> str:
        return shift_roster_url(self.object.shift_id)  # sign-ups are changed on the roster


class HoursEntryIndexView(NameSearchMixin, ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[HoursEntry]:
        return HoursEntry.objects.select_related("constituent", "opportunity")

    def get_add_url(self) -> None:
        return None

    def get_delete_url(self, instance: HoursEntry) -> None:
        return None

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        if self.request.user.has_perm(CHANGE_HOURS):
            buttons.append(
                HeaderButton("Approve reported hours", url=reverse("volunteers_hours:approve"), icon_name="tick")
            )
        return buttons

    @cached_property
    def columns(self) -> list[Column]:
        return [
            _name_column(self),
            Column("hours", label="Hours", sort_key="hours"),
            Column("date", label="Day", sort_key="date"),
            Column("opportunity", label="Opportunity", sort_key="opportunity__title"),
            Column("source", label="Source", accessor="get_source_display", sort_key="source"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status == HoursEntry.Status.APPROVED,
                sort_key="status",
            ),
        ]

    def export_constituent(self, item: HoursEntry) -> str:
        return str(item.constituent)

    def export_opportunity(self, item: HoursEntry) -> str:
        return item.opportunity.title

    def export_status(self, item: HoursEntry) -> str:
        return item.get_status_display()

    def export_source(self, item: HoursEntry) -> str:
        return item.get_source_display()


class HoursApproveView(WagtailAdminTemplateMixin, FormView):
    """Approve (or reject) hours the volunteers reported, many at once."""

    template_name = "volunteers/admin/hours_approve.html"
    form_class = admin_forms.HoursApprovalForm
    page_title = "Approve reported hours"
    header_icon = "tick"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm(CHANGE_HOURS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("volunteers_hours:index"), "label": "Hours"},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form: admin_forms.HoursApprovalForm) -> HttpResponse:
        entries = list(form.cleaned_data["entries"])
        if form.cleaned_data["action"] == "approve":
            count = services.hours_approve(entry_ids=[entry.pk for entry in entries], user=self.request.user)
            messages.success(self.request, f"{count} hours entr{'y' if count == 1 else 'ies'} approved.")
        else:
            for entry in entries:
                services.hours_reject(entry=entry, user=self.request.user, reason=form.cleaned_data["reason"])
            messages.success(self.request, f"{len(entries)} hours entr{'y' if len(entries) == 1 else 'ies'} rejected.")
        return redirect(self.request.path)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["pending"] = list(
            HoursEntry.objects.filter(status=HoursEntry.Status.PENDING)
            .select_related("constituent", "opportunity", "shift")
            .order_by("date", "pk")
        )
        return context


# ---------------------------------------------------------------------------------------------------------
# The constituent page: volunteering (position 700)
# ---------------------------------------------------------------------------------------------------------


class VolunteeringSection(ConstituentSection):
    """The person's volunteer profile, totals, shifts and hours; for staff who may see sign-ups."""

    order = 700
    heading = "Volunteering"
    section_id = "volunteering"
    icon = "group"
    template_name = "volunteers/admin/sections/volunteering.html"
    shown_signups = 10
    # The profile, the totals of hours and the shifts signed up for: each needs its own permission.
    permissions = (VIEW_SIGNUPS, VIEW_HOURS, "volunteers.view_volunteerprofile")

    def get_section_context(self) -> dict[str, Any]:
        constituent: Constituent = self.constituent
        user = self.request.user
        profile = (
            VolunteerProfile.objects.filter(constituent=constituent).prefetch_related("skills", "interests").first()
        )
        signups = list(
            Signup.objects.filter(constituent=constituent)
            .select_related("shift__opportunity")
            .order_by("-shift__starts_at", "-pk")[: self.shown_signups]
        )
        profile_url = None
        if profile and user.has_perm("volunteers.change_volunteerprofile"):
            profile_url = reverse("volunteers_profiles:edit", args=(profile.pk,))
        elif profile is None and user.has_perm("volunteers.add_volunteerprofile"):
            profile_url = reverse("volunteers_profiles:add") + f"?constituent={constituent.pk}"
        return {
            "profile": profile,
            "show_contacts": can_view_contacts(user),
            "totals": selectors.volunteer_totals(constituent=constituent),
            "signups": [(signup, _when(signup.shift), shift_roster_url(signup.shift_id)) for signup in signups],
            "all_signups_url": reverse("volunteers_signups:index") + f"?constituent={constituent.pk}",
            "hours_url": reverse("volunteers_hours:index") + f"?constituent={constituent.pk}",
            "profile_url": profile_url,
        }


# ---------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------


class VolunteerDashboardPanel(Component):
    """Hours this month and year, active volunteers, under-filled shifts soon and hours waiting for approval."""

    name = "volunteer_figures"
    order = 70
    template_name = "volunteers/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        figures = selectors.volunteer_dashboard_figures()
        return {
            "figures": figures,
            "underfilled": [(shift, _when(shift), shift_roster_url(shift)) for shift in figures.underfilled_shifts],
            "active_days": selectors.ACTIVE_DAYS,
            "underfilled_days": selectors.UNDERFILLED_DAYS,
            "approve_url": reverse("volunteers_hours:approve"),
        }
