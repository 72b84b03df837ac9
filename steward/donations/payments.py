"""Payments: the card-testing guard in front of every charge, attempts, amounts and fees, creating and confirming
a PaymentIntent, turning a card token into a PaymentMethod, and the cards Steward keeps.

The third layer of the donations domain (README, "Layers"): below it only gifts and stripe/client.py. The
browser collects the card with Stripe.js and gives us a payment-method id; the server creates and confirms the
PaymentIntent (idempotency keys derived from the gift or the installment), so the amount is always the server's.
A charge reports what Stripe answered (ChargeOutcome) and never fulfils: online.py hands a success to
fulfilment.payment_succeeded, the one path the webhook and reconciliation take too.
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

from . import gifts
from .models import Gift, PaymentAttempt, PaymentMethod, RecurringCharge
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


def payment_attempt_record(
    *, kind: str, client_ip: str | None, fingerprint: str = "", gift: Gift | None = None
) -> None:
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


def minimum_amount(*, currency: str) -> Decimal:
    """The smallest online gift in this currency (DONATION_MIN_AMOUNT per currency, else the default)."""
    return Decimal(settings.DONATION_MIN_AMOUNT.get(currency, settings.DONATION_DEFAULT_MIN_AMOUNT))


def online_amount_clean(*, amount: Decimal | str, currency: str) -> tuple[Decimal, str]:
    """An amount and currency a donor may give online: allowed currency, within the configured bounds."""
    currency = gifts.currency_clean(currency)
    if currency not in settings.DONATION_CURRENCIES:
        raise field_error("currency", f"Online gifts in {currency} are not accepted.", code="unsupported_currency")
    value = gifts.amount_clean(amount, currency=currency, minimum=minimum_amount(currency=currency))
    maximum = Decimal(settings.DONATION_MAX_AMOUNT)
    if value > maximum:
        raise field_error(
            "amount", f"Online gifts are limited to {maximum} {currency}; please contact us.", code="too_large"
        )
    return value, currency


def fee_cover_amount(*, amount: Decimal, currency: str) -> Decimal:
    """What to add so that, after the card fee on the total, the organisation keeps `amount`."""
    percent = Decimal(settings.STRIPE_FEE_PERCENT) / 100
    # The fixed part is priced in cents: zero-decimal currencies have no such fixed fee here.
    fixed = Decimal(settings.STRIPE_FEE_FIXED) if exponent(currency) else Decimal(0)
    total = (amount + fixed) / (1 - percent)
    return (total - amount).quantize(Decimal(1).scaleb(-exponent(currency)), rounding=ROUND_UP)


# ---------------------------------------------------------------------------------------------------------
# Charging a card: creating and confirming a PaymentIntent
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChargeOutcome:
    """What Stripe answered to a charge: `status` is succeeded, processing or requires_action (with the client
    secret the browser confirms). A charge never fulfils: fulfilment.payment_succeeded does, once."""

    status: str
    intent: client.PaymentIntent | None = None
    client_secret: str = ""

    @property
    def succeeded(self) -> bool:
        return self.intent is not None and self.intent.succeeded


def payment_method_from_input(*, payment_method_id: str) -> str:
    """The PaymentMethod id to charge: as the browser sent it (`pm_…`), or made from a Stripe.js card token
    (`tok_…`)."""
    if not payment_method_id.startswith("tok_"):
        return payment_method_id
    try:
        return client.payment_method_from_token(token=payment_method_id)
    except client.StripeUnavailable as unavailable:
        raise ValidationError(
            "The payment service did not answer. Nothing was charged: please try again.", code="unavailable"
        ) from unavailable
    except client.StripeFailure as refused:
        raise field_error(
            "payment_method", "This card could not be used. Please enter it again.", code="invalid_payment_method"
        ) from refused


def payment_method_fingerprint(*, payment_method_id: str) -> str:
    """The card's fingerprint (the same card entered twice has the same one), or "" if Stripe cannot say."""
    try:
        return client.payment_method_details(payment_method_id=payment_method_id).fingerprint
    except client.StripeFailure:
        return ""


def payment_intent_start(
    *,
    gift: Gift,
    payment_method_id: str,
    customer_id: str,
    key: str,
    metadata: dict[str, object],
    recurring_charge: RecurringCharge | None = None,
) -> client.PaymentIntent:
    """Create the PaymentIntent of a pending gift (idempotency key `<key>-create`) and store its id on the gift,
    and on the installment it pays, in one transaction: a retry with the same key finds the same PaymentIntent."""
    intent = client.payment_intent_create(
        amount=gift.amount,
        currency=gift.currency,
        payment_method_id=payment_method_id,
        customer_id=customer_id or None,
        metadata=metadata,
        idempotency_key=f"{key}-create",
    )
    with transaction.atomic():
        gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=intent.id, customer_id=customer_id)
        if recurring_charge is not None:
            RecurringCharge.objects.filter(pk=recurring_charge.pk).update(stripe_payment_intent_id=intent.id)
    return intent


