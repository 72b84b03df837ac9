"""The digital membership card: a one-page PDF with the member's name, level and dates, and a QR code that
carries a signed membership id (so a scanner at the door can check it was issued by us and look the membership
up, without the code being guessable or forgeable). The member downloads it from the portal."""

from __future__ import annotations

import base64
import logging
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import dateformat

from .models import Membership

logger = logging.getLogger(__name__)

CARD_SALT = "steward.members.card"
# Relay's global id of a membership, as the portal has it: base64 of "Membership:<pk>".
GLOBAL_ID_TYPE = "Membership"


def membership_card_token(membership: Membership) -> str:
    """The signed value in the card's QR code: the membership's id, signed with SECRET_KEY (not encrypted)."""
    return signing.dumps({"membership": membership.pk}, salt=CARD_SALT, compress=True)


def membership_card_read(token: str) -> Membership:
    """The membership a scanned card names; ValidationError for a code we did not sign or an unknown membership.
    A card does not expire by itself: whether the membership is current is read from the membership now."""
    try:
        payload = signing.loads(token, salt=CARD_SALT)
    except signing.BadSignature:
        raise ValidationError("This is not one of our membership cards.", code="invalid_card") from None
    membership = Membership.objects.select_related("constituent", "level").filter(pk=payload.get("membership")).first()
    if membership is None:
        raise ValidationError("This membership no longer exists.", code="not_found")
    return membership


def _qr_data_uri(content: str) -> str:
    import segno  # only where cards are drawn

    svg = segno.make(content, error="m").svg_inline(scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def membership_card_pdf(membership: Membership) -> bytes:
    """The card as a PDF (credit-card sized page)."""
    from weasyprint import HTML  # heavy import, only where PDFs are made

    from steward.site.models import OrganisationSettings

    organisation = OrganisationSettings.load()
    context: dict[str, Any] = {
        "organisation_name": organisation.name,
        "member_name": membership.constituent.display_name,
        "level": membership.level.name,
        "status": membership.get_status_display(),
        "start_date": dateformat.format(membership.start_date, "j M Y") if membership.start_date else "",
        "end_date": dateformat.format(membership.end_date, "j M Y") if membership.end_date else "",
        "number": f"M-{membership.pk:06d}",
        "qr": _qr_data_uri(membership_card_token(membership)),
    }
    html = render_to_string("members/card/card.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
