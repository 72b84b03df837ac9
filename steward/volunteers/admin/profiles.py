"""Volunteer profiles: the listing with its export (contact details only for staff who may see them), added and
changed through services.volunteer_profile_save."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.log_actions import log

from steward.core.admin_sections import can_view_contacts
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ServiceFormViewMixin

from .. import admin_selectors
from ..models import VolunteerProfile
from .common import NameSearchMixin, volunteer_name_column


class VolunteerProfileIndexView(NameSearchMixin, KeysetPageMixin, ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[VolunteerProfile]:
        return admin_selectors.volunteer_profile_listing_queryset()

    def prepare_export_chunk(self, rows: list[Any]) -> list[Any]:
        """The export drops prefetches (ChunkedRows): fetch the chunk's skills, interests and contacts at once."""
        admin_selectors.volunteer_profile_export_prefetch(profiles=rows)
        return rows

    @cached_property
    def columns(self) -> list[Column]:
        return [
            volunteer_name_column(self),
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
