"""Public HTTP endpoints of the communications domain: the mail providers' delivery webhooks."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time

from anymail.exceptions import AnymailError
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.base import AnymailCoreWebhookView
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)
MAILGUN_MAX_AGE = dt.timedelta(minutes=15)

TRACKING_VIEWS: dict[str, type[AnymailCoreWebhookView]] = {
    "amazon_ses": AmazonSESTrackingWebhookView,
    "brevo": BrevoTrackingWebhookView,
    "mailgun": MailgunTrackingWebhookView,
    "postmark": PostmarkTrackingWebhookView,
    "sendgrid": SendGridTrackingWebhookView,
}


def _secured(provider: str) -> bool:
    """A webhook answers only with its secret configured: Mailgun signs its requests with a key; the others
    carry the basic-auth credentials ANYMAIL_WEBHOOK_SECRET names."""
    anymail = getattr(settings, "ANYMAIL", {})
    if provider == "mailgun":
        return bool(anymail.get("MAILGUN_WEBHOOK_SIGNING_KEY"))
    return bool(anymail.get("WEBHOOK_SECRET"))


@csrf_exempt  # a provider posts it; its signature or basic auth is what is checked
def tracking_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """A provider's delivery events (Anymail checks the signature or basic auth: 400 and nothing stored when
    it fails), each stored once and applied by a task (steward/communications/receivers.py)."""
    view_class = TRACKING_VIEWS.get(provider)
    if view_class is None or not _secured(provider):
        raise Http404("No such mail provider webhook is set up.")
    if provider == "mailgun" and request.method == "POST" and _mailgun_stale(request):
        return HttpResponseBadRequest("The signature's timestamp is too old: a replayed request.")
    try:
        with transaction.atomic():  # a batch of events is stored whole or not at all
            return view_class.as_view()(request)
    except (AnymailError, ValueError, KeyError, TypeError, AttributeError):
        # a body the provider's parser cannot read (a valid signature on it or not): nothing is stored
        logger.warning("Unreadable %s delivery webhook", provider, exc_info=True)
        return HttpResponseBadRequest("The request could not be read as this provider's events.")


def _mailgun_stale(request: HttpRequest) -> bool:
    """Mailgun signs a timestamp with each request: one older than MAILGUN_MAX_AGE is a replay (the signature
    itself Anymail checks)."""
    try:
        if request.content_type == "application/json":
            timestamp = json.loads(request.body.decode("utf-8"))["signature"]["timestamp"]
        else:
            timestamp = request.POST["timestamp"]
        signed_at = float(timestamp)
    except (KeyError, ValueError, TypeError, UnicodeDecodeError):
        return False  # Anymail refuses it for its missing signature
    return abs(time.time() - signed_at) > MAILGUN_MAX_AGE.total_seconds()
