"""Recurring gifts and their schedule, charged on Steward's own schedule (not Stripe Billing): the plans
(create, change, pause, resume, skip, cancel, a new card), the daily schedule of installments, the claim on
each installment, and what an installment's outcome does to its plan (succeeded, declined, waiting for the
donor), with the notices owed to the donor.

Why not Billing: no Billing surcharge on a nonprofit's income, pause / skip / change of amount or date and
membership renewal tied directly to the payment that renews it, and every step testable offline.

The fourth layer of the donations domain (README, "Layers"): it uses payments (saved cards, amounts), gifts
and notices. Charging an installment is online.recurring_charge_run's: the schedule creates one
RecurringCharge per due date (unique per gift and date, so running twice creates nothing twice); a run claims
it here (`_claim`: a conditional UPDATE, so only one worker wins), charges the saved card off-session with keys
derived from the charge and its attempt number, then reports the outcome back here. Success records the gift
(and renews a membership on auto-renew); a decline is retried after RECURRING_RETRY_DAYS (default 1, 3 and 7
days), then the plan is past due and the donor is told; a charge that needs authentication emails the donor
a link to complete it.
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
from django.utils import timezone

from steward.core.dates import add_months, organisation_today
from steward.core.errors import field_error
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.core.outbox import NotOwed, outbox_enqueue
from steward.members import services as member_services
from steward.members.models import Constituent, Membership

from . import gifts, messages, notices, payments
from .models import Appeal, Campaign, Fund, Gift, PaymentMethod, RecurringCharge, RecurringGift
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
# Making and managing a plan
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def recurring_gift_create(
    *,
    constituent: Constituent,
    amount: Decimal,
    currency: str,
    frequency: str,
    fund: Fund,
    payment_method: PaymentMethod,
    cover_fees: bool = False,
    campaign: Campaign | None = None,
    appeal: Appeal | None = None,
    name_shown: bool = False,
    tribute: dict[str, str] | None = None,
    request_key: str | None = None,
    today: dt.date,
) -> RecurringCharge:
    """A new plan on a saved card (checked amounts, the fee to cover included) and its first installment, due
    today; returns the installment, which online.recurring_charge_run charges."""
    recurring = RecurringGift.objects.create(
        constituent=constituent,
        amount=amount,
        currency=currency,
        frequency=frequency,
        fund=fund,
        campaign=campaign,
        appeal=appeal,
        payment_method=payment_method,
        cover_fees=cover_fees,
        name_shown=name_shown,
        next_charge_date=next_due(today, frequency, today.day),
        charge_day=today.day,
        request_key=request_key or None,
        **{f"tribute_{key}": value for key, value in (tribute or {}).items()},
    )
    return RecurringCharge.objects.create(
        recurring_gift=recurring, due_date=today, amount=recurring.amount, currency=currency
    )


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
        recurring.amount, _ = payments.online_amount_clean(amount=amount, currency=recurring.currency)
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
    if until is not None:
        # The dates the pause covers are skipped, not caught up when it ends: the next charge is the first date
        # of the gift's schedule on or after `until` (so the schedule, resuming the gift on that day, owes nothing
        # for the months paused).
        while recurring.next_charge_date and recurring.next_charge_date < until:
            recurring.next_charge_date = _next_due(recurring)
    recurring.save(update_fields=["status", "paused_until", "next_charge_date", "updated_at"])
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
    recurring.manage_link_version += 1  # the emailed links to manage it stop working
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


def recurring_charge_claim(*, charge_id: int, today: dt.date) -> bool:
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


def _claim_lease() -> dt.timedelta:
    return dt.timedelta(minutes=settings.RECURRING_CLAIM_LEASE_MINUTES)


def recurring_claims_stale() -> list[tuple[int, dt.datetime | None]]:
    """The charges claimed longer ago than the lease (their worker died mid-charge), with their claim times."""
    return list(
        RecurringCharge.objects.filter(
            status=RecurringCharge.Status.CLAIMED, claimed_at__lt=timezone.now() - _claim_lease()
        ).values_list("pk", "claimed_at")
    )


def recurring_claim_retake(*, charge_id: int, claimed_at: dt.datetime | None) -> bool:
    """Take a stale claim over for the same attempt, unless someone else retook it meanwhile (the claim time is
    the fence)."""
    return bool(
        RecurringCharge.objects.filter(
            pk=charge_id, status=RecurringCharge.Status.CLAIMED, claimed_at=claimed_at
        ).update(claimed_at=timezone.now())
    )


def recurring_charge_release(*, charge: RecurringCharge, today: dt.date) -> str:
    """Give a claim back when nothing is known to have happened (Stripe did not answer): the next run tries
    again with the same attempt number, so with the same idempotency keys."""
    RecurringCharge.objects.filter(pk=charge.pk).update(
        status=RecurringCharge.Status.RETRYING, attempts=F("attempts") - 1, next_attempt_on=today
    )
    return RecurringCharge.Status.RETRYING


def recurring_charge_gift(*, charge: RecurringCharge) -> Gift:
    """The installment's gift: pending until the charge's outcome is known, made once per charge."""
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
    return gifts.gift_create_pending(
        constituent=recurring.constituent,
        amount=charge.amount,
        currency=charge.currency,
        fund=recurring.fund,
        campaign=recurring.campaign,
        appeal=recurring.appeal,
        purpose=Gift.Purpose.MEMBERSHIP if membership else Gift.Purpose.DONATION,
        recurring_gift=recurring,
        recurring_charge=charge,
        membership=membership,
        payment_method=recurring.payment_method,
        name_shown=recurring.name_shown,
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
    gift = gifts.gift_mark_succeeded(
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
    if recurring.status == RecurringGift.Status.PENDING and recurring.membership_id is None:
        # The first payment: the donor is owed the email that says what they started and how to manage it (one
        # row per plan, so however many times and in whatever order the payment is told, it is owed once).
        outbox_enqueue(
            kind="recurring_gift_started", key=f"recurring-started:{recurring.pk}", payload={"recurring": recurring.pk}
        )
    if recurring.status in (RecurringGift.Status.PENDING, RecurringGift.Status.PAST_DUE):
        recurring.status = RecurringGift.Status.ACTIVE
    recurring.save(update_fields=["failed_payment_count", "status", "updated_at"])
    if recurring.membership_id:
        membership = Membership.objects.get(pk=recurring.membership_id)
        if membership.terms.filter(gift_id=gift.pk).exists():
            return gift
        member_services.membership_renew(membership=membership, amount=gift.amount, gift_id=gift.pk)
    return gift


def recurring_charge_failed(*, charge: RecurringCharge, gift: Gift, reason: str, today: dt.date) -> str:
    """The installment's card was declined (or there is none): retry later, or give up and tell the donor."""
    retry_days = settings.RECURRING_RETRY_DAYS
    with transaction.atomic():
        charge = RecurringCharge.objects.select_for_update().get(pk=charge.pk)
        recurring = RecurringGift.objects.select_for_update().get(pk=charge.recurring_gift_id)
        charge.last_error = reason[:2000]
        charge.stripe_payment_intent_id = ""  # a later attempt has a PaymentIntent (and keys) of its own
        recurring.failed_payment_count += 1
        if gift.stripe_payment_intent_id:
            gifts.gift_mark_failed(payment_intent_id=gift.stripe_payment_intent_id, reason=reason)
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
    return recurring_charge_await_donor(charge=charge, gift=gift)


