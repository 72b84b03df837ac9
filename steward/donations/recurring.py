"""Services for recurring gifts, charged on Steward's own schedule (not Stripe Billing).

Why not Billing: no Billing surcharge on a nonprofit's income, pause / skip / change of amount or date and
membership renewal tied directly to the payment that renews it, and every step testable offline.

The life of a charge: the daily schedule creates one RecurringCharge per due date (unique per gift and
date, so running twice creates nothing twice); a run claims the charge in the database (a conditional
UPDATE: only one worker wins), then charges the saved card off-session with a PaymentIntent whose
idempotency key is derived from the charge and its attempt number. Success records the gift (and renews
a membership on auto-renew); a decline is retried after RECURRING_RETRY_DAYS (default 1, 3 and 7 days),
then the recurring gift is past due and the donor is told; a charge that needs authentication emails the
donor a link to complete it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from steward.core.dates import add_months, organisation_today
from steward.core.errors import field_error
from steward.members import services as member_services
from steward.members.models import Constituent, Membership

from . import notices, payments, services
from .models import Campaign, Fund, Gift, PaymentAttempt, PaymentMethod, RecurringCharge, RecurringGift
from .stripe import client

logger = logging.getLogger(__name__)

OPEN_CHARGE_STATUSES = [RecurringCharge.Status.SCHEDULED, RecurringCharge.Status.RETRYING]


def next_due(day: dt.date, frequency: str, charge_day: int | None = None) -> dt.date:
    """The due date one period after `day`, on the gift's charge day where the month has it (31 Jan → 28 Feb →
    31 Mar for a gift charged on the 31st; without a charge day, month ends clamp and stay clamped)."""
    following = add_months(day, 12 if frequency == RecurringGift.Frequency.ANNUAL else 1)
    if charge_day is None or following.day == charge_day:
        return following
    return following.replace(day=min(charge_day, calendar.monthrange(following.year, following.month)[1]))


def _next_due(recurring: RecurringGift) -> dt.date:
    """The charge date after the gift's current next charge date (which must be set)."""
    current = recurring.next_charge_date or organisation_today()
    return next_due(current, recurring.frequency, recurring.charge_day)


# ---------------------------------------------------------------------------------------------------------
# Saved cards
# ---------------------------------------------------------------------------------------------------------


def stripe_customer_for(constituent: Constituent) -> str:
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
    customer_id = stripe_customer_for(constituent)
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


# ---------------------------------------------------------------------------------------------------------
# Starting and managing a recurring gift
# ---------------------------------------------------------------------------------------------------------


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
    value, currency = payments.online_amount_clean(amount, currency)
    if not fund.active:
        raise field_error("fund", f"The fund '{fund}' is closed.", code="inactive_fund")
    if tribute and tribute.get("type") and not tribute.get("name"):
        raise field_error("tribute_name", "Name the person the gift honours or remembers.", code="required")
    if not payment_method_id:
        raise field_error("payment_method", "Enter your card details.", code="required")
    with payments.card_testing_hold(start=start, card_fingerprint=payments.card_fingerprint(payment_method_id)):
        method = payment_method_save(constituent=constituent, payment_method_id=payment_method_id)
        fee = payments.fee_to_cover(value, currency) if cover_fees else Decimal(0)
        with transaction.atomic():
            recurring = RecurringGift.objects.create(
                constituent=constituent,
                amount=value + fee,
                currency=currency,
                frequency=frequency,
                fund=fund,
                campaign=campaign,
                payment_method=method,
                cover_fees=cover_fees,
                next_charge_date=next_due(today, frequency, today.day),
                charge_day=today.day,
                request_key=request_key or None,
                **{f"tribute_{key}": value for key, value in (tribute or {}).items()},
            )
            charge = RecurringCharge.objects.create(
                recurring_gift=recurring, due_date=today, amount=recurring.amount, currency=currency
            )
        recurring_charge_run(charge_id=charge.pk, today=today, client_ip=start.client_ip)
    charge.refresh_from_db()
    return charge


