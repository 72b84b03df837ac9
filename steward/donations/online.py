"""Online giving starts here: a one-time card gift, a recurring gift and each of its installments, a membership
purchase. Each start is counted by the card-testing guard first, checked, charged (payments), and a success is
handed to fulfilment.payment_succeeded, the one path the webhook and reconciliation take too.

The fifth layer of the donations domain (README, "Layers"), with fulfilment below it: it may use every layer
under it, and only the API, the admin, tasks and the Stripe events call it. A request repeated with the same
`request_key` (the browser retrying after a network failure) finds the first one's gift instead of charging
twice; every PaymentIntent carries keys derived from the gift or the installment and its attempt.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from steward.core.dates import organisation_today
from steward.core.errors import field_error
from steward.members.models import Constituent, Membership, MembershipLevel

from . import fulfilment, gifts, payments, purchases, recurring
from .models import Appeal, Campaign, Fund, Gift, PaymentAttempt, PaymentMethod, RecurringCharge, RecurringGift
from .stripe import client

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaymentStarted:
    """What a start tells the donor's browser: the gift, succeeded | processing | requires_action (then with the
    client secret to confirm), and the plan when the gift is a recurring one's first installment."""

    gift: Gift
    status: str
    client_secret: str = ""
    recurring_gift: RecurringGift | None = None


def _gift_terms_check(*, fund: Fund, tribute: dict[str, str] | None, payment_method_id: str) -> None:
    """What every online gift needs, one-time or recurring: an open fund, a named tribute, a card."""
    if not fund.active:
        raise field_error("fund", f"The fund '{fund}' is closed.", code="inactive_fund")
    if tribute and tribute.get("type") and not tribute.get("name"):
        raise field_error("tribute_name", "Name the person the gift honours or remembers.", code="required")
    if not payment_method_id:
        raise field_error("payment_method", "Enter your card details.", code="required")


def _started(gift: Gift, outcome: payments.ChargeOutcome) -> PaymentStarted:
    """A charge's outcome for the browser; a success is fulfilled first (once, whoever learns it first)."""
    if outcome.succeeded:
        intent = outcome.intent
        assert intent is not None  # succeeded implies it
        fulfilment.payment_succeeded_from_intent(intent=intent)
        gift.refresh_from_db()
    return PaymentStarted(gift=gift, status=outcome.status, client_secret=outcome.client_secret)


def appeal_for_source(code: str | None) -> Appeal | None:
    """The open appeal a donate link's source code names; None for none, an unknown or a closed one, since a
    stale or mistyped link must never stop a gift (it just comes without an appeal)."""
    code = (code or "").strip()
    if not code:
        return None
    return Appeal.objects.filter(code=code, active=True).first()


# ---------------------------------------------------------------------------------------------------------
# A one-time gift
# ---------------------------------------------------------------------------------------------------------


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
    appeal: Appeal | None = None,
    anonymous: bool = False,
    name_shown: bool = False,
    tribute: dict[str, str] | None = None,
    request_key: str | None = None,
    counted_start: PaymentAttempt | None = None,
) -> PaymentStarted:
    """Charge a one-time card gift: checks, a pending gift, then a PaymentIntent created and confirmed with
    keys derived from the gift, so retrying the same gift never charges twice.

    The start is counted first (`payments.card_testing_start`), unless the caller already did and passes it as
    `counted_start`. Raises PaymentBlocked when a card-testing limit is hit (an address limit: before any call to
    Stripe; the per-card limit: after the one lookup of the card's fingerprint), ValidationError for bad input
    (no gift written), and ValidationError code "card_declined" when the card is refused (the gift stays,
    failed, for the record).
    """
    start = counted_start or payments.card_testing_start(client_ip=client_ip)
    if request_key and (repeated := Gift.objects.filter(request_key=request_key).first()) is not None:
        return payment_resume(gift=repeated, constituent=constituent, payment_method_id=payment_method_id)
    value, currency = payments.online_amount_clean(amount=amount, currency=currency)
    _gift_terms_check(fund=fund, tribute=tribute, payment_method_id=payment_method_id)
    fingerprint = payments.payment_method_fingerprint(payment_method_id=payment_method_id)
    with payments.card_testing_hold(start=start, card_fingerprint=fingerprint):
        fee = payments.fee_cover_amount(amount=value, currency=currency) if cover_fees else Decimal(0)
        gift = gifts.gift_create_pending(
            constituent=constituent,
            amount=value + fee,
            currency=currency,
            fund=fund,
            campaign=campaign,
            appeal=appeal,
            fee_covered=fee,
            anonymous=anonymous,
            name_shown=name_shown,
            tribute=tribute,
            client_ip=start.client_ip,
            request_key=request_key or None,
        )
        outcome = payments.payment_charge(
            gift=gift, payment_method_id=payment_method_id, client_ip=start.client_ip, fingerprint=fingerprint
        )
        return _started(gift, outcome)


