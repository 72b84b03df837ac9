"""Demo campaign email for `manage.py seed_demo`: a sender address, a "Volunteers" segment, a newsletter already
sent to it with what its readers did (delivered, opened and clicked over the first days, one unsubscribe, one hard
bounce), so its report has figures and a chart, and a draft appeal with every kind of block, ready to preview.

The newsletter is sent through the real services (`campaign_send`, then `campaign_send_batch` until none is left)
with Django's in-memory mail backend, so nothing leaves the machine (nor lands in the console or the browser tests'
mail folder). What its readers did is reported as a mail provider would report it: delivery events stored and
applied by the services (`delivery_event_record`, `delivery_event_apply`), an unsubscribe through
`recipient_unsubscribe`. Only the times are written afterwards: the demo sends it now, and then places the sending
(and each event) some days back, so the report reads as a campaign's first week.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.images import get_image_model

from steward.core.demo import Progress
from steward.core.links import frontend_url
from steward.donations.models import Appeal, Campaign
from steward.members.models import ConsentRecord, Constituent, EmailSuppression
from steward.reports import services as report_services
from steward.reports.models import Segment

from . import campaigns, services
from .models import CampaignRecipient, DeliveryEvent, EmailCampaign, SenderAddress

SENDER_EMAIL = "news@example.org"
SEGMENT_NAME = "Volunteers"
NEWSLETTER_NAME = "Volunteer news: spring"
APPEAL_NAME = "Gardens appeal"
APPEAL_CODE = "GARDENS-EMAIL"
#: The provider the demo's delivery events say they came from.
PROVIDER = "demo"
#: How many days ago the newsletter went out: long enough for the report to chart its first days by day.
SENT_DAYS_AGO = 9
OPEN_SHARE = 0.38
CLICK_SHARE_OF_OPENS = 0.3


@dataclass
class CampaignDemoSummary:
    recipients: int = 0
    notes: list[str] = field(default_factory=list)


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.ORGANISATION_TIME_ZONE)


@transaction.atomic
def demo_campaigns_build(
    *, today: dt.date, seed: int, progress: Progress | None = None, replace: bool = False
) -> CampaignDemoSummary:
    """The demo sender, segment and campaigns (once: kept as they are when the newsletter exists, unless
    `replace`, which makes them again)."""
    started = time.perf_counter()
    summary = CampaignDemoSummary()
    existing = EmailCampaign.objects.filter(name__in=[NEWSLETTER_NAME, APPEAL_NAME])
    if existing.exists():
        if not replace:
            return summary
        _delete_earlier_run()
    rng = random.Random(f"steward-demo:{seed}:campaigns")  # noqa: S311 (demo data, not security)
    sender, _ = SenderAddress.objects.get_or_create(
        email=SENDER_EMAIL, defaults={"name": "Steward Demo Society", "reply_to": "hello@example.org"}
    )
    segment = Segment.objects.filter(name=SEGMENT_NAME).first() or report_services.segment_save(
        name=SEGMENT_NAME,
        description="Everyone with a volunteer profile (the demo's newsletter went to them).",
        conditions={
            "all": [{"field": "volunteer", "value": True}, {"field": "flag", "flag": "deceased", "value": False}]
        },
    )
    spring = Campaign.objects.filter(slug="spring-appeal").first()
    gardens = Campaign.objects.filter(slug="city-gardens").first()
    # the appeal's donate links carry its code: an open appeal of that code is what gifts from them are put to
    Appeal.objects.get_or_create(
        code=APPEAL_CODE, defaults={"name": "Gardens email", "channel": Appeal.Channel.EMAIL, "campaign": gardens}
    )
    newsletter = EmailCampaign.objects.create(
        name=NEWSLETTER_NAME,
        subject="{{ first_name | Friend }}, here is what volunteers did this spring",
        preheader="Twelve gardens planted, 400 hours at the food bank, and the summer shifts are open.",
        sender=sender,
        topic=ConsentRecord.Topic.NEWSLETTER,
        appeal_code="SPRING-EMAIL",
        in_archive=True,
        body=_newsletter_body(spring),
    )
    newsletter.segments.set([segment])
    appeal = EmailCampaign.objects.create(
        name=APPEAL_NAME,
        subject="A garden in every district: will you plant one with us?",
        preheader="Twelve new community gardens in three years, and you can help.",
        sender=sender,
        topic=ConsentRecord.Topic.FUNDRAISING,
        appeal_code=APPEAL_CODE,
        body=_appeal_body(gardens),
    )
    appeal.segments.set([segment])
    try:
        summary.recipients = _send(newsletter, today=today)
    except ValidationError as error:  # a demo too small to have anyone to send it to
        summary.notes.append(f"The demo newsletter was left as a draft: {' '.join(error.messages)}")
        return summary
    _what_readers_did(rng, newsletter, today=today)
    if progress:
        progress(f"  {'campaign email copies':<28}{summary.recipients:>10,}  {time.perf_counter() - started:6.1f}s")
    return summary


def _delete_earlier_run() -> None:
    """Remove what an earlier demo run made for campaign email, so a rerun does not pile up."""
    EmailCampaign.objects.filter(name__in=[NEWSLETTER_NAME, APPEAL_NAME]).delete()
    DeliveryEvent.objects.filter(provider=PROVIDER).delete()
    EmailSuppression.objects.filter(detail__startswith=f"{PROVIDER}:").delete()


def _send(campaign: EmailCampaign, *, today: dt.date) -> int:
    """Send the campaign as Send now does, its batches over Django's in-memory backend; returns how many got it."""
    campaigns.campaign_send(campaign=campaign, today=today)
    # the in-memory backend keeps what it sent on django.core.mail.outbox: a list of its own, then what was there
    previous = getattr(mail, "outbox", None)
    mail.outbox = []
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            while campaigns.campaign_send_batch(campaign_id=campaign.pk):
                pass
    finally:
        if previous is None:
            del mail.outbox
        else:
            mail.outbox = previous
    return CampaignRecipient.objects.filter(campaign=campaign, status=CampaignRecipient.Status.SENT).count()