def membership_auto_renew_setup(
    *,
    membership: Membership,
    payment_method_id: str,
    fund: Fund,
    today: dt.date | None = None,
) -> RecurringGift:
    """Renew a membership automatically: save the card and schedule a charge on the day after the paid term ends,
    at the level's price (never the client's): the price of the day each renewal charge is made
    (recurring_charges_schedule), announced beforehand by the advance notice; each successful charge adds a term."""
    today = today or organisation_today()
    level = membership.level
    if level.term == level.Term.LIFETIME:
        raise field_error("membership", "A lifetime membership never needs renewing.", code="lifetime")
    if membership.cancelled_at is not None:
        raise field_error("membership", "This membership is cancelled.", code="cancelled")
    if RecurringGift.objects.filter(membership=membership).exclude(status=RecurringGift.Status.CANCELLED).exists():
        raise field_error("membership", "This membership already renews automatically.", code="duplicate")
    method = payment_method_save(constituent=membership.constituent, payment_method_id=payment_method_id)
    first_charge = max(today, membership.end_date + dt.timedelta(days=1)) if membership.end_date else today
    with transaction.atomic():
        RecurringGift.objects.filter(membership=membership, status=RecurringGift.Status.CANCELLED).update(
            membership=None
        )
        plan = RecurringGift.objects.create(
            constituent=membership.constituent,
            amount=level.price,
            currency=level.currency,
            frequency=RecurringGift.Frequency.MONTHLY
            if level.term == level.Term.MONTHLY
            else RecurringGift.Frequency.ANNUAL,
            fund=fund,
            payment_method=method,
            membership=membership,
            status=RecurringGift.Status.ACTIVE,
            next_charge_date=first_charge,
            charge_day=first_charge.day,
        )
        member_services.membership_set_auto_renew(membership=membership, auto_renew=True)
    return plan


@transaction.atomic
def recurring_gift_update(
    *,
    recurring_gift: RecurringGift,
    amount: Decimal | str | None = None,
    next_charge_date: dt.date | None = None,
    payment_method: PaymentMethod | None = None,
    today: dt.date | None = None,
) -> RecurringGift:
    """Change the amount, the next charge date or the card of a recurring gift (future charges only)."""
    today = today or organisation_today()
    recurring = RecurringGift.objects.select_for_update().get(pk=recurring_gift.pk)
    if recurring.status == RecurringGift.Status.CANCELLED:
        raise ValidationError("This recurring gift is cancelled.", code="cancelled")
    if amount is not None:
        recurring.amount, _ = payments.online_amount_clean(amount, recurring.currency)
        recurring.charges.filter(status=RecurringCharge.Status.SCHEDULED).update(amount=recurring.amount)
    if next_charge_date is not None:
        if next_charge_date <= today:
            raise field_error("next_charge_date", "Choose a date after today.", code="past_date")
        recurring.next_charge_date = next_charge_date
        recurring.charge_day = next_charge_date.day
    if payment_method is not None:
        if payment_method.constituent_id != recurring.constituent_id or not payment_method.usable:
            raise field_error("payment_method", "Choose one of your saved cards.", code="not_yours")
        recurring.payment_method = payment_method
        if recurring.status == RecurringGift.Status.PAST_DUE:
            # A new card gives the failed charge another go on the next run.
            recurring.status = RecurringGift.Status.ACTIVE
            recurring.charges.filter(status=RecurringCharge.Status.FAILED, gift__status=Gift.Status.FAILED).update(
                status=RecurringCharge.Status.RETRYING, next_attempt_on=today
            )
    notices.recurring_amount_change_owe(recurring_gift=recurring)
    recurring.save()
    return recurring


@transaction.atomic
def recurring_gift_pause(*, recurring_gift: RecurringGift, until: dt.date | None = None) -> RecurringGift:
    """Pause a recurring gift (until a date, or until resumed): nothing is charged meanwhile."""
    recurring = RecurringGift.objects.select_for_update().get(pk=recurring_gift.pk)
    if recurring.status == RecurringGift.Status.CANCELLED:
        raise ValidationError("This recurring gift is cancelled.", code="cancelled")
    recurring.status = RecurringGift.Status.PAUSED
    recurring.paused_until = until
    recurring.save(update_fields=["status", "paused_until", "updated_at"])
    return recurring


