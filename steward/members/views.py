"""Views of the members admin: listings, the constituent page, and forms whose writes go through services."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn, UserColumn
from wagtail.admin.utils import get_user_display_name, get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from steward.core.admin_sections import (
    CONSTITUENT_SECTIONS_HOOK,
    CONTACT_PERMISSION,
    ConstituentSection,
    can_view_contacts,
    constituent_url,
)
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ObjectActionFormView, ServiceFormViewMixin

from . import admin_selectors, forms, selectors, services
from .models import (
    ConsentRecord,
    Constituent,
    ConstituentTag,
    FollowUpTask,
    Interaction,
    Membership,
    MembershipLevel,
)


def _membership_status_label(value: str | None) -> str:
    return Membership.Status(value).label if value in Membership.Status.values else ""


# ---------------------------------------------------------------------------------------------------------
# Mixins of the members admin's create and edit views
# ---------------------------------------------------------------------------------------------------------


class PrefillConstituentMixin:
    """A create view opened from a constituent's page (?constituent=<id>) starts with that constituent chosen."""

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if constituent_id := self.request.GET.get("constituent"):
            initial["constituent"] = constituent_id
        return initial


class IntegrityErrorAsFormErrorMixin:
    """A database constraint hit despite validation (a race with another user) becomes a form error."""

    integrity_error_message = "This could not be saved because it conflicts with another record; please check it."

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except IntegrityError:
            form.add_error(None, self.integrity_error_message)
            self.produced_error_message = self.integrity_error_message
            return self.form_invalid(form)


# ---------------------------------------------------------------------------------------------------------
# Constituents
# ---------------------------------------------------------------------------------------------------------


class ConstituentIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    """Constituents (or one kind of them): one page of rows with everything annotated, searchable by name,
    email or phone, filterable, sortable, exportable."""

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
                Column("primary_city", label="City", sort_key="primary_city"),
            ]
        if self.kind == Constituent.Kind.HOUSEHOLD:
            columns.append(Column("member_count", label="Members", sort_key="member_count"))
        elif self.kind == Constituent.Kind.ORGANIZATION:
            columns.append(Column("relationship_count", label="Relationships", sort_key="relationship_count"))
        columns += [
            Column("membership_level", label="Membership"),
            StatusTagColumn(
                "membership_status",
                label="Status",
                accessor=lambda obj: _membership_status_label(obj.membership_status),
                primary=lambda obj: obj.membership_status in admin_selectors.LIVE_STATUSES,
                sort_key="membership_status",
            ),
            # A calendar date, not Wagtail's "n days ago" (which reads a future end as "just now").
            Column(
                "membership_end",
                label="Membership ends",
                sort_key="membership_end",
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
        names: dict[int, list[str]] = {}
        tagged = ConstituentTag.objects.filter(content_object_id__in=[row.pk for row in rows])
        for constituent_id, name in tagged.values_list("content_object_id", "tag__name"):
            names.setdefault(constituent_id, []).append(name)
        for row in rows:
            row.export_tag_names = sorted(names.get(row.pk, []))
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
        return Constituent.objects.prefetch_related("emails", "phones", "addresses", "tags")

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


class DetailsSection(ConstituentSection):
    order = 100
    heading = "Details"
    section_id = "details"
    icon = "user"
    template_name = "members/admin/sections/details.html"


class CustomFieldsSection(ConstituentSection):
    order = 150
    heading = "Custom fields"
    section_id = "custom-fields"
    icon = "form"
    template_name = "members/admin/sections/custom_fields.html"

    def get_section_context(self) -> dict[str, Any]:
        stored = self.constituent.custom_fields or {}
        definitions = admin_selectors.active_custom_fields()
        rows = [(definition.label, _custom_display(stored.get(definition.key))) for definition in definitions]
        known = {definition.key for definition in definitions}
        retired = [(key, _custom_display(value)) for key, value in stored.items() if key not in known]
        return {"rows": rows, "retired": retired}


def _custom_display(value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d %b %Y") if len(value) == 10 else value
        except ValueError:
            return value
    return str(value)


class ContactSection(ConstituentSection):
    order = 200
    heading = "Contact details"
    section_id = "contact"
    icon = "mail"
    template_name = "members/admin/sections/contact.html"

    def get_section_context(self) -> dict[str, Any]:
        allowed = can_view_contacts(self.request.user)
        return {
            "can_view_contacts": allowed,
            "emails": list(self.constituent.emails.all()) if allowed else [],
            "phones": list(self.constituent.phones.all()) if allowed else [],
            "addresses": list(self.constituent.addresses.all()) if allowed else [],
        }


class HouseholdSection(ConstituentSection):
    order = 300
    heading = "Household"
    section_id = "household"
    icon = "group"
    template_name = "members/admin/sections/household.html"

    def get_section_context(self) -> dict[str, Any]:
        household = (
            self.constituent if self.constituent.kind == Constituent.Kind.HOUSEHOLD else self.constituent.household
        )
        members = list(household.household_members.order_by("sort_name", "pk")) if household else []
        return {"household": household, "members": members, "is_household": household == self.constituent}

    def is_shown(self) -> bool:
        return self.constituent.kind != Constituent.Kind.ORGANIZATION and super().is_shown()


class RelationshipsSection(ConstituentSection):
    order = 400
    heading = "Relationships"
    section_id = "relationships"
    icon = "link"
    template_name = "members/admin/sections/relationships.html"
    permissions = ("members.view_relationship",)

    def get_section_context(self) -> dict[str, Any]:
        user = self.request.user
        add_url = None
        if user.has_perm("members.add_relationship"):
            add_url = (
                reverse("members_relationships:add")
                + f"?from_constituent={self.constituent.pk}&next={constituent_url(self.constituent)}"
            )
        return {"relationships": selectors.relationships_for(constituent=self.constituent), "add_url": add_url}


class MembershipsSection(ConstituentSection):
    order = 500
    heading = "Memberships"
    section_id = "memberships"
    icon = "tag"
    template_name = "members/admin/sections/memberships.html"
    # The terms show what was paid and how: membership payments are the membership staff's business.
    permissions = ("members.view_membership", "members.view_membershipterm")

    def get_section_context(self) -> dict[str, Any]:
        user = self.request.user
        can_change = user.has_perm("members.change_membership")
        today = services.organisation_today()
        rows = []
        for membership in self.constituent.memberships.all():
            rows.append(
                {
                    "membership": membership,
                    "terms": list(membership.terms.all()),
                    "derived_status": Membership.Status(
                        services.membership_status(membership=membership, today=today)
                    ).label,
                    "renew_url": reverse("members_memberships:renew", args=(membership.pk,))
                    if can_change and membership.cancelled_at is None
                    else None,
                    "cancel_url": reverse("members_memberships:cancel", args=(membership.pk,))
                    if can_change and membership.cancelled_at is None
                    else None,
                    "url": reverse("members_memberships:inspect", args=(membership.pk,)),
                }
            )
        add_url = None
        if user.has_perm("members.add_membership"):
            add_url = reverse("members_constituents:add_membership", args=(self.constituent.pk,))
        return {"rows": rows, "add_url": add_url, "next": constituent_url(self.constituent)}


class InteractionsSection(ConstituentSection):
    order = 800
    heading = "Interactions and tasks"
    section_id = "interactions"
    icon = "comment"
    template_name = "members/admin/sections/interactions.html"
    shown_interactions = 20
    permissions = ("members.view_interaction",)

    def get_section_context(self) -> dict[str, Any]:
        user = self.request.user
        interactions = list(
            admin_selectors.latest_interactions(constituent=self.constituent, limit=self.shown_interactions + 1)
        )
        tasks = (
            list(admin_selectors.open_tasks_for_constituent(constituent=self.constituent))
            if user.has_perm("members.view_followuptask")
            else []
        )
        for task in tasks:
            task.can_tick = user.has_perm("members.change_followuptask") or task.assigned_to_id == user.pk
            task.done_url = reverse("members_tasks:done", args=(task.pk,))
        return {
            "interactions": interactions[: self.shown_interactions],
            "more_interactions": len(interactions) > self.shown_interactions,
            "all_interactions_url": reverse("members_interactions:index") + f"?constituent={self.constituent.pk}",
            "tasks": tasks,
            "record_url": reverse("members_constituents:record_interaction", args=(self.constituent.pk,))
            if user.has_perm("members.add_interaction")
            else None,
            "next": constituent_url(self.constituent),
        }


class ConsentsSection(ConstituentSection):
    order = 900
    heading = "Consents"
    section_id = "consents"
    icon = "tick-inverse"
    template_name = "members/admin/sections/consents.html"
    permissions = ("members.view_consentrecord",)

    def get_section_context(self) -> dict[str, Any]:
        current = {(c.channel, c.topic): c for c in selectors.consents_current(constituent=self.constituent)}
        grid = [
            {
                "topic": topic_label,
                "cells": [current[(channel, topic)] for channel in ConsentRecord.Channel.values],
            }
            for topic, topic_label in ConsentRecord.Topic.choices
        ]
        ledger = list(self.constituent.consent_records.select_related("recorded_by").order_by("-recorded_at", "-id"))
        record_url = None
        if self.request.user.has_perm("members.add_consentrecord"):
            record_url = reverse("members_constituents:record_consent", args=(self.constituent.pk,))
        return {
            "channels": ConsentRecord.Channel.labels,
            "grid": grid,
            "ledger": ledger,
            "record_url": record_url,
        }


class TimelineSection(ConstituentSection):
    order = 1000
    heading = "Timeline"
    section_id = "timeline"
    icon = "history"
    template_name = "members/admin/sections/timeline.html"

    # What each kind of entry shows needs (audit entries by the title's first word: their details are the
    # changed values themselves, addresses and membership changes included).
    entry_permissions: ClassVar[dict[str, str]] = {
        "interaction": "members.view_interaction",
        "task": "members.view_followuptask",
        "membership_term": "members.view_membershipterm",
        "consent": "members.view_consentrecord",
    }
    audit_permissions: ClassVar[dict[str, str]] = {
        "Email": CONTACT_PERMISSION,
        "Phone": CONTACT_PERMISSION,
        "Address": CONTACT_PERMISSION,
        "Membership": "members.view_membership",
    }

    def _may_see(self, entry: Any) -> bool:
        if entry.kind == "audit":
            subject = entry.title.split(" ", 1)[0]
            if subject == "Record":  # the record itself: whoever sees the page sees it
                return True
            needed = self.audit_permissions.get(subject)
        else:
            needed = self.entry_permissions.get(entry.kind.split(":", 1)[0])
        # An entry of a kind not listed here is not shown: what it holds is not known to be the viewer's.
        return needed is not None and self.request.user.has_perm(needed)

    def get_section_context(self) -> dict[str, Any]:
        entries = selectors.constituent_timeline(constituent=self.constituent)
        return {"entries": [entry for entry in entries if self._may_see(entry)]}


DEFAULT_SECTIONS: list[type[ConstituentSection]] = [
    DetailsSection,
    CustomFieldsSection,
    ContactSection,
    HouseholdSection,
    RelationshipsSection,
    MembershipsSection,
    InteractionsSection,
    ConsentsSection,
    TimelineSection,
]


def constituent_sections(request: HttpRequest, constituent: Constituent) -> list[ConstituentSection]:
    """The sections of the constituent page: ours, then whatever the construct_constituent_sections hooks add."""
    sections: list[ConstituentSection] = [section(request, constituent) for section in DEFAULT_SECTIONS]
    for hook in hooks.get_hooks(CONSTITUENT_SECTIONS_HOOK):
        hook(request, constituent, sections)
    return sorted((section for section in sections if section.is_shown()), key=lambda section: section.order)


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
        return context


# ---------------------------------------------------------------------------------------------------------
# Action forms on one object (constituent page actions, membership renew/cancel)
# ---------------------------------------------------------------------------------------------------------


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


class MembershipActionView(ObjectActionFormView):
    model = Membership
    permission_required = "members.change_membership"

    def get_queryset(self) -> QuerySet[Membership]:
        return Membership.objects.select_related("constituent", "level")

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


# ---------------------------------------------------------------------------------------------------------
# Memberships
# ---------------------------------------------------------------------------------------------------------


class MembershipIndexView(ExportMixin, generic.IndexView):
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
            Column("term_count", label="Terms", sort_key="term_count"),
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
        return get_object_or_404(
            Membership.objects.select_related("constituent", "level", "purchased_by").prefetch_related("terms"),
            pk=self.pk,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.object
        can_change = self.user_has_permission("change") and membership.cancelled_at is None
        context.update(
            terms=list(membership.terms.all()),
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
            Column("price", label="Price", accessor=lambda obj: f"{obj.price} {obj.currency}", sort_key="price"),
            Column("term", label="Term", accessor="get_term_display", sort_key="term"),
            Column("grace_days", label="Grace days", sort_key="grace_days"),
            BooleanColumn("joinable_online", label="Joinable online", sort_key="joinable_online"),
            BooleanColumn("active", label="Offered", sort_key="active"),
            Column("live_count", label="Members now", sort_key="live_count"),
        ]

    def export_term(self, item: MembershipLevel) -> str:
        return item.get_term_display()


# ---------------------------------------------------------------------------------------------------------
# Relationships
# ---------------------------------------------------------------------------------------------------------


class RelationshipIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["from_constituent__display_name", "to_constituent__display_name"]

    def get_base_queryset(self) -> QuerySet:
        return admin_selectors.relationship_listing_queryset()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "from_constituent",
            label="From",
            accessor="from_constituent",
            sort_key="from_constituent__sort_name",
            get_url=lambda obj: constituent_url(obj.from_constituent),
        )
        return [
            title,
            Column("type", label="Relationship", accessor="type.forward_label", sort_key="type__name"),
            Column("to_constituent", label="To", sort_key="to_constituent__sort_name"),
            DateColumn("start_date", label="Since", sort_key="start_date"),
            DateColumn("end_date", label="Until", sort_key="end_date"),
        ]

    def export_from_constituent(self, item: Any) -> str:
        return str(item.from_constituent)

    def export_to_constituent(self, item: Any) -> str:
        return str(item.to_constituent)

    def export_type(self, item: Any) -> str:
        return item.type.forward_label


class RelationshipCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for name in ("from_constituent", "to_constituent"):
            if value := self.request.GET.get(name):
                initial[name] = value
        return initial

    def save_instance(self) -> Any:
        relationship = self.form.save()
        log(instance=relationship, action="wagtail.create", user=self.request.user)
        return relationship


# ---------------------------------------------------------------------------------------------------------
# Interactions and follow-up tasks
# ---------------------------------------------------------------------------------------------------------


class InteractionIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["subject", "constituent__display_name"]

    def get_base_queryset(self) -> QuerySet[Interaction]:
        queryset = admin_selectors.interaction_listing_queryset()
        constituent_id = self.request.GET.get("constituent")
        if constituent_id and constituent_id.isdigit():
            queryset = queryset.filter(constituent_id=int(constituent_id))
        return queryset

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "subject", label="Subject", sort_key="subject", get_url=lambda obj: self.get_edit_url(obj)
        )
        return [
            title,
            Column(
                "constituent",
                label="Constituent",
                sort_key="constituent__sort_name",
            ),
            Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
            Column("channel", label="Channel", accessor="get_channel_display", sort_key="channel"),
            DateColumn("occurred_at", label="When", sort_key="occurred_at"),
            UserColumn("staff", label="Staff member"),
        ]

    def export_constituent(self, item: Interaction) -> str:
        return str(item.constituent)

    def export_kind(self, item: Interaction) -> str:
        return item.get_kind_display()

    def export_channel(self, item: Interaction) -> str:
        return item.get_channel_display()

    def export_staff(self, item: Interaction) -> str:
        return get_user_display_name(item.staff) if item.staff else ""


class InteractionCreateView(PrefillConstituentMixin, ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"
    success_message = "Interaction '%(object)s' recorded."

    def save_instance(self) -> Interaction:
        interaction = self.form.save()
        log(instance=interaction, action="wagtail.create", user=self.request.user)
        return interaction


class TaskIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["title", "constituent__display_name"]

    def get_base_queryset(self) -> QuerySet[FollowUpTask]:
        return admin_selectors.task_listing_queryset()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "title", label="Task", sort_key="title", get_url=lambda obj: self.get_edit_url(obj)
        )
        return [
            title,
            Column("constituent", label="Constituent", sort_key="constituent__sort_name"),
            DateColumn("due_date", label="Due", sort_key="due_date"),
            StatusTagColumn(
                "state",
                label="State",
                accessor=lambda obj: "Done" if obj.done else ("Overdue" if obj.overdue else "Open"),
                primary=lambda obj: not obj.done,
                sort_key="done",
            ),
            UserColumn("assigned_to", label="Assigned to"),
        ]

    def get_list_more_buttons(self, instance: FollowUpTask) -> list[Any]:
        buttons = super().get_list_more_buttons(instance)
        user = self.request.user
        if not instance.done and (self.user_has_permission("change") or instance.assigned_to_id == user.pk):
            done_url = reverse("members_tasks:done", args=(instance.pk,)) + f"?next={self.request.path}"
            buttons.append(MenuItem("Mark as done", url=done_url, icon_name="tick", priority=5))
        if policy_registry.get_by_type(Constituent).user_has_any_permission(user, ["view", "change"]):
            url = constituent_url(instance.constituent)
            buttons.append(MenuItem("View constituent", url=url, icon_name="user", priority=6))
        return buttons

    def export_constituent(self, item: FollowUpTask) -> str:
        return str(item.constituent)

    def export_assigned_to(self, item: FollowUpTask) -> str:
        return get_user_display_name(item.assigned_to)


class MyTasksView(TaskIndexView):
    """The signed-in staff member's open tasks, soonest due first. Anyone in the admin sees their own tasks."""

    any_permission_required = None
    page_title = "My open tasks"
    default_ordering = "due_date"

    def get_page_title(self) -> str:
        return self.page_title

    def get_base_queryset(self) -> QuerySet[FollowUpTask]:
        return selectors.open_tasks_for(user=self.request.user).select_related("assigned_to", "interaction")

    @cached_property
    def no_results_message(self) -> str:
        return "You have no open tasks. Well done!"

    def get_index_url(self) -> str:
        return reverse("members_tasks:mine")

    def get_index_results_url(self) -> str:
        return reverse("members_tasks:mine_results")

    @cached_property
    def columns(self) -> list[Column]:
        columns = super().columns
        return [column for column in columns if column.name != "assigned_to"]


class TaskCreateView(PrefillConstituentMixin, ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> FollowUpTask:
        task = self.form.save()
        log(instance=task, action="wagtail.create", user=self.request.user)
        return task


class TaskDoneView(View):
    """Tick a task off (GET shows a confirmation, POST does it): its assignee, or staff who may change tasks."""

    http_method_names = ["get", "post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.task = get_object_or_404(FollowUpTask.objects.select_related("constituent"), pk=kwargs["pk"])
        user = request.user
        if not (user.has_perm("members.change_followuptask") or self.task.assigned_to_id == user.pk):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from django.template.response import TemplateResponse

        return TemplateResponse(
            request,
            "members/admin/task_done_confirm.html",
            {
                "task": self.task,
                "header_title": "Mark task as done",
                "page_title": "Mark task as done",
                "breadcrumbs_items": [
                    {"url": reverse("wagtailadmin_home"), "label": "Home"},
                    {"url": reverse("members_tasks:mine"), "label": "My open tasks"},
                    {"url": "", "label": self.task.title},
                ],
                "next": get_valid_next_url_from_request(request) or reverse("members_tasks:mine"),
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.follow_up_task_set_done(task=self.task, done=True)
        messages.success(request, f"Task '{self.task.title}' marked as done.")
        return redirect(get_valid_next_url_from_request(request) or reverse("members_tasks:mine"))


# ---------------------------------------------------------------------------------------------------------
# Other reference data
# ---------------------------------------------------------------------------------------------------------


class CustomFieldEditView(generic.EditView):
    """The key is fixed once values are stored under it; changing it would orphan them."""

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if "key" in form.fields:
            form.fields["key"].disabled = True
            form.fields["key"].help_text = "The key cannot change: stored values are kept under it."
        return form


# ---------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------


class MembershipDashboardPanel(Component):
    """Membership figures and the signed-in staff member's open tasks, on the admin home page."""

    name = "membership_figures"
    order = 50
    template_name = "members/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        user = self.request.user
        policy = policy_registry.get_by_type(Membership)
        show_figures = policy.user_has_any_permission(user, ["add", "change", "view"])
        figures = selectors.membership_dashboard_figures() if show_figures else None
        memberships_url = reverse("members_memberships:index")
        return {
            "figures": figures,
            "open_task_count": selectors.open_tasks_for(user=user).count(),
            "overdue_task_count": selectors.open_tasks_for(user=user)
            .filter(due_date__lt=services.organisation_today())
            .count(),
            "my_tasks_url": reverse("members_tasks:mine"),
            "links": {
                "active": memberships_url + "?status=current&status=grace",
                "renewals": memberships_url + "?status=current&ordering=end_date",
                "lapsed": memberships_url + "?status=expired&ordering=-end_date",
            },
        }
