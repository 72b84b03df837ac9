"""Shifts: the listing with its export, added and changed through services (wall-clock times in a zone), the
roster (check-in and check-out) and messaging everyone booked on a shift."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from steward.core.admin_sections import can_view_contacts, constituent_url
from steward.core.admin_views import ExportMixin, ObjectActionFormView, ServiceFormViewMixin

from .. import admin_selectors, services
from ..models import Shift, Signup
from . import forms
from .common import (
    ADD_SIGNUPS,
    CHANGE_HOURS,
    CHANGE_SHIFTS,
    CHANGE_SIGNUPS,
    VIEW_SIGNUPS,
    phone_text,
    shift_roster_url,
    shift_when,
)


class ShiftIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["opportunity__title"]

    def get_base_queryset(self) -> QuerySet[Shift]:
        return admin_selectors.shift_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(opportunity__title__icontains=self.search_query.strip())

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "opportunity",
            label="Shift",
            accessor=lambda obj: f"{obj.opportunity.title} · {shift_when(obj)}",
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
        return get_object_or_404(admin_selectors.shift_listing_queryset(), pk=self.pk)

    def get_page_subtitle(self) -> str:
        return f"{self.object.opportunity.title} · {shift_when(self.object)}"

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
        signup = get_object_or_404(
            admin_selectors.shift_signups_queryset(shift=self.object), pk=request.POST.get("signup") or 0
        )
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
        user = self.request.user
        show_contacts = can_view_contacts(user)
        rows = admin_selectors.roster_rows(shift=shift, with_contacts=show_contacts)
        for row in rows if show_contacts else []:
            row.phone_text = phone_text(row.primary_phone)  # type: ignore[attr-defined]
        hours = admin_selectors.roster_hours_by_signup(signups=rows)
        may_add = user.has_perm(ADD_SIGNUPS) and not shift.cancelled
        export_url = None
        if user.has_perm(VIEW_SIGNUPS):
            export_url = reverse("volunteers_signups:index") + f"?shift={shift.pk}&export="
        context.update(
            show_contacts=show_contacts,
            add_signup_url=reverse("volunteers_signups:add") + f"?shift={shift.pk}"
            if may_add and (not shift.is_past or user.has_perm(CHANGE_HOURS))
            else None,
            add_signup_label="Record someone's hours" if shift.is_past else "Sign someone up",
            export_csv_url=export_url + "csv" if export_url else None,
            export_xlsx_url=export_url + "xlsx" if export_url else None,
            shift=shift,
            when=shift_when(shift),
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
    form_class = forms.ShiftMessageForm
    page_title = "Message volunteers"
    submit_button_label = "Send"
    header_icon = "mail"

    def get_queryset(self) -> QuerySet[Shift]:
        return admin_selectors.shift_action_queryset()

    def object_url(self) -> str:
        return shift_roster_url(self.object)

    def get_success_message(self) -> str:
        return f"Message sent to {self.result} volunteer{'s' if self.result != 1 else ''}."
