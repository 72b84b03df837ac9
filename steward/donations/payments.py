"""Services for online payments: starting a card gift, and the card-testing protection in front of it.

The browser collects the card with Stripe.js and gives us a payment-method id; the server creates and
confirms the PaymentIntent (idempotency keys derived from the gift's id), so the amount is always the
server's. The webhook (steward/donations/stripe/webhooks.py) is what makes a gift succeeded; the result
of the confirm call is recorded too, through the same idempotent services, so a lost webhook loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from steward.core.errors import field_error
from steward.members.models import Constituent

from . import services
from .models import Campaign, Fund, Gift, PaymentAttempt
from .money import exponent
from .stripe import client

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------------------
# Card-testing protection
# ---------------------------------------------------------------------------------------------------------
#
# Every payment start is counted by `card_testing_start`, the first thing any payment path does (before a donor
# record is made or Stripe is asked anything); the per-card failure limit needs the card's fingerprint, so
# `card_testing_hold` runs after the one Stripe lookup that gives it, around the charge.
#
# Atomicity: each decision and the row it depends on are made in one short transaction that first takes a lock
# per address and per card (`_lock`). On PostgreSQL that is a transaction-scoped advisory lock on a hash of the
# key: no row has to exist beforehand (a counter row would have to be created first, which races in its turn),
# the counts stay over PaymentAttempt rows in a sliding window (which staff see), and commit or rollback releases
# it. SQLite has no such locks, but Steward opens every SQLite transaction with BEGIN IMMEDIATE (the DATABASES
# setting), which takes the database's single write lock up front: the transaction is already exclusive. Redis is
# not needed: the database is the state every web process shares.
#
# While a card is being charged its start is marked CHARGING and counts as a failure (for the card and for the
# address) until the charge has answered, so simultaneous attempts cannot all pass a failure limit that only
# counts failures already recorded. A process that dies mid-charge leaves the mark: it counts until the window
# ends, which errs on the safe side.

CHARGING = "charging: counts as a failure until the card has answered"


class PaymentBlocked(ValidationError):
    """Too many attempts: refused before the charge (for an address limit, before any call to Stripe)."""


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.CARD_TESTING_WINDOW_MINUTES)


def _lock(*keys: str) -> None:
    """Hold the card-testing lock of each key until the current transaction ends (see the section's comment)."""
    if connection.vendor != "postgresql":
        return  # SQLite: BEGIN IMMEDIATE already made this transaction the only writer.
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):  # one order everywhere, so two transactions never wait on each other
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"steward-card-testing:{key}"])


def _failures(attempts: QuerySet[PaymentAttempt]) -> int:
    """Failures recorded, and charges under way (each may become one)."""
    return attempts.filter(
        Q(kind=PaymentAttempt.Kind.FAILURE) | Q(kind=PaymentAttempt.Kind.START, reason=CHARGING)
    ).count()


def _limit_reached(*, client_ip: str | None, card_fingerprint: str = "", count_starts: bool) -> str:
    """Why this address or card may not try now ("" when it may); call under `_lock` of both."""
    attempts = PaymentAttempt.objects.filter(at__gte=_window_start(), blocked=False)
    if client_ip:
        by_ip = attempts.filter(client_ip=client_ip)
        if (
            count_starts
            and by_ip.filter(kind=PaymentAttempt.Kind.START).count() >= settings.CARD_TESTING_MAX_STARTS_PER_IP
        ):
            return "too many payments started from this address"
        if _failures(by_ip) >= settings.CARD_TESTING_MAX_FAILURES_PER_IP:
            return "too many failed payments from this address"
    if card_fingerprint and _failures(attempts.filter(card_fingerprint=card_fingerprint)) >= (
        settings.CARD_TESTING_MAX_FAILURES_PER_CARD
    ):
        return "too many failed payments with this card"
    return ""


def _blocked() -> PaymentBlocked:
    return PaymentBlocked(
        "Too many payment attempts. Please wait a while and try again, or contact us.", code="rate_limited"
    )


def card_testing_start(*, client_ip: str | None) -> PaymentAttempt:
    """Count one payment start from this address, atomically with the check of the address's limits: returns the
    start, or records the refusal and raises PaymentBlocked. Call it before any other work of a payment."""
    with transaction.atomic():
        if client_ip:
            _lock(f"ip:{client_ip}")
        reason = _limit_reached(client_ip=client_ip, count_starts=True)
        start = PaymentAttempt.objects.create(
            kind=PaymentAttempt.Kind.START, client_ip=client_ip, blocked=bool(reason), reason=reason
        )
    if reason:
        raise _blocked()
    return start