def payment_resume(*, gift: Gift, constituent: Constituent, payment_method_id: str) -> PaymentStarted:
    """The outcome of a gift already started by an earlier copy of the same request: no second charge."""
    if gift.constituent_id != constituent.pk:
        raise ValidationError("This payment request was already used.", code="duplicate_request")
    if gift.status == Gift.Status.FAILED:
        raise ValidationError(gift.failure_reason or "Your card was declined.", code="card_declined")
    if gift.status != Gift.Status.PENDING:
        return PaymentStarted(gift=gift, status="succeeded")
    if not gift.stripe_payment_intent_id:
        # The first request stopped before Stripe was asked: ask now, with the same keys.
        outcome = payments.payment_charge(
            gift=gift,
            payment_method_id=payment_method_id,
            client_ip=gift.client_ip,
            fingerprint=payments.payment_method_fingerprint(payment_method_id=payment_method_id),
            customer_id=gift.stripe_customer_id,
        )
        return _started(gift, outcome)
    try:
        intent = client.payment_intent_retrieve(payment_intent_id=gift.stripe_payment_intent_id)
    except client.StripeUnavailable as unavailable:
        raise ValidationError(
            "The payment service did not answer. Nothing was charged twice: please try again.", code="unavailable"
        ) from unavailable
    return _started(
        gift, payments.ChargeOutcome(status=intent.status, intent=intent, client_secret=intent.client_secret)
    )


# ---------------------------------------------------------------------------------------------------------
# A recurring gift, and its installments
# ---------------------------------------------------------------------------------------------------------


def donation_start(
    *,
    frequency: str,
    constituent: Constituent,
    amount: Decimal | str,
    currency: str,
    fund: Fund,
    payment_method_id: str,
    client_ip: str | None = None,
    cover_fees: bool = False,
    campaign: Campaign | None = None,
    appeal_code: str | None = None,
    anonymous: bool = False,
    name_shown: bool = False,
    tribute: dict[str, str] | None = None,
    request_key: str | None = None,
    counted_start: PaymentAttempt | None = None,
) -> PaymentStarted:
    """Start the gift the donate form asks for: once (`frequency` "once"), or monthly / annual, whose first
    installment is charged now. Either way the browser gets a PaymentStarted; a declined first installment is
    "card_declined", as a declined one-time gift is. `appeal_code` (a donate link's source) puts the gift, and a
    recurring gift's every installment, under that open appeal (and, when no campaign was chosen, the appeal's
    campaign); an unknown or closed code is ignored."""
    name_shown = name_shown and not anonymous  # "leave my name out" wins over "show my name"
    appeal = appeal_for_source(appeal_code)
    if campaign is None and appeal is not None and appeal.campaign_id:
        campaign = appeal.campaign  # an appeal's gifts count towards its campaign's progress
    if frequency == "once":
        return gift_start_online(
            constituent=constituent,
            amount=amount,
            currency=currency,
            fund=fund,
            campaign=campaign,
            appeal=appeal,
            payment_method_id=payment_method_id,
            client_ip=client_ip,
            cover_fees=cover_fees,
            anonymous=anonymous,
            name_shown=name_shown,
            tribute=tribute,
            request_key=request_key,
            counted_start=counted_start,
        )
    charge = recurring_gift_start(
        constituent=constituent,
        amount=amount,
        currency=currency,
        frequency=frequency,
        fund=fund,
        campaign=campaign,
        appeal=appeal,
        payment_method_id=payment_method_id,
        client_ip=client_ip,
        cover_fees=cover_fees,
        name_shown=name_shown,
        tribute=tribute,
        request_key=request_key,
        counted_start=counted_start,
    )
    gift = Gift.objects.get(recurring_charge=charge)
    if gift.status == Gift.Status.FAILED:
        raise field_error("payment_method", gift.failure_reason or "Your card was declined.", code="card_declined")
    status = {"succeeded": "succeeded", "requires_action": "requires_action"}.get(charge.status, "processing")
    secret = ""
    if status == "requires_action" and gift.stripe_payment_intent_id:
        secret = client.payment_intent_retrieve(payment_intent_id=gift.stripe_payment_intent_id).client_secret
    plan = RecurringGift.objects.get(pk=charge.recurring_gift_id)
    return PaymentStarted(gift=gift, status=status, client_secret=secret, recurring_gift=plan)