@transaction.atomic
def recurring_gift_resume(*, recurring_gift: RecurringGift, today: dt.date | None = None) -> RecurringGift:
    """Resume a paused gift; dates missed while paused are skipped, not charged."""
    today = today or organisation_today()
    recurring = RecurringGift.objects.select_for_update().get(pk=recurring_gift.pk)
    if recurring.status != RecurringGift.Status.PAUSED:
        return recurring
    while recurring.next_charge_date and recurring.next_charge_date <= today:
        recurring.next_charge_date = _next_due(recurring)
    recurring.status = RecurringGift.Status.ACTIVE
    recurring.paused_until = None
    recurring.save(update_fields=["status", "paused_until", "next_charge_date", "updated_at"])
    return recurring


@transaction.atomic
def recurring_gift_skip_next(*, recurring_gift: RecurringGift) -> RecurringGift:
    """Skip the next installment: the next charge moves one period on."""
    recurring = RecurringGift.objects.select_for_update().get(pk=recurring_gift.pk)
    if recurring.next_charge_date:
        recurring.next_charge_date = _next_due(recurring)
        recurring.save(update_fields=["next_charge_date", "updated_at"])
    return recurring


@transaction.atomic
def recurring_gift_cancel(*, recurring_gift: RecurringGift, reason: str = "") -> RecurringGift:
    """Cancel a recurring gift: no further charges (a membership it renewed stops auto-renewing)."""
    recurring = RecurringGift.objects.select_for_update().get(pk=recurring_gift.pk)
    if recurring.status == RecurringGift.Status.CANCELLED:
        return recurring
    recurring.status = RecurringGift.Status.CANCELLED
    recurring.cancelled_at = timezone.now()
    recurring.cancellation_reason = reason
    recurring.next_charge_date = None
    recurring.save()
    recurring.charges.filter(status__in=OPEN_CHARGE_STATUSES).update(status=RecurringCharge.Status.SKIPPED)
    if recurring.membership_id:
        Membership.objects.filter(pk=recurring.membership_id).update(auto_renew=False)
    return recurring


# ---------------------------------------------------------------------------------------------------------
# The schedule
# ---------------------------------------------------------------------------------------------------------


def recurring_charges_schedule(*, today: dt.date | None = None) -> int:
    """Create the charges that are due (catching up missed days) and move each gift's next date on; a membership's
    renewal charges its level's current price (and the plan keeps it). Safe to run twice: one charge per gift and
    due date."""
    today = today or organisation_today()
    created = 0
    RecurringGift.objects.filter(status=RecurringGift.Status.PAUSED, paused_until__isnull=False).filter(
        paused_until__lte=today
    ).update(status=RecurringGift.Status.ACTIVE, paused_until=None)
    due = RecurringGift.objects.filter(status=RecurringGift.Status.ACTIVE, next_charge_date__lte=today)
    for recurring_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            recurring = RecurringGift.objects.select_for_update().get(pk=recurring_id)
            if recurring.membership_id is not None and recurring.next_charge_date is not None:
                # The level's price today, unless the advance notice of this charge announced another.
                level = Membership.objects.select_related("level").get(pk=recurring.membership_id).level
                announced = notices.announced_price(
                    recurring_gift_id=recurring.pk, charge_date=recurring.next_charge_date
                )
                recurring.amount, recurring.currency = announced or (level.price, level.currency)
            while recurring.next_charge_date and recurring.next_charge_date <= today:
                _, made = RecurringCharge.objects.get_or_create(
                    recurring_gift=recurring,
                    due_date=recurring.next_charge_date,
                    defaults={"amount": recurring.amount, "currency": recurring.currency},
                )
                created += made
                recurring.next_charge_date = _next_due(recurring)
            recurring.save(update_fields=["next_charge_date", "amount", "currency", "updated_at"])
    return created


