"""Memberships: their status from their terms, joining, renewing, changing level, cancelling, automatic renewal,
and the nightly status refresh."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.core.errors import field_error

from ..models import (
    Constituent,
    Membership,
    MembershipLevel,
    MembershipTerm,
    term_end_for,
)


def membership_status(*, membership: Membership, today: dt.date | None = None) -> str:
    """The status a membership has on `today`, derived from its terms alone (the one rule for status).

    cancelled beats everything; a started lifetime term or a term covering today is current; only future
    terms is pending; otherwise the latest end plus the level's grace days decides grace or expired.
    Uses `membership.terms.all()`, so prefetch the terms (and the level) when deriving many.
    """
    today = today or organisation_today()
    if membership.cancelled_at is not None:
        return Membership.Status.CANCELLED
    terms = list(membership.terms.all())
    started = [term for term in terms if term.start_date <= today]
    if not started:
        return Membership.Status.PENDING
    if any(term.end_date is None or term.end_date >= today for term in started):
        return Membership.Status.CURRENT
    last_end = max(term.end_date for term in started if term.end_date is not None)
    if (today - last_end).days <= membership.level.grace_days:
        return Membership.Status.GRACE
    return Membership.Status.EXPIRED


def _store_membership_dates(membership: Membership) -> None:
    bounds = membership.terms.aggregate(start=Min("start_date"), end=Max("end_date"))
    lifetime = membership.terms.filter(end_date__isnull=True).exists()
    membership.start_date = bounds["start"]
    membership.end_date = None if lifetime else bounds["end"]


def _store_status(membership: Membership, today: dt.date) -> None:
    status = membership_status(membership=membership, today=today)
    if status != membership.status:
        membership.status = status
        membership.status_changed_at = timezone.now()


def _validate_amount(amount: Decimal | None, level: MembershipLevel) -> Decimal:
    if amount is None:
        return level.price
    if not isinstance(amount, Decimal):
        raise field_error("amount", "Amounts are decimals.", code="invalid")
    if amount < 0:
        raise field_error("amount", "The amount cannot be negative.", code="negative")
    if amount > Decimal("1000000"):
        raise field_error("amount", "The amount is implausibly large.", code="too_large")
    return amount


@transaction.atomic
def membership_create(
    *,
    constituent: Constituent,
    level: MembershipLevel,
    start_date: dt.date | None = None,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    purchased_by: Constituent | None = None,
    auto_renew: bool = False,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> Membership:
    """Start a membership of a level with its first term (a gift membership when someone else paid)."""
    today = today or organisation_today()
    membership_join_check(constituent=constituent, level=level)
    membership = Membership.objects.create(
        constituent=constituent,
        level=level,
        purchased_by=purchased_by,
        auto_renew=auto_renew and level.term != MembershipLevel.Term.LIFETIME,
    )
    membership_term_add(
        membership=membership,
        start_date=start_date or today,
        amount=amount,
        paid_by=paid_by,
        gift_id=gift_id,
        today=today,
    )
    membership.refresh_from_db()
    return membership


def membership_join_check(*, constituent: Constituent, level: MembershipLevel) -> None:
    """Raise the error `membership_create` would, before anyone pays for a membership that cannot be made."""
    if not level.active:
        raise field_error("level", f"The level '{level}' is no longer offered.", code="inactive_level")
    if level.covers_household and constituent.kind == Constituent.Kind.ORGANIZATION:
        raise field_error("level", "A household level is for a household or a person.", code="invalid")
    if (
        Membership.objects.filter(constituent=constituent, level=level)
        .exclude(status__in=[Membership.Status.EXPIRED, Membership.Status.CANCELLED])
        .exists()
    ):
        raise field_error("level", "This constituent already has this membership; renew it instead.", code="duplicate")


@transaction.atomic
def membership_term_add(
    *,
    membership: Membership,
    start_date: dt.date,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> MembershipTerm:
    """Add one term to a membership at its level's price and length, and store its dates and status."""
    today = today or organisation_today()
    membership = Membership.objects.select_for_update().select_related("level").get(pk=membership.pk)
    level = membership.level
    overlapping = membership.terms.filter(start_date__lte=start_date).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if overlapping.exists():
        raise field_error("start_date", "This membership is already paid for on that date.", code="overlap")
    term = MembershipTerm(
        membership=membership,
        level=level,
        start_date=start_date,
        end_date=term_end_for(start=start_date, term=level.term),
        amount=_validate_amount(amount, level),
        currency=level.currency,
        paid_by=paid_by,
        gift_id=gift_id,
    )
    term.full_clean()
    term.save()
    _store_membership_dates(membership)
    _store_status(membership, today)
    membership.save(update_fields=["start_date", "end_date", "status", "status_changed_at", "updated_at"])
    return term


