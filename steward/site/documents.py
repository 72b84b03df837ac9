"""What every printed document (receipts, statements, the board pack) shows of the organisation: its names and
its logo, read from the Wagtail settings staff edit."""

from __future__ import annotations

import base64
import logging
import mimetypes
from typing import Any

from .models import OrganisationSettings

logger = logging.getLogger(__name__)

LOGO_RENDITION = "max-480x160"


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
    """The template context of a document's letterhead: the settings, the legal name and the logo."""
    organisation = OrganisationSettings.load()
    return {
        "organisation": organisation,
        "legal_name": organisation.legal_name or organisation.name,
        "logo": logo_data_uri(organisation),
    }
