"""Sign-ups: the listing with its export; staff sign someone up through services.signup_create (the same rules
as the portal). A sign-up is changed on its shift's roster."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.log_actions import log

from steward.core.admin_sections import can_view_contacts
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ServiceFormViewMixin

from .. import admin_selectors
from ..models import Signup
from .common import NameSearchMixin, phone_text, shift_roster_url, shift_when, volunteer_name_column


class SignupIndexView(NameSearchMixin, KeysetPageMixin, ExportMixin, generic.IndexView):
    """Sign-ups; exported (a shift's roster links here with ?shift=) with the volunteer's primary email and phone
    for staff who may see contact details, to tell people apart."""

    contact_exports = ("primary_email", "primary_phone")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.show_contacts = can_view_contacts(request.user)
        if self.show_contacts:
            position = self.list_export.index("constituent_id") + 1 if "constituent_id" in self.list_export else 1
            self.list_export = [*self.list_export[:position], *self.contact_exports, *self.list_export[position:]]
            self.export_headings = {**self.export_headings, "primary_email": "Email", "primary_phone": "Phone"}

    def get_base_queryset(self) -> QuerySet[Signup]:
        return admin_selectors.signup_listing_queryset(with_contacts=self.is_export and self.show_contacts)

    def export_primary_phone(self, item: Signup) -> str:
        return phone_text(getattr(item, "primary_phone", None))

    def get_delete_url(self, instance: Signup) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        return [
            volunteer_name_column(self),
            Column(
                "shift",
                label="Shift",
                accessor=lambda obj: f"{obj.shift.opportunity.title} · {shift_when(obj.shift)}",
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
        if self.object.status == Signup.Status.ATTENDED:
            return f"{self.object.constituent} is recorded as attended, with their hours approved."
        return f"{self.object.constituent} is {self.object.get_status_display().lower()}."

    def get_success_url(self) -> str:
        return shift_roster_url(self.object.shift_id)

    def get_edit_url(self) -> str:
        return shift_roster_url(self.object.shift_id)  # sign-ups are changed on the roster