def recurring_charges_due_ids(*, today: dt.date | None = None) -> list[int]:
    """Charges to run today: scheduled ones that are due and retries whose day has come."""
    today = today or organisation_today()
    return list(
        RecurringCharge.objects.filter(
            Q(status=RecurringCharge.Status.SCHEDULED, due_date__lte=today)
            | Q(status=RecurringCharge.Status.RETRYING, next_attempt_on__lte=today),
            recurring_gift__status__in=[RecurringGift.Status.ACTIVE, RecurringGift.Status.PENDING],
        )
        .order_by("due_date", "pk")
        .values_list("pk", flat=True)
    )


def _claim(charge_id: int, today: dt.date) -> bool:
    """Claim a charge for this worker: one conditional UPDATE, so two runs never both charge it."""
    claimed = (
        RecurringCharge.objects.filter(pk=charge_id)
        .filter(
            Q(status=RecurringCharge.Status.SCHEDULED)
            | Q(status=RecurringCharge.Status.RETRYING, next_attempt_on__lte=today)
        )
        .update(status=RecurringCharge.Status.CLAIMED, attempts=F("attempts") + 1, claimed_at=timezone.now())
    )
    return claimed == 1


def recurring_charge_run(*, charge_id: int, today: dt.date | None = None, client_ip: str | None = None) -> str:
    """Charge one installment if this worker can claim it; returns the charge's status afterwards."""
    today = today or organisation_today()
    if not _claim(charge_id, today):
        return RecurringCharge.objects.filter(pk=charge_id).values_list("status", flat=True).first() or ""
    return _charge_attempt(charge_id=charge_id, today=today, client_ip=client_ip)


def _claim_lease() -> dt.timedelta:
    return dt.timedelta(minutes=settings.RECURRING_CLAIM_LEASE_MINUTES)


def recurring_claims_recover(*, today: dt.date | None = None) -> int:
    """Finish the charges whose worker died while charging them (claimed longer ago than the lease): each is
    claimed again for the same attempt, so the same idempotency keys are sent; a PaymentIntent already stored
    is asked for its state and recorded as Stripe holds it (paid, failed, waiting for the donor), and one never
    confirmed is confirmed now. Nothing is charged twice. Returns how many were taken back."""
    today = today or organisation_today()
    recovered = 0
    stale = RecurringCharge.objects.filter(
        status=RecurringCharge.Status.CLAIMED, claimed_at__lt=timezone.now() - _claim_lease()
    ).values_list("pk", "claimed_at")
    for charge_id, claimed_at in list(stale):
        # Retaken only if no one else retook it meanwhile (the claim time is the fence).
        taken = RecurringCharge.objects.filter(
            pk=charge_id, status=RecurringCharge.Status.CLAIMED, claimed_at=claimed_at
        ).update(claimed_at=timezone.now())
        if taken:
            logger.warning("Recurring charge %s was left claimed since %s: finishing it", charge_id, claimed_at)
            _charge_attempt(charge_id=charge_id, today=today)
            recovered += 1
    return recovered