@contextmanager
def card_testing_hold(*, start: PaymentAttempt, card_fingerprint: str) -> Iterator[None]:
    """Let a counted start charge this card unless the card or the address is at its failure limit (checked and
    marked CHARGING atomically); the mark is lifted when the block ends. Raises PaymentBlocked, with the refusal
    recorded, before the charge."""
    keys = [f"card:{card_fingerprint}"] if card_fingerprint else []
    if start.client_ip:
        keys.append(f"ip:{start.client_ip}")
    with transaction.atomic():
        _lock(*keys)
        reason = _limit_reached(client_ip=start.client_ip, card_fingerprint=card_fingerprint, count_starts=False)
        # The start stays counted either way; a refusal is its own row, as at the start.
        PaymentAttempt.objects.filter(pk=start.pk).update(
            card_fingerprint=card_fingerprint, reason="" if reason else CHARGING
        )
        if reason:
            PaymentAttempt.objects.create(
                kind=PaymentAttempt.Kind.START,
                client_ip=start.client_ip,
                card_fingerprint=card_fingerprint,
                blocked=True,
                reason=reason,
            )
    if reason:
        raise _blocked()
    try:
        yield
    finally:
        PaymentAttempt.objects.filter(pk=start.pk, reason=CHARGING).update(reason="")


def record_attempt(kind: str, *, client_ip: str | None, fingerprint: str = "", gift: Gift | None = None) -> None:
    """Record a failed payment (or another attempt) for the card-testing limits."""
    PaymentAttempt.objects.create(
        kind=kind,
        client_ip=client_ip,
        card_fingerprint=fingerprint,
        amount=gift.amount if gift else None,
        currency=gift.currency if gift else "",
    )


# ---------------------------------------------------------------------------------------------------------
# Amounts
# ---------------------------------------------------------------------------------------------------------


def minimum_amount(currency: str) -> Decimal:
    """The smallest online gift in this currency (DONATION_MIN_AMOUNT per currency, else the default)."""
    return Decimal(settings.DONATION_MIN_AMOUNT.get(currency, settings.DONATION_DEFAULT_MIN_AMOUNT))


def online_amount_clean(amount: Decimal | str, currency: str) -> tuple[Decimal, str]:
    """An amount and currency a donor may give online: allowed currency, within the configured bounds."""
    currency = services.currency_clean(currency)
    if currency not in settings.DONATION_CURRENCIES:
        raise field_error("currency", f"Online gifts in {currency} are not accepted.", code="unsupported_currency")
    value = services.amount_clean(amount, currency=currency, minimum=minimum_amount(currency))
    maximum = Decimal(settings.DONATION_MAX_AMOUNT)
    if value > maximum:
        raise field_error(
            "amount", f"Online gifts are limited to {maximum} {currency}; please contact us.", code="too_large"
        )
    return value, currency


def fee_to_cover(amount: Decimal, currency: str) -> Decimal:
    """What to add so that, after the card fee on the total, the organisation keeps `amount`."""
    percent = Decimal(settings.STRIPE_FEE_PERCENT) / 100
    # The fixed part is priced in cents: zero-decimal currencies have no such fixed fee here.
    fixed = Decimal(settings.STRIPE_FEE_FIXED) if exponent(currency) else Decimal(0)
    total = (amount + fixed) / (1 - percent)
    return (total - amount).quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_UP)


# ---------------------------------------------------------------------------------------------------------
# Starting a one-time gift
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentStarted:
    gift: Gift
    status: str  # succeeded | processing | requires_action
    client_secret: str = ""


def gift_start_online(
    *,
    constituent: Constituent,
    amount: Decimal | str,
    currency: str,
    fund: Fund,
    payment_method_id: str,
    client_ip: str | None = None,
    cover_fees: bool = False,
    campaign: Campaign | None = None,
    anonymous: bool = False,
    tribute: dict[str, str] | None = None,
    request_key: str | None = None,
    counted_start: PaymentAttempt | None = None,
) -> PaymentStarted:
    """Charge a one-time card gift: checks, a pending gift, then a PaymentIntent created and confirmed with
    keys derived from the gift, so retrying the same gift never charges twice. A request repeated with the
    same `request_key` (the browser retrying after a network failure) finds the first one's gift instead.

    The start is counted first (`card_testing_start`), unless the caller already did and passes it as
    `counted_start`. Raises PaymentBlocked when a card-testing limit is hit (an address limit: before any call to
    Stripe; the per-card limit: after the one lookup of the card's fingerprint), ValidationError for bad input
    (no gift written), and ValidationError code "card_declined" when the card is refused (the gift stays,
    failed, for the record).
    """
    start = counted_start or card_testing_start(client_ip=client_ip)
    if request_key and (repeated := Gift.objects.filter(request_key=request_key).first()) is not None:
        return payment_resume(repeated, constituent=constituent, payment_method_id=payment_method_id)
    value, currency = online_amount_clean(amount, currency)
    if not fund.active:
        raise field_error("fund", f"The fund '{fund}' is closed.", code="inactive_fund")
    if tribute and tribute.get("type") and not tribute.get("name"):
        raise field_error("tribute_name", "Name the person the gift honours or remembers.", code="required")
    if not payment_method_id:
        raise field_error("payment_method", "Enter your card details.", code="required")
    fingerprint = card_fingerprint(payment_method_id)
    with card_testing_hold(start=start, card_fingerprint=fingerprint):
        fee = fee_to_cover(value, currency) if cover_fees else Decimal(0)
        gift = services.gift_create_pending(
            constituent=constituent,
            amount=value + fee,
            currency=currency,
            fund=fund,
            campaign=campaign,
            fee_covered=fee,
            anonymous=anonymous,
            tribute=tribute,
            client_ip=start.client_ip,
            request_key=request_key or None,
        )
        return charge(gift, payment_method_id=payment_method_id, client_ip=start.client_ip, fingerprint=fingerprint)


