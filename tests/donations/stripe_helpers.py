"""Stripe events built and signed by the tests with Stripe's real scheme (t=timestamp, v1=HMAC-SHA256 of
"t.payload"), for what localstripe never sends: refunds, disputes, duplicates, out-of-order deliveries."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from steward.donations.models import Gift
from steward.donations.money import to_minor_units

WEBHOOK_URL = "/stripe/webhook/"
_sequence = itertools.count(1)


@dataclass
class SignedEvent:
    id: str
    type: str
    body: bytes
    signature: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Stripe-Signature": self.signature}


def sign(payload: bytes, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """A Stripe-Signature header for the payload."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_event(
    event_type: str,
    obj: dict[str, Any],
    *,
    event_id: str | None = None,
    secret: str | None = None,
    timestamp: int | None = None,
) -> SignedEvent:
    """An event of `event_type` about `obj`, serialised and signed as Stripe would send it."""
    event_id = event_id or f"evt_test_{next(_sequence):06d}_{int(time.time() * 1000)}"
    created = int(time.time()) if timestamp is None else timestamp
    payload = {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": created,
        "livemode": False,
        "api_version": "2026-10-28.endive",
        "data": {"object": obj},
    }
    body = json.dumps(payload, indent=2).encode()
    return SignedEvent(
        id=event_id, type=event_type, body=body, signature=sign(body, secret=secret, timestamp=timestamp)
    )


def deliver(client, event: SignedEvent, signature: str | None = None):
    """POST the event to the webhook like Stripe does."""
    return client.post(
        WEBHOOK_URL,
        data=event.body,
        content_type="application/json",
        headers={"Stripe-Signature": signature if signature is not None else event.signature},
    )


def charge_id_for(gift: Gift) -> str:
    return f"ch_for_{gift.stripe_payment_intent_id}"


def payment_intent(gift: Gift, *, status: str = "succeeded", error_message: str = "") -> dict[str, Any]:
    minor = to_minor_units(gift.amount, gift.currency)
    return {
        "id": gift.stripe_payment_intent_id,
        "object": "payment_intent",
        "amount": minor,
        "amount_received": minor if status == "succeeded" else 0,
        "currency": gift.currency.lower(),
        "status": status,
        "latest_charge": charge_id_for(gift),
        "last_payment_error": {"message": error_message, "code": "card_declined"} if error_message else None,
        "metadata": {"gift_id": str(gift.pk)},
    }


def charge(gift: Gift, *, refunded: Decimal) -> dict[str, Any]:
    return {
        "id": charge_id_for(gift),
        "object": "charge",
        "amount": to_minor_units(gift.amount, gift.currency),
        "amount_refunded": to_minor_units(refunded, gift.currency),
        "currency": gift.currency.lower(),
        "payment_intent": gift.stripe_payment_intent_id,
        "refunded": refunded >= gift.amount,
    }


def dispute(gift: Gift, *, status: str) -> dict[str, Any]:
    return {
        "id": f"dp_for_{gift.stripe_payment_intent_id}",
        "object": "dispute",
        "amount": to_minor_units(gift.amount, gift.currency),
        "currency": gift.currency.lower(),
        "charge": charge_id_for(gift),
        "payment_intent": gift.stripe_payment_intent_id,
        "status": status,
    }
