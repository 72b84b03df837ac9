"""Read queries of the reports domain: a segment's members (for listings, exports and, later, email) and what the
segment builder offers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from steward.core.dates import organisation_today
from steward.core.db import report_memory
from steward.donations.models import Campaign, Fund
from steward.members.models import Address, Constituent, ConstituentTag, MembershipLevel

from .conditions import compile_conditions
from .models import ExportLog, Segment


def conditions_members(*, conditions: dict[str, Any], today: dt.date | None = None) -> QuerySet[Constituent]:
    """The constituents (already validated) conditions hold today: one queryset (no per-row Python), merged
    records left out."""
    condition = compile_conditions(conditions, today=today or organisation_today())
    return Constituent.objects.filter(merged_into__isnull=True).filter(condition)


def segment_members(*, segment: Segment, today: dt.date | None = None) -> QuerySet[Constituent]:
    """The constituents a segment holds today."""
    return conditions_members(conditions=segment.conditions, today=today)


def segment_count(*, segment: Segment, today: dt.date | None = None) -> int:
    """How many constituents a segment holds today (one COUNT query)."""
    return conditions_count(conditions=segment.conditions, today=today)


def conditions_count(*, conditions: dict[str, Any], today: dt.date | None = None) -> int:
    """How many constituents (already validated) conditions hold today: the builder's live count (with the
    memory to hash each condition's rows once rather than test them person by person)."""
    with report_memory():
        return conditions_members(conditions=conditions, today=today).order_by().count()


BUILDER_SUGGESTIONS_LIMIT = 500


def segment_builder_suggestions() -> dict[str, list[tuple[str, str]]]:
    """What the segment builder offers for its lists of texts, as (value, label) pairs: the membership levels,
    funds and campaigns (active first), the tags in use and the countries of primary addresses."""
    limit = BUILDER_SUGGESTIONS_LIMIT
    levels = MembershipLevel.objects.order_by("-active", "name").values_list("slug", "name")[:limit]
    funds = Fund.objects.order_by("-active", "name").values_list("code", "name")[:limit]
    campaigns = Campaign.objects.order_by("-active", "name").values_list("slug", "name")[:limit]
    tags = ConstituentTag.objects.order_by("tag__name").values_list("tag__name", flat=True).distinct()[:limit]
    countries = (
        Address.objects.filter(is_primary=True)
        .exclude(country="")
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()[:limit]
    )
    return {
        "levels": [(slug, f"{name} ({slug})") for slug, name in levels],
        "funds": [(code, f"{name} ({code})") for code, name in funds],
        "campaigns": [(slug, f"{name} ({slug})") for slug, name in campaigns],
        "tags": [(name, name) for name in tags],
        "countries": [(code, code) for code in countries],
    }


def export_log_listing() -> QuerySet[ExportLog]:
    """The export history for the admin, newest first."""
    return ExportLog.objects.select_related("user", "segment").order_by("-exported_at", "-id")
