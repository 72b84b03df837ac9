"""Merge tags: {{ first_name }} or {{ first_name | friend }} (the text after the bar when the person has no
value). The tags are a fixed list; a misspelt one is refused when the campaign is saved, naming it."""

from __future__ import annotations

from steward.core import merge_tags
from steward.core.merge_tags import fill

__all__ = ["TAGS", "fill", "unknown_tags"]

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
    """The tags in `text` that are not campaign merge tags, in order of first use."""
    return merge_tags.unknown_tags(text, TAGS)