def recurring_charge_await_donor(*, charge: RecurringCharge, gift: Gift) -> str:
    """The installment waits for the donor to authenticate: marked, and the link emailed once."""
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
    return frontend_url(f"/giving/authenticate/{token}")


def _owe_notice(charge: RecurringCharge, kind: str) -> None:
    """Owe the donor a notice about this charge (once per charge and attempt)."""
    outbox_enqueue(
        kind="recurring_charge_notice",
        key=f"recurring-{kind}:{charge.pk}:{charge.attempts}",
        payload={"charge": charge.pk, "kind": kind},
    )


def recurring_charge_notice(*, charge_id: int, kind: str) -> EmailMessage:
    """The email telling the donor a payment failed or needs them; NotOwed when they have no address, or the
    charge needs them no more."""
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
        "manage_url": frontend_url("/portal/giving"),
    }
    rendered = message_render(messages.RECURRING_CHARGE_KINDS[kind].key, context)
    return EmailMessage(rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [email])


def card_expiry_notices_send(*, today: dt.date | None = None) -> int:
    """Owe a notice to each donor whose saved card expires before their next charge, once per card and charge
    date (an outbox row, written with the mark in one transaction); returns how many were owed."""
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
        "manage_url": frontend_url("/portal/giving"),
    }
    rendered = message_render(messages.CARD_EXPIRING.key, context)
    return EmailMessage(rendered.subject, rendered.text, settings.DEFAULT_FROM_EMAIL, [email])


