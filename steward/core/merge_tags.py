"""Merge tags as staff write them in campaign email and in message templates: {{ first_name }}, or
{{ first_name | friend }} with the text after the bar used when the person has no value. Each kind of message has
a fixed list of tags; a misspelt one is refused when the text is saved, naming it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Mapping

MERGE_TAG = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|\s*([^{}]*?))?\s*\}\}")


def unknown_tags(text: str, known: Collection[str]) -> list[str]:
    """The tags in `text` that are not in `known`, in order of first use."""
    seen: list[str] = []
    for match in MERGE_TAG.finditer(text or ""):
        name = match.group(1)
        if name not in known and name not in seen:
            seen.append(name)
    return seen


def unknown_tags_message(unknown: list[str], known: Collection[str]) -> str:
    names = ", ".join(f"{{{{ {tag} }}}}" for tag in unknown)
    return f"Unknown merge tag{'s' if len(unknown) > 1 else ''} {names}: use one of {', '.join(known)}."


def fill(template: str, values: Mapping[str, str], *, escape: Callable[[str], str] = html.escape) -> str:
    """`template` with each tag replaced by its value (escaped), or by its fallback when the value is empty."""

    def replace(match: re.Match[str]) -> str:
        name, fallback = match.group(1), match.group(2) or ""
        value = values.get(name) or ""
        return escape(value) if value else escape(fallback.strip())

    return MERGE_TAG.sub(replace, template)


def plain(value: str) -> str:
    """No escaping: for subjects and plain-text parts."""
    return value
