"""Every write the communications domain knows.

Delivery reports: each event a mail provider reports (through Anymail's webhooks) is stored once and applied
once. Applying it moves the message's delivery forward on its outbox row (delivered, opened, clicked; bounced,
complained: never back) and suppresses the address after a hard bounce or a complaint at once, or after
COMMUNICATIONS_SOFT_BOUNCE_LIMIT soft bounces in COMMUNICATIONS_SOFT_BOUNCE_DAYS days. Events arrive in any
order and more than once (providers retry): the unique event id and the forward-only delivery make any order of
any duplicates end where in-order delivery ends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from steward.core.models import OutboxMessage
from steward.members import services as member_services
from steward.members.models import EmailSuppression

from .models import CampaignRecipient, DeliveryEvent

#: How far a message got; an event only ever moves it further.
DELIVERY_RANK = {"deferred": 1, "delivered": 2, "opened": 3, "clicked": 4, "bounced": 5, "complained": 6}
HARD_REASONS = {"bounced", "invalid"}

#: Sent after the commit that stored a delivery event (argument `event_id`): steward/communications/tasks.py
#: queues its applying (services never import tasks).
delivery_event_stored = Signal()


@dataclass(frozen=True)
class ReportedEvent:
    """A provider's event in Anymail's normalised terms (anymail.signals.AnymailTrackingEvent)."""

    provider: str
    event_type: str
    event_id: str | None
    recipient: str
    message_id: str
    occurred_at: dt.datetime | None
    reject_reason: str = ""
    description: str = ""
    mta_response: str = ""
    click_url: str = ""
    esp_event: Any = None


def message_id_normal(value: str) -> str:
    """A message id as both sides keep it: without the angle brackets of a header."""
    return (value or "").strip().strip("<>").strip()


def _effect(event: ReportedEvent) -> str:
    """What the event does to the address: a hard bounce, a soft one, a complaint, or nothing."""
    if event.event_type == "complained":
        return DeliveryEvent.Effect.COMPLAINT
    if event.event_type == "deferred":
        return DeliveryEvent.Effect.SOFT_BOUNCE
    if event.event_type not in ("bounced", "rejected"):
        return DeliveryEvent.Effect.NONE
    if event.reject_reason not in HARD_REASONS:
        # blocked, timed out, spam-filtered, other: the address exists; it may take mail later
        return DeliveryEvent.Effect.SOFT_BOUNCE if event.event_type == "bounced" else DeliveryEvent.Effect.NONE
    if _provider_says_soft(event):
        return DeliveryEvent.Effect.SOFT_BOUNCE
    return DeliveryEvent.Effect.HARD_BOUNCE


def _provider_says_soft(event: ReportedEvent) -> bool:
    """Providers whose soft bounces Anymail reports as bounced: their own payload tells them apart."""
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    if event.provider == "postmark":
        return raw.get("Type") == "SoftBounce"
    if event.provider in ("brevo", "sendinblue"):
        return raw.get("event") == "soft_bounce"
    if event.provider == "amazon_ses":
        return not (event.description or "").startswith("Permanent")
    return False


def _jsonable(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    try:
        loaded = json.loads(json.dumps(value, default=str))
    except (TypeError, ValueError):
        return {"raw": str(value)[:10000]}
    return loaded if isinstance(loaded, dict) else {"raw": loaded}


def _event_id(event: ReportedEvent, occurred_at: dt.datetime) -> str:
    if event.event_id:
        return str(event.event_id)[:255]
    # no id from the provider: the same report delivered twice has the same digest
    parts = [event.provider, event.event_type, event.message_id, event.recipient.lower(), occurred_at.isoformat()]
    return "digest:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def delivery_event_record(*, event: ReportedEvent) -> DeliveryEvent | None:
    """Store a provider's event once; None when it was stored already (a provider's retry). Its applying is
    queued after the commit, and swept if the queue cannot be reached."""
    occurred_at = event.occurred_at or timezone.now()
    try:
        with transaction.atomic():
            stored = DeliveryEvent.objects.create(
                provider=event.provider[:32],
                event_id=_event_id(event, occurred_at),
                event_type=event.event_type[:20],
                recipient=(event.recipient or "").strip().lower()[:254],
                message_id=message_id_normal(event.message_id)[:255],
                occurred_at=occurred_at,
                reject_reason=(event.reject_reason or "")[:20],
                description=" ".join(part for part in (event.description, event.mta_response) if part)[:4000],
                click_url=event.click_url or "",
                effect=_effect(event),
                payload=_jsonable(event.esp_event),
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: delivery_event_stored.send(sender=DeliveryEvent, event_id=stored.pk), robust=True)
    return stored


@transaction.atomic
def delivery_event_apply(*, event_id: int) -> bool:
    """Apply a stored event (once: the claim and its effects are one transaction). Returns whether this call
    applied it."""
    if not DeliveryEvent.objects.filter(pk=event_id, applied_at__isnull=True).update(applied_at=timezone.now()):
        return False
    event = DeliveryEvent.objects.get(pk=event_id)
    if event.message_id and event.event_type in DELIVERY_RANK:
        _advance_delivery(event)
    if event.recipient:
        _suppress_if_due(event)
    return True


def _advance_delivery(event: DeliveryEvent) -> None:
    rank = DELIVERY_RANK[event.event_type]
    messages = OutboxMessage.objects.select_for_update().filter(provider_message_id__in=_id_forms(event.message_id))
    for message in messages:
        if DELIVERY_RANK.get(message.delivery, 0) < rank:
            OutboxMessage.objects.filter(pk=message.pk).update(delivery=event.event_type)
    copies = CampaignRecipient.objects.filter(provider_message_id__in=_id_forms(event.message_id))
    recipients_advance(copies, event=event.event_type, at=event.occurred_at)


def _behind(event: str) -> Q:
    """Deliveries that `event` moves forward."""
    rank = DELIVERY_RANK[event]
    return Q(delivery="") | Q(delivery__in=[name for name, other in DELIVERY_RANK.items() if other < rank])


def recipients_advance(recipients: QuerySet[CampaignRecipient], *, event: str, at: dt.datetime) -> None:
    """Move campaign copies' delivery forward to `event` (never back), keeping the time of the first open and
    the first click (a click is an open too: images may be blocked). Three set-based updates."""
    recipients.filter(_behind(event)).update(delivery=event)
    if event in ("opened", "clicked"):
        recipients.filter(opened_at__isnull=True).update(opened_at=at)
    if event == "clicked":
        recipients.filter(clicked_at__isnull=True).update(clicked_at=at)


def _id_forms(message_id: str) -> list[str]:
    return [message_id, f"<{message_id}>"]


def _suppress_if_due(event: DeliveryEvent) -> None:
    reason = ""
    if event.effect == DeliveryEvent.Effect.HARD_BOUNCE:
        reason = EmailSuppression.Reason.HARD_BOUNCE
    elif event.effect == DeliveryEvent.Effect.COMPLAINT:
        reason = EmailSuppression.Reason.COMPLAINT
    elif event.effect == DeliveryEvent.Effect.SOFT_BOUNCE:
        since = timezone.now() - dt.timedelta(days=settings.COMMUNICATIONS_SOFT_BOUNCE_DAYS)
        recent = DeliveryEvent.objects.filter(
            recipient=event.recipient, effect=DeliveryEvent.Effect.SOFT_BOUNCE, occurred_at__gte=since
        ).count()
        if recent >= settings.COMMUNICATIONS_SOFT_BOUNCE_LIMIT:
            reason = EmailSuppression.Reason.SOFT_BOUNCES
    if reason:
        detail = f"{event.provider}: {event.description or event.event_type}"
        member_services.suppression_add(address=event.recipient, reason=reason, detail=detail)


def delivery_events_unapplied(*, older_than_seconds: int = 60, limit: int = 1000) -> list[int]:
    """Stored events whose applying was never queued or never finished (the sweeper applies them)."""
    before = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    unapplied = DeliveryEvent.objects.filter(applied_at__isnull=True, received_at__lt=before)
    return list(unapplied.order_by("received_at", "pk").values_list("pk", flat=True)[:limit])