# ---------------------------------------------------------------------------------------------------------
# A new card through a SetupIntent (the donor updates the card of a recurring gift)
# ---------------------------------------------------------------------------------------------------------


def card_update_start(*, recurring_gift: RecurringGift) -> client.SetupIntent:
    """A SetupIntent the browser confirms with the new card; applying it (the webhook, or the browser saying it
    is done) moves the recurring gift to that card."""
    if recurring_gift.status == RecurringGift.Status.CANCELLED:
        raise field_error("recurring_gift", "This recurring gift is cancelled.", code="cancelled")
    customer_id = payments.stripe_customer_ensure(constituent=recurring_gift.constituent)
    count = PaymentMethod.objects.filter(constituent_id=recurring_gift.constituent_id).count()
    try:
        return client.setup_intent_create(
            customer_id=customer_id,
            metadata={
                "steward_constituent_id": recurring_gift.constituent_id,
                "steward_recurring_gift_id": recurring_gift.pk,
            },
            idempotency_key=f"steward-card-update-{recurring_gift.pk}-{count}",
        )
    except client.StripeUnavailable as unavailable:
        raise ValidationError(
            "The payment service did not answer; please try again.", code="unavailable"
        ) from unavailable


@transaction.atomic
def setup_intent_apply(*, setup_intent: client.SetupIntent) -> PaymentMethod | None:
    """Keep the card a succeeded SetupIntent saved and, when it was for a recurring gift, charge that gift to it
    from now on. Idempotent; SetupIntents Steward did not start are ignored (None)."""
    constituent_id = setup_intent.metadata.get("steward_constituent_id")
    if not setup_intent.succeeded or not constituent_id or not setup_intent.payment_method_id:
        return None
    constituent = Constituent.objects.get(pk=int(constituent_id))
    method = payments.payment_method_record(
        constituent=constituent,
        customer_id=setup_intent.customer_id,
        payment_method_id=setup_intent.payment_method_id,
    )
    recurring_id = setup_intent.metadata.get("steward_recurring_gift_id")
    plan = RecurringGift.objects.filter(pk=int(recurring_id), constituent=constituent).first() if recurring_id else None
    if plan is not None and plan.status != RecurringGift.Status.CANCELLED and plan.payment_method_id != method.pk:
        recurring_gift_update(recurring_gift=plan, payment_method=method)
    return method


def card_update_finish(*, recurring_gift: RecurringGift, setup_intent_id: str) -> RecurringGift:
    """The donor's browser says Stripe.js confirmed the SetupIntent of `card_update_start`: check with Stripe that
    it is this gift's and succeeded, then apply it (the webhook may have already; applying twice changes
    nothing). Returns the plan as it now is."""
    try:
        intent = client.setup_intent_retrieve(setup_intent_id=setup_intent_id)
    except client.StripeRequestError:
        raise field_error("setup_intent_id", "No such card setup.", code="not_found") from None
    if intent.metadata.get("steward_recurring_gift_id") != str(recurring_gift.pk):
        raise field_error("setup_intent_id", "That card setup is for another gift.", code="not_yours")
    if not intent.succeeded:
        raise field_error("setup_intent_id", "The card has not been confirmed yet.", code="not_confirmed")
    setup_intent_apply(setup_intent=intent)
    return RecurringGift.objects.get(pk=recurring_gift.pk)
