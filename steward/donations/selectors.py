"""Read queries more than one caller needs: the admin, the API and the CMS campaign page."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, F, Func, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from steward.core.dates import organisation_today

from .models import COUNTED_STATUSES, ZERO, Campaign, ExchangeRate, Fund, Gift
from .money import base_currency
from .rollups import MONEY_FIELD, counted_gifts


def subquery_sum(queryset: QuerySet, field: str) -> Coalesce:
    """SUM(field) of a correlated queryset as a scalar subquery (0 when it has no rows)."""
    summed = queryset.order_by().annotate(total=Func(F(field), function="SUM")).values("total")
    return Coalesce(Subquery(summed, output_field=MONEY_FIELD), Value(ZERO, output_field=MONEY_FIELD))


def subquery_count(queryset: QuerySet, expression: str = "pk", *, distinct: bool = False) -> Coalesce:
    """COUNT of a correlated queryset as a scalar subquery (no GROUP BY, so one row, possibly 0)."""
    template = "%(function)s(DISTINCT %(expressions)s)" if distinct else "%(function)s(%(expressions)s)"
    counted = queryset.order_by().annotate(n=Func(F(expression), function="COUNT", template=template)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def campaign_raised() -> Coalesce:
    """What a campaign raised: its counted gifts in the organisation's currency, less refunds."""
    return subquery_sum(counted_gifts().filter(campaign=OuterRef("pk")), "counted")


def campaign_donor_count() -> Coalesce:
    """How many different donors gave to a campaign (counted gifts)."""
    return subquery_count(counted_gifts().filter(campaign=OuterRef("pk")), "constituent_id", distinct=True)


def campaign_goal_in_base(*, on: dt.date | None = None) -> Case:
    """A campaign's goal in the organisation's currency, so that it compares with what was raised (always in
    that currency): the goal itself when the campaign is in it, else converted at the staff-kept exchange rate
    valid on `on` (today); NULL when no rate is known."""
    rate = (
        ExchangeRate.objects.filter(currency=OuterRef("currency"), valid_from__lte=on or organisation_today())
        .order_by("-valid_from")
        .values("rate")[:1]
    )
    return Case(
        When(currency=base_currency(), then=F("goal_amount")),
        default=F("goal_amount") * Subquery(rate),
        output_field=MONEY_FIELD,
    )


def campaigns_with_progress(queryset: QuerySet[Campaign] | None = None) -> QuerySet[Campaign]:
    """Campaigns annotated with `raised`, `goal_base` (the goal in the organisation's currency, as `raised`),
    `donor_count` and `gift_count`, computed in the database."""
    queryset = Campaign.objects.all() if queryset is None else queryset
    return queryset.annotate(
        raised=campaign_raised(),
        goal_base=campaign_goal_in_base(),
        donor_count=campaign_donor_count(),
        gift_count=subquery_count(counted_gifts().filter(campaign=OuterRef("pk"))),
    )


def progress_percent(*, raised: object, goal: object) -> int | None:
    """How far `raised` is towards `goal`, in whole percent (None without a goal)."""
    if not goal:
        return None
    return int(raised * 100 / goal)  # type: ignore[operator]


# How many of a campaign's latest gifts its page lists.
CAMPAIGN_SUPPORTERS_SHOWN = 10


def campaign_recent_supporters(*, limit: int = CAMPAIGN_SUPPORTERS_SHOWN) -> Prefetch:
    """A prefetch of each campaign's latest paid gifts, newest first, `limit` per campaign, into
    `recent_supporter_gifts`: one query for any number of campaigns. Only what a public list may show is loaded
    (the date, the donor's choices and given name): never an email address or a family name."""
    latest = (
        Gift.objects.filter(status__in=COUNTED_STATUSES)
        .select_related("constituent")
        .only("id", "campaign_id", "gift_date", "anonymous", "name_shown", "constituent__given_name")
        .order_by("-gift_date", "-id")[:limit]
    )
    return Prefetch("gifts", queryset=latest, to_attr="recent_supporter_gifts")


def supporter_public_name(gift: Gift) -> str | None:
    """The name a public list may show for a gift: the donor's given name when they asked for it to be shown
    (and did not also ask to be left out), else None, which pages show as "Anonymous"."""
    if not gift.name_shown or gift.anonymous:
        return None
    return gift.constituent.given_name.strip() or None


def campaign_days_left(campaign: Campaign, *, today: dt.date | None = None) -> int | None:
    """Whole days from the organisation's today to the campaign's end date (0 on its last day, negative once it
    ended); None without an end date."""
    if campaign.end_date is None:
        return None
    return (campaign.end_date - (today or organisation_today())).days


def funds_open() -> QuerySet[Fund]:
    """Funds donors may choose online, in display order."""
    return Fund.objects.filter(active=True).order_by("sort_order", "name")
