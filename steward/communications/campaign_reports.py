"""What became of a campaign: its copies' outcomes (sent, delivered, bounced, opened, clicked, unsubscribed,
complained), the gifts that came from it (gifts carrying its appeal code within its attribution window), the
opens and clicks over time as a chart, and its recipients with their outcome as a spreadsheet."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone

from steward.donations.money import base_currency
from steward.donations.rollups import counted_gifts
from steward.reports.charts import bar_chart

from .models import CampaignRecipient, EmailCampaign

#: Up to this long after sending began, the chart shows hours; after it, days.
HOURLY_FOR = dt.timedelta(hours=72)
#: A chart by day shows at most this many days.
DAYS_SHOWN = 60

RECIPIENT_HEADINGS = [
    "Constituent ID",
    "Name",
    "Address",
    "Subject",
    "Status",
    "Sent",
    "Delivery",
    "First opened",
    "First clicked",
    "Unsubscribed",
    "Error",
]


@dataclass(frozen=True)
class Attributed:
    """Gifts that came from the campaign: they carry its appeal code and were given within its window."""

    code: str
    first_day: dt.date
    last_day: dt.date
    gifts: int
    donors: int
    total: Decimal
    currency: str
    from_recipients: int


@dataclass(frozen=True)
class CampaignReport:
    recipients: int
    sent: int
    waiting: int
    skipped: int
    failed: int
    delivered: int
    bounced: int
    complained: int
    opened: int
    clicked: int
    unsubscribed: int
    attributed: Attributed | None
    figures: list[tuple[str, str, int, str]] = field(default_factory=list)

    def share(self, count: int) -> str:
        """`count` as a share of the copies sent, as staff read it ("12.5%")."""
        return f"{count * 100 / self.sent:.1f}%" if self.sent else "–"


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.ORGANISATION_TIME_ZONE)


def campaign_report(campaign: EmailCampaign) -> CampaignReport:
    """Every figure of the report, in two queries (the copies' outcomes, the attributed gifts)."""
    delivered = ["delivered", "opened", "clicked"]
    counts = CampaignRecipient.objects.filter(campaign=campaign).aggregate(
        recipients=Count("pk"),
        sent=Count("pk", filter=Q(status=CampaignRecipient.Status.SENT)),
        waiting=Count(
            "pk",
            filter=Q(
                status__in=[
                    CampaignRecipient.Status.PENDING,
                    CampaignRecipient.Status.SENDING,
                    CampaignRecipient.Status.HELD,
                ]
            ),
        ),
        skipped=Count("pk", filter=Q(status=CampaignRecipient.Status.SKIPPED)),
        failed=Count("pk", filter=Q(status=CampaignRecipient.Status.FAILED)),
        delivered=Count("pk", filter=Q(delivery__in=delivered)),
        bounced=Count("pk", filter=Q(delivery="bounced")),
        complained=Count("pk", filter=Q(delivery="complained")),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        clicked=Count("pk", filter=Q(clicked_at__isnull=False)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
    )
    report = CampaignReport(**counts, attributed=_attributed(campaign))
    report.figures.extend(
        (key, label, counts[key], report.share(counts[key]))
        for key, label in (
            ("sent", "Sent"),
            ("delivered", "Delivered (as the provider reported)"),
            ("bounced", "Bounced"),
            ("opened", "Opened"),
            ("clicked", "Clicked"),
            ("unsubscribed", "Unsubscribed"),
            ("complained", "Marked as spam"),
        )
    )
    return report


def _attributed(campaign: EmailCampaign) -> Attributed | None:
    if not campaign.appeal_code or campaign.started_at is None:
        return None
    first_day = timezone.localtime(campaign.started_at, _zone()).date()
    last_day = first_day + dt.timedelta(days=campaign.attribution_days)
    gifts = counted_gifts().filter(appeal__code=campaign.appeal_code, gift_date__range=(first_day, last_day))
    recipients = CampaignRecipient.objects.filter(campaign=campaign, status=CampaignRecipient.Status.SENT)
    figures = gifts.aggregate(
        gifts=Count("pk"),
        donors=Count("constituent_id", distinct=True),
        total=Sum("counted"),
        from_recipients=Count("pk", filter=Q(constituent_id__in=recipients.values("constituent_id"))),
    )
    currency = base_currency()
    return Attributed(
        code=campaign.appeal_code,
        first_day=first_day,
        last_day=last_day,
        gifts=figures["gifts"],
        donors=figures["donors"],
        total=Decimal(figures["total"] or 0).quantize(Decimal("0.01")),
        currency=currency,
        from_recipients=figures["from_recipients"],
    )


@dataclass(frozen=True)
class Engagement:
    """First opens and first clicks per hour (or per day) since sending began, zero where there were none."""

    by: str  # "hour" or "day"
    labels: list[str]
    opens: list[int]
    clicks: list[int]


def engagement_over_time(campaign: EmailCampaign, *, now: dt.datetime | None = None) -> Engagement:
    zone = _zone()
    now = now or timezone.now()
    if campaign.started_at is None:
        return Engagement(by="hour", labels=[], opens=[], clicks=[])
    start = timezone.localtime(campaign.started_at, zone)
    hourly = now - campaign.started_at <= HOURLY_FOR
    if hourly:
        first = start.replace(minute=0, second=0, microsecond=0)
        steps = int((timezone.localtime(now, zone) - first) / dt.timedelta(hours=1)) + 1
        slots = [first + dt.timedelta(hours=n) for n in range(steps)]
        trunc, label = TruncHour, "%-d %b %H:00"
    else:
        first = start.replace(hour=0, minute=0, second=0, microsecond=0)
        days = min(DAYS_SHOWN, (timezone.localtime(now, zone).date() - first.date()).days + 1)
        slots = [first + dt.timedelta(days=n) for n in range(days)]
        trunc, label = TruncDay, "%-d %b"
    recipients = CampaignRecipient.objects.filter(campaign=campaign)

    def counted(column: str) -> dict[str, int]:
        rows = (
            recipients.filter(**{f"{column}__isnull": False})
            .annotate(slot=trunc(column, tzinfo=zone))
            .values("slot")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {timezone.localtime(row["slot"], zone).strftime(label): row["n"] for row in rows}

    opens, clicks = counted("opened_at"), counted("clicked_at")
    labels = [slot.strftime(label) for slot in slots]
    return Engagement(
        by="hour" if hourly else "day",
        labels=labels,
        opens=[opens.get(name, 0) for name in labels],
        clicks=[clicks.get(name, 0) for name in labels],
    )


def engagement_chart(engagement: Engagement) -> str:
    """The opens and clicks over time as an SVG bar chart (the opens dark, the clicks pale beside them)."""
    return bar_chart(
        engagement.labels,
        engagement.opens,
        previous=engagement.clicks,
        title=f"First opens and clicks by {engagement.by}",
        label="Opens",
        previous_label="Clicks",
        time_axis=True,
    )


def recipient_rows(campaign: EmailCampaign) -> Iterator[list[object]]:
    """The campaign's recipients with their outcome, a row each, read in chunks."""
    zone = _zone()
    subjects = {"a": "A", "b": "B", "": ""}
    statuses = dict(CampaignRecipient.Status.choices)

    def when(value: dt.datetime | None) -> str:
        return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M") if value else ""

    rows = (
        CampaignRecipient.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list(
            "constituent_id",
            "constituent__display_name",
            "address",
            "variant",
            "status",
            "sent_at",
            "delivery",
            "opened_at",
            "clicked_at",
            "unsubscribed_at",
            "last_error",
        )
    )
    for person, name, address, variant, status, sent, delivery, opened, clicked, unsubscribed, error in rows.iterator(
        chunk_size=2000
    ):
        yield [
            person,
            name,
            address,
            subjects.get(variant, variant),
            statuses.get(status, status),
            when(sent),
            delivery,
            when(opened),
            when(clicked),
            when(unsubscribed),
            error,
        ]