def recurring_gift_start(
    *,
    constituent: Constituent,
    amount: Decimal | str,
    currency: str,
    frequency: str,
    fund: Fund,
    payment_method_id: str,
    client_ip: str | None = None,
    cover_fees: bool = False,
    campaign: Campaign | None = None,
    appeal: Appeal | None = None,
    name_shown: bool = False,
    tribute: dict[str, str] | None = None,
    request_key: str | None = None,
    today: dt.date | None = None,
    counted_start: PaymentAttempt | None = None,
) -> RecurringCharge:
    """Start a monthly or annual gift: save the card, then charge the first installment now (on the same
    path later installments take). Returns the first charge; its gift tells the outcome. A request repeated
    with the same `request_key` returns the first request's charge without charging again. The start is counted
    first, unless the caller already did (`counted_start`: see payments.card_testing_start)."""
    start = counted_start or payments.card_testing_start(client_ip=client_ip)
    today = today or organisation_today()
    if request_key and (repeated := RecurringGift.objects.filter(request_key=request_key).first()) is not None:
        if repeated.constituent_id != constituent.pk:
            raise ValidationError("This payment request was already used.", code="duplicate_request")
        return repeated.charges.earliest("due_date", "pk")
    if frequency not in RecurringGift.Frequency.values:
        raise field_error("frequency", f"Unknown frequency '{frequency}'.", code="invalid_choice")
    value, currency = payments.online_amount_clean(amount=amount, currency=currency)
    _gift_terms_check(fund=fund, tribute=tribute, payment_method_id=payment_method_id)
    fingerprint = payments.payment_method_fingerprint(payment_method_id=payment_method_id)
    with payments.card_testing_hold(start=start, card_fingerprint=fingerprint):
        method = payments.payment_method_save(constituent=constituent, payment_method_id=payment_method_id)
        fee = payments.fee_cover_amount(amount=value, currency=currency) if cover_fees else Decimal(0)
        charge = recurring.recurring_gift_create(
            constituent=constituent,
            amount=value + fee,
            currency=currency,
            frequency=frequency,
            fund=fund,
            campaign=campaign,
            appeal=appeal,
            payment_method=method,
            cover_fees=cover_fees,
            name_shown=name_shown,
            tribute=tribute,
            request_key=request_key,
            today=today,
        )
        recurring_charge_run(charge_id=charge.pk, today=today, client_ip=start.client_ip)
    charge.refresh_from_db()
    return charge


def recurring_charge_run(*, charge_id: int, today: dt.date | None = None, client_ip: str | None = None) -> str:
    """Charge one installment if this worker can claim it; returns the charge's status afterwards."""
    today = today or organisation_today()
    if not recurring.recurring_charge_claim(charge_id=charge_id, today=today):
        return RecurringCharge.objects.filter(pk=charge_id).values_list("status", flat=True).first() or ""
    return _installment_charge(charge_id=charge_id, today=today, client_ip=client_ip)


def recurring_claims_recover(*, today: dt.date | None = None) -> int:
    """Finish the charges whose worker died while charging them (claimed longer ago than the lease): each is
    claimed again for the same attempt, so the same idempotency keys are sent; a PaymentIntent already stored
    is asked for its state and recorded as Stripe holds it (paid, failed, waiting for the donor), and one never
    confirmed is confirmed now. Nothing is charged twice. Returns how many were taken back."""
    today = today or organisation_today()
    recovered = 0
    for charge_id, claimed_at in recurring.recurring_claims_stale():
        if recurring.recurring_claim_retake(charge_id=charge_id, claimed_at=claimed_at):
            logger.warning("Recurring charge %s was left claimed since %s: finishing it", charge_id, claimed_at)
            _installment_charge(charge_id=charge_id, today=today)
            recovered += 1
    return recovered


