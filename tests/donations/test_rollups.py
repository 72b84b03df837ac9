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
from steward.donations.models import Gift, GivingSummary, GivingYear
from tests.factories import FundFactory, GiftFactory, HouseholdFactory, IndividualFactory
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


def giving_years():
    return {(y.constituent_id, y.fiscal_year_start): (y.gift_count, y.total) for y in GivingYear.objects.all()}


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
    incremental_years = giving_years()
    # when everything is rebuilt from scratch
    GivingSummary.objects.update(lifetime_total=0, lybunt=True)
    GivingYear.objects.update(gift_count=99)
    call_command("rebuild_rollups", verbosity=0)
    rebuilt = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
    # then the two agree exactly, the fiscal years' rows too
    assert rebuilt == incremental
    assert len(rebuilt) >= 10
    assert giving_years() == incremental_years
    assert len({year for _, year in incremental_years}) == 4  # gifts from July 2022 to March 2026


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
        incremental_years = giving_years()
        rollups.giving_summaries_rebuild()
        rebuilt = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
        assert incremental == rebuilt, (person, amount, day)
        assert incremental_years == giving_years(), (person, amount, day)
    assert summary(bob).largest_gift_date == D(2025, 7, 2)
    assert summary(alice).lybunt is False


def test_a_new_latest_gift_updates_the_rollups_without_recomputing_them():
    household = HouseholdFactory()
    donor = IndividualFactory(household=household)
    give(donor, "40", D(2025, 7, 10))
    sql = " ".join(queries_of(lambda: give(donor, "15", D(2025, 8, 1)))).upper()
    assert "ROW_NUMBER" not in sql
    # the donor's own fiscal year gains the gift; the household gave nothing in its own name
    assert giving_years() == {(donor.pk, D(2025, 7, 1)): (2, Decimal("55.00"))}
    assert (summary(donor).lifetime_total, summary(household).lifetime_total) == (Decimal("55.00"), Decimal("55.00"))
    assert summary(donor).last_gift_amount == Decimal("15.00")


def _random_giving(rng: random.Random) -> None:
    """Donors, two households (one that also gives in its own name), gifts over four fiscal years with
    same-day gifts and equal amounts, other currencies, partial and whole refunds, disputes and failures,
    written straight to the table: the rebuild must find everything from the gifts alone."""
    fund = FundFactory(code="general")
    households = [HouseholdFactory(), HouseholdFactory()]
    people = [IndividualFactory(household=rng.choice([*households, None, None])) for _ in range(12)]
    donors = [*people, households[0]]
    statuses = [Gift.Status.SUCCEEDED] * 6 + [
        Gift.Status.PARTIALLY_REFUNDED,
        Gift.Status.REFUNDED,
        Gift.Status.DISPUTED,
        Gift.Status.FAILED,
    ]
    rows = []
    for _ in range(260):
        amount = Decimal(rng.choice(["5", "10", "10", "25", "33.33", "100", "250"]))
        status = rng.choice(statuses)
        foreign = rng.random() < 0.2
        rows.append(
            Gift(
                constituent=rng.choice(donors),
                amount=amount,
                currency="EUR" if foreign else "USD",
                base_amount=(amount * Decimal("1.0837")).quantize(Decimal("0.01")) if foreign else amount,
                gift_date=D(2022, 7, 1) + dt.timedelta(days=rng.randrange(0, 60) * 23),
                status=status,
                amount_refunded=(amount / 3).quantize(Decimal("0.01"))
                if status == Gift.Status.PARTIALLY_REFUNDED
                else (amount if status == Gift.Status.REFUNDED else Decimal(0)),
                fund=fund,
                method=Gift.Method.CHEQUE,
            )
        )
    Gift.objects.bulk_create(rows)