def _charge_attempt(*, charge_id: int, today: dt.date, client_ip: str | None = None) -> str:
    """Charge a claimed installment, or finish an attempt already under way: the PaymentIntent's id is stored
    before it is confirmed, and both calls carry keys derived from the charge and its attempt."""
    charge = RecurringCharge.objects.select_related("recurring_gift__payment_method", "recurring_gift__fund").get(
        pk=charge_id
    )
    recurring = charge.recurring_gift
    method = recurring.payment_method
    gift = _gift_for_charge(charge)
    try:
        if charge.stripe_payment_intent_id:
            intent = client.payment_intent_retrieve(payment_intent_id=charge.stripe_payment_intent_id)
        else:
            if method is None or not method.usable:
                return _charge_failed(charge, gift, "There is no usable saved card.", today)
            intent = client.payment_intent_create(
                amount=charge.amount,
                currency=charge.currency,
                customer_id=method.stripe_customer_id,
                payment_method_id=method.stripe_payment_method_id,
                metadata={"steward_gift_id": gift.pk, "steward_recurring_charge_id": charge.pk},
                idempotency_key=f"{charge.idempotency_key}-create",
            )
            with transaction.atomic():
                services.gift_attach_payment_intent(
                    gift=gift, payment_intent_id=intent.id, customer_id=method.stripe_customer_id
                )
                RecurringCharge.objects.filter(pk=charge.pk).update(stripe_payment_intent_id=intent.id)
        if intent.status == "requires_confirmation":
            intent = client.payment_intent_confirm(
                payment_intent_id=intent.id, idempotency_key=f"{charge.idempotency_key}-confirm"
            )
    except client.AuthenticationRequired:
        return _charge_needs_action(charge, gift)
    except client.CardDeclined as declined:
        if client_ip and method is not None:
            payments.record_attempt("failure", client_ip=client_ip, fingerprint=method.fingerprint, gift=gift)
        return _charge_failed(charge, gift, declined.message or "The card was declined.", today)
    except client.StripeUnavailable:
        # Nothing is known to have happened: give the claim back for the next run (same attempt number, so
        # the same idempotency key — Stripe answers a repeat with the first result).
        RecurringCharge.objects.filter(pk=charge.pk).update(
            status=RecurringCharge.Status.RETRYING, attempts=F("attempts") - 1, next_attempt_on=today
        )
        return RecurringCharge.Status.RETRYING
    if intent.succeeded:
        recurring_charge_succeeded(
            payment_intent_id=intent.id,
            amount=intent.amount,
            charge_id=intent.charge_id,
            succeeded_at=intent.charged_at,
        )
    elif intent.requires_action:
        return _charge_needs_action(charge, gift)
    elif intent.status in {"requires_payment_method", "canceled"}:
        return _charge_failed(charge, gift, intent.last_error_message or "The card was declined.", today)
    return RecurringCharge.objects.get(pk=charge.pk).status


def _gift_for_charge(charge: RecurringCharge) -> Gift:
    existing = Gift.objects.filter(recurring_charge=charge).first()
    if existing is not None:
        return existing
    recurring = charge.recurring_gift
    membership = recurring.membership
    # Every installment carries the tribute; the person to notify hears of the first one only.
    first = not Gift.objects.filter(recurring_gift=recurring).exists()
    tribute = {
        "type": recurring.tribute_type,
        "name": recurring.tribute_name,
        "message": recurring.tribute_message,
        "notify_name": recurring.tribute_notify_name if first else "",
        "notify_email": recurring.tribute_notify_email if first else "",
    }
    return services.gift_create_pending(
        constituent=recurring.constituent,
        amount=charge.amount,
        currency=charge.currency,
        fund=recurring.fund,
        campaign=recurring.campaign,
        purpose=Gift.Purpose.MEMBERSHIP if membership else Gift.Purpose.DONATION,
        recurring_gift=recurring,
        recurring_charge=charge,
        membership=membership,
        payment_method=recurring.payment_method,
        tribute=tribute if recurring.tribute_type else None,
    )


@transaction.atomic
def recurring_charge_succeeded(
    *, payment_intent_id: str, amount: Decimal, charge_id: str = "", succeeded_at: dt.datetime | None = None
) -> Gift | None:
    """A recurring charge's PaymentIntent succeeded (from the confirm call or the webhook): record the gift
    once, mark the charge, reset the failure count and renew a membership it pays for. Idempotent."""
    gift = Gift.objects.filter(stripe_payment_intent_id=payment_intent_id, recurring_charge__isnull=False).first()
    if gift is None or gift.recurring_charge_id is None:
        return None
    charge = RecurringCharge.objects.select_for_update().get(pk=gift.recurring_charge_id)
    gift = services.gift_mark_succeeded(
        payment_intent_id=payment_intent_id,
        amount=amount,
        currency=gift.currency,
        charge_id=charge_id,
        succeeded_at=succeeded_at,
    )
    if charge.status == RecurringCharge.Status.SUCCEEDED:
        return gift
    charge.status = RecurringCharge.Status.SUCCEEDED
    charge.last_error = ""
    charge.save(update_fields=["status", "last_error"])
    recurring = RecurringGift.objects.select_for_update().get(pk=charge.recurring_gift_id)
    recurring.failed_payment_count = 0
    if recurring.status in (RecurringGift.Status.PENDING, RecurringGift.Status.PAST_DUE):
        recurring.status = RecurringGift.Status.ACTIVE
    recurring.save(update_fields=["failed_payment_count", "status", "updated_at"])
    if recurring.membership_id:
        membership = Membership.objects.get(pk=recurring.membership_id)
        if membership.terms.filter(gift_id=gift.pk).exists():
            return gift
        member_services.membership_renew(membership=membership, amount=gift.amount, gift_id=gift.pk)
    return gift


