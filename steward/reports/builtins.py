"""The segments Steward ships. Created by a data migration (and again by `segments_ensure_built_in` if removed);
staff may change their conditions, not delete them."""

from __future__ import annotations

from typing import Any

from django.conf import settings

NOT_DECEASED = {"field": "flag", "flag": "deceased", "value": False}
ACTIVE = ["current", "grace"]


def built_in_segments() -> list[dict[str, Any]]:
    """Slug, name, description and conditions of each built-in segment."""
    threshold = str(getattr(settings, "REPORTS_MAJOR_DONOR_THRESHOLD", "1000"))
    return [
        {
            "slug": "renewals-due-30-days",
            "name": "Renewals due in 30 days",
            "description": "Current members whose membership ends within the next 30 days.",
            "conditions": {
                "all": [
                    {"field": "membership", "statuses": ACTIVE, "end_from": "today", "end_to": "today+30"},
                    NOT_DECEASED,
                ]
            },
        },
        {
            "slug": "lapsed-90-days",
            "name": "Lapsed members (last 90 days)",
            "description": "Memberships that expired and ended in the last 90 days, with no current membership.",
            "conditions": {
                "all": [
                    {"field": "membership", "statuses": ["expired"], "end_from": "today-90", "end_to": "today"},
                    {"not": {"field": "membership", "statuses": ACTIVE}},
                    NOT_DECEASED,
                ]
            },
        },
        {
            "slug": "lybunt-donors",
            "name": "LYBUNT donors",
            "description": "Gave last fiscal year but not (yet) this one.",
            "conditions": {"all": [{"field": "lybunt", "value": True}, NOT_DECEASED]},
        },
        {
            "slug": "first-time-donors-this-year",
            "name": "First-time donors this year",
            "description": "Donors whose first gift was in this fiscal year.",
            "conditions": {"all": [{"field": "first_gift_date", "from": "fy_start"}, NOT_DECEASED]},
        },
        {
            "slug": "major-donors",
            "name": "Major donors",
            "description": f"Lifetime giving of at least {threshold} (REPORTS_MAJOR_DONOR_THRESHOLD).",
            "conditions": {"all": [{"field": "lifetime_total", "min": threshold}, NOT_DECEASED]},
        },
        {
            "slug": "inactive-volunteers-6-months",
            "name": "Volunteers inactive for 6 months",
            "description": "Volunteers with no approved hours in the last 182 days.",
            "conditions": {
                "all": [
                    {"field": "volunteer", "value": True},
                    {"not": {"field": "last_volunteered", "from": "today-182"}},
                    NOT_DECEASED,
                ]
            },
        },
    ]
