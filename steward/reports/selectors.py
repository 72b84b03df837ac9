"""Read queries of the reports domain: a segment's members (for listings, exports and, later, email)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from steward.members.models import Constituent
from steward.members.services import organisation_today

from .conditions import compile_conditions
from .models import ExportLog, Segment


def segment_members(*, segment: Segment, today: dt.date | None = None) -> QuerySet[Constituent]:
    """The constituents a segment holds today: one queryset (no per-row Python), merged records left out."""
    condition = compile_conditions(segment.conditions, today=today or organisation_today())
    return Constituent.objects.filter(merged_into__isnull=True).filter(condition)


def segment_count(*, segment: Segment, today: dt.date | None = None) -> int:
    """How many constituents a segment holds today (one COUNT query)."""
    return segment_members(segment=segment, today=today).order_by().count()


def export_log_listing() -> QuerySet[ExportLog]:
    """The export history for the admin, newest first."""
    return ExportLog.objects.select_related("user", "segment").order_by("-exported_at", "-id")
