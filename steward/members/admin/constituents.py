"""Views of constituents in the members admin: the listing, add, edit, delete, the constituent page and the
actions staff take from it (record an interaction or a consent, add a membership)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log

from steward.core.admin_sections import (
    can_view_contacts,
    constituent_url,
)
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ObjectActionFormView

from .. import admin_selectors, selectors, services
from ..models import (
    Constituent,
    Membership,
)
from . import forms
from .mixins import IntegrityErrorAsFormErrorMixin
from .sections import constituent_sections
from .summary import constituent_summary


def _membership_status_label(value: str | None) -> str:
    return Membership.Status(value).label if value in Membership.Status.values else ""


class ConstituentIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    """Constituents (or one kind of them): one page of rows with everything annotated, searchable by name,
    email or phone, filterable, sortable, exportable.

    It sorts by stored, indexed columns only (name, kind, added): the membership, city and count columns are
    computed per row, and sorting a million rows by them would compute every one. The memberships listing
    sorts by status and end date, which memberships store.
    """

    kind: str | None = None
    is_searchable = True
    search_fields = ["display_name"]  # searching itself is selectors.constituent_search
    page_title = "Constituents"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.show_contacts = can_view_contacts(request.user)
        self.custom_field_definitions = admin_selectors.active_custom_fields() if self.is_export else []
        export = [field for field in self.list_export if self.show_contacts or field not in self.contact_exports]
        self.list_export = export + [f"custom:{definition.key}" for definition in self.custom_field_definitions]
        self.export_headings = {
            **self.export_headings,
            **{f"custom:{d.key}": d.label for d in self.custom_field_definitions},
        }

    contact_exports = ("primary_email", "primary_phone", "primary_city", "primary_country")

    def get_page_title(self) -> str:
        return self.page_title

    def get_base_queryset(self) -> QuerySet[Constituent]:
        return admin_selectors.constituent_listing_queryset(kind=self.kind)

    def search_queryset(self, queryset: QuerySet[Constituent]) -> QuerySet[Constituent]:
        if not self.is_searching:
            return queryset
        return selectors.constituent_search(query=self.search_query, queryset=queryset)

    def get_add_url(self) -> str | None:
        url = super().get_add_url()
        if url and self.kind:
            url += f"?kind={self.kind}"
        return url

    @cached_property
    def add_item_label(self) -> str:
        return {
            Constituent.Kind.HOUSEHOLD: "Add household",
            Constituent.Kind.ORGANIZATION: "Add organisation",
        }.get(self.kind, "Add constituent")

    @cached_property
    def verbose_name_plural(self) -> str:
        return self.page_title.lower()

    @cached_property
    def columns(self) -> list[Column]:
        title_column = self._get_title_column_class(TitleColumn)(
            "name",
            label="Name",
            accessor="display_name",
            sort_key="sort_name",
            get_url=lambda obj: self.get_inspect_url(obj) or self.get_edit_url(obj),
            width="20%",
        )
        columns: list[Column] = [title_column]
        if not self.kind:
            columns.append(Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"))
        if self.show_contacts:
            columns += [
                Column("primary_email", label="Email"),
                Column("primary_phone", label="Phone"),
                Column("primary_city", label="City"),
            ]
        if self.kind == Constituent.Kind.HOUSEHOLD:
            columns.append(Column("member_count", label="Members"))
        elif self.kind == Constituent.Kind.ORGANIZATION:
            columns.append(Column("relationship_count", label="Relationships"))
        columns += [
            Column("membership_level", label="Membership"),
            StatusTagColumn(
                "membership_status",
                label="Status",
                accessor=lambda obj: _membership_status_label(obj.membership_status),
                primary=lambda obj: obj.membership_status in admin_selectors.LIVE_STATUSES,
            ),
            # A calendar date, not Wagtail's "n days ago" (which reads a future end as "just now").
            Column(
                "membership_end",
                label="Membership ends",
                accessor=lambda obj: date_format(obj.membership_end, "j M Y") if obj.membership_end else "—",
            ),
            DateColumn("created_at", label="Added", sort_key="created_at"),
        ]
        return columns

    # Export accessors: values shown as people read them, not as stored.
    def export_kind(self, item: Constituent) -> str:
        return item.get_kind_display()

    def export_household(self, item: Constituent) -> str:
        return str(item.household or "")

    def prepare_export_chunk(self, rows: list[Constituent]) -> list[Constituent]:
        names = admin_selectors.constituent_tag_names(constituent_ids=[row.pk for row in rows])
        for row in rows:
            row.export_tag_names = names.get(row.pk, [])
        return rows

    def export_tags(self, item: Constituent) -> str:
        return ", ".join(item.export_tag_names)

    def export_membership_status(self, item: Constituent) -> str:
        return _membership_status_label(item.membership_status)

    def export_primary_phone(self, item: Constituent) -> str:
        return str(item.primary_phone or "")

    def export_value(self, item: Any, field: str) -> Any:
        if field.startswith("custom:"):
            value = (item.custom_fields or {}).get(field.removeprefix("custom:"))
            if isinstance(value, bool):
                return "Yes" if value else "No"
            return value
        return super().export_value(item, field)


class ConstituentCreateView(IntegrityErrorAsFormErrorMixin, generic.CreateView):
    """A new constituent; the kind can be preset from the listing it was started from (?kind=household)."""

    def get_initial_form_instance(self) -> Constituent:
        kind = self.request.GET.get("kind")
        return Constituent(kind=kind if kind in Constituent.Kind.values else Constituent.Kind.INDIVIDUAL)

    def get_success_url(self) -> str:
        return constituent_url(self.object)

    def get_success_buttons(self) -> list[Any]:
        return [messages.button(self.get_edit_url(), "Edit")]


class ConstituentEditView(IntegrityErrorAsFormErrorMixin, generic.EditView):
    def get_queryset(self) -> QuerySet[Constituent]:
        return admin_selectors.constituent_edit_queryset()

    def get_success_url(self) -> str:
        return get_valid_next_url_from_request(self.request) or constituent_url(self.object)


class ConstituentDeleteView(generic.DeleteView):
    """Deletes through services.constituent_delete: a member's history is kept, so members cannot be deleted."""

    template_name = "members/admin/constituent_confirm_delete.html"

    @cached_property
    def membership_count(self) -> int:
        return admin_selectors.constituent_membership_count(constituent=self.object)

    def delete_action(self) -> None:
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user, deleted=True)
            services.constituent_delete(constituent=self.object)

    def form_valid(self, form: Any) -> HttpResponse:
        # Not super(): the generic view would refuse with a bare PermissionDenied when Wagtail's reference
        # index knows of a protecting membership; the service's own message is the one staff need.
        success_url = self.get_success_url()
        try:
            self.delete_action()
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(constituent_url(self.object))
        messages.success(self.request, self.get_success_message())
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else HttpResponseRedirect(success_url)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["membership_count"] = self.membership_count
        context["constituent_url"] = constituent_url(self.object)
        return context


