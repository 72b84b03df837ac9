"""Membership purchases and automatic renewal: what may be bought online (join, renew, change of level, a gift
membership for someone else), what a paid purchase makes, and a membership that renews itself through a plan.

The fourth layer of the donations domain, with recurring (README, "Layers"): it uses recurring (a renewal plan
is a recurring gift), payments (the kept card) and gifts, and the members services that make memberships.
Prices are always the level's, read here; the client only names the level.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils.html import strip_tags

from steward.core.dates import organisation_today
from steward.core.errors import field_error
from steward.core.links import frontend_url
from steward.core.message_templates import message_render
from steward.core.outbox import NotOwed, outbox_enqueue
from steward.members import accounts
from steward.members import services as member_services
from steward.members.card import membership_card_pdf
from steward.members.models import Constituent, Email, Membership, MembershipLevel
from steward.site.models import OrganisationSettings

from . import gifts, messages, payments, receipts, recurring
from .models import Fund, Gift, PaymentMethod, Receipt, RecurringGift


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
    method = payments.payment_method_save(constituent=membership.constituent, payment_method_id=payment_method_id)
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


def membership_purchase_check(
    *,
    payer: Constituent,
    level: MembershipLevel,
    membership: Membership | None,
    beneficiary: Constituent | None,
    renew_automatically: bool,
    payment_method_id: str,
) -> None:
    """Refuse, before any charge, a purchase that could not become a membership."""
    membership_level_check(level=level, renew_automatically=renew_automatically)
    if membership is None:
        member_services.membership_join_check(constituent=beneficiary or payer, level=level)
    else:
        _renewal_check(payer=payer, membership=membership, beneficiary=beneficiary)
    if not payment_method_id:
        raise field_error("payment_method", "Enter your card details.", code="required")


def membership_level_check(*, level: MembershipLevel, renew_automatically: bool) -> None:
    """What a level itself allows online, whoever buys it: bought online, not free, a lifetime one not renewed."""
    if not level.active or not level.joinable_online:
        raise field_error("level", f"The level '{level}' cannot be bought online.", code="inactive_level")
    if level.price <= 0:
        raise field_error("level", f"The level '{level}' is free: ask us to add you.", code="free_level")
    if renew_automatically and level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("renew_automatically", "A lifetime membership never renews.", code="lifetime")


def _renewal_check(*, payer: Constituent, membership: Membership, beneficiary: Constituent | None) -> None:
    if beneficiary is not None:
        raise field_error("beneficiary", "A gift membership is a new membership.", code="invalid")
    if membership.constituent_id != payer.pk:
        raise field_error("membership", "That membership is not yours.", code="not_yours")
    if membership.cancelled_at is not None:
        raise field_error("membership", "This membership is cancelled; start a new one.", code="cancelled")
    if membership.level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("membership", "A lifetime membership never needs renewing.", code="lifetime")


def membership_gift_recipient(*, payer: Constituent, email: str, given_name: str, family_name: str = "") -> Constituent:
    """The person a gift membership is for (found by their email and name, or recorded): someone other than the
    payer."""
    recipient = gifts.donor_find_or_create(email=email, given_name=given_name, family_name=family_name)
    if recipient.pk == payer.pk:
        raise field_error("gift_for", "A gift membership is for someone else.", code="invalid")
    return recipient


def membership_purchase_fulfil(*, gift: Gift, today: dt.date | None = None) -> Membership | None:
    """Make what a paid membership gift bought, once: the new membership, the renewal or the new level, and
    automatic renewal when asked for. Called inside the transaction that marks the gift succeeded."""
    if gift.purpose != Gift.Purpose.MEMBERSHIP or gift.recurring_charge_id or gift.membership_level_id is None:
        return None
    today = today or organisation_today()
    fulfilled = Membership.objects.filter(terms__gift_id=gift.pk).first()
    if fulfilled is not None:
        return fulfilled  # a replayed event changes nothing
    level = MembershipLevel.objects.get(pk=gift.membership_level_id)
    membership = gift.membership
    if membership is None:
        holder = gift.beneficiary if gift.beneficiary is not None else gift.constituent
        same_level = (
            Membership.objects.filter(constituent=holder, level=level, cancelled_at__isnull=True)
            .exclude(status=Membership.Status.EXPIRED)
            .first()
        )
        if same_level is not None:
            # Bought twice (two tabs, or a gift for someone who joined meanwhile): the payment renews it.
            membership = same_level
            member_services.membership_renew(membership=membership, amount=gift.amount, gift_id=gift.pk, today=today)
        else:
            membership = member_services.membership_create(
                constituent=holder,
                level=level,
                amount=gift.amount,
                purchased_by=gift.constituent if gift.beneficiary_id else None,
                gift_id=gift.pk,
                today=today,
            )
        Gift.objects.filter(pk=gift.pk).update(membership=membership)
        gift.membership = membership
    elif membership.level_id == level.pk:
        member_services.membership_renew(membership=membership, amount=gift.amount, gift_id=gift.pk, today=today)
    else:
        member_services.membership_change_level(
            membership=membership, level=level, amount=gift.amount, gift_id=gift.pk, today=today
        )
    membership.refresh_from_db()
    if gift.renew_automatically and gift.payment_method_id and not membership_has_renewal_plan(membership=membership):
        membership_auto_renew_setup(
            membership=membership,
            payment_method_id=PaymentMethod.objects.get(pk=gift.payment_method_id).stripe_payment_method_id,
            fund=Fund.objects.get(pk=gift.fund_id),
            today=today,
        )
    if receipts.membership_welcome_carries_receipt(gift):
        outbox_enqueue(kind="membership_welcome", key=f"membership-welcome:{gift.pk}", payload={"gift": gift.pk})
    return membership


def membership_has_renewal_plan(*, membership: Membership) -> bool:
    """Whether the membership already renews itself with a live recurring plan."""
    return RecurringGift.objects.filter(membership=membership).exclude(status=RecurringGift.Status.CANCELLED).exists()


@transaction.atomic
def membership_auto_renew_set(*, membership: Membership, auto_renew: bool, payment_method_id: str = "") -> Membership:
    """Turn a membership's automatic renewal on (with a new card, or the member's default saved card) or off
    (its renewal plan is cancelled; the paid term runs on)."""
    plan = RecurringGift.objects.filter(membership=membership).exclude(status=RecurringGift.Status.CANCELLED).first()
    if not auto_renew:
        if plan is not None:
            recurring.recurring_gift_cancel(recurring_gift=plan, reason="Automatic renewal turned off.")
        return member_services.membership_set_auto_renew(membership=membership, auto_renew=False)
    if plan is not None:
        return member_services.membership_set_auto_renew(membership=membership, auto_renew=True)
    if not payment_method_id:
        saved = (
            PaymentMethod.objects.filter(constituent_id=membership.constituent_id, detached_at__isnull=True)
            .order_by("-is_default", "-pk")
            .first()
        )
        if saved is None or not saved.usable:
            raise field_error("payment_method", "Enter the card to renew with.", code="required")
        payment_method_id = saved.stripe_payment_method_id
    membership_auto_renew_setup(
        membership=membership, payment_method_id=payment_method_id, fund=gifts.membership_fund()
    )
    membership.refresh_from_db()
    return membership


# ---------------------------------------------------------------------------------------------------------
# What a renewal or a change of level costs, and the welcome email once paid
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurchaseQuote:
    """What paying for a level charges now and the paid term it buys (end None: no end, a lifetime level)."""

    amount: Decimal
    currency: str
    start_date: dt.date
    end_date: dt.date | None


def membership_purchase_quote(
    *,
    payer: Constituent | None,
    level: MembershipLevel,
    membership: Membership | None,
    today: dt.date | None = None,
) -> PurchaseQuote:
    """What `membership_purchase_start` would charge for this level and the term the payment would add, from
    the same rules the fulfilment uses (members' membership_next_term); nothing is written. Refuses, with the
    purchase's own errors, what could not be bought."""
    today = today or organisation_today()
    if not level.active or not level.joinable_online:
        raise field_error("level", f"The level '{level}' cannot be bought online.", code="inactive_level")
    if membership is not None:
        if payer is None:
            raise field_error("membership", "That membership is not yours.", code="not_yours")
        _renewal_check(payer=payer, membership=membership, beneficiary=None)
    start, end = member_services.membership_next_term(membership=membership, level=level, today=today)
    return PurchaseQuote(
        amount=gifts.amount_clean(level.price, currency=level.currency),
        currency=level.currency,
        start_date=start,
        end_date=end,
    )


def _primary_address(constituent: Constituent) -> str:
    email = Email.objects.filter(constituent=constituent).order_by("-is_primary", "id").first()
    return email.address if email else ""


def membership_welcome_message(*, gift_id: int) -> EmailMultiAlternatives:
    """The welcome for a paid membership (joined, renewed or moved to a new level): what the level gives, the
    dates it runs, the membership card and the receipt attached (the card's download needs a session, so the
    email links to the portal, where it is, rather than to the download), and the link that confirms the
    account's email while it is unconfirmed. NotOwed when there is no one to send it to."""
    gift = Gift.objects.select_related("constituent", "membership__level", "membership__constituent").get(pk=gift_id)
    membership = gift.membership
    if membership is None:
        raise NotOwed("The payment made no membership.")
    address = _primary_address(gift.constituent)
    if not address:
        raise NotOwed("The member has no email address.")
    receipt = Receipt.objects.filter(gift=gift, voided_at__isnull=True).order_by("pk").first()
    user = User.objects.filter(pk=gift.constituent.user_id).first() if gift.constituent.user_id else None
    level = membership.level
    first_term = gift.pk == membership.terms.order_by("start_date", "pk").values_list("gift_id", flat=True).first()
    term = membership.terms.filter(gift_id=gift.pk).first()
    if term is None:
        raise NotOwed("No term of the membership was paid by this gift.")
    context = {
        "name": gift.constituent.preferred_name or gift.constituent.given_name or gift.constituent.display_name,
        "organisation": OrganisationSettings.load(),
        "level": level.name,
        "description": strip_tags(level.description).strip() if level.description else "",
        "benefits": level.benefit_list,
        "joined": first_term,
        "start": receipts.date_display(term.start_date),
        "end": receipts.date_display(term.end_date) if term.end_date else "",
        "renews": membership.auto_renew,
        "amount": receipts.money_display(gift.amount, gift.currency),
        "receipt": receipt.display_number if receipt else "",
        "deductible": receipts.money_display(receipt.deductible_amount, receipt.currency) if receipt else "",
        "portal_link": frontend_url("/portal/"),
        "confirm_link": accounts.account_confirm_link(user=user) if user is not None else None,
        "hours": settings.ACCOUNT_VERIFY_EMAIL_MAX_AGE_HOURS,
    }
    rendered = message_render(messages.MEMBERSHIP_WELCOME.key, context)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[address],
        reply_to=[context["organisation"].email] if context["organisation"].email else None,
    )
    message.attach(f"membership-card-{membership.pk}.pdf", membership_card_pdf(membership), "application/pdf")
    if receipt is not None:
        message.attach(receipts.receipt_filename(receipt), receipts.receipt_pdf(receipt), "application/pdf")
    return message


def membership_welcome_sent(*, gift_id: int) -> None:
    """Remember that the receipt the welcome carried reached the mail server."""
    for receipt_id in Receipt.objects.filter(gift_id=gift_id, voided_at__isnull=True).values_list("pk", flat=True):
        receipts.receipt_emailed(receipt_id=receipt_id)
