"""The giving section of the constituent page (position 600)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from steward.core.admin_sections import ConstituentSection
from steward.members.models import Constituent

from .. import admin_selectors
from ..money import base_currency
from .common import VIEW_GIFTS, gifts_url


class GivingSection(ConstituentSection):
    """The donor's rollups and latest gifts; only for staff who may see gifts."""

    order = 600
    heading = "Giving"
    section_id = "giving"
    icon = "tag"
    template_name = "donations/admin/sections/giving.html"
    shown_gifts = 10
    permissions = (VIEW_GIFTS,)

    def get_section_context(self) -> dict[str, Any]:
        constituent: Constituent = self.constituent
        gifts = admin_selectors.latest_gifts_for(constituent=constituent, limit=self.shown_gifts + 1)
        add_url = None
        if self.request.user.has_perm("donations.add_gift"):
            add_url = reverse("donations_gifts:add") + f"?constituent={constituent.pk}"
        return {
            "summary": admin_selectors.giving_summary_for(constituent=constituent),
            "currency": base_currency(),
            "gifts": gifts[: self.shown_gifts],
            "more_gifts": len(gifts) > self.shown_gifts,
            "all_gifts_url": gifts_url(constituent=constituent.pk),
            "add_url": add_url,
        }