@transaction.atomic
def membership_renew(
    *,
    membership: Membership,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> MembershipTerm:
    """Add the next term: it follows the last one without a gap, or starts today once the grace period ended."""
    today = today or organisation_today()
    membership = Membership.objects.select_for_update().select_related("level").get(pk=membership.pk)
    if membership.cancelled_at is not None:
        raise ValidationError("A cancelled membership cannot be renewed; start a new one.", code="cancelled")
    if membership.level.term == MembershipLevel.Term.LIFETIME:
        raise ValidationError("A lifetime membership never needs renewing.", code="lifetime")
    start, _ = membership_next_term(membership=membership, level=membership.level, today=today)
    return membership_term_add(
        membership=membership, start_date=start, amount=amount, paid_by=paid_by, gift_id=gift_id, today=today
    )


def membership_next_term(
    *, membership: Membership | None, level: MembershipLevel, today: dt.date
) -> tuple[dt.date, dt.date | None]:
    """The first and last day of the term a payment for `level` adds (the last None for a lifetime level): what
    `membership_renew`, `membership_change_level` and `membership_create` do, for a quote before paying.

    Joining, or moving to another level, starts a full term today; renewing at the same level follows the last
    term without a gap, or starts today once the grace period ended."""
    start = today
    if membership is not None and membership.level_id == level.pk:
        last_end = membership.terms.aggregate(end=Max("end_date"))["end"]
        if last_end is not None and membership_status(membership=membership, today=today) != Membership.Status.EXPIRED:
            start = last_end + dt.timedelta(days=1)
    return start, term_end_for(start=start, term=level.term)


@transaction.atomic
def membership_change_level(
    *,
    membership: Membership,
    level: MembershipLevel,
    amount: Decimal | None = None,
    paid_by: str = MembershipTerm.PaidBy.CARD,
    gift_id: int | None = None,
    today: dt.date | None = None,
) -> MembershipTerm:
    """Move a membership to another level from today (an upgrade, or a change of level): the paid term that
    covers today ends yesterday, a term that would have started today or later is withdrawn, and a full term
    of the new level starts today at its price. No pro-rating: the new term is paid in full."""
    today = today or organisation_today()
    membership = Membership.objects.select_for_update().select_related("level").get(pk=membership.pk)
    if membership.cancelled_at is not None:
        raise field_error(
            "membership", "A cancelled membership cannot change level; start a new one.", code="cancelled"
        )
    if level.pk == membership.level_id:
        raise field_error("level", "This membership is already at that level; renew it instead.", code="same_level")
    if not level.active:
        raise field_error("level", f"The level '{level}' is no longer offered.", code="inactive_level")
    if membership.level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("membership", "A lifetime membership does not change level.", code="lifetime")
    membership.terms.filter(start_date__gte=today).delete()
    membership.terms.filter(start_date__lt=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).update(
        end_date=today - dt.timedelta(days=1)
    )
    membership.level = level
    membership.save(update_fields=["level", "updated_at"])
    return membership_term_add(
        membership=membership, start_date=today, amount=amount, paid_by=paid_by, gift_id=gift_id, today=today
    )


@transaction.atomic
def membership_cancel(*, membership: Membership, reason: str = "") -> Membership:
    """Cancel a membership now; its paid terms stay in the history."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.cancelled_at is not None:
        return membership
    membership.cancelled_at = timezone.now()
    membership.cancellation_reason = reason
    membership.auto_renew = False
    membership.status = Membership.Status.CANCELLED
    membership.status_changed_at = membership.cancelled_at
    membership.save()
    return membership


@transaction.atomic
def membership_set_auto_renew(*, membership: Membership, auto_renew: bool) -> Membership:
    """Turn automatic renewal on or off."""
    if auto_renew and membership.level.term == MembershipLevel.Term.LIFETIME:
        raise field_error("auto_renew", "A lifetime membership never renews.", code="lifetime")
    if auto_renew and membership.status == Membership.Status.CANCELLED:
        raise field_error("auto_renew", "This membership is cancelled.", code="cancelled")
    membership.auto_renew = auto_renew
    membership.save(update_fields=["auto_renew", "updated_at"])
    return membership


def membership_statuses_refresh(*, today: dt.date | None = None, batch_size: int = 2000) -> int:
    """Store the derived status of every membership whose status may have changed; returns how many changed.

    Works in batches with the terms prefetched, writing only the rows that changed, so the daily run over a
    large membership stays a handful of queries per batch.
    """
    today = today or organisation_today()
    changed = 0
    queryset = (
        Membership.objects.filter(cancelled_at__isnull=True)
        .select_related("level")
        .prefetch_related("terms")
        .order_by("pk")
    )
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        now = timezone.now()
        dirty = []
        for membership in batch:
            status = membership_status(membership=membership, today=today)
            if status != membership.status:
                membership.status, membership.status_changed_at = status, now
                dirty.append(membership)
        with transaction.atomic():
            Membership.objects.bulk_update(dirty, ["status", "status_changed_at"])
        changed += len(dirty)
    return changed