def _what_readers_did(rng: random.Random, campaign: EmailCampaign, *, today: dt.date) -> None:
    """Place the sending SENT_DAYS_AGO days back, then report its copies' outcomes at times over the days after."""
    started = dt.datetime.combine(today - dt.timedelta(days=SENT_DAYS_AGO), dt.time(9, 30), tzinfo=_zone())
    copies = list(
        CampaignRecipient.objects.filter(campaign=campaign, status=CampaignRecipient.Status.SENT).order_by("pk")
    )
    for index, copy in enumerate(copies):
        copy.sent_at = started + dt.timedelta(seconds=2 * index)
        CampaignRecipient.objects.filter(pk=copy.pk).update(sent_at=copy.sent_at, claimed_at=copy.sent_at)
    finished = started + dt.timedelta(seconds=2 * len(copies) + 5)
    EmailCampaign.objects.filter(pk=campaign.pk).update(
        created_at=started - dt.timedelta(days=2), started_at=started, finished_at=finished, updated_at=finished
    )
    # neither the portal's demo member (their inbox is what the browser tests look at) nor anyone with a login
    # bounces or unsubscribes
    with_login = set(
        Constituent.objects.filter(pk__in=[copy.constituent_id for copy in copies], user__isnull=False).values_list(
            "pk", flat=True
        )
    )
    ordinary = [copy for copy in copies if copy.constituent_id not in with_login]
    bounced = rng.choice(ordinary) if len(ordinary) > 2 else None
    delivered = [copy for copy in copies if copy is not bounced]
    # a share of them open it (at least two), and a share of those click (at least one): drawn as counts, so even
    # the smallest demo has every outcome
    openers = rng.sample(delivered, min(len(delivered), max(2, round(len(delivered) * OPEN_SHARE))))
    clickers = rng.sample(openers, max(1, round(len(openers) * CLICK_SHARE_OF_OPENS))) if openers else []
    leaving = [copy for copy in openers if copy.constituent_id not in with_login]
    unsubscriber = rng.choice(leaving) if leaving else None
    now = timezone.now()
    for copy in copies:
        sent_at = copy.sent_at or started
        if copy is bounced:
            _report(
                copy,
                "bounced",
                sent_at + dt.timedelta(seconds=rng.randint(20, 90)),
                reject_reason="bounced",
                description="550 5.1.1 The email account that you tried to reach does not exist.",
            )
            continue
        _report(copy, "delivered", sent_at + dt.timedelta(seconds=rng.randint(3, 40)))
        if copy not in openers:
            continue
        # most read it within hours, a few days later: an open's delay in hours, long-tailed
        opened = min(sent_at + dt.timedelta(hours=rng.expovariate(1 / 16)), now - dt.timedelta(minutes=10))
        _report(copy, "opened", opened)
        if copy in clickers:
            _report(copy, "clicked", opened + dt.timedelta(seconds=rng.randint(20, 240)))
        if copy is unsubscriber:
            _unsubscribe(copy, opened + dt.timedelta(minutes=rng.randint(1, 6)), topic=campaign.topic)


