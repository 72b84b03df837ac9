"""A campaign email as it goes out: its blocks rendered once into responsive, inlined HTML (css-inline) and a
plain-text part (html2text), both with the merge tags still in them; then, for each recipient, the tags filled
in and each link turned into a signed tracking link (when tracking is on) that can only lead to the links the
email itself holds (not an open redirect)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import css_inline
import html2text
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from steward.core.links import frontend_url
from steward.core.money import format_money
from steward.donations.money import base_currency
from steward.donations.selectors import campaigns_with_progress
from steward.members.models import ConsentRecord
from steward.site.models import OrganisationSettings
from steward.volunteers.selectors import upcoming_shifts

from .merge import fill
from .models import CampaignRecipient, EmailCampaign

TOKEN_SALT = "steward.communications.recipient"  # noqa: S105 (a signing salt, not a secret)
#: How long the links of a campaign email keep working (unsubscribe, preferences, web version, clicks).
LINK_MAX_AGE = 60 * 60 * 24 * 730
HREF = re.compile(r'href="(https?://[^"]+)"')
_INLINER = css_inline.CSSInliner(keep_style_tags=True)


@dataclass(frozen=True)
class RenderedCampaign:
    subject: str
    preheader: str
    html: str
    text: str
    links: list[str] = field(default_factory=list)


def recipient_token(recipient_id: int) -> str:
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(str(recipient_id))


def recipient_from_token(token: str) -> CampaignRecipient | None:
    """The recipient a link was made for; None when the link is forged, mangled or expired."""
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(token, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return CampaignRecipient.objects.select_related("campaign", "constituent").filter(pk=int(value)).first()


def _progress(campaign: EmailCampaign) -> dict[str, dict[str, Any]]:
    ids = {
        int(block.value["campaign"])
        for block in campaign.body
        if block.block_type == "donate" and block.value.get("campaign")
    }
    if not ids:
        return {}
    currency = base_currency()
    progress = {}
    for fundraiser in campaigns_with_progress().filter(pk__in=ids):
        raised = fundraiser.raised or Decimal(0)  # type: ignore[attr-defined]
        goal = fundraiser.goal_base  # type: ignore[attr-defined]
        percent = min(100, int(raised * 100 / goal)) if goal else None
        progress[str(fundraiser.pk)] = {
            "name": fundraiser.name,
            "raised": format_money(raised, currency),
            "goal": format_money(goal, currency) if goal else "",
            "percent": percent,
        }
    return progress


def _shifts(campaign: EmailCampaign) -> dict[str, list[dict[str, Any]]]:
    """Each upcoming-shifts block's shifts (by block id), as they stand now: one query per block."""
    listed: dict[str, list[dict[str, Any]]] = {}
    for block in campaign.body:
        if block.block_type != "shifts":
            continue
        shifts = upcoming_shifts().filter(opportunity__active=True).select_related("opportunity")
        if block.value.get("opportunity"):
            shifts = shifts.filter(opportunity_id=int(block.value["opportunity"]))
        listed[block.id] = [
            {
                "title": shift.opportunity.title,
                "when": f"{shift.local_start:%a %-d %b %Y, %H:%M}–{shift.local_end:%H:%M} ({shift.time_zone})",
                "where": "Online" if shift.opportunity.is_online else shift.opportunity.location,
                "free": shift.free_places,  # type: ignore[attr-defined]
                "url": frontend_url(f"/volunteer/?from={shift.local_start:%Y-%m-%d}&to={shift.local_start:%Y-%m-%d}"),
            }
            for shift in shifts[: int(block.value.get("count") or 5)]
        ]
    return listed


def campaign_render(campaign: EmailCampaign, *, track_links: bool | None = None) -> RenderedCampaign:
    """Render a campaign's blocks once: the HTML inlined for email programs, the text part from it; the links
    numbered for tracking. Merge tags stay in both, filled per recipient by `message_parts`."""
    organisation = OrganisationSettings.load()
    html = render_to_string(
        "communications/email/layout.html",
        {
            "subject": campaign.subject,
            "preheader": campaign.preheader,
            "body": campaign.body,
            "language": settings.LANGUAGE_CODE,
            "organisation_name": organisation.name,
            "organisation_address": organisation.address,
            "topic_words": dict(ConsentRecord.Topic.choices).get(campaign.topic, campaign.topic).lower(),
            "campaign_progress": _progress(campaign),
            "shifts": _shifts(campaign),
            "base_url": frontend_url(""),
        },
    )
    html = _INLINER.inline(html)
    converter = html2text.HTML2Text(bodywidth=0)
    converter.ignore_images = True
    converter.protect_links = True
    text = converter.handle(html).strip() + "\n"
    links: list[str] = []
    if campaign.tracking if track_links is None else track_links:

        def number(match: re.Match[str]) -> str:
            links.append(match.group(1))
            return f'href="{{{{ __link_{len(links) - 1} }}}}"'

        html = HREF.sub(number, html)
    return RenderedCampaign(subject=campaign.subject, preheader=campaign.preheader, html=html, text=text, links=links)


def campaign_rendered(campaign: EmailCampaign) -> RenderedCampaign:
    """The rendering stored on the campaign when its sending began (every copy and the web version use it)."""
    return RenderedCampaign(
        subject=campaign.subject,
        preheader=campaign.preheader,
        html=campaign.rendered_html,
        text=campaign.rendered_text,
        links=list(campaign.rendered_links),
    )


def recipient_links(recipient_id: int, campaign: EmailCampaign) -> dict[str, str]:
    token = recipient_token(recipient_id)
    donate = "/donate/?" + urlencode({**({"source": campaign.appeal_code} if campaign.appeal_code else {}), "r": token})
    return {
        "unsubscribe_link": frontend_url(reverse("mail_unsubscribe", args=[token])),
        "preferences_link": frontend_url(reverse("mail_preferences", args=[token])),
        "web_link": frontend_url(reverse("mail_web_version", args=[token])),
        "donate_link": frontend_url(donate),
        "__token": token,
    }


def preview_links(campaign: EmailCampaign) -> dict[str, str]:
    """The links of a preview or a test copy, which no recipient row stands behind: to pages that exist for
    everyone (the portal's preferences, the donate page with the appeal code)."""
    donate = "/donate/" + (f"?{urlencode({'source': campaign.appeal_code})}" if campaign.appeal_code else "")
    preferences = frontend_url("/portal/preferences/")
    return {
        "unsubscribe_link": preferences,
        "preferences_link": preferences,
        "web_link": frontend_url("/"),
        "donate_link": frontend_url(donate),
        "__token": "preview",
    }


def message_parts(rendered: RenderedCampaign, values: dict[str, str], *, tracking: bool) -> tuple[str, str, str]:
    """(subject, text, html) for one recipient: the tags filled, the links signed for tracking."""
    token = values["__token"]
    link_values = dict(values)
    for index, _ in enumerate(rendered.links):
        link_values[f"__link_{index}"] = frontend_url(reverse("mail_click", args=[token, index]))
    html = fill(rendered.html, link_values)
    if tracking:
        pixel = frontend_url(reverse("mail_open", args=[token]))
        html = html.replace(
            "</body>", f'<img src="{pixel}" width="1" height="1" alt="" style="display:block">\n</body>'
        )
    text = fill(rendered.text, values, escape=lambda value: value)
    subject = fill(rendered.subject, values, escape=lambda value: value)
    return subject, text, html
