"""The members app's sections of the constituent page, and `constituent_sections`, which adds those other apps
give through the construct_constituent_sections hook (see steward/core/admin_sections.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail import hooks

from steward.core.admin_sections import (
    CONSTITUENT_SECTIONS_HOOK,
    ConstituentSection,
    can_view_contacts,
    constituent_url,
)
from steward.core.dates import organisation_today

from .. import admin_selectors, selectors, services, timeline
from ..models import (
    ConsentRecord,
    Constituent,
    Membership,
)


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
        details = (
            admin_selectors.constituent_contact_details(constituent=self.constituent)
            if allowed
            else {"emails": [], "phones": [], "addresses": []}
        )
        return {"can_view_contacts": allowed, **details}


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
        members = admin_selectors.household_members(household=household) if household else []
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
        today = organisation_today()
        rows = []
        for membership, terms in admin_selectors.constituent_memberships_with_terms(constituent=self.constituent):
            rows.append(
                {
                    "membership": membership,
                    "terms": terms,
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
        ledger = admin_selectors.consent_ledger(constituent=self.constituent)
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
    """Everything that happened to the constituent, newest first, from every app (steward/members/timeline.py):
    filtered by kind (?timeline=gift) and paged (?timeline_page=2) with plain GET links, so no script is needed.
    A viewer sees only the kinds their permissions cover."""

    order = 1000
    heading = "Timeline"
    section_id = "timeline"
    icon = "history"
    template_name = "members/admin/sections/timeline.html"
    per_page = 25

    def get_section_context(self) -> dict[str, Any]:
        user = self.request.user
        sources = [source for source in timeline.timeline_sources() if source.may_see(user)]
        kinds = timeline.timeline_kinds(sources)
        chosen = self.request.GET.get("timeline", "")
        if chosen not in dict(kinds):
            chosen = ""
        try:
            number = int(self.request.GET.get("timeline_page", "1"))
        except ValueError:
            number = 1
        page = timeline.timeline_page(
            constituent=self.constituent,
            sources=[source for source in sources if not chosen or source.kind == chosen],
            page=number,
            per_page=self.per_page,
        )
        base = constituent_url(self.constituent) + (f"?timeline={chosen}&" if chosen else "?")
        anchor = "#timeline-section"
        return {
            "entries": [entry.for_viewer(user) for entry in page.entries],
            "kinds": kinds,
            "chosen": chosen,
            "chosen_label": dict(kinds).get(chosen, ""),
            "page_number": page.number,
            "newer_url": f"{base}timeline_page={page.number - 1}{anchor}" if page.number > 1 else None,
            "older_url": f"{base}timeline_page={page.number + 1}{anchor}" if page.has_next else None,
            "action_url": constituent_url(self.constituent) + anchor,
        }


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
