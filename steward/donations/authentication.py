"""Completing 3-D Secure for a recurring charge from the emailed link (`recurring.authentication_link`).

An off-session charge whose bank asks the cardholder to authenticate waits in `requires_action`; the donor is
emailed a signed link (valid AUTHENTICATION_LINK_MAX_AGE) to a page that reads the charge here, confirms the
PaymentIntent with Stripe.js in the browser, and then asks `charge_authentication_complete` to record it. The
token is the only credential (the donor may not be signed in), so what is read back is only what that page shows.

The state always comes from the PaymentIntent as Stripe holds it now, never from what the browser says, and a
success is recorded through the one success path (`fulfilment.payment_succeeded`, idempotent): the webhook
may record the same payment first, and a second completion changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.core import signing
from django.core.exceptions import ValidationError

from steward.core.errors import field_error

from . import fulfilment
from .models import Gift, RecurringCharge, RecurringGift
from .stripe import client

logger = logging.getLogger(__name__)

# The salt and lifetime of the link made by steward.donations.recurring.authentication_link.
AUTHENTICATION_LINK_SALT = "steward.recurring.authenticate"
AUTHENTICATION_LINK_MAX_AGE = dt.timedelta(days=14)

INVALID_LINK_MESSAGE = "This link is not valid. Copy the whole link from the email, or sign in to see your giving."
EXPIRED_LINK_MESSAGE = "This link has expired. Sign in to see your giving and update your card."


class AuthenticationState(StrEnum):
    """Where a charge reached through the emailed link stands, from the donor's side."""

    REQUIRES_ACTION = "requires_action"  # the bank waits for the donor: confirm with the client secret
    SUCCEEDED = "succeeded"  # paid already: nothing to do, and nothing is charged twice
    FAILED = "failed"  # the bank refused the authentication: nothing was charged; the link is spent
    NOT_NEEDED = "not_needed"  # nothing for the donor to do (not charged yet, processing, cancelled…)


@dataclass(frozen=True)
class ChargeAuthentication:
    """What the authentication page needs about one charge; `client_secret` only while it requires action."""

    charge: RecurringCharge
    state: AuthenticationState
    amount: Decimal
    currency: str
    description: str
    card_brand: str = ""
    card_last4: str = ""
    client_secret: str = ""


def _charge_from_token(token: str) -> RecurringCharge:
    """The charge a signed link names; typed errors `link_invalid` (forged, damaged, unknown) and `link_expired`."""
    try:
        payload = signing.loads(token or "", salt=AUTHENTICATION_LINK_SALT, max_age=AUTHENTICATION_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise field_error("token", EXPIRED_LINK_MESSAGE, code="link_expired") from None
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        raise field_error("token", INVALID_LINK_MESSAGE, code="link_invalid") from None
    charge_id = payload.get("charge") if isinstance(payload, dict) else None
    charge = (
        RecurringCharge.objects.select_related(
            "recurring_gift__payment_method", "recurring_gift__fund", "recurring_gift__membership__level"
        )
        .filter(pk=charge_id)
        .first()
        if isinstance(charge_id, int)
        else None
    )
    if charge is None:
        raise field_error("token", INVALID_LINK_MESSAGE, code="link_invalid")
    return charge


def _description(recurring_gift: RecurringGift) -> str:
    """The charge in the donor's words: what it pays for, without their name or anything else about them."""
    membership = recurring_gift.membership
    if membership is not None:
        return f"Renewal of your {membership.level.name} membership"
    frequency = "Monthly" if recurring_gift.frequency == RecurringGift.Frequency.MONTHLY else "Yearly"
    return f"{frequency} gift to {recurring_gift.fund.name}"


def _payment_intent_id(charge: RecurringCharge) -> str:
    """The charge's current PaymentIntent (stored on the charge, else on its gift); empty before it is charged."""
    if charge.stripe_payment_intent_id:
        return charge.stripe_payment_intent_id
    return (
        Gift.objects.filter(recurring_charge=charge)
        .exclude(stripe_payment_intent_id=None)
        .values_list("stripe_payment_intent_id", flat=True)
        .first()
        or ""
    )


def _retrieve(payment_intent_id: str) -> client.PaymentIntent:
    try:
        return client.payment_intent_retrieve(payment_intent_id=payment_intent_id)
    except client.StripeUnavailable as unavailable:
        raise ValidationError(
            "The payment service did not answer. Nothing was charged: please try again.", code="unavailable"
        ) from unavailable


def _state(charge: RecurringCharge, intent: client.PaymentIntent | None) -> AuthenticationState:
    if charge.status == RecurringCharge.Status.SUCCEEDED:
        return AuthenticationState.SUCCEEDED
    if intent is None:
        return AuthenticationState.NOT_NEEDED
    if intent.succeeded:
        return AuthenticationState.SUCCEEDED
    if charge.recurring_gift.status == RecurringGift.Status.CANCELLED:
        return AuthenticationState.NOT_NEEDED  # the donor stopped the gift: its open installment is not paid now
    if intent.requires_action:
        return AuthenticationState.REQUIRES_ACTION
    if intent.status == "requires_payment_method":
        return AuthenticationState.FAILED
    return AuthenticationState.NOT_NEEDED


def _read(charge: RecurringCharge, intent: client.PaymentIntent | None) -> ChargeAuthentication:
    recurring_gift = charge.recurring_gift
    method = recurring_gift.payment_method
    state = _state(charge, intent)
    return ChargeAuthentication(
        charge=charge,
        state=state,
        amount=charge.amount,
        currency=charge.currency,
        description=_description(recurring_gift),
        card_brand=method.brand if method else "",
        card_last4=method.last4 if method else "",
        client_secret=intent.client_secret if intent and state == AuthenticationState.REQUIRES_ACTION else "",
    )


def charge_authentication_read(*, token: str) -> ChargeAuthentication:
    """The charge an emailed authentication link names and where it stands at Stripe (no writes)."""
    charge = _charge_from_token(token)
    if charge.status == RecurringCharge.Status.SUCCEEDED:
        return _read(charge, None)  # recorded already: no need to ask Stripe
    payment_intent_id = _payment_intent_id(charge)
    return _read(charge, _retrieve(payment_intent_id) if payment_intent_id else None)


def charge_authentication_complete(*, token: str) -> ChargeAuthentication:
    """After the browser confirmed the charge with Stripe.js: ask Stripe and, if it succeeded, record the payment
    (once, through the one success path; the webhook may have done it already). Otherwise the state as it is."""
    charge = _charge_from_token(token)
    payment_intent_id = _payment_intent_id(charge)
    if charge.status == RecurringCharge.Status.SUCCEEDED or not payment_intent_id:
        return _read(charge, None)
    intent = _retrieve(payment_intent_id)
    if intent.succeeded:
        fulfilment.payment_succeeded(
            payment_intent_id=intent.id, amount=intent.amount, currency=intent.currency, charge_id=intent.charge_id
        )
        charge.refresh_from_db()
        logger.info("Recurring charge %s was authenticated by the donor and recorded", charge.pk)
    return _read(charge, intent)
