"""Donor rollups: right after every gift, refund and dispute, and equal to a from-scratch rebuild."""

import datetime as dt
import itertools
import random
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from steward.donations import gifts, rollups
from steward.donations.models import Gift, GivingSummary
from tests.factories import FundFactory, HouseholdFactory, IndividualFactory
from tests.utils import error_codes, queries_of

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 3, 15)  # with a 1 July fiscal year: this FY began 1 July 2025, last FY 1 July 2024


@pytest.fixture(autouse=True)
def _july_fiscal_year(settings, monkeypatch):
    settings.FISCAL_YEAR_START_MONTH = 7
    settings.FISCAL_YEAR_START_DAY = 1
    settings.STEWARD_BASE_CURRENCY = "USD"
    monkeypatch.setattr("steward.donations.rollups.organisation_today", lambda: TODAY)


def give(person, amount, day, currency="USD", **kwargs):
    return gifts.gift_record(
        constituent=person,
        amount=Decimal(amount),
        currency=currency,
        fund=kwargs.pop("fund", None) or FundFactory(code="general"),
        method=Gift.Method.CHEQUE,
        gift_date=day,
        **kwargs,
    )


def online_gift(person, amount, day, intent):
    gift = gifts.gift_create_pending(
        constituent=person, amount=Decimal(amount), currency="USD", fund=FundFactory(code="general")
    )
    gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=intent)
    gift = gifts.gift_mark_succeeded(payment_intent_id=intent, amount=Decimal(amount), currency="usd")
    Gift.objects.filter(pk=gift.pk).update(gift_date=day, stripe_charge_id=f"ch_{intent}")
    rollups.giving_summary_refresh(constituent_ids=[person.pk])
    return Gift.objects.get(pk=gift.pk)


def summary(person):
    return GivingSummary.objects.get(constituent=person)


def test_rollups_after_gifts():
    # given gifts in the fiscal year before last, last year and this year
    donor = IndividualFactory()
    give(donor, "25.00", D(2023, 9, 1))
    give(donor, "500.00", D(2024, 12, 24))
    give(donor, "40.00", D(2026, 1, 5))
    s = summary(donor)
    # then the totals, the first, last and largest gifts and the fiscal years are right
    assert (s.lifetime_total, s.lifetime_count) == (Decimal("565.00"), 3)
    assert (s.first_gift_date, s.first_gift_amount) == (D(2023, 9, 1), Decimal("25.00"))
    assert (s.last_gift_date, s.last_gift_amount) == (D(2026, 1, 5), Decimal("40.00"))
    assert (s.largest_gift_amount, s.largest_gift_date) == (Decimal("500.00"), D(2024, 12, 24))
    assert (s.this_fy_total, s.last_fy_total, s.fiscal_year) == (Decimal("40.00"), Decimal("500.00"), 2025)
    assert (s.lybunt, s.sybunt) == (False, False)


def test_lybunt_and_sybunt():
    lybunt, sybunt, current = IndividualFactory(), IndividualFactory(), IndividualFactory()
    give(lybunt, "50", D(2025, 1, 10))  # last FY only
    give(sybunt, "50", D(2023, 1, 10))  # before last FY only
    give(current, "50", D(2023, 1, 10))
    give(current, "50", D(2025, 8, 1))  # this FY
    assert (summary(lybunt).lybunt, summary(lybunt).sybunt) == (True, False)
    assert (summary(sybunt).lybunt, summary(sybunt).sybunt) == (False, True)
    assert (summary(current).lybunt, summary(current).sybunt) == (False, False)


def test_household_rollups_include_members_and_its_own_gifts():
    household = HouseholdFactory()
    alice, bob = IndividualFactory(household=household), IndividualFactory(household=household)
    give(alice, "100", D(2025, 9, 1))
    give(bob, "250", D(2024, 9, 1))
    give(household, "30", D(2026, 2, 1))
    s = summary(household)
    assert (s.lifetime_total, s.lifetime_count) == (Decimal("380.00"), 3)
    assert (s.first_gift_date, s.first_gift_amount) == (D(2024, 9, 1), Decimal("250.00"))
    assert (s.last_gift_date, s.last_gift_amount) == (D(2026, 2, 1), Decimal("30.00"))
    assert s.largest_gift_amount == Decimal("250.00")
    assert s.this_fy_total == Decimal("130.00")
    assert summary(alice).lifetime_total == Decimal("100.00")


_dispute_times = itertools.count()


def dispute(gift, status):
    """Stripe tells of the gift's dispute, each time a second later."""
    at = timezone.now() + dt.timedelta(seconds=next(_dispute_times))
    gifts.gift_record_dispute(charge_id=gift.stripe_charge_id, status=status, at=at)


def test_refunds_and_disputes_keep_rollups_right():
    donor = IndividualFactory()
    gift = online_gift(donor, "100.00", D(2025, 10, 1), "pi_a")
    online_gift(donor, "20.00", D(2025, 11, 1), "pi_b")
    assert summary(donor).lifetime_total == Decimal("120.00")
    # a partial refund
    gifts.gift_record_refund(charge_id=gift.stripe_charge_id, total_refunded=Decimal("30.00"))
    assert summary(donor).lifetime_total == Decimal("90.00")
    assert Gift.objects.get(pk=gift.pk).status == Gift.Status.PARTIALLY_REFUNDED
    # the same refund reported again changes nothing
    gifts.gift_record_refund(charge_id=gift.stripe_charge_id, total_refunded=Decimal("30.00"))
    assert summary(donor).lifetime_total == Decimal("90.00")
    # a dispute takes the gift out of the totals; winning it puts it back
    dispute(gift, "needs_response")
    assert summary(donor).lifetime_total == Decimal("20.00")
    assert summary(donor).largest_gift_amount == Decimal("20.00")
    dispute(gift, "won")
    assert summary(donor).lifetime_total == Decimal("90.00")
    # a full refund of the other gift
    gifts.gift_record_refund(payment_intent_id="pi_b", total_refunded=Decimal("20.00"))
    assert summary(donor).lifetime_count == 1
    assert Gift.objects.get(stripe_payment_intent_id="pi_b").status == Gift.Status.REFUNDED