def _installment_charge(*, charge_id: int, today: dt.date, client_ip: str | None = None) -> str:
    """Charge a claimed installment off-session, or finish an attempt already under way: the PaymentIntent's id
    is stored before it is confirmed, and both calls carry keys derived from the charge and its attempt."""
    charge = RecurringCharge.objects.select_related("recurring_gift__payment_method", "recurring_gift__fund").get(
        pk=charge_id
    )
    method = charge.recurring_gift.payment_method
    gift = recurring.recurring_charge_gift(charge=charge)
    try:
        if charge.stripe_payment_intent_id:
            intent = client.payment_intent_retrieve(payment_intent_id=charge.stripe_payment_intent_id)
        else:
            if method is None or not method.usable:
                return recurring.recurring_charge_failed(
                    charge=charge, gift=gift, reason="There is no usable saved card.", today=today
                )
            intent = payments.payment_intent_start(
                gift=gift,
                payment_method_id=method.stripe_payment_method_id,
                customer_id=method.stripe_customer_id,
                key=charge.idempotency_key,
                metadata={"steward_gift_id": gift.pk, "steward_recurring_charge_id": charge.pk},
                recurring_charge=charge,
            )
        if intent.status == "requires_confirmation":
            intent = client.payment_intent_confirm(
                payment_intent_id=intent.id, idempotency_key=f"{charge.idempotency_key}-confirm"
            )
    except client.AuthenticationRequired:
        return recurring.recurring_charge_await_donor(charge=charge, gift=gift)
    except client.CardDeclined as declined:
        if client_ip and method is not None:
            payments.payment_attempt_record(
                kind=PaymentAttempt.Kind.FAILURE, client_ip=client_ip, fingerprint=method.fingerprint, gift=gift
            )
        reason = declined.message or "The card was declined."
        return recurring.recurring_charge_failed(charge=charge, gift=gift, reason=reason, today=today)
    except client.StripeUnavailable:
        # Nothing is known to have happened: the claim goes back for the next run, with the same attempt number
        # and so the same idempotency key (Stripe answers a repeat with the first result).
        return recurring.recurring_charge_release(charge=charge, today=today)
    if intent.succeeded:
        fulfilment.payment_succeeded_from_intent(intent=intent)
    elif intent.requires_action:
        return recurring.recurring_charge_await_donor(charge=charge, gift=gift)
    elif intent.status in {"requires_payment_method", "canceled"}:
        reason = intent.last_error_message or "The card was declined."
        return recurring.recurring_charge_failed(charge=charge, gift=gift, reason=reason, today=today)
    return RecurringCharge.objects.get(pk=charge.pk).status


# ---------------------------------------------------------------------------------------------------------
# A membership purchase
# ---------------------------------------------------------------------------------------------------------


def membership_purchase_start(
    *,
    payer: Constituent,
    level: MembershipLevel,
    payment_method_id: str,
    membership: Membership | None = None,
    beneficiary: Constituent | None = None,
    renew_automatically: bool = False,
    client_ip: str | None = None,
    request_key: str | None = None,
    counted_start: PaymentAttempt | None = None,
) -> PaymentStarted:
    """Pay for a membership by card: a new one (for the payer, or a gift membership for `beneficiary`), the
    renewal of `membership` at its level, or its move to another level. The price is the level's. The
    membership (or its new term) is made when the payment succeeds (purchases.membership_purchase_fulfil, through
    fulfilment.payment_succeeded). The start is counted first, unless the caller already did (`counted_start`)."""
    start = counted_start or payments.card_testing_start(client_ip=client_ip)
    if request_key and (repeated := Gift.objects.filter(request_key=request_key).first()) is not None:
        return payment_resume(gift=repeated, constituent=payer, payment_method_id=payment_method_id)
    purchases.membership_purchase_check(
        payer=payer,
        level=level,
        membership=membership,
        beneficiary=beneficiary,
        renew_automatically=renew_automatically,
        payment_method_id=payment_method_id,
    )
    amount = gifts.amount_clean(level.price, currency=level.currency)
    fund = gifts.membership_fund()
    fingerprint = payments.payment_method_fingerprint(payment_method_id=payment_method_id)
    with payments.card_testing_hold(start=start, card_fingerprint=fingerprint):
        saved: PaymentMethod | None = None
        if renew_automatically:
            # A card kept for the renewals: attached to the payer's Stripe customer before the first charge.
            saved = payments.payment_method_save(constituent=payer, payment_method_id=payment_method_id)
        gift = gifts.gift_create_pending(
            constituent=payer,
            amount=amount,
            currency=level.currency,
            fund=fund,
            purpose=Gift.Purpose.MEMBERSHIP,
            client_ip=start.client_ip,
            membership=membership,
            membership_level=level,
            beneficiary=beneficiary,
            renew_automatically=renew_automatically,
            payment_method=saved,
            request_key=request_key or None,
        )
        outcome = payments.payment_charge(
            gift=gift,
            payment_method_id=payment_method_id,
            client_ip=start.client_ip,
            fingerprint=fingerprint,
            customer_id=saved.stripe_customer_id if saved else "",
        )
        return _started(gift, outcome)
