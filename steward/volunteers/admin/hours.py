"""Hours: the listing with its export, and approving (or rejecting) the hours volunteers reported, many at once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from steward.core.admin_views import ExportMixin, KeysetPageMixin

from .. import admin_selectors, services
from ..models import HoursEntry
from . import forms
from .common import CHANGE_HOURS, NameSearchMixin, volunteer_name_column


class HoursEntryIndexView(NameSearchMixin, KeysetPageMixin, ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[HoursEntry]:
        return admin_selectors.hours_entry_listing_queryset()

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
            volunteer_name_column(self),
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
    form_class = forms.HoursApprovalForm
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

    def form_valid(self, form: forms.HoursApprovalForm) -> HttpResponse:
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
        context["pending"] = admin_selectors.hours_pending_approval()
        return context
