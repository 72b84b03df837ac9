"""The paths that keep segments and the board pack fast at scale give the same answers as the gifts themselves,
and their queries can use the indexes made for them (tests.plans: a dropped or unusable index fails here)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection

from steward.donations import settlement
from steward.donations.models import Gift, GivingSummary
from steward.donations.rollups import giving_summaries_rebuild
from steward.members.models import Constituent, Membership, MembershipTerm
from steward.reports import figures, selectors
from steward.reports.conditions import validate_conditions
from steward.reports.figures import period_containing
from tests.factories import (
    CampaignFactory,
    FundFactory,
    GiftFactory,
    HouseholdFactory,
    IndividualFactory,
    MembershipLevelFactory,
)
from tests.plans import assert_no_seq_scan, assert_uses_index, plan_of, postgresql_only

TODAY = dt.date(2026, 3, 15)
THIS_FY = dt.date(2026, 1, 1)  # the test settings' fiscal year starts on 1 January
LAST_FY = dt.date(2025, 1, 1)
COUNTED = ("succeeded", "partially_refunded")


# ---------------------------------------------------------------------------------------------------------
# Segments on the rollups select who the gifts say
# ---------------------------------------------------------------------------------------------------------


def _giving_from_gifts() -> dict[int, dict]:
    """Each donor's giving read straight from the gift rows: counted gifts (succeeded or partially refunded,
    with a base amount) at their value less the refunded share; a household gets its members' gifts too."""
    household_of = dict(Constituent.objects.values_list("pk", "household_id"))
    giving: dict[int, dict] = defaultdict(
        lambda: {"total": Decimal(0), "this_fy": Decimal(0), "last_fy": Decimal(0), "earlier": 0, "dates": []}
    )
    giving_values: dict[int, list[Decimal]] = defaultdict(list)
    for gift in Gift.objects.filter(status__in=COUNTED, base_amount__isnull=False):
        value = gift.base_amount - gift.amount_refunded * gift.base_amount / gift.amount
        for donor in filter(None, (gift.constituent_id, household_of[gift.constituent_id])):
            row = giving[donor]
            row["total"] += value
            row["dates"].append(gift.gift_date)
            giving_values[donor].append(value)
            if THIS_FY <= gift.gift_date <= TODAY:
                row["this_fy"] += value
            elif LAST_FY <= gift.gift_date < THIS_FY:
                row["last_fy"] += value
            elif gift.gift_date < LAST_FY:
                row["earlier"] += 1
    for donor, row in giving.items():
        row["largest"] = max(giving_values[donor])
        row["first"], row["last"] = min(row["dates"]), max(row["dates"])
        row["lybunt"] = row["last_fy"] > 0 and row["this_fy"] == 0
        row["sybunt"] = row["earlier"] > 0 and row["this_fy"] == 0 and row["last_fy"] == 0
    return dict(giving)


def _members(conditions) -> set[int]:
    validate_conditions(conditions)
    return set(selectors.conditions_members(conditions=conditions, today=TODAY).values_list("pk", flat=True))