def _charge_failed(charge: RecurringCharge, gift: Gift, reason: str, today: dt.date) -> str:
    retry_days = settings.RECURRING_RETRY_DAYS
    with transaction.atomic():
        charge = RecurringCharge.objects.select_for_update().get(pk=charge.pk)
        recurring = RecurringGift.objects.select_for_update().get(pk=charge.recurring_gift_id)
        charge.last_error = reason[:2000]
        charge.stripe_payment_intent_id = ""  # a later attempt has a PaymentIntent (and keys) of its own
        recurring.failed_payment_count += 1
        if gift.stripe_payment_intent_id:
            services.gift_mark_failed(payment_intent_id=gift.stripe_payment_intent_id, reason=reason)
        if charge.attempts <= len(retry_days):
            charge.status = RecurringCharge.Status.RETRYING
            charge.next_attempt_on = today + dt.timedelta(days=retry_days[charge.attempts - 1])
        else:
            charge.status = RecurringCharge.Status.FAILED
            charge.next_attempt_on = None
            if recurring.status != RecurringGift.Status.PENDING:
                recurring.status = RecurringGift.Status.PAST_DUE
            else:
                recurring.status = RecurringGift.Status.CANCELLED
                recurring.cancellation_reason = "The first payment failed."
            if recurring.membership_id:
                # The membership stays in its grace period, then lapses; it no longer renews itself.
                Membership.objects.filter(pk=recurring.membership_id).update(auto_renew=False)
        charge.save(update_fields=["status", "next_attempt_on", "last_error", "stripe_payment_intent_id"])
        recurring.save(update_fields=["failed_payment_count", "status", "cancellation_reason", "updated_at"])
        final = charge.status == RecurringCharge.Status.FAILED
        _owe_notice(charge, "failed_final" if final else "failed")
    return charge.status


def recurring_charge_needs_action(*, payment_intent_id: str) -> str | None:
    """A recurring charge's PaymentIntent waits for the donor to authenticate (told by the webhook): mark it and
    email the link, once. Returns the charge's status, or None if no open charge uses that PaymentIntent."""
    gift = Gift.objects.filter(stripe_payment_intent_id=payment_intent_id, recurring_charge__isnull=False).first()
    if gift is None or gift.recurring_charge is None:
        return None
    charge = gift.recurring_charge
    if charge.status not in (RecurringCharge.Status.CLAIMED, *OPEN_CHARGE_STATUSES):
        return str(charge.status)
    return _charge_needs_action(charge, gift)


def _charge_needs_action(charge: RecurringCharge, gift: Gift) -> str:
    with transaction.atomic():
        marked = (
            RecurringCharge.objects.filter(pk=charge.pk)
            .exclude(status__in=[RecurringCharge.Status.REQUIRES_ACTION, RecurringCharge.Status.SUCCEEDED])
            .update(status=RecurringCharge.Status.REQUIRES_ACTION)
        )
        if marked:  # the confirm call and the webhook both report it: one email
            _owe_notice(charge, "requires_action")
    return RecurringCharge.Status.REQUIRES_ACTION


def authentication_link(charge: RecurringCharge) -> str:
    """A signed link (valid 14 days) to the page where the donor completes 3-D Secure for this charge."""
    token = signing.dumps({"charge": charge.pk}, salt="steward.recurring.authenticate")
    return f"{settings.FRONTEND_URL.rstrip('/')}/giving/authenticate/{token}"


