"""Public HTTP endpoints of members: the signed-in member's membership card (PDF)."""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .card import GLOBAL_ID_TYPE, membership_card_pdf
from .models import Constituent, Membership


def _is_key(text: str) -> bool:
    """Whether text is a primary key in ASCII digits (`isdigit()` alone also accepts "²", which `int()` refuses)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def _membership_pk(membership_id: str) -> int | None:
    """A membership's pk from the portal's global id (or a plain number)."""
    if _is_key(membership_id):
        return int(membership_id)
    try:
        decoded = base64.b64decode(membership_id + "=" * (-len(membership_id) % 4), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    type_name, _, pk = decoded.partition(":")
    return int(pk) if type_name == GLOBAL_ID_TYPE and _is_key(pk) else None


def _own_constituent(request: HttpRequest) -> Constituent | None:
    constituent = getattr(request.user, "constituent", None)
    if constituent is None or constituent.merged_into_id is not None:
        return None
    return constituent


@require_GET
@login_required
def membership_card_download(request: HttpRequest, membership_id: str) -> HttpResponse:
    """The signed-in member's card for one of their own memberships (404 for anyone else's)."""
    pk = _membership_pk(membership_id)
    constituent = _own_constituent(request)
    if pk is None or constituent is None:
        raise Http404("No such membership.")
    membership = (
        Membership.objects.select_related("constituent", "level")
        .filter(pk=pk, constituent=constituent)
        .exclude(status=Membership.Status.CANCELLED)
        .first()
    )
    if membership is None:
        raise Http404("No such membership.")
    response = HttpResponse(membership_card_pdf(membership), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="membership-card-{membership.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
