"""Merge tags: {{ first_name }} or {{ first_name | friend }} (the text after the bar when the person has no
value). The tags are a fixed list; a misspelt one is refused when the campaign is saved, naming it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

MERGE_TAG = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*([^{}]*?))?\s*\}\}")

#: The tags staff may use, with what each says.
TAGS: dict[str, str] = {
    "first_name": "Their preferred or first name",
    "full_name": "Their full name",
    "membership_level": "Their membership level",
    "membership_status": "Their membership's status (current, in grace, expired…)",
    "membership_end": "The date their membership ends",
    "lifetime_giving": "What they have given in all (the organisation's currency)",
    "last_gift_amount": "Their last gift",
    "last_gift_date": "The date of their last gift",
    "donate_link": "A link to give, with this email's appeal code, that knows who they are",
    "preferences_link": "A link to their email preferences",
    "unsubscribe_link": "A link to stop these emails",
    "web_link": "A link to this email in a browser",
}


def unknown_tags(text: str) -> list[str]:
    """The tags in `text` that are not merge tags, in order of first use."""
    seen: list[str] = []
    for match in MERGE_TAG.finditer(text or ""):
        name = match.group(1)
        if name not in TAGS and name not in seen:
            seen.append(name)
    return seen


def fill(template: str, values: Mapping[str, str], *, escape: Callable[[str], str] = html.escape) -> str:
    """`template` with each tag replaced by its value (escaped), or by its fallback when the value is empty."""

    def replace(match: re.Match[str]) -> str:
        name, fallback = match.group(1), match.group(2) or ""
        value = values.get(name) or ""
        return escape(value) if value else escape(fallback.strip())

    return MERGE_TAG.sub(replace, template)
