"""A fixed data set for the reports tests: people, memberships with terms, gifts and volunteer hours spread over
2024–2026, written straight to the tables (seeded, so every run has the same rows)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from steward.donations.models import RecurringGift
from steward.donations.rollups import giving_summaries_rebuild
from steward.members.models import Address, Constituent, Membership, MembershipTerm
from steward.volunteers.models import HoursEntry, Opportunity
from tests.factories import (
    CampaignFactory,
    FundFactory,
    GiftFactory,
    HouseholdFactory,
    IndividualFactory,
    MembershipLevelFactory,
    RecurringGiftFactory,
)
from tests.volunteers.factories import HoursEntryFactory, VolunteerProfileFactory

START = dt.date(2024, 1, 1)
END = dt.date(2026, 12, 31)
COUNTRIES = [("TH", "Bangkok"), ("TH", "Chiang Mai"), ("GB", "England"), ("MN", ""), ("TW", "Taipei")]
GENDERS = ["female", "male", "Female", "", "non-binary"]


@dataclass
class DataSet:
    people: list[Constituent]
    levels: list[Any]
    funds: list[Any]
    campaigns: list[Any]
    opportunities: list[Opportunity]


def _day(rng: random.Random, start: dt.date = START, end: dt.date = END) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


@pytest.fixture
def dataset(db) -> DataSet:
    rng = random.Random(20260301)
    levels = [
        MembershipLevelFactory(name=name, slug=name.lower(), sort_order=i)
        for i, name in enumerate(["Basic", "Family", "Patron"])
    ]
    funds = [FundFactory(name=name, code=name.lower()) for name in ["General", "Library", "Scholarships"]]
    campaigns = [
        CampaignFactory(
            name="Spring appeal 2026",
            slug="spring-2026",
            goal_amount=Decimal("5000"),
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2026, 6, 30),
        ),
        CampaignFactory(
            name="Roof 2025",
            slug="roof-2025",
            goal_amount=Decimal("20000"),
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2025, 12, 31),
        ),
        CampaignFactory(name="No goal", slug="no-goal", goal_amount=Decimal("0")),
    ]
    opportunities = [
        Opportunity.objects.create(title=title, is_online=True) for title in ["Library help", "Garden", "Events"]
    ]
    household = HouseholdFactory(organization_name="The Srisuk household")
    people = []
    for index in range(60):
        birth = (
            None if index % 7 == 0 else dt.date(1940 + rng.randrange(70), rng.randrange(1, 13), rng.randrange(1, 29))
        )
        person = IndividualFactory(
            given_name=f"Person{index}",
            family_name=f"Family{index % 9}",
            birth_date=birth,
            gender=GENDERS[index % len(GENDERS)],
            household=household if index % 10 == 0 else None,
            do_not_email=index % 6 == 0,
        )
        if index % 8 != 0:
            country, region = COUNTRIES[index % len(COUNTRIES)]
            Address.objects.create(
                constituent=person, line1=f"{index} Road", city="City", region=region, country=country, is_primary=True
            )
        people.append(person)
    for index, person in enumerate(people[:45]):
        level = levels[index % 3]
        membership = Membership.objects.create(constituent=person, level=level, status=Membership.Status.CURRENT)
        start = _day(rng, START, dt.date(2025, 12, 31))
        for term_number in range(1 + index % 3):
            end = start + dt.timedelta(days=364 if index % 5 else 90)
            term_level = levels[(index + term_number) % 3]
            MembershipTerm.objects.create(
                membership=membership,
                level=term_level,
                start_date=start,
                end_date=end,
                amount=Decimal("50"),
                currency="USD",
            )
            start = end + dt.timedelta(days=1 + (index % 4) * 20)
        if index == 44:  # a lifetime term
            MembershipTerm.objects.create(
                membership=membership,
                level=levels[2],
                start_date=dt.date(2024, 6, 1),
                end_date=None,
                amount=Decimal("900"),
                currency="USD",
            )
    recurring = RecurringGiftFactory(
        constituent=people[3], amount=Decimal("20"), currency="USD", fund=funds[0], status=RecurringGift.Status.ACTIVE
    )
    statuses = ["succeeded"] * 8 + ["refunded", "partially_refunded", "failed", "pending"]
    for index in range(320):
        donor = people[rng.randrange(50)]
        amount = Decimal(rng.choice(["10", "25", "50", "100", "250", "1000", "75.50"]))
        status = rng.choice(statuses)
        GiftFactory(
            constituent=donor,
            amount=amount,
            currency="USD",
            base_amount=amount,
            amount_refunded=(amount / 2).quantize(Decimal("0.01"))
            if status == "partially_refunded"
            else (amount if status == "refunded" else Decimal("0")),
            gift_date=_day(rng),
            status=status,
            fund=funds[index % 3],
            campaign=campaigns[index % 4] if index % 4 < 3 else None,
            anonymous=index % 13 == 0,
            recurring_gift=recurring if donor == people[3] and index % 2 else None,
        )
    for index, person in enumerate(people[20:58]):
        VolunteerProfileFactory(constituent=person)
        for entry in range(index % 4):
            HoursEntryFactory(
                constituent=person,
                opportunity=opportunities[(index + entry) % 3],
                date=_day(rng, dt.date(2025, 1, 1), END),
                hours=Decimal(rng.choice(["1.5", "2", "3.25", "4"])),
                source=HoursEntry.Source.STAFF,
                status=rng.choice(
                    [HoursEntry.Status.APPROVED] * 3 + [HoursEntry.Status.PENDING, HoursEntry.Status.REJECTED]
                ),
            )
    # The rows above bypass the gift services, which keep the rollups; build them as those would have.
    giving_summaries_rebuild()
    return DataSet(people=people, levels=levels, funds=funds, campaigns=campaigns, opportunities=opportunities)
