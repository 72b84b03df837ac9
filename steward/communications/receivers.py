"""Anymail's `tracking` signal, sent by its webhook views once the provider's signature or basic auth checked
out: each event is stored (once) and its applying queued. Nothing else happens here."""

from __future__ import annotations

from typing import Any

from anymail.signals import tracking
from django.dispatch import receiver

from . import services


@receiver(tracking, dispatch_uid="steward.communications.delivery_event")
def _delivery_event(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    services.delivery_event_record(
        event=services.ReportedEvent(
            provider=str(esp_name).lower().replace(" ", "_"),
            event_type=str(event.event_type or "unknown"),
            event_id=event.event_id,
            recipient=event.recipient or "",
            message_id=event.message_id or "",
            occurred_at=event.timestamp,
            reject_reason=event.reject_reason or "",
            description=event.description or "",
            mta_response=event.mta_response or "",
            click_url=event.click_url or "",
            esp_event=event.esp_event,
        )
    )