def test_donor_with_nothing_left_has_no_summary():
    donor = IndividualFactory()
    online_gift(donor, "10.00", D(2025, 10, 1), "pi_only")
    gifts.gift_record_refund(payment_intent_id="pi_only", total_refunded=Decimal("10.00"))
    assert not GivingSummary.objects.filter(constituent=donor).exists()


def test_foreign_currency_needs_the_base_amount():
    donor = IndividualFactory()
    with pytest.raises(ValidationError) as error:
        give(donor, "1000", D(2025, 10, 1), currency="THB")
    assert "required" in error_codes(error.value)
    assert Gift.objects.count() == 0
    give(donor, "1000", D(2025, 10, 1), currency="THB", base_amount=Decimal("29.50"))
    assert summary(donor).lifetime_total == Decimal("29.50")


def test_incremental_rollups_equal_a_rebuild():
    # given many donors with random gifts, refunds and disputes, each applied incrementally
    rng = random.Random(7)
    household = HouseholdFactory()
    donors = [IndividualFactory(household=household if i < 3 else None) for i in range(12)] + [household]
    intents = []
    for n in range(120):
        donor = rng.choice(donors)
        day = D(2022, 7, 1) + dt.timedelta(days=rng.randrange(0, 1350))
        amount = Decimal(rng.choice(["5", "10", "25", "50", "100", "1000"]))
        if rng.random() < 0.5:
            give(donor, amount, day)
        else:
            intents.append((online_gift(donor, amount, day, f"pi_{n}"), amount))
    for gift, amount in rng.sample(intents, 15):
        gifts.gift_record_refund(charge_id=gift.stripe_charge_id, total_refunded=amount / 2)
    for gift, _ in rng.sample(intents, 8):
        dispute(gift, rng.choice(["needs_response", "lost", "won"]))
    incremental = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
    # when everything is rebuilt from scratch
    GivingSummary.objects.update(lifetime_total=0, lybunt=True)
    call_command("rebuild_rollups", verbosity=0)
    rebuilt = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
    # then the two agree exactly
    assert rebuilt == incremental
    assert len(rebuilt) >= 10


def test_rollups_computed_independently_from_the_rows():
    rng = random.Random(11)
    donors = [IndividualFactory() for _ in range(6)]
    for _ in range(60):
        give(rng.choice(donors), Decimal(rng.randrange(1, 500)), D(2023, 1, 1) + dt.timedelta(days=rng.randrange(1200)))
    for donor in donors:
        gifts = list(Gift.objects.filter(constituent=donor))
        if not gifts:
            continue
        s = summary(donor)
        this_fy = [g for g in gifts if D(2025, 7, 1) <= g.gift_date <= TODAY]
        last_fy = [g for g in gifts if D(2024, 7, 1) <= g.gift_date < D(2025, 7, 1)]
        assert s.lifetime_total == sum(g.amount for g in gifts)
        assert s.lifetime_count == len(gifts)
        assert s.largest_gift_amount == max(g.amount for g in gifts)
        assert s.first_gift_date == min(g.gift_date for g in gifts)
        assert s.this_fy_total == sum((g.amount for g in this_fy), Decimal(0))
        assert s.last_fy_total == sum((g.amount for g in last_fy), Decimal(0))


def test_the_one_update_path_for_a_new_latest_gift_equals_a_rebuild_at_every_step():
    # given donors with summaries, some in a household, and gifts arriving in date order this fiscal year
    # (the path that updates by arithmetic), with same-day gifts, equal largest amounts and a household's own
    # gift mixed in (the paths that fall back to the full refresh)
    household = HouseholdFactory()
    alice, bob = IndividualFactory(household=household), IndividualFactory()
    give(alice, "40", D(2024, 3, 1))  # last fiscal year: LYBUNT until she gives again
    give(bob, "10", D(2025, 7, 2))
    steps = [
        (alice, "25", D(2025, 8, 1)),
        (bob, "10", D(2025, 9, 1)),  # equal to his largest: the earlier gift stays the largest
        (alice, "60", D(2025, 9, 15)),  # a new largest
        (alice, "5", D(2025, 9, 15)),  # same day as her last gift
        (household, "100", D(2025, 10, 1)),
        (bob, "7", D(2025, 8, 20)),  # older than his last gift
        (alice, "1", TODAY),
    ]
    for person, amount, day in steps:
        give(person, amount, day)
        incremental = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
        rollups.giving_summaries_rebuild()
        rebuilt = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
        assert incremental == rebuilt, (person, amount, day)
    assert summary(bob).largest_gift_date == D(2025, 7, 2)
    assert summary(alice).lybunt is False


def test_a_new_latest_gift_updates_the_rollups_without_recomputing_them():
    household = HouseholdFactory()
    donor = IndividualFactory(household=household)
    give(donor, "40", D(2025, 7, 10))
    sql = " ".join(queries_of(lambda: give(donor, "15", D(2025, 8, 1)))).upper()
    assert "ROW_NUMBER" not in sql
    assert (summary(donor).lifetime_total, summary(household).lifetime_total) == (Decimal("55.00"), Decimal("55.00"))
    assert summary(donor).last_gift_amount == Decimal("15.00")
