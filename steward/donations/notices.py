"""Notices donors are owed about their automatic charges, each an outbox message built when it is sent:

- "charge_notice": NOTICE_DAYS_BEFORE_CHARGE days before each automatic membership renewal and each annual
  recurring charge, once per plan and charge date: the amount, the date, the card's brand and last four, where to
  change or cancel, and, for a renewal, whether the level's price changed since the last renewal charge;
- "recurring_amount_changed": when a donor's recurring gift changes amount (recurring_gift_update).

They are transactional, as receipts are: they go to the donor's primary email whatever their marketing choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import dateformat, timezone

from steward.core.dates import organisation_today
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.core.models import OutboxMessage
from steward.core.outbox import NotOwed, outbox_enqueue, outbox_sender
from steward.members.models import Constituent

from . import messages
from .models import RecurringCharge, RecurringGift
from .money import Money


def _date(day: dt.date) -> str:
    return dateformat.format(day, "j F Y")


def _recipient(constituent: Constituent) -> str:
    """The donor's primary address; NotOwed when there is no one to send to."""
    if constituent.deceased:
        raise NotOwed("The donor is deceased.")
    address = constituent.emails.order_by("-is_primary", "id").values_list("address", flat=True).first()
    if not address:
        raise NotOwed("The donor has no email address.")
    return address


def _card(plan: RecurringGift) -> str:
    method = plan.payment_method
    if method is None or not method.usable:
        return ""
    return f"{method.brand.title() or 'Card'} ending {method.last4}"


# ---------------------------------------------------------------------------------------------------------
# Advance notices of automatic charges
# ---------------------------------------------------------------------------------------------------------


def charge_notice_key(*, recurring_gift_id: int, charge_date: dt.date) -> str:
    """The outbox key of a charge's advance notice: one per plan and charge date."""
    return f"charge-notice:{recurring_gift_id}:{charge_date.isoformat()}"


def charge_notice_plans(*, today: dt.date) -> QuerySet[RecurringGift]:
    """Active automatic renewals and annual gifts whose next charge falls after today and within
    NOTICE_DAYS_BEFORE_CHARGE days (so a day the task missed is caught up, while the charge is still ahead)."""
    horizon = today + dt.timedelta(days=settings.NOTICE_DAYS_BEFORE_CHARGE)
    # A pause with an end on or before the charge date ends by itself (recurring_charges_schedule): it charges.
    resumes = Q(status=RecurringGift.Status.PAUSED, paused_until__lte=F("next_charge_date"))
    return RecurringGift.objects.filter(
        Q(status=RecurringGift.Status.ACTIVE) | resumes,
        Q(frequency=RecurringGift.Frequency.ANNUAL) | Q(membership__isnull=False),
        next_charge_date__gt=today,
        next_charge_date__lte=horizon,
    )


@transaction.atomic
def charge_notices_owe(*, today: dt.date | None = None) -> int:
    """Owe the advance notice of every automatic charge coming within NOTICE_DAYS_BEFORE_CHARGE days, once per
    plan and charge date; returns how many were newly owed."""
    today = today or organisation_today()
    due = {
        charge_notice_key(recurring_gift_id=pk, charge_date=day): (pk, day)
        for pk, day in charge_notice_plans(today=today).values_list("pk", "next_charge_date")
        if day is not None  # filtered above; for the type checker
    }
    owed = set(OutboxMessage.objects.filter(key__in=due).values_list("key", flat=True))
    for key, (pk, day) in due.items():
        if key not in owed:
            outbox_enqueue(
                kind="charge_notice", key=key, payload={"recurring_gift": pk, "charge_date": day.isoformat()}
            )
    return len(due.keys() - owed)


@dataclass(frozen=True)
class UpcomingCharge:
    amount: Money
    # For a renewal: what the last renewal charge took, when the level's price differs from it.
    previous: Money | None


def upcoming_charge(plan: RecurringGift) -> UpcomingCharge:
    """What the plan's next charge will take, as recurring_charges_schedule decides it: a membership renews at its
    level's current price (compared with the last renewal charge), any other plan charges its own amount."""
    if plan.membership is None:
        return UpcomingCharge(amount=Money(plan.amount, plan.currency), previous=None)
    level = plan.membership.level
    price = Money(level.price, level.currency)
    last = (
        RecurringCharge.objects.filter(recurring_gift=plan)
        .exclude(status=RecurringCharge.Status.SKIPPED)
        .order_by("-due_date")
        .values_list("amount", "currency")
        .first()
    )
    last_price = Money(*last) if last else Money(plan.amount, plan.currency)
    changed = (last_price.amount, last_price.currency) != (price.amount, price.currency)
    return UpcomingCharge(amount=price, previous=last_price if changed else None)


