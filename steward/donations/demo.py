"""Demo fundraising data: funds, campaigns (one with a CMS page), appeals, five years of gifts for most of the
demo constituents (bulk-inserted, set-based), tributes and soft credits, and the donor rollups."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page

from steward.core.demo import Progress, bulk_insert
from steward.members.models import Constituent
from steward.site.models import CampaignPage, HomePage

from .models import Appeal, Campaign, Fund, Gift
from .money import base_currency
from .rollups import giving_summaries_rebuild

FUNDS = [
    ("general", "General fund", False, "Where the need is greatest."),
    ("membership", "Membership dues", False, "Membership payments."),
    ("scholarships", "Scholarships", True, "Bursaries for young members' courses."),
    ("city-gardens", "City gardens", True, "Planting and caring for community gardens."),
]
AMOUNTS = [Decimal(value) for value in ("10", "20", "25", "35", "50", "75", "100", "150", "250", "500", "1000")]
STATUSES = [Gift.Status.SUCCEEDED] * 96 + [Gift.Status.REFUNDED, Gift.Status.PARTIALLY_REFUNDED] * 2
METHODS = ["card"] * 6 + ["bank_transfer", "cheque", "cash"]
TRIBUTE_NAMES = ["Somchai Jaidee", "Батбаяр Дорж", "陳美玲", "Margaret Ellis"]


@dataclass
class DonationsSummary:
    gifts: int = 0
    donors: int = 0
    seconds: float = 0.0


def demo_donations_present() -> bool:
    return Gift.objects.exists()


@transaction.atomic
def demo_donations_build(*, today: dt.date, seed: int, progress: Progress | None = None) -> DonationsSummary:
    """Funds, campaigns and gifts for about 60% of the individuals (once: nothing if gifts exist)."""
    started = time.perf_counter()
    summary = DonationsSummary()
    if demo_donations_present():
        return summary
    rng = random.Random(seed + 17)  # noqa: S311 - repeatable demo data, not secrets
    currency = base_currency()
    funds = {
        code: Fund.objects.get_or_create(
            code=code, defaults={"name": name, "restricted": restricted, "description": text, "sort_order": n}
        )[0]
        for n, (code, name, restricted, text) in enumerate(FUNDS)
    }
    campaigns = _campaigns(today, currency, funds)
    appeals = [
        Appeal.objects.get_or_create(code=code, defaults={"name": name, "channel": channel, "campaign": campaign})[0]
        for code, name, channel, campaign in [
            ("SPRING-EMAIL", "Spring email", Appeal.Channel.EMAIL, campaigns[0]),
            ("GARDENS-LETTER", "Gardens letter", Appeal.Channel.MAIL, campaigns[1]),
        ]
    ]
    individuals = list(
        Constituent.objects.filter(kind=Constituent.Kind.INDIVIDUAL, deceased=False).values_list("pk", flat=True)
    )
    donors = rng.sample(individuals, int(len(individuals) * 0.6))
    rows: list[dict[str, Any]] = []
    for donor in donors:
        for _ in range(rng.choice([1, 1, 2, 3, 4, 6])):
            rows.append(_gift(rng, today, donor, currency, funds, campaigns, appeals))
            if len(rows) >= 20_000:
                summary.gifts += len(bulk_insert(Gift, rows))
                rows = []
    if rows:
        summary.gifts += len(bulk_insert(Gift, rows))
    summary.donors = giving_summaries_rebuild()
    _campaign_page(campaigns[1])
    summary.seconds = time.perf_counter() - started
    if progress:
        progress(f"  {'gifts':<28}{summary.gifts:>10,}  {summary.seconds:6.1f}s")
    return summary


def _campaigns(today: dt.date, currency: str, funds: dict[str, Fund]) -> list[Campaign]:
    spring, _ = Campaign.objects.get_or_create(
        slug="spring-appeal",
        defaults={
            "name": "Spring appeal",
            "goal_amount": Decimal("50000"),
            "currency": currency,
            "start_date": today - dt.timedelta(days=400),
            "fund": funds["general"],
        },
    )
    gardens, _ = Campaign.objects.get_or_create(
        slug="city-gardens",
        defaults={
            "name": "A garden in every district",
            "description": "Twelve new community gardens in three years.",
            "goal_amount": Decimal("120000"),
            "currency": currency,
            "start_date": today - dt.timedelta(days=700),
            "end_date": today + dt.timedelta(days=400),
            "fund": funds["city-gardens"],
        },
    )
    return [spring, gardens]


def _gift(
    rng: random.Random,
    today: dt.date,
    donor: int,
    currency: str,
    funds: dict[str, Fund],
    campaigns: list[Campaign],
    appeals: list[Appeal],
) -> dict[str, Any]:
    amount = rng.choice(AMOUNTS)
    status = rng.choice(STATUSES)
    refunded = (
        amount if status == Gift.Status.REFUNDED else (amount / 2 if status == Gift.Status.PARTIALLY_REFUNDED else 0)
    )
    campaign = rng.choice([None, None, *campaigns])
    fund = campaign.fund if campaign and campaign.fund else funds[rng.choice(["general", "general", "scholarships"])]
    gift_date = today - dt.timedelta(days=rng.randrange(5 * 365))
    row: dict[str, Any] = {
        "constituent_id": donor,
        "amount": amount,
        "currency": currency,
        "base_amount": amount,
        "gift_date": gift_date,
        "status": status,
        "method": rng.choice(METHODS),
        "fund_id": fund.pk,
        "campaign_id": campaign.pk if campaign else None,
        "appeal_id": rng.choice(appeals).pk if campaign and rng.random() < 0.5 else None,
        "amount_refunded": Decimal(refunded),
        "processing_fee": (amount * Decimal("0.029") + Decimal("0.30")).quantize(Decimal("0.01")),
        # Two donors in three asked for their given name on the campaign page (from the id: the seeded random
        # sequence, which the rest of the demo depends on, is left as it was).
        "name_shown": donor % 3 != 0,
    }
    if rng.random() < 0.03:
        row["tribute_type"] = rng.choice([Gift.Tribute.HONOUR, Gift.Tribute.MEMORY])
        row["tribute_name"] = rng.choice(TRIBUTE_NAMES)
    return row


def _campaign_page(campaign: Campaign) -> None:
    home = HomePage.objects.first()
    if home is None or CampaignPage.objects.filter(campaign=campaign).exists():
        return
    page = CampaignPage(
        title="A garden in every district",
        slug="gardens" if not home.get_children().filter(slug="gardens").exists() else f"gardens-{campaign.pk}",
        campaign=campaign,
        hero_image=get_image_model().objects.order_by("pk").first(),  # the site demo's banner
        intro="Help us plant twelve community gardens where people meet, grow food and cool the city.",
        show_in_menus=True,
        body=[
            {"type": "heading", "value": {"text": "Why gardens", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Every garden is run by the members who live around it.</p>"},
        ],
    )
    Page.objects.get(pk=home.pk).add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