@pytest.mark.parametrize("chunk", [1, 4, 50_000])
def test_the_database_rebuild_equals_the_python_reference_on_random_data(chunk):
    # given random gifts of donors and households, some refunded, disputed or in another currency, and a
    # stale summary of someone whose gifts no longer count
    from tests.donations.rollups_reference import reference_giving_years, reference_summaries

    _random_giving(random.Random(14))
    lapsed = IndividualFactory()
    GivingSummary.objects.create(constituent=lapsed, lifetime_total=Decimal("9"), lifetime_count=1, fiscal_year=2025)
    GivingYear.objects.create(constituent=lapsed, fiscal_year_start=D(2024, 7, 1), gift_count=1, total=Decimal("9"))
    # when every rollup is rebuilt in the database, chunk by chunk of `chunk` constituent ids
    donors = rollups.giving_summaries_rebuild(today=TODAY, chunk=chunk)
    # then every stored summary equals the one the earlier Python computation makes from the same gifts
    expected = reference_summaries(today=TODAY)
    stored = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
    assert len(expected) > 10
    assert stored == expected
    assert donors == len(expected)
    assert lapsed.pk not in stored
    expected_years = reference_giving_years()
    assert giving_years() == expected_years
    assert {year for _, year in expected_years} == {D(2022, 7, 1), D(2023, 7, 1), D(2024, 7, 1), D(2025, 7, 1)}
    # and when gifts change (one refunded in full, one added, one donor's every gift refunded) and the
    # rollups are rebuilt over the stored ones, the changed summaries follow and the rest stay equal
    changed = Gift.objects.filter(status=Gift.Status.SUCCEEDED).order_by("pk")
    Gift.objects.filter(pk=changed[0].pk).update(status=Gift.Status.REFUNDED, amount_refunded=changed[0].amount)
    GiftFactory(constituent=changed[1].constituent, amount=Decimal("999"), gift_date=TODAY, fund=changed[1].fund)
    gone = IndividualFactory()
    gift = GiftFactory(constituent=gone, amount=Decimal("5"), gift_date=TODAY, fund=changed[1].fund)
    rollups.giving_summaries_rebuild(today=TODAY, chunk=chunk)
    assert GivingSummary.objects.filter(constituent=gone).exists()
    Gift.objects.filter(pk=gift.pk).update(status=Gift.Status.DISPUTED)
    rollups.giving_summaries_rebuild(today=TODAY, chunk=chunk)
    stored = {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()}
    assert stored == reference_summaries(today=TODAY)
    assert stored[changed[1].constituent_id]["largest_gift_amount"] == Decimal("999.00")
    assert gone.pk not in stored
    assert giving_years() == reference_giving_years()
    assert not GivingYear.objects.filter(constituent=gone).exists()


def test_the_refresh_of_some_donors_equals_the_python_reference():
    # given random gifts and no summaries at all
    from tests.donations.rollups_reference import reference_giving_years, reference_summaries

    _random_giving(random.Random(15))
    expected = reference_summaries(today=TODAY)
    # when the donors' rollups are refreshed a few at a time (as gift services do)
    ids = sorted(expected)
    for start in range(0, len(ids), 3):
        rollups.giving_summary_refresh(constituent_ids=ids[start : start + 3], today=TODAY)
    # then they equal the reference too
    assert {s.constituent_id: rollups.summary_values(s) for s in GivingSummary.objects.all()} == expected
    assert giving_years() == reference_giving_years()


@pytest.mark.parametrize(("month", "day"), [(1, 1), (7, 1), (4, 6), (10, 28)])
def test_the_fiscal_year_of_a_date_in_sql_is_the_one_python_gives(settings, month, day):
    # given a fiscal year starting on `month`/`day` and every day of four years, leap days included
    from django.db import connection

    settings.FISCAL_YEAR_START_MONTH, settings.FISCAL_YEAR_START_DAY = month, day
    days = [D(2023, 1, 1) + dt.timedelta(days=n) for n in range(4 * 366)]
    # when the database computes each day's fiscal year
    sql, params = rollups.fiscal_year_sql("days.day")
    cast = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    computed = {}
    with connection.cursor() as cursor:
        for first in range(0, len(days), 400):  # SQLite joins at most 500 SELECTs
            batch = days[first : first + 400]
            values = " UNION ALL ".join([f"SELECT {cast} AS day"] * len(batch))
            cursor.execute(f"SELECT days.day, {sql} FROM ({values}) AS days", [*params, *batch])  # noqa: S608
            computed.update({str(row[0]): str(row[1]) for row in cursor.fetchall()})
    # then it is the first day of the fiscal year as Python counts it, for every day
    expected = {str(d): str(D(d.year if (d.month, d.day) >= (month, day) else d.year - 1, month, day)) for d in days}
    assert computed == expected
