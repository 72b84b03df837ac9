"""Public HTTP endpoints of donations: the Stripe webhook, and receipt and statement downloads (by a signed,
expiring link for donors, by id for staff with permission)."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from steward.members.models import Constituent

from . import receipts, stripe_events, tasks
from .models import Receipt, StripeEvent
from .stripe import client

logger = logging.getLogger(__name__)

STAFF_PERMISSION = "donations.view_gift"


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _link_error(request: HttpRequest, *, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "donations/receipts/link_error.html", {"title": title, "message": message}, status=status)


def _read_link(request: HttpRequest, token: str, *, salt: str) -> dict | HttpResponse:
    try:
        return receipts.download_token_read(token, salt=salt)
    except receipts.DownloadLinkExpired:
        return _link_error(
            request,
            status=410,
            title="This link has expired",
            message="Download links work for a limited time. Ask for a new one from your account page.",
        )
    except receipts.DownloadLinkInvalid:
        return _link_error(
            request,
            status=404,
            title="This link is not valid",
            message="The link may have been cut short when it was copied. Ask for a new one from your account page.",
        )


def _receipt_response(request: HttpRequest, receipt: Receipt) -> HttpResponse:
    if receipt.voided_at is not None:
        return _link_error(
            request, status=410, title="This receipt was voided", message="Please contact us for a replacement."
        )
    return _pdf_response(receipts.receipt_pdf(receipt), receipts.receipt_filename(receipt))


def _statement_response(request: HttpRequest, constituent: Constituent, tax_year: int) -> HttpResponse:
    try:
        content = receipts.statement_render_pdf(constituent=constituent, tax_year=tax_year)
    except ValidationError:
        return _link_error(
            request, status=404, title="No gifts that year", message=f"We have no gifts from you in {tax_year}."
        )
    return _pdf_response(content, receipts.statement_filename(constituent, tax_year))


@require_GET
def receipt_download(request: HttpRequest, token: str) -> HttpResponse:
    """A donor's receipt PDF, through a signed link."""
    payload = _read_link(request, token, salt=receipts.RECEIPT_LINK_SALT)
    if isinstance(payload, HttpResponse):
        return payload
    receipt = Receipt.objects.filter(pk=payload["receipt"]).first() if isinstance(payload.get("receipt"), int) else None
    if receipt is None:
        return _link_error(request, status=404, title="Receipt not found", message="Please contact us.")
    return _receipt_response(request, receipt)


@require_GET
def statement_download(request: HttpRequest, token: str) -> HttpResponse:
    """A donor's year-end giving statement PDF, through a signed link."""
    payload = _read_link(request, token, salt=receipts.STATEMENT_LINK_SALT)
    if isinstance(payload, HttpResponse):
        return payload
    constituent = None
    if isinstance(payload.get("constituent"), int) and isinstance(payload.get("tax_year"), int):
        constituent = Constituent.objects.filter(pk=payload["constituent"]).first()
    if constituent is None:
        return _link_error(request, status=404, title="Statement not found", message="Please contact us.")
    return _statement_response(request, constituent, payload["tax_year"])


@require_GET
@login_required
@permission_required(STAFF_PERMISSION, raise_exception=True)
def staff_receipt_download(request: HttpRequest, receipt_id: int) -> HttpResponse:
    """Any receipt's PDF, for staff who may see gifts."""
    return _receipt_response(request, get_object_or_404(Receipt, pk=receipt_id))


@require_GET
@login_required
@permission_required(STAFF_PERMISSION, raise_exception=True)
def staff_statement_download(request: HttpRequest, constituent_id: int, tax_year: int) -> HttpResponse:
    """Any donor's giving statement for a tax year, for staff who may see gifts."""
    return _statement_response(request, get_object_or_404(Constituent, pk=constituent_id), tax_year)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, store, queue the processing after the commit, answer 200 quickly. A bad or stale signature stores
    nothing. A duplicate of an event still pending (stored, but perhaps never queued while the broker was down) is
    queued again: processing claims the row, so a second copy of the task does nothing."""
    try:
        event = client.construct_event(payload=request.body, signature_header=request.headers.get("Stripe-Signature"))
    except client.InvalidSignature as error:
        logger.warning("Refused a Stripe webhook: %s", error)
        return HttpResponseBadRequest("Invalid signature.")
    stored, _ = stripe_events.stripe_event_record(event=event)
    if stored.status == StripeEvent.Status.PENDING:
        pk = stored.pk
        transaction.on_commit(lambda: tasks.process_stripe_event.delay(pk))
    return HttpResponse(status=200)
