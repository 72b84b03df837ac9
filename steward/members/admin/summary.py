"""The summary header at the top of the constituent page (as NPSP's and CiviCRM's): who they are, their
membership and the flags staff must not miss; donations and volunteers add giving and hours through the
construct_constituent_summary hook (steward/core/admin_sections.py). Read from what the page has already loaded
and from stored rollups: nothing is recomputed here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from wagtail import hooks

from steward.core.admin_sections import SUMMARY_FACTS_HOOK, SummaryFact, constituent_url
from steward.core.dates import organisation_today

from ..admin_selectors import LIVE_STATUSES
from ..models import Constituent, Membership


@dataclass(frozen=True)
class SummaryFlag:
    """A warning shown in red, always with its words (never colour alone)."""

    key: str
    text: str


def _headline_membership(constituent: Constituent) -> Membership | None:
    """A live membership first, then the one that ends (or ended) last; from the page's prefetched rows."""
    memberships = list(constituent.memberships.all())
    if not memberships:
        return None

    def rank(membership: Membership) -> tuple[int, int, int]:
        # live first; then the latest end, a lifetime one (no end) before any dated one
        end = -membership.end_date.toordinal() if membership.end_date else -(10**7)
        return (0 if membership.status in LIVE_STATUSES else 1, end, -membership.pk)

    return min(memberships, key=rank)


def constituent_flags(constituent: Constituent) -> list[SummaryFlag]:
    flags = []
    if constituent.deceased:
        when = f" ({constituent.deceased_date:%d %b %Y})" if constituent.deceased_date else ""
        flags.append(SummaryFlag("deceased", f"Deceased{when}"))
    if constituent.do_not_contact:
        flags.append(SummaryFlag("do_not_contact", "Do not contact"))
    for field, text in (
        ("do_not_email", "Do not email"),
        ("do_not_mail", "Do not mail"),
        ("do_not_phone", "Do not phone"),
    ):
        if getattr(constituent, field) and not constituent.do_not_contact:
            flags.append(SummaryFlag(field, text))
    if constituent.merged_into_id:
        flags.append(SummaryFlag("merged", "Merged into another record"))
    return flags


def constituent_summary(request: HttpRequest, constituent: Constituent) -> dict[str, Any]:
    """What the summary header shows: name, kind, flags and facts (ours, then the hooks')."""
    user = request.user
    facts = [SummaryFact("Kind", constituent.get_kind_display(), order=100, key="kind")]
    household = constituent.household
    if household is not None:
        facts.append(
            SummaryFact("Household", str(household), order=200, url=constituent_url(household) or "", key="household")
        )
    if user.has_perm("members.view_membership"):
        membership = _headline_membership(constituent)
        if membership is None:
            facts.append(SummaryFact("Membership", "None", order=300, key="membership"))
        else:
            if membership.end_date:
                tense = "ends" if membership.end_date >= organisation_today() else "ended"
                ends = f"{tense} {membership.end_date:%d %b %Y}"
            else:
                ends = "lifetime"
            value = f"{membership.level.name}: {membership.get_status_display()}, {ends}"
            facts.append(SummaryFact("Membership", value, order=300, key="membership"))
    for hook in hooks.get_hooks(SUMMARY_FACTS_HOOK):
        hook(request, constituent, facts)
    return {
        "name": str(constituent),
        "flags": constituent_flags(constituent),
        "facts": sorted(facts, key=lambda fact: fact.order),
    }