def payment_charge(
    *, gift: Gift, payment_method_id: str, client_ip: str | None, fingerprint: str, customer_id: str = ""
) -> ChargeOutcome:
    """Create and confirm the PaymentIntent of a pending gift the donor is paying now (keys derived from the
    gift). A decline is recorded (the gift failed, the attempt counted) and raised as ValidationError
    "card_declined"; "unavailable" when Stripe did not answer; "invalid_payment_method" for a card Stripe
    refuses outright (nothing was charged)."""
    try:
        intent = payment_intent_start(
            gift=gift,
            payment_method_id=payment_method_id,
            customer_id=customer_id,
            key=f"steward-gift-{gift.pk}",
            metadata={"steward_gift_id": gift.pk, "purpose": gift.purpose},
        )
        intent = client.payment_intent_confirm(
            payment_intent_id=intent.id, idempotency_key=f"steward-gift-{gift.pk}-confirm"
        )
    except client.AuthenticationRequired as needs_action:
        secret = needs_action.payment_intent.client_secret if needs_action.payment_intent else ""
        return ChargeOutcome(status="requires_action", client_secret=secret)
    except client.CardDeclined as declined:
        payment_attempt_record(
            kind=PaymentAttempt.Kind.FAILURE, client_ip=client_ip, fingerprint=fingerprint, gift=gift
        )
        if gift.stripe_payment_intent_id:
            gifts.gift_mark_failed(payment_intent_id=gift.stripe_payment_intent_id, reason=declined.message)
        raise ValidationError(declined.message or "Your card was declined.", code="card_declined") from declined
    except client.StripeUnavailable as unavailable:
        raise ValidationError(
            "The payment service did not answer. Nothing was charged twice: please try again.", code="unavailable"
        ) from unavailable
    except client.StripeRequestError as refused:
        # Stripe refused the card itself (unknown, expired or already used payment method): nothing was charged.
        logger.warning("Stripe refused the payment of gift %s: %s", gift.pk, refused)
        if gift.stripe_payment_intent_id:
            gifts.gift_mark_failed(payment_intent_id=gift.stripe_payment_intent_id, reason=str(refused)[:250])
        else:
            gift.delete()
        raise field_error(
            "payment_method", "This card could not be used. Please enter it again.", code="invalid_payment_method"
        ) from refused
    return ChargeOutcome(status=intent.status, intent=intent)


# ---------------------------------------------------------------------------------------------------------
# Saved cards
# ---------------------------------------------------------------------------------------------------------


def stripe_customer_ensure(*, constituent: Constituent) -> str:
    """The constituent's Stripe customer id (created once, with a key derived from the constituent)."""
    existing = (
        PaymentMethod.objects.filter(constituent=constituent).exclude(stripe_customer_id="").order_by("-pk").first()
    )
    if existing:
        return existing.stripe_customer_id
    email = constituent.emails.filter(is_primary=True).values_list("address", flat=True).first() or ""
    return client.customer_create(
        email=email,
        name=constituent.display_name,
        metadata={"steward_constituent_id": constituent.pk},
        idempotency_key=f"steward-customer-{constituent.pk}",
    )


@transaction.atomic
def payment_method_save(
    *, constituent: Constituent, payment_method_id: str, make_default: bool = True
) -> PaymentMethod:
    """Attach a card the donor entered to their Stripe customer and keep it for later charges."""
    existing = PaymentMethod.objects.filter(stripe_payment_method_id=payment_method_id).first()
    if existing is not None:
        if existing.constituent_id != constituent.pk:
            raise field_error("payment_method", "That card belongs to someone else.", code="not_yours")
        return existing
    customer_id = stripe_customer_ensure(constituent=constituent)
    try:
        details = client.payment_method_attach(payment_method_id=payment_method_id, customer_id=customer_id)
    except client.CardDeclined as declined:
        message = declined.message or "The card was declined."
        raise field_error("payment_method", message, code="card_declined") from declined
    except client.StripeRequestError as refused:
        logger.warning("Stripe refused to attach a card for constituent %s: %s", constituent.pk, refused)
        raise field_error(
            "payment_method", "This card could not be used. Please enter it again.", code="invalid_payment_method"
        ) from refused
    return _payment_method_keep(
        constituent=constituent, customer_id=customer_id, details=details, make_default=make_default
    )


def _payment_method_keep(
    *, constituent: Constituent, customer_id: str, details: client.CardDetails, make_default: bool
) -> PaymentMethod:
    """Store a card Stripe holds for the constituent; as the default, it takes over from the previous one."""
    if make_default:
        PaymentMethod.objects.filter(constituent=constituent, is_default=True).update(is_default=False)
    return PaymentMethod.objects.create(
        constituent=constituent,
        stripe_customer_id=customer_id,
        stripe_payment_method_id=details.payment_method_id,
        brand=details.brand,
        last4=details.last4,
        exp_month=details.exp_month,
        exp_year=details.exp_year,
        fingerprint=details.fingerprint,
        is_default=make_default,
    )


@transaction.atomic
def payment_method_record(*, constituent: Constituent, customer_id: str, payment_method_id: str) -> PaymentMethod:
    """Keep a card Stripe already attached to the constituent's customer (a confirmed SetupIntent); the newest
    card becomes the default. Idempotent."""
    existing = PaymentMethod.objects.filter(stripe_payment_method_id=payment_method_id).first()
    if existing is not None:
        if existing.constituent_id != constituent.pk:
            raise field_error("payment_method", "That card belongs to someone else.", code="not_yours")
        return existing
    details = client.payment_method_details(payment_method_id=payment_method_id)
    return _payment_method_keep(
        constituent=constituent, customer_id=customer_id or details.customer_id, details=details, make_default=True
    )