def _report(copy: CampaignRecipient, event_type: str, at: dt.datetime, **details: str) -> None:
    """An event about the copy as the mail provider would report it, stored and applied by the services."""
    event = services.delivery_event_record(
        event=services.ReportedEvent(
            provider=PROVIDER,
            event_type=event_type,
            event_id=f"{PROVIDER}-{copy.pk}-{event_type}",
            recipient=copy.address,
            message_id=copy.provider_message_id,
            occurred_at=at,
            **details,
        )
    )
    if event is None:
        return
    services.delivery_event_apply(event_id=event.pk)
    if event.effect == DeliveryEvent.Effect.HARD_BOUNCE:
        EmailSuppression.objects.filter(address=copy.address, lifted_at__isnull=True).update(created_at=at)


def _unsubscribe(copy: CampaignRecipient, at: dt.datetime, *, topic: str) -> None:
    """The reader follows the unsubscribe link and confirms; the ledger entry and the copy say when."""
    campaigns.recipient_unsubscribe(recipient=copy, one_click=False)
    CampaignRecipient.objects.filter(pk=copy.pk).update(unsubscribed_at=at)
    entry = (
        ConsentRecord.objects.filter(
            constituent_id=copy.constituent_id, channel=ConsentRecord.Channel.EMAIL, topic=topic, granted=False
        )
        .order_by("-pk")
        .first()
    )
    if entry is not None:
        # after every earlier entry for the topic, so it stays the one in force
        earlier = (
            ConsentRecord.objects.filter(constituent_id=copy.constituent_id, channel=entry.channel, topic=topic)
            .exclude(pk=entry.pk)
            .order_by("-recorded_at")
            .values_list("recorded_at", flat=True)
            .first()
        )
        when = max(at, earlier + dt.timedelta(minutes=1)) if earlier else at
        ConsentRecord.objects.filter(pk=entry.pk).update(recorded_at=min(when, timezone.now()))


def _newsletter_body(spring: Campaign | None) -> list[dict[str, Any]]:
    image = get_image_model().objects.order_by("pk").first()  # the site demo's banner, if it made one
    body: list[dict[str, Any]] = [
        {"type": "heading", "value": {"text": "Thank you, {{ first_name | volunteers }}!", "level": "h1"}},
        {
            "type": "text",
            "value": "<p>This spring our volunteers planted <b>twelve community gardens</b>, sorted food for "
            "<b>400 hours</b> at the Leeds food bank and kept the homework club open every week.</p>"
            "<ul><li>Bangkok: a new garden by Lumpini Park gate 3</li>"
            "<li>Ulaanbaatar: the first ger district clean-up of the year</li>"
            "<li>Taipei: phone befriending in three languages</li></ul>",
        },
    ]
    if image is not None:
        body.append(
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "Members on a walk at the open day", "link": ""},
            }
        )
    body += [
        {
            "type": "quote",
            "value": {"quote": "Volunteering here is the best part of my week.", "attribution": "Bat-Erdene"},
        },
        {"type": "button", "value": {"text": "Find a summer shift", "url": frontend_url("/volunteer/")}},
        {"type": "divider", "value": None},
        {"type": "heading", "value": {"text": "Keep the events free", "level": "h2"}},
        {
            "type": "text",
            "value": "<p>Gifts pay for the tools, the tea and the free places at every walk.</p>",
        },
        {
            "type": "donate",
            "value": {"text": "Give to the spring appeal", "campaign": str(spring.pk) if spring else ""},
        },
    ]
    return body


def _appeal_body(gardens: Campaign | None) -> list[dict[str, Any]]:
    return [
        {"type": "heading", "value": {"text": "A garden in every district", "level": "h1"}},
        {
            "type": "text",
            "value": "<p>Dear {{ first_name | friend }},</p>"
            "<p>Last year you helped us plant gardens where neighbours meet, grow food and cool the city. "
            "This year we want to reach <i>every</i> district.</p>"
            "<ol><li>25 buys seeds and tools for a family plot</li>"
            "<li>100 pays for a water butt and a compost bin</li>"
            "<li>500 builds a raised bed anyone can reach</li></ol>",
        },
        {"type": "button", "value": {"text": "See the gardens", "url": frontend_url("/gardens/")}},
        {
            "type": "donate",
            "value": {"text": "Plant a garden", "campaign": str(gardens.pk) if gardens else ""},
        },
        {"type": "divider", "value": None},
        {"type": "text", "value": "<p>With thanks from everyone at the Steward Demo Society.</p>"},
    ]
