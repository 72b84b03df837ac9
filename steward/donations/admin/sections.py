"""The giving section of the constituent page (position 600)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from steward.core.admin_sections import ConstituentSection, SummaryFact
from steward.members.models import Constituent

from .. import admin_selectors
from ..money import base_currency
from .common import VIEW_GIFTS, gifts_url, money


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


def summary_giving_facts(request: Any, constituent: Constituent, facts: list[SummaryFact]) -> None:
    """Lifetime giving and the last gift for the page's summary header, from the stored rollups (one query)."""
    if not request.user.has_perm(VIEW_GIFTS):
        return
    summary = admin_selectors.giving_summary_for(constituent=constituent)
    currency = base_currency()
    if summary is None or not summary.lifetime_count:
        facts.append(SummaryFact("Lifetime giving", "No gifts yet", order=600, key="lifetime"))
        return
    count = f"{summary.lifetime_count} gift{'s' if summary.lifetime_count != 1 else ''}"
    facts.append(
        SummaryFact(
            "Lifetime giving",
            f"{money(summary.lifetime_total, currency)} ({count})",
            order=600,
            url=gifts_url(constituent=constituent.pk),
            key="lifetime",
        )
    )
    if summary.last_gift_date:
        facts.append(
            SummaryFact(
                "Last gift",
                f"{money(summary.last_gift_amount, currency)} on {summary.last_gift_date:%d %b %Y}",
                order=610,
                key="last-gift",
            )
        )
