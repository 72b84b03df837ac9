"""Read queries only the Wagtail staff admin of donations needs: listing querysets shaped for one page of rows,
the figures of a campaign, a donor's giving history and the dashboard panel's figures.

Listing querysets join their foreign keys and compute their figures as correlated subqueries, so a page costs
the same few queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.members.models import Constituent, Email
from steward.members.selectors import constituent_search

from . import settlement
from .models import (
    ZERO,
    Appeal,
    Campaign,
    Gift,
    GiftBatch,
    GivingSummary,
    PaymentAttempt,
    Pledge,
    RecurringGift,
    StripeEvent,
)
from .money import base_currency
from .rollups import MONEY_FIELD, counted_gifts, fiscal_year_start
from .selectors import campaigns_with_progress, progress_percent, subquery_count, subquery_sum

ATTENTION_DAYS = 7


_sum = subquery_sum
_count = subquery_count


def gift_listing_queryset() -> QuerySet[Gift]:
    """Gifts with their donor, fund, campaign, appeal and receipt joined, for the listing and exports."""
    return Gift.objects.select_related("constituent", "fund", "campaign", "appeal", "receipt", "batch")


def gift_page_queryset() -> QuerySet[Gift]:
    """One gift with everything its page shows."""
    return (
        gift_listing_queryset()
        .select_related("payment_method", "recurring_gift", "pledge")
        .prefetch_related("soft_credits__constituent")
    )


def campaign_listing_queryset() -> QuerySet[Campaign]:
    """Campaigns with what they raised (counted gifts, in the organisation's currency, less refunds), their
    number of distinct donors and of gifts, computed in the database."""
    return campaigns_with_progress(Campaign.objects.select_related("parent", "fund"))


def campaign_progress_percent(campaign: Campaign) -> int | None:
    """How far an annotated campaign is towards its goal, both in the organisation's currency, in whole percent
    (None without a goal, or when a goal in another currency has no exchange rate yet)."""
    return progress_percent(raised=campaign.raised, goal=campaign.goal_base)  # type: ignore[attr-defined]


def appeal_listing_queryset() -> QuerySet[Appeal]:
    gifts = counted_gifts().filter(appeal=OuterRef("pk"))
    return Appeal.objects.select_related("campaign").annotate(raised=_sum(gifts, "counted"), gift_count=_count(gifts))


def campaign_appeals(*, campaign: Campaign) -> list[Appeal]:
    """The campaign page's appeals, with what each raised."""
    return list(appeal_listing_queryset().filter(campaign=campaign))


def campaign_latest_gifts(*, campaign: Campaign, limit: int) -> list[Gift]:
    """The campaign page's latest gifts."""
    return list(gift_listing_queryset().filter(campaign=campaign).order_by("-gift_date", "-pk")[:limit])


def batch_listing_queryset() -> QuerySet[GiftBatch]:
    """Batches with the count and total of the gifts entered so far."""
    gifts = Gift.objects.filter(batch=OuterRef("pk"))
    return GiftBatch.objects.select_related("created_by", "posted_by").annotate(
        entered_count=_count(gifts), entered_total=_sum(gifts, "amount")
    )


def recurring_gift_listing_queryset() -> QuerySet[RecurringGift]:
    return RecurringGift.objects.select_related("constituent", "fund", "payment_method")


def pledge_listing_queryset() -> QuerySet[Pledge]:
    """Pledges with what has been paid against them so far (counted gifts)."""
    paid = Gift.objects.filter(
        pledge=OuterRef("pk"), status__in=(Gift.Status.SUCCEEDED, Gift.Status.PARTIALLY_REFUNDED)
    )
    return Pledge.objects.select_related("constituent", "fund", "campaign").annotate(paid=_sum(paid, "amount"))


def stripe_event_listing_queryset() -> QuerySet[StripeEvent]:
    # The payload can be large: the listing never loads it.
    return StripeEvent.objects.defer("payload")


def blocked_attempt_listing_queryset() -> QuerySet[PaymentAttempt]:
    return PaymentAttempt.objects.filter(blocked=True)


# ---------------------------------------------------------------------------------------------------------
# The constituent page
# ---------------------------------------------------------------------------------------------------------


def giving_summary_for(*, constituent: Constituent) -> GivingSummary | None:
    """The donor's stored rollups, if they have given."""
    return GivingSummary.objects.filter(constituent=constituent).first()


def latest_gifts_for(*, constituent: Constituent, limit: int) -> list[Gift]:
    """The donor's latest gifts, every status, newest first."""
    return list(
        Gift.objects.filter(constituent=constituent)
        .select_related("fund", "campaign", "receipt")
        .order_by("-gift_date", "-pk")[:limit]
    )


# ---------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundraisingFigures:
    currency: str
    this_month: Decimal
    this_month_last_year: Decimal
    year_to_date: Decimal
    year_to_date_last_year: Decimal
    # Net revenue: the same gifts less their processing fees (converted with each gift's exchange rate).
    this_month_net: Decimal
    year_to_date_net: Decimal
    awaiting_rate: int  # paid gifts left out of these figures until an exchange rate gives their base amount
    monthly_recurring_revenue: Decimal
    past_due_recurring: int
    failed_gifts_recent: int
    failed_webhook_events: int


def _same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def fundraising_dashboard_figures(*, today: dt.date | None = None) -> FundraisingFigures:
    """Revenue this month and this fiscal year to date against the same periods a year earlier (counted gifts,
    base currency, less refunds; and net of processing fees), monthly recurring revenue, and what needs
    attention, gifts awaiting an exchange rate among it. Five queries."""
    today = today or organisation_today()
    last_year_today = _same_day_last_year(today)
    month_start = today.replace(day=1)
    year_start = fiscal_year_start(today)
    last_month_start = last_year_today.replace(day=1)
    last_year_start = fiscal_year_start(last_year_today)
    zero = Value(ZERO, output_field=MONEY_FIELD)

    def period(start: dt.date, end: dt.date, field: str = "counted") -> Coalesce:
        return Coalesce(Sum(field, filter=Q(gift_date__gte=start, gift_date__lte=end)), zero)

    revenue = counted_gifts().filter(gift_date__gte=min(last_year_start, last_month_start), gift_date__lte=today)
    net = ExpressionWrapper(F("counted") - settlement.fee_in_base(), output_field=MONEY_FIELD)
    totals = revenue.annotate(net=net).aggregate(
        this_month=period(month_start, today),
        this_month_last_year=period(last_month_start, last_year_today),
        year_to_date=period(year_start, today),
        year_to_date_last_year=period(last_year_start, last_year_today),
        this_month_net=period(month_start, today, "net"),
        year_to_date_net=period(year_start, today, "net"),
    )
    monthly = ExpressionWrapper(
        Case(
            When(frequency=RecurringGift.Frequency.MONTHLY, then=F("amount")),
            default=F("amount") / Value(Decimal(12)),
            output_field=DecimalField(max_digits=20, decimal_places=6),
        ),
        output_field=DecimalField(max_digits=20, decimal_places=6),
    )
    recurring = RecurringGift.objects.aggregate(
        mrr=Sum(monthly, filter=Q(status=RecurringGift.Status.ACTIVE, currency=base_currency())),
        past_due=Count("pk", filter=Q(status=RecurringGift.Status.PAST_DUE)),
    )
    since = timezone.now() - dt.timedelta(days=ATTENTION_DAYS)
    failed_gifts = Gift.objects.filter(status=Gift.Status.FAILED, updated_at__gte=since).count()
    failed_events = StripeEvent.objects.filter(status=StripeEvent.Status.FAILED).count()
    return FundraisingFigures(
        currency=base_currency(),
        awaiting_rate=settlement.gifts_awaiting_base_amount().count(),
        monthly_recurring_revenue=(recurring["mrr"] or ZERO).quantize(Decimal("0.01")),
        past_due_recurring=recurring["past_due"],
        failed_gifts_recent=failed_gifts,
        failed_webhook_events=failed_events,
        **{key: value.quantize(Decimal("0.01")) for key, value in totals.items()},
    )


def gift_search(*, queryset: QuerySet[Gift], query: str) -> QuerySet[Gift]:
    """The gift listing's search: the gifts of the constituents staff search finds, and any gift whose
    reference (cheque number, transfer reference) is exactly the query."""
    query = query.strip()
    donors = constituent_search(query=query).values("pk")
    by_reference = Gift.objects.filter(reference=query).order_by().values("pk")
    if not by_reference.exists():
        # The donors' gifts alone: read with their dates from the (constituent, status, gift_date) index.
        return queryset.filter(constituent__in=donors)
    # And the gifts with this exact reference, as one set of ids: an OR of the two would make the database
    # test every gift of the table against both.
    by_donor = Gift.objects.filter(constituent__in=donors).order_by().values("pk")
    return queryset.filter(pk__in=by_donor.union(by_reference, all=True))


DONOR_SEARCH_LIMIT = 10


def batch_donor_search(*, query: str, limit: int = DONOR_SEARCH_LIMIT) -> list[Constituent]:
    """The donors a batch row's search offers: constituents (not merged) matching a name, an email or an id, with
    their primary email annotated (`primary_email`), in name order; nothing for an empty query."""
    query = query.strip()
    if not query:
        return []
    primary_email = Email.objects.filter(constituent=OuterRef("pk"), is_primary=True).values("address")[:1]
    matches = constituent_search(query=query, queryset=Constituent.objects.filter(merged_into__isnull=True))
    return list(
        matches.annotate(primary_email=Subquery(primary_email))
        .only("pk", "display_name", "sort_name", "kind")
        .order_by("sort_name", "pk")[:limit]
    )
