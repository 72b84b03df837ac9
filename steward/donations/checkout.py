"""Services behind the public checkout: who is giving, membership purchases (join, renew, change of level, gift
memberships) paid by card, what happens once a payment succeeds, and saving a new card through a SetupIntent.

Prices of memberships are always the level's, read here; the client only names the level. Every path to a
successful payment (the confirm call's answer, the webhook, reconciliation) goes through
`payment_intent_succeeded`, which records the gift once and then does what the gift paid for, once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, OuterRef

from steward.core.dates import organisation_today
from steward.core.errors import field_error
from steward.members import services as member_services
from steward.members.models import Constituent, EmailConfirmation, Membership, MembershipLevel

from . import payments, recurring, services
from .models import Fund, Gift, PaymentAttempt, PaymentMethod, RecurringGift
from .stripe import client

# ---------------------------------------------------------------------------------------------------------
# Donors and funds
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def donor_find_or_create(*, email: str, given_name: str, family_name: str = "") -> Constituent:
    """The donor record for a signed-out donor: a known person only when nobody else could have steered the match.

    Anyone can type any address into a profile or a donation form, so an address on file proves nothing by itself.
    A record is matched only if the typed name is its name and either its owner proved the address (the portal
    account's sign-up address, or one confirmed through a link sent to it) or it has no portal account at all
    (staff-kept records: no member ever sees their history). Otherwise a new record is made with the name and
    address as typed, tagged as a possible duplicate when the address is already on file, for staff to merge; so
    the gift's receipt always greets the name typed on it. Nothing about a matched record is ever shown back."""
    email = (email or "").strip()
    given_name = (given_name or "").strip()
    family_name = (family_name or "").strip()
    if not given_name:
        raise field_error("given_name", "Enter your name.", code="required")
    try:
        validate_email(email)
    except ValidationError:
        raise field_error("email", "Enter a valid email address for your receipt.", code="invalid") from None

    def same_name(candidate: Constituent) -> bool:
        given = given_name.casefold()
        known = {candidate.given_name.strip().casefold(), candidate.preferred_name.strip().casefold()}
        return given in known and family_name.casefold() == candidate.family_name.strip().casefold()

    on_file = list(
        Constituent.objects.filter(
            emails__address__iexact=email, kind=Constituent.Kind.INDIVIDUAL, merged_into__isnull=True
        )
        .select_related("user")
        .annotate(
            address_confirmed=Exists(
                EmailConfirmation.objects.filter(
                    constituent=OuterRef("pk"), address__iexact=email, confirmed_at__isnull=False
                )
            )
        )
        .order_by("pk")
        .distinct()
    )

    def proven(candidate: Constituent) -> bool:
        user = candidate.user
        if user is None:
            return True
        signed_up_with_it = user.is_active and user.username.lower() == email.lower()
        return signed_up_with_it or bool(candidate.address_confirmed)  # type: ignore[attr-defined]

    named = [candidate for candidate in on_file if same_name(candidate)]
    # A proven account holder first: the person whose inbox it is.
    for candidate in sorted(named, key=lambda c: (c.user_id is None, c.pk)):
        if proven(candidate):
            return candidate
    donor = member_services.constituent_create(
        emails=[email],
        given_name=given_name,
        family_name=family_name,
        source="online donation",
        tags=["possible duplicate"] if on_file else [],
    )
    return donor


def _fund_by_code(code: str) -> Fund | None:
    return Fund.objects.filter(code=code, active=True).first() if code else None


def default_fund() -> Fund:
    """Where a gift goes when the donor picks no fund: DONATION_DEFAULT_FUND, else the first open fund."""
    fund = (
        _fund_by_code(settings.DONATION_DEFAULT_FUND)
        or Fund.objects.filter(active=True).order_by("sort_order", "name").first()
    )
    if fund is None:
        raise field_error("fund", "Online giving is not open yet: no fund is set up.", code="not_configured")
    return fund


def membership_fund() -> Fund:
    """The fund membership payments are recorded in: MEMBERSHIP_FUND, else the default fund."""
    return _fund_by_code(settings.MEMBERSHIP_FUND) or default_fund()


# ---------------------------------------------------------------------------------------------------------
# Membership purchases
# ---------------------------------------------------------------------------------------------------------


def _purchase_check(
    *, payer: Constituent, level: MembershipLevel, membership: Membership | None, beneficiary: Constituent | None
) -> None:
    """Refuse, before any charge, a purchase that could not become a membership."""
    if not level.active or not level.joinable_online:
        raise field_error("level", f"The level '{level}' cannot be bought online.", code="inactive_level")
    if level.price <= 0:
        raise field_error("level", f"The level '{level}' is free: ask us to add you.", code="free_level")
    if membership is None:
        member_services.membership_join_check(constituent=beneficiary or payer, level=level)
        return
    if beneficiary is not None:
        raise field_error("beneficiary", "A gift membership is a new membership.", code="invalid")
    if membership.constituent_id != payer.pk:
        raise field_error("membership", "That membership is not yours.", code="not_yours")
    if membership.cancelled_at is not None:
        raise field_error("membership", "This membership is cancelled; start a new one.", code="cancelled")
    if membership.level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("membership", "A lifetime membership never needs renewing.", code="lifetime")


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
) -> payments.PaymentStarted:
    """Pay for a membership by card: a new one (for the payer, or a gift membership for `beneficiary`), the
    renewal of `membership` at its level, or its move to another level. The price is the level's. The
    membership (or its new term) is made when the payment succeeds, by `membership_purchase_fulfil`.
    The start is counted first, unless the caller already did (`counted_start`: see payments.card_testing_start)."""
    start = counted_start or payments.card_testing_start(client_ip=client_ip)
    if request_key and (repeated := Gift.objects.filter(request_key=request_key).first()) is not None:
        return payments.payment_resume(repeated, constituent=payer, payment_method_id=payment_method_id)
    _purchase_check(payer=payer, level=level, membership=membership, beneficiary=beneficiary)
    if renew_automatically and level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("renew_automatically", "A lifetime membership never renews.", code="lifetime")
    if not payment_method_id:
        raise field_error("payment_method", "Enter your card details.", code="required")
    amount = services.amount_clean(level.price, currency=level.currency)
    fund = membership_fund()
    fingerprint = payments.card_fingerprint(payment_method_id)
    with payments.card_testing_hold(start=start, card_fingerprint=fingerprint):
        saved: PaymentMethod | None = None
        if renew_automatically:
            # A card kept for the renewals: attached to the payer's Stripe customer before the first charge.
            saved = recurring.payment_method_save(constituent=payer, payment_method_id=payment_method_id)
        gift = services.gift_create_pending(
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
        return payments.charge(
            gift,
            payment_method_id=payment_method_id,
            client_ip=start.client_ip,
            fingerprint=fingerprint,
            customer_id=saved.stripe_customer_id if saved else "",
        )


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
    elif membership.level_id == level.pk:
        member_services.membership_renew(membership=membership, amount=gift.amount, gift_id=gift.pk, today=today)
    else:
        member_services.membership_change_level(
            membership=membership, level=level, amount=gift.amount, gift_id=gift.pk, today=today
        )
    membership.refresh_from_db()
    if gift.renew_automatically and gift.payment_method_id and not has_renewal_plan(membership):
        recurring.membership_auto_renew_setup(
            membership=membership,
            payment_method_id=PaymentMethod.objects.get(pk=gift.payment_method_id).stripe_payment_method_id,
            fund=Fund.objects.get(pk=gift.fund_id),
            today=today,
        )
    return membership


def has_renewal_plan(membership: Membership) -> bool:
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
    recurring.membership_auto_renew_setup(
        membership=membership, payment_method_id=payment_method_id, fund=membership_fund()
    )
    membership.refresh_from_db()
    return membership


# ---------------------------------------------------------------------------------------------------------
# A payment succeeded
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def payment_intent_succeeded(
    *,
    payment_intent_id: str,
    amount: Decimal,
    currency: str,
    charge_id: str = "",
    succeeded_at: dt.datetime | None = None,
) -> Gift:
    """Record that a PaymentIntent succeeded, from whichever path learnt it first: the gift once, then what it
    paid for (a recurring installment's bookkeeping, a membership). Raises Gift.DoesNotExist for a
    PaymentIntent Steward did not start (yet)."""
    gift = Gift.objects.get(stripe_payment_intent_id=payment_intent_id)
    if gift.recurring_charge_id:
        if gift.currency != currency.upper():
            raise ValidationError(
                f"Paid in {currency.upper()}, not the gift's {gift.currency}.", code="amount_mismatch"
            )
        paid = recurring.recurring_charge_succeeded(
            payment_intent_id=payment_intent_id, amount=amount, charge_id=charge_id, succeeded_at=succeeded_at
        )
        return paid or gift
    gift = services.gift_mark_succeeded(
        payment_intent_id=payment_intent_id,
        amount=amount,
        currency=currency,
        charge_id=charge_id,
        succeeded_at=succeeded_at,
    )
    if gift.paid:
        # Paid is paid, even if a refund or dispute was told first: what it bought is made once, as it would be
        # had the events come in order (a later refund or dispute does not undo a membership either).
        membership_purchase_fulfil(gift=gift, today=gift.gift_date)
    return gift


# ---------------------------------------------------------------------------------------------------------
# A new card through a SetupIntent (the donor updates the card of a recurring gift)
# ---------------------------------------------------------------------------------------------------------


def card_update_start(*, recurring_gift: RecurringGift) -> client.SetupIntent:
    """A SetupIntent the browser confirms with the new card; applying it (the webhook, or the browser saying it
    is done) moves the recurring gift to that card."""
    if recurring_gift.status == RecurringGift.Status.CANCELLED:
        raise field_error("recurring_gift", "This recurring gift is cancelled.", code="cancelled")
    customer_id = recurring.stripe_customer_for(recurring_gift.constituent)
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
    method = recurring.payment_method_record(
        constituent=constituent,
        customer_id=setup_intent.customer_id,
        payment_method_id=setup_intent.payment_method_id,
    )
    recurring_id = setup_intent.metadata.get("steward_recurring_gift_id")
    plan = RecurringGift.objects.filter(pk=int(recurring_id), constituent=constituent).first() if recurring_id else None
    if plan is not None and plan.status != RecurringGift.Status.CANCELLED and plan.payment_method_id != method.pk:
        recurring.recurring_gift_update(recurring_gift=plan, payment_method=method)
    return method
