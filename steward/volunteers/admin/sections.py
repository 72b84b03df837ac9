"""The constituent page's volunteering section (position 700)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from steward.core.admin_sections import ConstituentSection, SummaryFact, can_view_contacts
from steward.members.models import Constituent

from .. import admin_selectors, selectors
from .common import VIEW_HOURS, VIEW_SIGNUPS, shift_roster_url, shift_when


class VolunteeringSection(ConstituentSection):
    """The person's volunteer profile, totals, shifts and hours; for staff who may see sign-ups."""

    order = 700
    heading = "Volunteering"
    section_id = "volunteering"
    icon = "group"
    template_name = "volunteers/admin/sections/volunteering.html"
    shown_signups = 10
    # The profile, the totals of hours and the shifts signed up for: each needs its own permission.
    permissions = (VIEW_SIGNUPS, VIEW_HOURS, "volunteers.view_volunteerprofile")

    def get_section_context(self) -> dict[str, Any]:
        constituent: Constituent = self.constituent
        user = self.request.user
        profile = admin_selectors.volunteer_profile_for(constituent=constituent)
        signups = admin_selectors.latest_signups(constituent=constituent, limit=self.shown_signups)
        profile_url = None
        if profile and user.has_perm("volunteers.change_volunteerprofile"):
            profile_url = reverse("volunteers_profiles:edit", args=(profile.pk,))
        elif profile is None and user.has_perm("volunteers.add_volunteerprofile"):
            profile_url = reverse("volunteers_profiles:add") + f"?constituent={constituent.pk}"
        return {
            "profile": profile,
            "show_contacts": can_view_contacts(user),
            "totals": selectors.volunteer_totals(constituent=constituent),
            "signups": [(signup, shift_when(signup.shift), shift_roster_url(signup.shift_id)) for signup in signups],
            "all_signups_url": reverse("volunteers_signups:index") + f"?constituent={constituent.pk}",
            "hours_url": reverse("volunteers_hours:index") + f"?constituent={constituent.pk}",
            "profile_url": profile_url,
        }


def summary_hours_facts(request: Any, constituent: Constituent, facts: list[SummaryFact]) -> None:
    """Approved volunteer hours for the page's summary header (one aggregate query)."""
    if not request.user.has_perm(VIEW_HOURS):
        return
    hours = admin_selectors.approved_hours_for(constituent=constituent)
    value = f"{hours.normalize():f} hours" if hours else "None yet"
    url = reverse("volunteers_hours:index") + f"?constituent={constituent.pk}"
    facts.append(SummaryFact("Volunteer hours", value, order=700, url=url, key="hours"))