class ConstituentDetailView(generic.InspectView):
    """The constituent page: everything about one constituent at once, with the actions staff take on it."""

    template_name = "members/admin/constituent_detail.html"

    def get_object(self, queryset: QuerySet | None = None) -> Constituent:
        return get_object_or_404(admin_selectors.constituent_page_queryset(), pk=self.pk)

    def get_page_title(self) -> str:
        return str(self.object)

    def get_page_subtitle(self) -> str:
        return self.object.get_kind_display()

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("members_constituents:index"), "label": "Constituents"},
            {"url": "", "label": str(self.object)},
        ]

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = []
        if edit_url := self.get_edit_url():
            buttons.append(HeaderButton("Edit", url=edit_url, icon_name="edit"))
        return buttons

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        user = self.request.user
        pk = self.object.pk
        buttons = []
        actions = [
            ("members.add_interaction", "Record an interaction", "record_interaction", "comment", 10),
            ("members.add_consentrecord", "Record a consent", "record_consent", "tick-inverse", 20),
            ("members.add_membership", "Add a membership", "add_membership", "tag", 30),
        ]
        for permission, label, url_name, icon, priority in actions:
            if user.has_perm(permission):
                url = reverse(f"members_constituents:{url_name}", args=(pk,))
                buttons.append(Button(label, url=url, icon_name=icon, priority=priority))
        history_url = reverse("members_constituents:history", args=(pk,))
        buttons.append(Button("Admin history", url=history_url, icon_name="history", priority=80))
        if delete_url := self.get_delete_url():
            buttons.append(Button("Delete", url=delete_url, icon_name="bin", priority=90))
        return buttons

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sections = constituent_sections(self.request, self.object)
        context["sections"] = sections
        context["summary"] = constituent_summary(self.request, self.object)
        return context


class ConstituentActionView(ObjectActionFormView):
    model = Constituent

    def object_url(self) -> str:
        return constituent_url(self.object)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        kwargs["constituent"] = self.object
        return kwargs

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("members_constituents:index"), "label": "Constituents"},
            {"url": self.object_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]


class RecordInteractionView(ConstituentActionView):
    permission_required = "members.add_interaction"
    form_class = forms.InteractionRecordForm
    page_title = "Record an interaction"
    submit_button_label = "Record interaction"
    header_icon = "comment"

    def get_success_message(self) -> str:
        message = f"Interaction '{self.result.subject}' recorded."
        if self.result.tasks.exists():
            message += " A follow-up task was created."
        return message


class RecordConsentView(ConstituentActionView):
    permission_required = "members.add_consentrecord"
    form_class = forms.ConsentRecordForm
    page_title = "Record a consent"
    submit_button_label = "Record consent"
    header_icon = "tick-inverse"

    def get_success_message(self) -> str:
        return f"Recorded: {self.result}."


class AddMembershipView(ConstituentActionView):
    permission_required = "members.add_membership"
    form_class = forms.MembershipCreateForm
    page_title = "Add a membership"
    submit_button_label = "Add membership"
    header_icon = "tag"

    def get_success_message(self) -> str:
        membership = self.result
        end = f"{membership.end_date:%d %b %Y}" if membership.end_date else "lifetime"
        return f"{membership.level} membership added, paid until {end}."
