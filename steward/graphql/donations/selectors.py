"""Read queries only the API needs for donations: who may see which gifts, and a donor's giving summary."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from steward.donations import receipts
from steward.donations.models import COUNTED_STATUSES, Gift, GivingSummary, RecurringGift
from steward.members.models import Constituent

VIEW_GIFT = "donations.view_gift"
VIEW_RECURRING_GIFT = "donations.view_recurringgift"


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def gifts_visible_to(*, user: Any, queryset: QuerySet[Gift]) -> QuerySet[Gift]:
    """Fundraising staff see every gift; a donor sees their own; nobody else sees any."""
    if not _signed_in(user):
        return queryset.none()
    if user.has_perm(VIEW_GIFT):
        return queryset
    return queryset.filter(constituent__user_id=user.pk, constituent__merged_into__isnull=True)


def recurring_gifts_visible_to(*, user: Any, queryset: QuerySet[RecurringGift]) -> QuerySet[RecurringGift]:
    """Fundraising staff see every recurring gift; a donor sees their own."""
    if not _signed_in(user):
        return queryset.none()
    if user.has_perm(VIEW_RECURRING_GIFT):
        return queryset
    return queryset.filter(constituent__user_id=user.pk, constituent__merged_into__isnull=True)


def own_gifts(*, constituent: Constituent) -> QuerySet[Gift]:
    """A donor's gifts that happened (not abandoned pending or failed attempts), newest first."""
    return (
        Gift.objects.filter(constituent=constituent)
        .exclude(status__in=[Gift.Status.PENDING, Gift.Status.FAILED])
        .order_by("-gift_date", "-pk")
    )


def own_recurring_gifts(*, constituent: Constituent) -> QuerySet[RecurringGift]:
    """A donor's recurring gifts, live ones first, newest first."""
    return RecurringGift.objects.filter(constituent=constituent).order_by("cancelled_at", "-created_at", "-pk")


def own_recurring_gift(*, constituent: Constituent, pk: int) -> RecurringGift | None:
    return RecurringGift.objects.filter(constituent=constituent, pk=pk).select_related("payment_method").first()


def giving_summary(*, constituent: Constituent) -> GivingSummary | None:
    return GivingSummary.objects.filter(constituent=constituent).first()


def statement_years(*, constituent: Constituent) -> list[int]:
    """Tax years in which the donor has counted gifts, newest first."""
    # Distinct days, not years: a tax year need not start on 1 January (one donor's gift days are few).
    days = Gift.objects.filter(constituent=constituent, status__in=COUNTED_STATUSES).dates("gift_date", "day")
    return sorted({receipts.receipt_tax_year(day) for day in days}, reverse=True)
