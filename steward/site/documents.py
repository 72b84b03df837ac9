"""What every printed document (receipts, statements, the board pack) shows of the organisation (its names and
its logo, read from the Wagtail settings staff edit) and how it is set: the document's language, the language of
the names it prints, and one font stack for its text and its charts."""

from __future__ import annotations

import base64
import logging
import mimetypes
from typing import Any

from django.conf import settings

from .models import OrganisationSettings

logger = logging.getLogger(__name__)

LOGO_RENDITION = "max-480x160"

# The text's faces, Latin first (the body's and the charts' font: Noto Sans), then the scripts donors' and funds'
# names are written in (Thai, Mongolian; fonts-noto-core and fonts-noto-cjk from scripts/system-deps.sh).
# Han characters take the face of the names' language: the one CJK face put first among CJK_FACES.
BODY_FONT = "Noto Sans"
SCRIPT_FONTS = ["Noto Sans Thai", "Noto Sans Mongolian"]
CJK_FACES = ["Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK HK", "Noto Sans CJK JP", "Noto Sans CJK KR"]
LAST_RESORT_FONTS = ["DejaVu Sans", "sans-serif"]
TRADITIONAL_CHINESE_REGIONS = {"tw", "hk", "mo"}


def document_language() -> str:
    """The language documents are written in (their words: Django's LANGUAGE_CODE), as a BCP 47 tag."""
    return _bcp47(settings.LANGUAGE_CODE)


def names_language() -> str:
    """The language of the organisation's records printed in documents (people's, funds', campaigns' names):
    settings.ORGANISATION_LANGUAGE, e.g. "zh-Hant-TW"."""
    return _bcp47(getattr(settings, "ORGANISATION_LANGUAGE", "") or settings.LANGUAGE_CODE)


def _bcp47(tag: str) -> str:
    # Django writes zh-hant and zh_Hant; BCP 47 (and CSS :lang()) reads zh-Hant.
    parts = tag.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower())
    return "-".join(out)


def cjk_face(language: str) -> str:
    """The Noto Sans CJK face for Han characters in `language`: TC for Traditional Chinese (zh-Hant, zh-TW,
    zh-MO), HK for Hong Kong, SC for Simplified (zh, zh-Hans, zh-CN, zh-SG), JP for Japanese, KR for Korean; SC
    when the language says nothing about Han characters."""
    parts = [part.lower() for part in language.replace("_", "-").split("-")]
    if parts[0] == "ja":
        return "Noto Sans CJK JP"
    if parts[0] == "ko":
        return "Noto Sans CJK KR"
    if parts[0] in {"zh", "yue"}:
        if "hans" in parts:
            return "Noto Sans CJK SC"
        if "hk" in parts:
            return "Noto Sans CJK HK"
        if "hant" in parts or parts[0] == "yue" or TRADITIONAL_CHINESE_REGIONS & set(parts):
            return "Noto Sans CJK TC"
    return "Noto Sans CJK SC"


def font_families(language: str) -> list[str]:
    """The font stack for text in `language`: the body font, the other scripts, the language's CJK face before
    the other CJK faces, the last resorts. The charts draw with the same list as the body."""
    first = cjk_face(language)
    return [BODY_FONT, *SCRIPT_FONTS, first, *(face for face in CJK_FACES if face != first), *LAST_RESORT_FONTS]


def css_font_family(families: list[str]) -> str:
    """A CSS font-family value: each family quoted except the generic ones."""
    generic = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
    return ", ".join(family if family in generic else f'"{family}"' for family in families)


def logo_data_uri(organisation: OrganisationSettings) -> str:
    """The logo as a data URI: WeasyPrint then needs no URL fetcher, whatever storage holds the image."""
    logo = organisation.logo
    if logo is None:
        return ""
    try:
        rendition = logo.get_rendition(LOGO_RENDITION)
        with rendition.file.open("rb") as image:
            content = image.read()
    except Exception:  # a missing or broken image file must not stop a document
        logger.exception("Could not render the organisation's logo for a document")
        return ""
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def organisation_document_context() -> dict[str, Any]:
    """The template context of a document's letterhead (the settings, the legal name and the logo) and of its
    setting: `document_language` for <html lang>, `names_language` for the elements holding recorded names, and
    the font stacks of each (`document_fonts`, `names_fonts`, CSS font-family values)."""
    organisation = OrganisationSettings.load()
    language, names = document_language(), names_language()
    return {
        "organisation": organisation,
        "legal_name": organisation.legal_name or organisation.name,
        "logo": logo_data_uri(organisation),
        "document_language": language,
        "names_language": names,
        "document_fonts": css_font_family(font_families(language)),
        "names_fonts": css_font_family(font_families(names)),
    }