def payment_resume(gift: Gift, *, constituent: Constituent, payment_method_id: str) -> PaymentStarted:
    """The outcome of a gift already started by an earlier copy of the same request: no second charge."""
    if gift.constituent_id != constituent.pk:
        raise ValidationError("This payment request was already used.", code="duplicate_request")
    if gift.status == Gift.Status.FAILED:
        raise ValidationError(gift.failure_reason or "Your card was declined.", code="card_declined")
    if gift.status != Gift.Status.PENDING:
        return PaymentStarted(gift=gift, status="succeeded")
    if not gift.stripe_payment_intent_id:
        # The first request stopped before Stripe was asked: ask now, with the same keys.
        return charge(
            gift,
            payment_method_id=payment_method_id,
            client_ip=gift.client_ip,
            fingerprint=card_fingerprint(payment_method_id),
            customer_id=gift.stripe_customer_id,
        )
    try:
        intent = client.payment_intent_retrieve(payment_intent_id=gift.stripe_payment_intent_id)
    except client.StripeUnavailable as unavailable:
        raise ValidationError(
            "The payment service did not answer. Nothing was charged twice: please try again.", code="unavailable"
        ) from unavailable
    if intent.succeeded:
        return _succeeded(gift, intent)
    return PaymentStarted(gift=gift, status=intent.status, client_secret=intent.client_secret)


def charge(
    gift: Gift, *, payment_method_id: str, client_ip: str | None, fingerprint: str, customer_id: str = ""
) -> PaymentStarted:
    """Create and confirm the PaymentIntent of a pending gift (keys derived from the gift)."""
    try:
        intent = client.payment_intent_create(
            amount=gift.amount,
            currency=gift.currency,
            payment_method_id=payment_method_id,
            customer_id=customer_id or None,
            metadata={"steward_gift_id": gift.pk, "purpose": gift.purpose},
            idempotency_key=f"steward-gift-{gift.pk}-create",
        )
        services.gift_attach_payment_intent(gift=gift, payment_intent_id=intent.id, customer_id=customer_id)
        intent = client.payment_intent_confirm(
            payment_intent_id=intent.id, idempotency_key=f"steward-gift-{gift.pk}-confirm"
        )
    except client.AuthenticationRequired as needs_action:
        secret = needs_action.payment_intent.client_secret if needs_action.payment_intent else ""
        return PaymentStarted(gift=gift, status="requires_action", client_secret=secret)
    except client.CardDeclined as declined:
        record_attempt(PaymentAttempt.Kind.FAILURE, client_ip=client_ip, fingerprint=fingerprint, gift=gift)
        if gift.stripe_payment_intent_id:
            services.gift_mark_failed(payment_intent_id=gift.stripe_payment_intent_id, reason=declined.message)
        raise ValidationError(declined.message or "Your card was declined.", code="card_declined") from declined
    except client.StripeUnavailable as unavailable:
        raise ValidationError(
            "The payment service did not answer. Nothing was charged twice: please try again.", code="unavailable"
        ) from unavailable
    except client.StripeRequestError as refused:
        # Stripe refused the card itself (unknown, expired or already used payment method): nothing was charged.
        logger.warning("Stripe refused the payment of gift %s: %s", gift.pk, refused)
        if gift.stripe_payment_intent_id:
            services.gift_mark_failed(payment_intent_id=gift.stripe_payment_intent_id, reason=str(refused)[:250])
        else:
            gift.delete()
        raise field_error(
            "payment_method", "This card could not be used. Please enter it again.", code="invalid_payment_method"
        ) from refused
    if intent.succeeded:
        return _succeeded(gift, intent)
    return PaymentStarted(gift=gift, status=intent.status)


def _succeeded(gift: Gift, intent: client.PaymentIntent) -> PaymentStarted:
    from .checkout import payment_intent_succeeded

    payment_intent_succeeded(
        payment_intent_id=intent.id,
        amount=intent.amount,
        currency=intent.currency,
        charge_id=intent.charge_id,
        succeeded_at=intent.charged_at,
    )
    gift.refresh_from_db()
    return PaymentStarted(gift=gift, status=intent.status)


def card_fingerprint(payment_method_id: str) -> str:
    """The card's fingerprint (the same card entered twice has the same one), or "" if Stripe cannot say."""
    try:
        return client.payment_method_details(payment_method_id=payment_method_id).fingerprint
    except client.StripeFailure:
        return ""