def test_segments_on_the_rollups_select_who_the_gifts_say(dataset):
    # given the rollups rebuilt on the day the segments are counted
    giving_summaries_rebuild(today=TODAY)
    giving = _giving_from_gifts()
    everyone = set(Constituent.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    donors = set(giving)

    def who(test) -> set[int]:
        return {pk for pk, row in giving.items() if test(row)}

    lybunt = who(lambda row: row["lybunt"])
    big = who(lambda row: row["total"] >= 250)
    recent_first = who(lambda row: row["first"] >= LAST_FY)
    # then every giving condition, alone, under "any" and under "not", selects the people the gifts say
    cases = [
        ({"field": "lifetime_total", "min": "500"}, who(lambda row: row["total"] >= 500)),
        ({"field": "lifetime_total", "max": "100"}, (everyone - donors) | who(lambda row: row["total"] <= 100)),
        ({"field": "this_fy_total", "min": "1"}, who(lambda row: row["this_fy"] >= 1)),
        ({"field": "this_fy_total", "max": "0"}, (everyone - donors) | who(lambda row: row["this_fy"] <= 0)),
        ({"field": "last_fy_total", "min": "1", "max": "300"}, who(lambda row: 1 <= row["last_fy"] <= 300)),
        ({"field": "largest_gift", "min": "1000"}, who(lambda row: row["largest"] >= 1000)),
        ({"field": "first_gift_date", "from": "fy_start"}, who(lambda row: row["first"] >= THIS_FY)),
        ({"field": "last_gift_date", "to": "2025-06-30"}, who(lambda row: row["last"] <= dt.date(2025, 6, 30))),
        ({"field": "lybunt", "value": True}, lybunt),
        ({"field": "lybunt", "value": False}, everyone - lybunt),
        ({"field": "sybunt", "value": True}, who(lambda row: row["sybunt"])),
        ({"not": {"field": "lifetime_total", "min": "250"}}, everyone - big),
        ({"not": {"field": "first_gift_date", "from": "last_fy_start"}}, everyone - recent_first),
        (
            {"any": [{"field": "lybunt", "value": True}, {"field": "lifetime_total", "max": "50"}]},
            lybunt | (everyone - donors) | who(lambda row: row["total"] <= 50),
        ),
        (
            {"all": [{"field": "last_fy_total", "min": "0.01"}, {"not": {"field": "this_fy_total", "min": "0.01"}}]},
            lybunt,
        ),
        (
            {
                "not": {
                    "any": [
                        {"field": "lifetime_total", "min": "250"},
                        {"field": "first_gift_date", "from": "2025-01-01"},
                    ]
                }
            },
            everyone - (big | recent_first),
        ),
    ]
    for conditions, expected in cases:
        assert _members(conditions) == expected, conditions
    # the data set exercises every branch
    assert lybunt
    assert big
    assert recent_first
    assert everyone - donors


def test_gave_to_fund_with_dates_and_its_negation(dataset):
    gifts = Gift.objects.filter(status__in=COUNTED, fund__code="library", gift_date__gte=THIS_FY)
    gave = set(gifts.values_list("constituent_id", flat=True))
    everyone = set(Constituent.objects.filter(merged_into__isnull=True).values_list("pk", flat=True))
    condition = {"field": "gave_to_fund", "funds": ["library"], "from": "fy_start"}
    assert _members(condition) == gave
    assert _members({"not": condition}) == everyone - gave
    assert gave
    assert everyone - gave


# ---------------------------------------------------------------------------------------------------------
# New donors from the stored first-gift dates
# ---------------------------------------------------------------------------------------------------------

MARCH_2030 = period_containing("month", dt.date(2030, 3, 10))


def test_new_donors_are_counted_from_the_rollups_as_from_the_gifts(db):
    # given donors in March 2030 (and before, and after), written straight to the tables
    fund = FundFactory()

    def gift(donor, day, **fields):
        GiftFactory(constituent=donor, gift_date=day, fund=fund, **fields)

    first_in_march = IndividualFactory()
    gift(first_in_march, dt.date(2030, 3, 5))
    gave_before = IndividualFactory()
    gift(gave_before, dt.date(2029, 12, 1))
    gift(gave_before, dt.date(2030, 3, 10))
    refunded_before = IndividualFactory()  # a wholly refunded gift does not count
    gift(refunded_before, dt.date(2029, 5, 1), status="refunded", amount_refunded=Decimal("100.00"))
    gift(refunded_before, dt.date(2030, 3, 2))
    failed_before = IndividualFactory()
    gift(failed_before, dt.date(2029, 6, 1), status="failed")
    gift(failed_before, dt.date(2030, 3, 3))
    no_rate_before = IndividualFactory()  # a gift with no base amount yet is left out of every total
    gift(no_rate_before, dt.date(2029, 7, 1), currency="JPY", amount=Decimal("5000"))
    gift(no_rate_before, dt.date(2030, 3, 4))
    partly_refunded_before = IndividualFactory()  # a partly refunded gift still counts
    gift(partly_refunded_before, dt.date(2029, 8, 1), status="partially_refunded", amount_refunded=Decimal("10"))
    gift(partly_refunded_before, dt.date(2030, 3, 6))
    only_after = IndividualFactory()
    gift(only_after, dt.date(2030, 4, 2))
    # a household giving for the first time in its own name, whose member gave (only) years before: its
    # rollups start with the member's gift, but it is a new donor
    household = HouseholdFactory()
    gift(IndividualFactory(household=household), dt.date(2027, 1, 1))
    gift(household, dt.date(2030, 3, 25))
    # a household that gives nothing itself, whose member's first gift is in March: the member is new, the
    # household is no donor
    quiet_household = HouseholdFactory()
    new_member = IndividualFactory(household=quiet_household)
    gift(new_member, dt.date(2030, 3, 3))
    # a household that gave in its own name before
    old_household = HouseholdFactory()
    gift(old_household, dt.date(2028, 2, 2))
    gift(old_household, dt.date(2030, 3, 8))
    giving_summaries_rebuild(today=dt.date(2030, 4, 15))
    # when the month's figures are computed
    result = figures.fundraising_figures(MARCH_2030)
    # then the new donors are those whose first counted gift is in March
    new = [first_in_march, refunded_before, failed_before, no_rate_before, new_member, household]
    assert result.new_donors == len(new)
    assert result.donors == len(new) + 3  # gave_before, partly_refunded_before, old_household
    assert figures.new_donor_count(MARCH_2030.start, MARCH_2030.end) == len(new)


def test_donor_retention_looks_only_at_the_two_periods(db):
    fund = FundFactory()
    kept, lost, older = IndividualFactory(), IndividualFactory(), IndividualFactory()
    for donor, days in (
        (kept, [dt.date(2029, 3, 3), dt.date(2030, 3, 3)]),
        (lost, [dt.date(2029, 3, 9)]),
        (older, [dt.date(2028, 3, 3), dt.date(2029, 4, 1), dt.date(2030, 3, 12)]),
    ):
        for day in days:
            GiftFactory(constituent=donor, gift_date=day, fund=fund)
    giving_summaries_rebuild(today=dt.date(2030, 4, 15))
    result = figures.fundraising_figures(MARCH_2030)
    assert (result.donors, result.donors_year_before, result.retained_donors) == (2, 2, 1)
    assert result.new_donors == 0
    assert result.donor_retention_rate == Decimal("50.0")


# ---------------------------------------------------------------------------------------------------------
# Plans: the indexes made for these queries stay usable
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def some_gifts(db):
    fund = FundFactory(code="general")
    donors = [IndividualFactory() for _ in range(3)]
    for index, donor in enumerate(donors):
        GiftFactory(constituent=donor, fund=fund, gift_date=dt.date(2026, 1, 10 + index))
    giving_summaries_rebuild(today=TODAY)
    return donors


@postgresql_only
def test_top_gifts_are_read_in_order_from_the_counted_value_index(some_gifts):
    period = period_containing("year", TODAY)
    # read in order from the index: with sorting priced out too, the plan must be able to do without one
    assert_uses_index(figures.top_gifts_queryset(period), "gift_counted_value_idx", off=("seqscan", "sort"))
    assert [gift.gift_date for gift in figures.top_gifts(period, show_names=False)] == [
        dt.date(2026, 1, 10),
        dt.date(2026, 1, 11),
        dt.date(2026, 1, 12),
    ]


@postgresql_only
def test_gifts_awaiting_a_rate_are_found_through_their_partial_index(some_gifts):
    period = period_containing("year", TODAY)
    awaiting = settlement.gifts_awaiting_base_amount().filter(gift_date__gte=period.start, gift_date__lte=period.end)
    assert_uses_index(awaiting, "gift_awaiting_rate_idx")


@postgresql_only
def test_first_gifts_and_lifetime_totals_are_found_through_the_rollup_indexes(some_gifts):
    # the board pack's new donors, and what "first gift between" and "lifetime giving" segments can start from
    # (on a table this small a segment's join may as well start from the constituents)
    assert_uses_index(figures.first_gifts_between(THIS_FY, TODAY), "givingsummary_first_gift_idx")
    assert_uses_index(GivingSummary.objects.filter(lifetime_total__gte=1000), "givingsummary_lifetime_idx")


@postgresql_only
def test_not_gave_to_fund_reads_the_gifts_through_an_index(some_gifts):
    members = selectors.conditions_members(
        conditions={"not": {"field": "gave_to_fund", "funds": ["general"], "from": "fy_start"}}, today=TODAY
    )
    # (which index is the planner's choice on a table this small; on a large one gift_fund_date_donor_idx
    # answers from the index alone)
    assert_no_seq_scan(members, "donations_gift")


@postgresql_only
def test_giving_conditions_under_any_and_not_are_a_join_not_a_subplan_per_person(some_gifts):
    conditions = {
        "any": [{"not": {"field": "lybunt", "value": True}}, {"field": "lifetime_total", "max": "50"}],
    }
    members = selectors.conditions_members(conditions=conditions, today=TODAY)
    sql = str(members.query)
    assert 'JOIN "donations_givingsummary"' in sql
    assert "EXISTS" not in sql


@postgresql_only
def test_the_period_totals_and_donors_are_read_from_the_counted_period_index(some_gifts):
    period = period_containing("year", TODAY)
    assert_uses_index(figures.period_gift_groups(period.start, period.end), "gift_counted_period_idx")
    quarter = period_containing("quarter", TODAY)
    quarters = [quarter, quarter.year_before(), quarter.year_before().year_before()]
    sql, params, _ = figures.donor_counts_sql(quarters)
    # each period's donors from the index alone (an OR of the periods read the table: 18,000 heap pages at S)
    plan = plan_of((sql, params))
    assert plan.count("Index Only Scan using gift_counted_period_idx") == 3, plan
    assert_no_seq_scan((sql, params), "donations_gift")


@postgresql_only
def test_a_fiscal_years_donors_are_counted_from_the_giving_years_index(some_gifts):
    # the fiscal years' donors and those who gave again: ranges of givingyear_year_donor_idx, no gifts read
    # (three fiscal years' gifts grouped by donor took 4 s at L)
    period = period_containing("year", TODAY)
    periods = [period, period.year_before(), period.year_before().year_before()]
    sql, params, retained = figures.donor_counts_sql(periods)
    assert len(retained) == 2
    plan = plan_of((sql, params), off=("seqscan", "bitmapscan"))  # a bitmap on a table not vacuumed yet
    assert plan.count("Index Only Scan using givingyear_year_donor_idx") >= 5, plan
    assert "donations_gift" not in plan
    assert_no_seq_scan((sql, params), "donations_givingyear")


@postgresql_only
def test_campaign_progress_reads_the_counted_campaign_index(db):
    campaign = CampaignFactory(goal_amount=Decimal("100.00"), currency="USD")
    GiftFactory(campaign=campaign, gift_date=dt.date(2026, 1, 10), amount=Decimal("30.00"))
    period = period_containing("year", TODAY)
    # on a table this small any index on the campaign will do: ask whether its gifts can be read index-only
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    assert_uses_index(figures.campaign_progress_queryset(period), "gift_counted_campaign_idx")


def test_campaign_progress_counts_gifts_up_to_the_period_end_less_refunds(db):
    # given a campaign (goal 200.00) with, by the end of FY2026: 50.00, 40.00 refunded 10.00, and not counted a
    # failed 70.00; and after the year's end 25.00
    campaign = CampaignFactory(goal_amount=Decimal("200.00"), currency="USD")
    GiftFactory(campaign=campaign, gift_date=dt.date(2025, 6, 1), amount=Decimal("50.00"))
    GiftFactory(
        campaign=campaign,
        gift_date=dt.date(2026, 2, 1),
        amount=Decimal("40.00"),
        amount_refunded=Decimal("10.00"),
        status="partially_refunded",
    )
    GiftFactory(campaign=campaign, gift_date=dt.date(2026, 2, 2), amount=Decimal("70.00"), status="failed")
    GiftFactory(campaign=campaign, gift_date=dt.date(2027, 1, 5), amount=Decimal("25.00"))
    # when the year's progress is computed
    (progress,) = figures.campaign_progress(period_containing("year", TODAY))
    # then it raised 50 + 40 - 10 = 80.00 of 200.00: 40.0 %
    assert (progress.raised, progress.goal, progress.percent) == (Decimal("80.00"), Decimal("200.00"), Decimal("40.0"))


def test_membership_and_donor_counts_of_several_periods_in_one_pass(db):
    # given memberships: one active through both March periods (two terms), one lapsed in March 2029, one
    # joining in March 2030 (so active at its end only)
    fund, level = FundFactory(), MembershipLevelFactory()
    kept, lapsed, joined = IndividualFactory(), IndividualFactory(), IndividualFactory()

    def term(person, start, end):
        membership, _ = Membership.objects.get_or_create(constituent=person, defaults={"level": level})
        MembershipTerm.objects.create(
            membership=membership, level=level, start_date=start, end_date=end, amount=Decimal(50), currency="USD"
        )

    term(kept, dt.date(2028, 1, 1), dt.date(2029, 6, 30))
    term(kept, dt.date(2029, 7, 1), None)
    term(lapsed, dt.date(2028, 3, 20), dt.date(2029, 3, 19))
    term(joined, dt.date(2030, 3, 10), dt.date(2031, 3, 9))
    # and gifts: kept in March 2028, 2029 and 2030; lapsed in March 2029 only; joined in March 2030 only
    for donor, years in ((kept, (2028, 2029, 2030)), (lapsed, (2029,)), (joined, (2030,))):
        for year in years:
            GiftFactory(constituent=donor, fund=fund, gift_date=dt.date(year, 3, 5))
    march = MARCH_2030
    before = march.year_before()
    # when the board pack's one-pass counts are taken
    activity = figures._membership_activity([dt.date(2029, 3, 31)], [march, before])
    donors = figures._donor_counts([march, before, before.year_before()])
    # then, worked out by hand from the terms and gifts above
    assert activity.active_on[march.start] == 1  # kept
    assert activity.active_on[march.end] == 2  # kept, joined
    assert activity.active_on[before.start] == 2  # kept, lapsed
    assert activity.active_on[dt.date(2029, 3, 31)] == 1  # kept (lapsed ended on the 19th)
    assert activity.retained == {march: 1, before: 1}
    assert activity.joins == {march: 1, before: 0}
    assert donors.donors == {march: 2, before: 2, before.year_before(): 1}
    assert donors.retained == {march: 1, before: 1}
    # and the figures built from them are those computed period by period
    pack = figures.board_pack_figures(march)
    assert pack.membership == figures.membership_figures(march)
    assert pack.membership_year_before == figures.membership_figures(before)
    assert (pack.fundraising.donors, pack.fundraising.retained_donors, pack.fundraising.donors_year_before) == (2, 1, 2)
    assert (pack.fundraising_year_before.donors_year_before, pack.fundraising_year_before.retained_donors) == (1, 1)
