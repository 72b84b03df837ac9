"""The only module that imports `stripe`. Callers pass and get back Decimal amounts with a currency; minor units
exist only here. Stripe's exceptions are turned into ours, so domain code never sees the SDK's classes. Every
write sends an idempotency key (real Stripe honours it; localstripe ignores it)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, TypeVar

import stripe
from django.conf import settings

from ..money import from_minor_units, to_minor_units

# How old a webhook signature may be before it is refused as a replay (Stripe's own default).
WEBHOOK_TOLERANCE_SECONDS = 300
# Retries of a request that failed on the network; safe because every write carries an idempotency key.
MAX_NETWORK_RETRIES = 2

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------------------
# Errors: what domain code may catch
# ---------------------------------------------------------------------------------------------------------


class StripeFailure(Exception):
    """Base of everything the Stripe boundary raises."""


class CardDeclined(StripeFailure):
    """The card was refused; `code` is Stripe's error code, `message` is fit to show the donor."""

    def __init__(self, code: str, message: str, decline_code: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.decline_code = decline_code


class AuthenticationRequired(StripeFailure):
    """The bank wants the cardholder to authenticate (3-D Secure): finish in the browser with the client secret.
    `payment_intent` is set when Stripe returned the intent."""

    def __init__(self, message: str, payment_intent: PaymentIntent | None = None) -> None:
        super().__init__(message)
        self.payment_intent = payment_intent


class StripeUnavailable(StripeFailure):
    """Stripe could not be reached or failed on its side: try again later (with the same idempotency key)."""


class StripeRequestError(StripeFailure):
    """Stripe refused the request itself (unknown object, bad parameter, bad key): a bug or misconfiguration."""

    def __init__(self, message: str, code: str = "", http_status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.http_status = http_status


class InvalidSignature(StripeFailure):
    """A webhook whose signature is missing, wrong or too old."""


# ---------------------------------------------------------------------------------------------------------
# What the client returns
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardDetails:
    payment_method_id: str
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None
    fingerprint: str
    customer_id: str = ""


@dataclass(frozen=True)
class PaymentIntent:
    id: str
    status: str
    amount: Decimal
    currency: str
    client_secret: str = ""
    customer_id: str = ""
    payment_method_id: str = ""
    charge_id: str = ""
    last_error_message: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    charged_at: dt.datetime | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def requires_action(self) -> bool:
        return self.status == "requires_action"


@dataclass(frozen=True)
class SetupIntent:
    id: str
    status: str
    client_secret: str
    customer_id: str = ""
    payment_method_id: str = ""
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


@dataclass(frozen=True)
class Refund:
    id: str
    status: str
    amount: Decimal
    currency: str
    charge_id: str = ""
    payment_intent_id: str = ""


@dataclass(frozen=True)
class BalanceTransaction:
    """What a charge added to the Stripe balance, in the balance's own currency (the account's settlement
    currency on real Stripe): the amount, Stripe's fee and the net. `exchange_rate` is the rate Stripe used to
    convert the charge's currency into it (None when nothing was converted)."""

    id: str
    amount: Decimal
    fee: Decimal
    net: Decimal
    currency: str
    exchange_rate: Decimal | None = None


# ---------------------------------------------------------------------------------------------------------
# The SDK client and error translation
# ---------------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _client_for(api_key: str, api_base: str) -> stripe.StripeClient:
    base_addresses: dict[str, str] = {"api": api_base} if api_base else {}
    return stripe.StripeClient(
        api_key,
        base_addresses=base_addresses,  # type: ignore[arg-type]
        max_network_retries=MAX_NETWORK_RETRIES,
    )


def _client() -> stripe.StripeClient:
    # Keyed on the settings, so a test that overrides them gets its own client and no global state is touched.
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


def _call(request: Callable[[], T]) -> T:
    """Run one SDK call, translating Stripe's exceptions into the boundary's own."""
    try:
        return request()
    except stripe.CardError as error:
        raise _card_error(error) from error
    except stripe.InvalidRequestError as error:
        if error.code in {"card_declined", "expired_card", "incorrect_cvc", "processing_error", "incorrect_number"}:
            raise _card_error(error) from error
        raise StripeRequestError(
            error.user_message or str(error), code=error.code or "", http_status=error.http_status
        ) from error
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        raise StripeUnavailable(str(error)) from error
    except stripe.StripeError as error:
        raise StripeRequestError(str(error), code=error.code or "", http_status=error.http_status) from error


def _card_error(error: stripe.StripeError) -> StripeFailure:
    payload = error.json_body if isinstance(error.json_body, dict) else {}
    body = payload.get("error") or {}
    message = error.user_message or body.get("message") or "The card was declined."
    intent = body.get("payment_intent")
    if error.code == "authentication_required":
        return AuthenticationRequired(message, _payment_intent(intent) if isinstance(intent, dict) else None)
    return CardDeclined(error.code or "card_declined", message, decline_code=body.get("decline_code") or "")


def _as_dict(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


def _id(value: Any) -> str:
    """An expandable field: Stripe sends an id, or the object when expanded (localstripe always expands)."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return value["id"]


def _payment_intent(obj: Any) -> PaymentIntent:
    data = _as_dict(obj)
    currency = data["currency"].upper()
    error = data.get("last_payment_error") or {}
    return PaymentIntent(
        id=data["id"],
        status=data["status"],
        amount=from_minor_units(data["amount"], currency),
        currency=currency,
        client_secret=data.get("client_secret") or "",
        customer_id=_id(data.get("customer")),
        payment_method_id=_id(data.get("payment_method")),
        charge_id=_id(data.get("latest_charge")),
        last_error_message=error.get("message") or "",
        metadata=dict(data.get("metadata") or {}),
        charged_at=_charged_at(data.get("latest_charge")),
    )


def _charged_at(charge: Any) -> dt.datetime | None:
    """When the intent's charge was made, if the charge came expanded (localstripe always expands it)."""
    created = charge.get("created") if isinstance(charge, dict) else None
    return dt.datetime.fromtimestamp(created, tz=dt.UTC) if isinstance(created, int) and created else None


def _options(idempotency_key: str) -> dict[str, str]:
    if not idempotency_key:
        raise ValueError("Every write to Stripe needs an idempotency key.")
    return {"idempotency_key": idempotency_key}


def _metadata(metadata: dict[str, Any] | None) -> dict[str, str]:
    return {key: str(value) for key, value in (metadata or {}).items()}


# ---------------------------------------------------------------------------------------------------------
# Customers and payment methods
# ---------------------------------------------------------------------------------------------------------


def customer_create(*, email: str, name: str = "", metadata: dict[str, Any] | None = None, idempotency_key: str) -> str:
    """Create a Stripe customer for a constituent; returns its id."""
    params: dict[str, Any] = {"email": email, "metadata": _metadata(metadata)}
    if name:
        params["name"] = name
    customer = _call(lambda: _client().v1.customers.create(params, _options(idempotency_key)))  # type: ignore[arg-type]
    return customer.id


def _stripe_double() -> bool:
    """True when the API base points at a stand-in for Stripe (localstripe in tests, e2e and `make run`)."""
    return bool(settings.STRIPE_API_BASE) and "api.stripe.com" not in settings.STRIPE_API_BASE


def payment_method_from_token(*, token: str) -> str:
    """A card PaymentMethod id made from a Stripe.js card token (`tok_…`), for browsers whose Stripe.js gives a
    token rather than a PaymentMethod. Raises StripeRequestError for an unknown or used token.

    Real Stripe makes a PaymentMethod from a token (`card[token]`). localstripe does not implement that; its
    tokens hold a card (`card_…`) that it accepts wherever a payment method goes (Stripe's "compatible payment
    instruments"), so against a Stripe double, and only there, that card's id is returned instead."""
    if not token.startswith("tok_"):
        raise StripeRequestError("That is not a card token.", code="invalid_token")
    params: dict[str, Any] = {"type": "card", "card": {"token": token}}
    try:
        method = _call(
            lambda: _client().v1.payment_methods.create(params, {"idempotency_key": f"pm-from-{token}"})  # type: ignore[arg-type]
        )
    except StripeRequestError:
        if not _stripe_double():
            raise
        card = _as_dict(_call(lambda: _client().v1.tokens.retrieve(token))).get("card") or {}
        if not card.get("id"):
            raise
        return str(card["id"])
    return str(method.id)


def payment_method_attach(*, payment_method_id: str, customer_id: str) -> CardDetails:
    """Attach a payment method to a customer so it can be charged again; returns the card's details."""
    if payment_method_id.startswith("card_") and _stripe_double():
        # localstripe attaches only `pm_…`; the token cards it hands out (see payment_method_from_token) are
        # charged with the customer named on each PaymentIntent, so keeping the card is enough there.
        return replace(payment_method_details(payment_method_id=payment_method_id), customer_id=customer_id)
    method = _call(
        lambda: _client().v1.payment_methods.attach(
            payment_method_id,
            {"customer": customer_id},
            {"idempotency_key": f"attach-{payment_method_id}-{customer_id}"},
        )
    )
    return _card_details(method)


def payment_method_details(*, payment_method_id: str) -> CardDetails:
    """The brand, last four digits, expiry and fingerprint of a card payment method."""
    return _card_details(_call(lambda: _client().v1.payment_methods.retrieve(payment_method_id)))


def _card_details(method: Any) -> CardDetails:
    data = _as_dict(method)
    # A legacy card object (`card_…`, from a token) carries the card's fields at its top level.
    card = data.get("card") or (data if data.get("object") == "card" else {})
    return CardDetails(
        payment_method_id=data["id"],
        brand=card.get("brand") or "",
        last4=card.get("last4") or "",
        exp_month=card.get("exp_month"),
        exp_year=card.get("exp_year"),
        fingerprint=card.get("fingerprint") or "",
        customer_id=_id(data.get("customer")),
    )


# ---------------------------------------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------------------------------------


def payment_intent_create(
    *,
    amount: Decimal,
    currency: str,
    customer_id: str | None = None,
    payment_method_id: str | None = None,
    metadata: dict[str, Any] | None = None,
    idempotency_key: str,
) -> PaymentIntent:
    """Create a card PaymentIntent for `amount` in `currency` (not yet confirmed)."""
    params: dict[str, Any] = {
        "amount": to_minor_units(amount, currency),
        "currency": currency.lower(),
        "payment_method_types": ["card"],
        "metadata": _metadata(metadata),
    }
    if customer_id:
        params["customer"] = customer_id
    if payment_method_id:
        params["payment_method"] = payment_method_id
    intent = _call(lambda: _client().v1.payment_intents.create(params, _options(idempotency_key)))  # type: ignore[arg-type]
    return _payment_intent(intent)


def payment_intent_confirm(
    *, payment_intent_id: str, idempotency_key: str, payment_method_id: str | None = None
) -> PaymentIntent:
    """Confirm (charge) a PaymentIntent. Returns it when it succeeded or is processing; raises CardDeclined when
    the card is refused and AuthenticationRequired (carrying the intent and its client secret) when the donor
    must authenticate."""
    params: dict[str, Any] = {"payment_method": payment_method_id} if payment_method_id else {}
    intent = _payment_intent(
        _call(
            lambda: _client().v1.payment_intents.confirm(
                payment_intent_id,
                params,  # type: ignore[arg-type]
                _options(idempotency_key),  # type: ignore[arg-type]
            )
        )
    )
    if intent.requires_action:
        raise AuthenticationRequired("The card's bank asks the donor to authenticate the payment.", intent)
    return intent


def payment_intent_retrieve(*, payment_intent_id: str) -> PaymentIntent:
    """The PaymentIntent as Stripe has it now."""
    return _payment_intent(_call(lambda: _client().v1.payment_intents.retrieve(payment_intent_id)))


def setup_intent_create(
    *, customer_id: str, idempotency_key: str, metadata: dict[str, Any] | None = None
) -> SetupIntent:
    """A SetupIntent to save a card for later off-session charges (the browser confirms it with Stripe.js)."""
    params = {"customer": customer_id, "payment_method_types": ["card"], "metadata": _metadata(metadata)}
    intent = _call(lambda: _client().v1.setup_intents.create(params, _options(idempotency_key)))  # type: ignore[arg-type]
    return setup_intent_from(_as_dict(intent))


def setup_intent_retrieve(*, setup_intent_id: str) -> SetupIntent:
    """The SetupIntent as Stripe has it now."""
    return setup_intent_from(_as_dict(_call(lambda: _client().v1.setup_intents.retrieve(setup_intent_id))))


def setup_intent_from(intent: dict[str, Any]) -> SetupIntent:
    """A SetupIntent from the API or from an event payload."""
    return SetupIntent(
        id=intent["id"],
        status=intent["status"],
        client_secret=intent.get("client_secret") or "",
        customer_id=_id(intent.get("customer")),
        payment_method_id=_id(intent.get("payment_method")),
        metadata={str(key): str(value) for key, value in (intent.get("metadata") or {}).items()},
    )


def refund_create(
    *,
    payment_intent_id: str = "",
    charge_id: str = "",
    amount: Decimal | None = None,
    currency: str = "",
    reason: str = "",
    metadata: dict[str, str] | None = None,
    idempotency_key: str,
) -> Refund:
    """Refund a payment in full (amount None) or in part; name it by PaymentIntent or by charge. `reason` is one of
    Stripe's (duplicate, fraudulent, requested_by_customer): sent as Stripe's parameter where the server takes it
    (settings.STRIPE_REFUND_SEND_REASON; localstripe does not) and always in the metadata, with `metadata`."""
    if bool(payment_intent_id) == bool(charge_id):
        raise ValueError("Name exactly one of payment_intent_id and charge_id.")
    params: dict[str, Any] = {"payment_intent": payment_intent_id} if payment_intent_id else {"charge": charge_id}
    extra = {**(metadata or {}), **({"reason": reason} if reason else {})}
    if extra:
        params["metadata"] = {key: value[:500] for key, value in extra.items()}  # Stripe's limit per value
    send_reason = settings.STRIPE_REFUND_SEND_REASON
    if reason and (not _stripe_double() if send_reason is None else send_reason):
        params["reason"] = reason
    if amount is not None:
        if not currency:
            raise ValueError("A partial refund needs its currency.")
        params["amount"] = to_minor_units(amount, currency)
    refund = _as_dict(_call(lambda: _client().v1.refunds.create(params, _options(idempotency_key))))  # type: ignore[arg-type]
    refund_currency = refund["currency"].upper()
    return Refund(
        id=refund["id"],
        status=refund.get("status") or "",
        amount=from_minor_units(refund["amount"], refund_currency),
        currency=refund_currency,
        charge_id=_id(refund.get("charge")),
        payment_intent_id=_id(refund.get("payment_intent")),
    )


def balance_transaction_for_charge(*, charge_id: str) -> BalanceTransaction | None:
    """The balance transaction of a charge (its settled amount, fee and exchange rate), None while the charge
    has none (not captured yet). Raises StripeRequestError for an unknown charge, StripeUnavailable when Stripe
    cannot answer."""
    params: dict[str, Any] = {"expand": ["balance_transaction"]}
    charge = _as_dict(_call(lambda: _client().v1.charges.retrieve(charge_id, params)))  # type: ignore[arg-type]
    transaction = charge.get("balance_transaction")
    if not transaction:
        return None
    if isinstance(transaction, str):  # not expanded after all: ask for it on its own
        transaction_id: str = transaction
        transaction = _as_dict(_call(lambda: _client().v1.balance_transactions.retrieve(transaction_id)))
    currency = str(transaction["currency"]).upper()
    rate = transaction.get("exchange_rate")
    return BalanceTransaction(
        id=str(transaction["id"]),
        amount=from_minor_units(transaction["amount"], currency),
        fee=from_minor_units(transaction.get("fee") or 0, currency),
        net=from_minor_units(transaction["net"], currency),
        currency=currency,
        # A JSON number (a float in the SDK): through str, so 0.0067 stays 0.0067 rather than its binary cousin.
        exchange_rate=Decimal(str(rate)) if rate is not None else None,
    )


# ---------------------------------------------------------------------------------------------------------
# Events: webhooks and reconciliation
# ---------------------------------------------------------------------------------------------------------


def events_list(*, since: dt.datetime, types: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Every event created after `since` (oldest Stripe keeps is 30 days), as plain dicts, for reconciliation."""
    params: dict[str, Any] = {"created": {"gt": int(since.timestamp())}, "limit": 100}
    if types:
        params["types"] = types
    page = _call(lambda: _client().v1.events.list(params))  # type: ignore[arg-type]
    iterator = page.auto_paging_iter()
    while True:
        try:
            event = _call(lambda: next(iterator))
        except StopIteration:
            return
        yield _as_dict(event)


def construct_event(*, payload: bytes, signature_header: str | None) -> dict[str, Any]:
    """Verify a webhook's signature (HMAC with STRIPE_WEBHOOK_SECRET, not older than the tolerance) and return
    the event as a plain dict; raises InvalidSignature otherwise."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise InvalidSignature("STRIPE_WEBHOOK_SECRET is not set: no webhook can be trusted.")
    try:
        text = payload.decode("utf-8")
        stripe.WebhookSignature.verify_header(text, signature_header, secret, WEBHOOK_TOLERANCE_SECONDS)
        event = json.loads(text)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise InvalidSignature(str(error)) from error
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise InvalidSignature("The payload is not a Stripe event.")
    created = event.get("created")
    if created is not None:
        # A Unix time, and not later than now by more than the signature's tolerance (clocks differ that much).
        latest = time.time() + WEBHOOK_TOLERANCE_SECONDS
        if isinstance(created, bool) or not isinstance(created, int) or not 0 <= created <= latest:
            raise InvalidSignature("The event's `created` is not a Unix time up to now.")
    return event


def amount_from_stripe(value: int, currency: str) -> Decimal:
    """A minor-unit amount read from an event payload, as Decimal major units (for the webhook handlers)."""
    return from_minor_units(value, currency)


def expandable_id(value: Any) -> str:
    """The id of an expandable field of an event payload (an id, or the expanded object)."""
    return _id(value)
