"""Views of memberships and membership levels in the members admin; memberships are created, renewed and
cancelled through the services, never deleted."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.log_actions import log

from steward.core.admin_sections import (
    constituent_url,
)
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ObjectActionFormView, ServiceFormViewMixin
from steward.core.money import format_money

from .. import admin_selectors, selectors, services
from ..models import (
    Membership,
    MembershipLevel,
)
from . import forms
from .mixins import PrefillConstituentMixin


class MembershipIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    search_fields = ["constituent__display_name", "level__name"]
    is_searchable = True

    def get_base_queryset(self) -> QuerySet[Membership]:
        return admin_selectors.membership_listing_queryset()

    def search_queryset(self, queryset: QuerySet[Membership]) -> QuerySet[Membership]:
        if not self.is_searching:
            return queryset
        people = selectors.constituent_search(query=self.search_query).values("pk")
        return queryset.filter(constituent__in=people)

    def get_delete_url(self, instance: Membership) -> None:
        return None  # memberships are cancelled, never deleted: their history is kept

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "constituent",
            label="Member",
            accessor="constituent",
            sort_key="constituent__sort_name",
            get_url=lambda obj: self.get_inspect_url(obj),
        )
        return [
            title,
            Column("level", label="Level", sort_key="level__name"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status in admin_selectors.LIVE_STATUSES,
                sort_key="status",
            ),
            DateColumn("start_date", label="Started", sort_key="start_date"),
            DateColumn("end_date", label="Ends", sort_key="end_date"),
            BooleanColumn("auto_renew", label="Auto-renew", sort_key="auto_renew"),
            Column("term_count", label="Terms"),
            Column("purchased_by", label="Gift from", accessor=lambda obj: obj.purchased_by if obj.is_gift else ""),
        ]

    def get_list_more_buttons(self, instance: Membership) -> list[Any]:
        buttons = super().get_list_more_buttons(instance)
        if instance.cancelled_at is None and self.user_has_permission("change"):
            buttons += [
                MenuItem("Renew", url=reverse("members_memberships:renew", args=(instance.pk,)), icon_name="repeat"),
                MenuItem("Cancel", url=reverse("members_memberships:cancel", args=(instance.pk,)), icon_name="cross"),
            ]
        return buttons

    def export_constituent(self, item: Membership) -> str:
        return str(item.constituent)

    def export_level(self, item: Membership) -> str:
        return str(item.level)

    def export_status(self, item: Membership) -> str:
        return item.get_status_display()

    def export_purchased_by(self, item: Membership) -> str:
        return str(item.purchased_by) if item.is_gift else ""


class MembershipCreateView(PrefillConstituentMixin, ServiceFormViewMixin, generic.CreateView):
    """New memberships are created by services.membership_create, so a first term always exists."""

    template_name = "core/admin/service_form.html"
    success_message = "Membership '%(object)s' created."

    def save_instance(self) -> Membership:
        membership = self.form.save()
        log(instance=membership, action="wagtail.create", user=self.request.user)
        return membership

    def get_success_url(self) -> str:
        return get_valid_next_url_from_request(self.request) or reverse(
            "members_memberships:inspect", args=(self.object.pk,)
        )


class MembershipEditView(ServiceFormViewMixin, generic.EditView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> Membership:
        membership = self.form.save()
        log(instance=membership, action="wagtail.edit", user=self.request.user)
        return membership


class MembershipDetailView(generic.InspectView):
    template_name = "members/admin/membership_detail.html"

    def get_object(self, queryset: QuerySet | None = None) -> Membership:
        return get_object_or_404(admin_selectors.membership_page_queryset(), pk=self.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.object
        can_change = self.user_has_permission("change") and membership.cancelled_at is None
        context.update(
            terms=admin_selectors.membership_terms(membership=membership),
            constituent_url=constituent_url(membership.constituent),
            renew_url=reverse("members_memberships:renew", args=(membership.pk,)) if can_change else None,
            cancel_url=reverse("members_memberships:cancel", args=(membership.pk,)) if can_change else None,
            derived_status=Membership.Status(services.membership_status(membership=membership)).label,
        )
        return context


class MembershipRefuseDeleteView(generic.DeleteView):
    """Memberships are never deleted in the admin (the history is the point); this page says so."""

    template_name = "members/admin/membership_no_delete.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        messages.error(request, "Memberships are kept for the record; cancel it instead.")
        return redirect(reverse("members_memberships:inspect", args=(self.object.pk,)))


class MembershipActionView(ObjectActionFormView):
    model = Membership
    permission_required = "members.change_membership"

    def get_queryset(self) -> QuerySet[Membership]:
        return admin_selectors.membership_action_queryset()

    def object_url(self) -> str:
        return constituent_url(self.object.constituent)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("members_memberships:index"), "label": "Memberships"},
            {"url": reverse("members_memberships:inspect", args=(self.object.pk,)), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]


class MembershipRenewView(MembershipActionView):
    form_class = forms.MembershipRenewForm
    page_title = "Renew membership"
    submit_button_label = "Renew"
    header_icon = "repeat"

    def get_success_message(self) -> str:
        term = self.result
        end = f"{term.end_date:%d %b %Y}" if term.end_date else "lifetime"
        return f"Membership renewed: {term.start_date:%d %b %Y} – {end}."


class MembershipCancelView(MembershipActionView):
    form_class = forms.MembershipCancelForm
    page_title = "Cancel membership"
    submit_button_label = "Cancel membership"
    header_icon = "cross"
    success_message = "Membership cancelled; its paid terms stay in the history."


class MembershipLevelIndexView(ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[MembershipLevel]:
        return admin_selectors.level_listing_queryset()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="Name", sort_key="name", get_url=lambda obj: self.get_edit_url(obj)
        )
        return [
            title,
            Column(
                "price", label="Price", accessor=lambda obj: format_money(obj.price, obj.currency), sort_key="price"
            ),
            Column("term", label="Term", accessor="get_term_display", sort_key="term"),
            Column("grace_days", label="Grace days", sort_key="grace_days"),
            BooleanColumn("joinable_online", label="Joinable online", sort_key="joinable_online"),
            BooleanColumn("active", label="Offered", sort_key="active"),
            Column("live_count", label="Members now", sort_key="live_count"),
        ]

    def export_term(self, item: MembershipLevel) -> str:
        return item.get_term_display()
