"""What the volunteers domain adds to the constituent's timeline (steward/members/timeline.py): sign-ups, hours
and the messages owed about them. Each source reads the newest `limit` entries in one query."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from steward.members.models import Constituent
from steward.members.timeline import OutboxSource, TimelineEntry, TimelineSource, day_start

from ..models import HoursEntry, ShiftReminder, Signup
from .common import VIEW_HOURS, VIEW_SIGNUPS, shift_roster_url, shift_when


class SignupSource(TimelineSource):
    kind = "volunteering"
    label = "Volunteering"
    permissions = (VIEW_SIGNUPS,)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        signups = Signup.objects.filter(constituent=constituent).select_related("shift__opportunity")
        return [
            TimelineEntry(
                at=signup.created_at,
                kind=self.kind,
                title=f"Signed up for {signup.shift.opportunity.title}",
                detail=f"{shift_when(signup.shift)}; {signup.get_status_display().lower()}"
                + (" (by staff)" if signup.source == "staff" else ""),
                url=shift_roster_url(signup.shift_id),
            )
            for signup in signups.order_by("-created_at", "-pk")[:limit]
        ]


class HoursSource(TimelineSource):
    kind = "volunteering"
    label = "Volunteering"
    permissions = (VIEW_HOURS,)

    def entries(self, *, constituent: Constituent, limit: int) -> list[TimelineEntry]:
        hours = HoursEntry.objects.filter(constituent=constituent).select_related("opportunity", "reviewed_by")
        return [
            TimelineEntry(
                at=day_start(entry.date),
                kind=self.kind,
                title=f"{entry.hours} hours volunteered: {entry.opportunity.title}",
                detail=f"{entry.get_status_display()}; {entry.get_source_display().lower()}",
                actor=str(entry.reviewed_by or ""),
                all_day=True,
            )
            for entry in hours.order_by("-date", "-created_at", "-pk")[:limit]
        ]


class VolunteerMessageSource(OutboxSource):
    """Notices, reminders and shift messages emailed (or owed) to the volunteer."""

    permissions = (VIEW_SIGNUPS,)
    kind_labels = {
        "volunteer_signup_notice": "Sign-up notice",
        "volunteer_shift_reminder": "Shift reminder",
        "volunteer_shift_message": "Message to the shift",
    }

    def conditions(self, constituent: Constituent) -> list[tuple[str, str, QuerySet[Any]]]:
        return [
            (
                "volunteer_signup_notice volunteer_shift_message",
                "signup",
                Signup.objects.filter(constituent=constituent),
            ),
            (
                "volunteer_shift_reminder",
                "reminder",
                ShiftReminder.objects.filter(signup__constituent=constituent),
            ),
        ]


def volunteer_timeline_sources() -> list[TimelineSource]:
    return [SignupSource(), HoursSource(), VolunteerMessageSource()]
