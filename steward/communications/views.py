"""Public HTTP endpoints of the communications domain: the mail providers' delivery webhooks, what a campaign
email's links reach, a sent message read again from the portal and the public newsletter archive."""

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
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt

from steward.core.admin_views import AS_SENT_POLICY
from steward.members.contact import suppression_of
from steward.members.models import ConsentRecord
from steward.members.selectors import consents_current

from . import archive, campaigns, rendering, sent
from .models import CampaignRecipient

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


# -------------------------------------------------------------------------------------------------------------
# What a campaign email's reader reaches: every link is signed for its recipient (rendering.recipient_token)
# -------------------------------------------------------------------------------------------------------------

GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def _recipient_or_404(token: str) -> CampaignRecipient:
    recipient = rendering.recipient_from_token(token)
    if recipient is None:
        raise Http404("This link is not valid, or it has expired.")
    return recipient


@csrf_exempt  # RFC 8058: a mail program posts it with no cookie and no token; the signed link is the credential
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page asking to confirm (link scanners follow GETs: a GET never unsubscribes). POST (the one-click
    `List-Unsubscribe=One-Click` of RFC 8058, or the page's button): unsubscribed at once, answered without a
    redirect."""
    recipient = _recipient_or_404(token)
    topic = dict(ConsentRecord.Topic.choices)[recipient.campaign.topic].lower()
    context = {"recipient": recipient, "topic": topic, "token": token, "done": False}
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        campaigns.recipient_unsubscribe(recipient=recipient, one_click=one_click)
        context["done"] = True
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(request, "communications/public/unsubscribe.html", context)


def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """The recipient's email choices by topic, changed with a form (each change a consent ledger entry)."""
    recipient = _recipient_or_404(token)
    person = recipient.constituent
    saved = False
    if request.method == "POST":
        campaigns.recipient_preferences_update(recipient=recipient, topics=set(request.POST.getlist("topic")))
        saved = True
    current = {c.topic: c.granted for c in consents_current(constituent=person) if c.channel == "email"}
    topics = [(topic, words, current.get(topic, False)) for topic, words in ConsentRecord.Topic.choices]
    return render(
        request,
        "communications/public/preferences.html",
        {"recipient": recipient, "topics": topics, "saved": saved, "suppression": suppression_of(recipient.address)},
    )


def web_version(request: HttpRequest, token: str) -> HttpResponse:
    """The recipient's copy of the campaign, in a browser."""
    recipient = _recipient_or_404(token)
    campaign = recipient.campaign
    values = campaigns.merge_values(campaign, [recipient])[recipient.pk]
    _, _, html = rendering.message_parts(rendering.campaign_rendered(campaign), values, tracking=False)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = AS_SENT_POLICY
    return response


def click(request: HttpRequest, token: str, index: int) -> HttpResponse:
    """A tracked link: recorded, then on to the link the email holds at that place (never a URL from the
    request, so it cannot be used to send anyone elsewhere)."""
    recipient = _recipient_or_404(token)
    links = list(recipient.campaign.rendered_links)
    if index >= len(links):
        raise Http404("This link is not valid.")
    campaigns.recipient_engaged(recipient=recipient, event="clicked")
    return HttpResponseRedirect(links[index])


def opened(request: HttpRequest, token: str) -> HttpResponse:
    recipient = rendering.recipient_from_token(token)
    if recipient is not None:
        campaigns.recipient_engaged(recipient=recipient, event="opened")
    response = HttpResponse(GIF, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


# -------------------------------------------------------------------------------------------------------------
# Messages read again: an owed message by the signed link the portal gives its reader, and the public archive
# -------------------------------------------------------------------------------------------------------------


def _as_sent(html: str) -> HttpResponse:
    """A message's HTML in the same sandbox as staff's view of it (no script, no form, nothing fetched but
    images), and its link kept out of other sites' logs and of caches."""
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = AS_SENT_POLICY
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def sent_message(request: HttpRequest, token: str) -> HttpResponse:
    """A message the outbox sent (a receipt, a reminder…) as it went out, for the person it went to: the portal's
    messages page links here with a signed, short-lived token. Its HTML part, else its text part."""
    message = sent.sent_message_from_token(token)
    if message is None:
        raise Http404("This link is not valid, or it has expired.")
    if message.html:
        response = _as_sent(message.html)
    elif message.body:
        text = render_to_string("communications/public/sent_text.html", {"message": message}, request=request)
        response = _as_sent(text)
    else:
        raise Http404("No copy of this message was kept.")
    response["Cache-Control"] = "private, no-store"
    return response


def archive_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """A newsletter of the public archive, as anyone may read it (no one's details in it, nothing tracked)."""
    campaign = archive.archived_campaign(pk)
    if campaign is None:
        raise Http404("No newsletter of the archive has this number.")
    return _as_sent(archive.archive_copy_html(campaign))
