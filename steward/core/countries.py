"""Countries by name: addresses store ISO 3166-1 alpha-2 codes; documents and listings print the country's name
in the language they are written in (CLDR's names, through Babel)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError


@lru_cache(maxsize=64)
def _territories(language: str) -> dict[str, str]:
    try:
        locale = Locale.parse(language.replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en")
    return dict(locale.territories)


def country_name(code: str | None, language: str = "en") -> str:
    """The country's name in `language` (a BCP 47 tag: "en", "zh-Hant", "th"): TW → "Taiwan" in English,
    "台灣" in Traditional Chinese; a code CLDR does not know is returned as it is, an empty one as ""."""
    if not code:
        return ""
    code = code.strip().upper()
    return _territories(language).get(code, code)
