"""Read queries only the reports' Wagtail admin needs."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from steward.members.models import Constituent

from . import selectors
from .models import ExportLog, Segment


def segment_members_page_queryset(*, segment: Segment) -> QuerySet[Constituent]:
    """The segment's members today, by name, with only what the members page shows of each."""
    return selectors.segment_members(segment=segment).order_by("sort_name", "pk").only("pk", "display_name", "kind")


def export_logs_of(*, user: Any) -> QuerySet[ExportLog]:
    """The exports this person asked for: only they may download a prepared file (it may hold personal data)."""
    return ExportLog.objects.filter(user=user)