def _owe_notice(charge: RecurringCharge, kind: str) -> None:
    """Owe the donor a notice about this charge (once per charge and attempt)."""
    from steward.core.outbox import outbox_enqueue

    outbox_enqueue(
        kind="recurring_charge_notice",
        key=f"recurring-{kind}:{charge.pk}:{charge.attempts}",
        payload={"charge": charge.pk, "kind": kind},
    )


def recurring_charge_notice(*, charge_id: int, kind: str) -> EmailMessage:
    """The email telling the donor a payment failed or needs them; NotOwed when they have no address, or the
    charge needs them no more."""
    from steward.core.outbox import NotOwed

    charge = RecurringCharge.objects.select_related(
        "recurring_gift__constituent", "recurring_gift__payment_method"
    ).get(pk=charge_id)
    if kind == "requires_action" and charge.status != RecurringCharge.Status.REQUIRES_ACTION:
        raise NotOwed("The charge no longer needs the donor's authentication.")
    constituent = charge.recurring_gift.constituent
    email = constituent.emails.filter(is_primary=True).values_list("address", flat=True).first()
    if not email:
        raise NotOwed("The donor has no email address.")
    context = {
        "constituent": constituent,
        "charge": charge,
        "recurring": charge.recurring_gift,
        "kind": kind,
        "link": authentication_link(charge),
        "manage_url": f"{settings.FRONTEND_URL.rstrip('/')}/portal/giving",
    }
    subject = render_to_string("donations/email/recurring_subject.txt", context).strip()
    body = render_to_string("donations/email/recurring_body.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


def card_expiry_notices_send(*, today: dt.date | None = None) -> int:
    """Owe a notice to each donor whose saved card expires before their next charge, once per card and charge
    date (an outbox row, written with the mark in one transaction); returns how many were owed."""
    from steward.core.outbox import outbox_enqueue

    today = today or organisation_today()
    owed = 0
    upcoming = RecurringGift.objects.filter(
        status=RecurringGift.Status.ACTIVE,
        next_charge_date__isnull=False,
        next_charge_date__lte=today + dt.timedelta(days=31),
        payment_method__isnull=False,
    ).select_related("payment_method")
    for recurring in upcoming:
        method = recurring.payment_method
        assert method is not None  # filtered above
        assert recurring.next_charge_date is not None
        if not method.expires_before(recurring.next_charge_date):
            continue
        with transaction.atomic():
            updated = (
                PaymentMethod.objects.filter(pk=method.pk)
                .exclude(expiry_notice_sent_for=recurring.next_charge_date)
                .update(expiry_notice_sent_for=recurring.next_charge_date)
            )
            if not updated:
                continue
            outbox_enqueue(
                kind="card_expiring",
                key=f"card_expiring:{method.pk}:{recurring.next_charge_date.isoformat()}",
                payload={"recurring": recurring.pk, "for": recurring.next_charge_date.isoformat()},
            )
            owed += 1
    return owed


def card_expiring_message(*, recurring_id: int, charge_date: dt.date) -> EmailMessage:
    """The notice that the card on a recurring gift expires before its next charge; NotOwed once the plan is
    stopped, the card changed or the donor has no address."""
    from steward.core.outbox import NotOwed

    recurring = RecurringGift.objects.select_related("payment_method", "constituent").get(pk=recurring_id)
    method = recurring.payment_method
    if recurring.status != RecurringGift.Status.ACTIVE or method is None or not method.expires_before(charge_date):
        raise NotOwed("The plan is stopped, or its card no longer expires before the charge.")
    email = recurring.constituent.emails.filter(is_primary=True).values_list("address", flat=True).first()
    if not email:
        raise NotOwed("The donor has no email address.")
    context = {
        "recurring": recurring,
        "method": method,
        "manage_url": f"{settings.FRONTEND_URL.rstrip('/')}/portal/giving",
    }
    body = render_to_string("donations/email/card_expiring.txt", context)
    return EmailMessage("Your card expires before your next gift", body, settings.DEFAULT_FROM_EMAIL, [email])