def charge_notice_message(*, recurring_gift_id: int, charge_date: dt.date) -> EmailMessage:
    """The advance notice of one automatic charge, with what it will take today; NotOwed when the charge is no
    longer coming on that date (cancelled, paused, skipped or moved) or there is no one to tell."""
    plan = RecurringGift.objects.select_related(
        "constituent", "payment_method", "fund", "membership__level", "membership__constituent"
    ).get(pk=recurring_gift_id)
    resumes = plan.status == RecurringGift.Status.PAUSED and plan.paused_until and plan.paused_until <= charge_date
    if plan.status != RecurringGift.Status.ACTIVE and not resumes:
        raise NotOwed(f"The recurring gift is {plan.get_status_display().lower()}.")
    if plan.next_charge_date != charge_date:
        raise NotOwed("The charge is no longer due on that date (skipped or moved).")
    charge = upcoming_charge(plan)
    context = {
        "donor_name": plan.constituent.preferred_name or plan.constituent.display_name,
        "plan": plan,
        "membership": plan.membership,
        "amount": str(charge.amount),
        "previous_amount": str(charge.previous) if charge.previous else "",
        "charge_date": _date(charge_date),
        "card": _card(plan),
        "giving_url": frontend_url("/portal/giving"),
        "membership_url": frontend_url("/portal"),
    }
    rendered = message_render(messages.CHARGE_NOTICE.key, context)
    return EmailMessage(subject=rendered.subject, body=rendered.text, to=[_recipient(plan.constituent)])


# ---------------------------------------------------------------------------------------------------------
# A recurring gift's amount changed
# ---------------------------------------------------------------------------------------------------------


def recurring_amount_change_owe(*, recurring_gift: RecurringGift) -> OutboxMessage | None:
    """Inside recurring_gift_update, before the plan is saved: owe the donor a message when its amount differs
    from the one stored (the row is locked by the caller, so the comparison holds)."""
    stored = RecurringGift.objects.filter(pk=recurring_gift.pk).values_list("amount", flat=True).get()
    if stored == recurring_gift.amount:
        return None
    changed_at = timezone.now()
    return outbox_enqueue(
        kind="recurring_amount_changed",
        key=f"recurring-amount-changed:{recurring_gift.pk}:{changed_at:%Y%m%dT%H%M%S%f}",
        payload={
            "recurring_gift": recurring_gift.pk,
            "previous": str(stored),
            "amount": str(recurring_gift.amount),
            "currency": recurring_gift.currency,
        },
    )


def recurring_amount_changed_message(*, recurring_gift_id: int, previous: Decimal, amount: Decimal) -> EmailMessage:
    """Tell the donor their recurring gift now takes `amount` (it took `previous`); NotOwed when the gift was
    cancelled or its amount changed again since (the later change has its own message)."""
    plan = RecurringGift.objects.select_related("constituent", "payment_method", "fund").get(pk=recurring_gift_id)
    if plan.status == RecurringGift.Status.CANCELLED:
        raise NotOwed("The recurring gift was cancelled.")
    if plan.amount != amount:
        raise NotOwed("The amount changed again since; that change has its own message.")
    context = {
        "donor_name": plan.constituent.preferred_name or plan.constituent.display_name,
        "plan": plan,
        "frequency": plan.get_frequency_display().lower(),
        "amount": str(Money(amount, plan.currency)),
        "previous_amount": str(Money(previous, plan.currency)),
        "next_charge_date": _date(plan.next_charge_date) if plan.next_charge_date else "",
        "card": _card(plan),
        "giving_url": frontend_url("/portal/giving"),
    }
    rendered = message_render(messages.RECURRING_AMOUNT_CHANGED.key, context)
    return EmailMessage(subject=rendered.subject, body=rendered.text, to=[_recipient(plan.constituent)])


# ---------------------------------------------------------------------------------------------------------
# Senders (registered with the outbox through steward/donations/outbox.py)
# ---------------------------------------------------------------------------------------------------------


def _charge_notice_sent(message: OutboxMessage) -> None:
    """Remember the price the notice announced: the charge it announced takes that price, even if the level's
    price changes between the notice and the charge (the next renewal's notice tells of the change)."""
    plan = RecurringGift.objects.select_related("membership__level").get(pk=message.payload["recurring_gift"])
    announced = upcoming_charge(plan).amount
    OutboxMessage.objects.filter(pk=message.pk).update(
        payload={**message.payload, "amount": str(announced.amount), "currency": announced.currency}
    )


def announced_price(*, recurring_gift_id: int, charge_date: dt.date) -> tuple[Decimal, str] | None:
    """The price the sent advance notice of this charge announced, if one was sent."""
    payload = (
        OutboxMessage.objects.filter(
            key=charge_notice_key(recurring_gift_id=recurring_gift_id, charge_date=charge_date),
            status=OutboxMessage.Status.SENT,
        )
        .values_list("payload", flat=True)
        .first()
    )
    if not payload or "amount" not in payload:
        return None
    return Decimal(payload["amount"]), payload["currency"]


@outbox_sender("charge_notice", after_sent=_charge_notice_sent)
def charge_notice(message: OutboxMessage) -> EmailMessage:
    """The advance notice of an automatic charge."""
    return charge_notice_message(
        recurring_gift_id=message.payload["recurring_gift"],
        charge_date=dt.date.fromisoformat(message.payload["charge_date"]),
    )


@outbox_sender("recurring_amount_changed")
def recurring_amount_changed(message: OutboxMessage) -> EmailMessage:
    """The message that a recurring gift's amount changed."""
    return recurring_amount_changed_message(
        recurring_gift_id=message.payload["recurring_gift"],
        previous=Decimal(message.payload["previous"]),
        amount=Decimal(message.payload["amount"]),
    )
