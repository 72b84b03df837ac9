"""Every figure of the board pack, recomputed in plain Python from the fixture's raw rows and compared."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from steward.core.dates import add_months
from steward.donations.models import Campaign, Gift
from steward.members.models import Address, Constituent, MembershipTerm
from steward.reports import figures
from steward.reports.boardpack import board_pack_html, board_pack_xlsx
from steward.reports.figures import Period, board_pack_figures, period_containing
from steward.volunteers.models import HoursEntry
from tests.factories import CampaignFactory, ExchangeRateFactory, GiftFactory
from tests.utils import query_count

CENT = Decimal("0.01")
COUNTED = ("succeeded", "partially_refunded")
PERIODS = [("month", dt.date(2026, 3, 10)), ("quarter", dt.date(2026, 2, 1)), ("year", dt.date(2025, 8, 1))]


def _covers(term: dict, day: dt.date) -> bool:
    return term["start_date"] <= day and (term["end_date"] is None or term["end_date"] >= day)


def _terms() -> list[dict]:
    return list(
        MembershipTerm.objects.values(
            "membership_id", "membership__constituent_id", "level__name", "start_date", "end_date"
        )
    )


def _active(terms: list[dict], day: dt.date) -> set[int]:
    return {t["membership_id"] for t in terms if _covers(t, day)}


def _gifts() -> list[dict]:
    rows = list(
        Gift.objects.values(
            "pk",
            "constituent_id",
            "amount",
            "base_amount",
            "amount_refunded",
            "gift_date",
            "status",
            "fund__name",
            "campaign__name",
            "campaign_id",
            "recurring_gift_id",
            "anonymous",
            "constituent__display_name",
        )
    )
    counted = []
    for row in rows:
        if row["status"] in COUNTED and row["base_amount"] is not None:
            row["value"] = row["base_amount"] - row["amount_refunded"] * row["base_amount"] / row["amount"]
            counted.append(row)
    return counted


def _in(row_date: dt.date, period: Period) -> bool:
    return period.start <= row_date <= period.end


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


@pytest.fixture(params=PERIODS, ids=[kind for kind, _ in PERIODS])
def period(request) -> Period:
    kind, day = request.param
    return period_containing(kind, day)


def test_membership_figures(dataset, period):
    # given the terms as raw rows
    terms = _terms()
    # when the figures are computed in SQL
    result = figures.membership_figures(period)
    # then they match the Python count
    by_level: dict[str, set[int]] = defaultdict(set)
    for term in terms:
        if _covers(term, period.end):
            by_level[term["level__name"]].add(term["membership_id"])
    assert {row.label: row.count for row in result.active_by_level} == {k: len(v) for k, v in by_level.items()}
    assert result.active == len(_active(terms, period.end))
    first_start: dict[int, dt.date] = {}
    for term in terms:
        first_start[term["membership_id"]] = min(
            first_start.get(term["membership_id"], dt.date.max), term["start_date"]
        )
    assert result.joins == sum(1 for start in first_start.values() if _in(start, period))
    assert result.renewals == sum(
        1 for t in terms if _in(t["start_date"], period) and first_start[t["membership_id"]] < t["start_date"]
    )
    lapses = 0
    for t in terms:
        if t["end_date"] is not None and _in(t["end_date"], period):
            later = [o for o in terms if o["membership_id"] == t["membership_id"] and o["start_date"] > t["start_date"]]
            lapses += not later
    assert result.lapses == lapses
    at_start = _active(terms, period.start)
    retained = at_start & _active(terms, period.end)
    assert (result.active_at_start, result.retained) == (len(at_start), len(retained))
    assert result.retention_rate == _percent(len(retained), len(at_start))
    assert result.active > 0  # the data set is not empty for these periods


def test_membership_trend(dataset):
    terms = _terms()
    end = dt.date(2026, 3, 31)
    trend = figures.membership_trend(end)
    assert len(trend) == 24
    assert trend[-1].month == dt.date(2026, 3, 1)
    for point in trend:
        month_end = add_months(point.month, 1) - dt.timedelta(days=1)
        assert point.value == len(_active(terms, month_end)), point


def test_fundraising_figures(dataset, period):
    gifts = _gifts()
    result = figures.fundraising_figures(period)
    in_period = [g for g in gifts if _in(g["gift_date"], period)]
    revenue = sum((g["value"] for g in in_period), Decimal(0)).quantize(CENT)
    assert result.revenue == revenue
    assert result.gift_count == len(in_period)
    donors = {g["constituent_id"] for g in in_period}
    assert result.donors == len(donors)
    first_gift: dict[int, dt.date] = {}
    for g in gifts:
        first_gift[g["constituent_id"]] = min(first_gift.get(g["constituent_id"], dt.date.max), g["gift_date"])
    assert result.new_donors == sum(1 for donor in donors if _in(first_gift[donor], period))
    assert result.average_gift == ((revenue / len(in_period)).quantize(CENT) if in_period else None)
    assert result.recurring_revenue == sum(
        (g["value"] for g in in_period if g["recurring_gift_id"]), Decimal(0)
    ).quantize(CENT)
    before = period.year_before()
    donors_before = {g["constituent_id"] for g in gifts if _in(g["gift_date"], before)}
    assert result.donors_year_before == len(donors_before)
    assert result.retained_donors == len(donors_before & donors)
    assert result.donor_retention_rate == _percent(len(donors_before & donors), len(donors_before))
    by_fund: dict[str, Decimal] = defaultdict(Decimal)
    by_campaign: dict[str, Decimal] = defaultdict(Decimal)
    by_month: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for g in in_period:
        by_fund[g["fund__name"]] += g["value"]
        by_campaign[g["campaign__name"] or "No campaign"] += g["value"]
        by_month[(g["gift_date"].year, g["gift_date"].month)] += g["value"]
    assert {row.label: row.amount for row in result.by_fund} == {k: v.quantize(CENT) for k, v in by_fund.items()}
    assert {row.label: row.amount for row in result.by_campaign} == {
        k: v.quantize(CENT) for k, v in by_campaign.items()
    }
    assert len(result.by_month) == period.months
    for month in result.by_month:
        assert month.value == by_month[(month.month.year, month.month.month)].quantize(CENT)
    assert result.gift_count > 0


def test_campaign_progress(dataset, period):
    gifts = _gifts()
    result = figures.campaign_progress(period)
    expected = {}
    for campaign in Campaign.objects.all():
        running = (campaign.start_date is None or campaign.start_date <= period.end) and (
            campaign.end_date is None or campaign.end_date >= period.start
        )
        if campaign.goal_amount > 0 and running:
            raised = sum(
                (g["value"] for g in gifts if g["campaign_id"] == campaign.pk and g["gift_date"] <= period.end),
                Decimal(0),
            ).quantize(CENT)
            expected[campaign.name] = (raised, (raised * 100 / campaign.goal_amount).quantize(Decimal("0.1")))
    assert {c.name: (c.raised, c.percent) for c in result} == expected
    assert expected


@pytest.mark.parametrize("show_names", [False, True])
def test_top_gifts(dataset, period, show_names):
    gifts = sorted(
        (g for g in _gifts() if _in(g["gift_date"], period)), key=lambda g: (-g["value"], g["gift_date"], g["pk"])
    )[: figures.TOP_GIFTS]
    result = figures.top_gifts(period, show_names=show_names)
    assert [(g.gift_date, g.amount, g.fund) for g in result] == [
        (g["gift_date"], g["value"].quantize(CENT), g["fund__name"]) for g in gifts
    ]
    expected_names = [
        g["constituent__display_name"] if show_names and not g["anonymous"] else "Name withheld" for g in gifts
    ]
    assert [g.donor for g in result] == expected_names


@override_settings(VOLUNTEER_HOURLY_RATE=(Decimal("30.00"), "USD"))
def test_volunteering_figures(dataset, period):
    entries = list(
        HoursEntry.objects.filter(status="approved").values("constituent_id", "opportunity__title", "date", "hours")
    )
    in_period = [e for e in entries if _in(e["date"], period)]
    result = figures.volunteering_figures(period)
    hours = sum((e["hours"] for e in in_period), Decimal(0))
    assert result.hours == hours
    assert result.volunteers == len({e["constituent_id"] for e in in_period})
    assert result.value == (hours * 30).quantize(CENT)
    by_opportunity: dict[str, list] = defaultdict(list)
    for e in in_period:
        by_opportunity[e["opportunity__title"]].append(e)
    assert {o.opportunity: (o.hours, o.volunteers, o.value) for o in result.by_opportunity} == {
        title: (
            sum((e["hours"] for e in rows), Decimal(0)),
            len({e["constituent_id"] for e in rows}),
            (sum((e["hours"] for e in rows), Decimal(0)) * 30).quantize(CENT),
        )
        for title, rows in by_opportunity.items()
    }


def _age_band(birth: dt.date | None, on: dt.date) -> str:
    if birth is None:
        return "Not recorded"
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    for low, high, label in figures.AGE_BANDS:
        if low <= age < high:
            return label
    return "Not recorded"


def _suppressed(counts: dict[str, int]) -> dict[str, int]:
    shown = {label: n for label, n in counts.items() if n >= 5 and label != "Other"}
    other = sum(counts.values()) - sum(shown.values())
    if other >= 5:
        shown["Other"] = other
    return shown


COUNTRY_NAMES = {"TH": "Thailand", "GB": "United Kingdom", "MN": "Mongolia", "TW": "Taiwan"}


def test_demographics(dataset, period):
    terms = _terms()
    members = {t["membership__constituent_id"] for t in terms if _covers(t, period.end)}
    donors = {g["constituent_id"] for g in _gifts() if _in(g["gift_date"], period)}
    people = {c["pk"]: c for c in Constituent.objects.values("pk", "birth_date", "gender")}
    addresses = {
        a["constituent_id"]: a
        for a in Address.objects.filter(is_primary=True).values("constituent_id", "country", "region")
    }
    result = {table.title: {row.label: row.count for row in table.rows} for table in figures.demographics(period)}
    for audience, ids in (("Members", members), ("Donors", donors)):
        regions: dict[str, int] = defaultdict(int)
        ages: dict[str, int] = defaultdict(int)
        genders: dict[str, int] = defaultdict(int)
        for pk in ids:
            address = addresses.get(pk)
            if address is None:
                regions["Not recorded"] += 1
            else:
                country = COUNTRY_NAMES[address["country"]]  # by name, in the pack's language (English)
                label = f"{country} – {address['region']}" if address["region"] else country
                regions[label] += 1
            ages[_age_band(people[pk]["birth_date"], period.end)] += 1
            genders[people[pk]["gender"].strip().capitalize() or "Not recorded"] += 1
        assert result[f"{audience} by region"] == _suppressed(regions)
        assert result[f"{audience} by age"] == _suppressed(ages)
        assert result[f"{audience} by gender"] == _suppressed(genders)
    # no cell under five people is ever shown
    assert all(count >= 5 for table in result.values() for count in table.values())


def test_small_cells_are_merged_into_other_or_hidden():
    table = figures.suppress_small_cells("T", [("A", 12), ("B", 3), ("C", 4), ("D", 1)])
    assert [(row.label, row.count) for row in table.rows] == [("A", 12), ("Other", 8)]
    table = figures.suppress_small_cells("T", [("A", 12), ("B", 3)])
    assert [(row.label, row.count) for row in table.rows] == [("A", 12)]
    assert table.hidden == 3


def test_a_period_without_data_gives_zeros_not_errors(db):
    pack = board_pack_figures(period_containing("month", dt.date(2030, 1, 15)))
    assert not pack.has_data
    assert pack.fundraising.revenue == 0
    assert pack.fundraising.average_gift is None
    assert pack.membership.retention_rate is None
    assert pack.fundraising.donor_retention_rate is None
    assert pack.volunteering.hours == 0
    assert pack.top_gifts == []
    assert pack.campaigns == []
    assert all(table.rows == [] for table in pack.demographics)


def test_periods_follow_the_fiscal_year():
    with override_settings(FISCAL_YEAR_START_MONTH=7, FISCAL_YEAR_START_DAY=1):
        year = period_containing("year", dt.date(2026, 3, 15))
        assert (year.start, year.end) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))
        quarter = period_containing("quarter", dt.date(2026, 3, 15))
        assert (quarter.start, quarter.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
        assert quarter.label.startswith("Q3 FY2025/26")
        assert quarter.year_before() == Period("quarter", dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    month = period_containing("month", dt.date(2024, 2, 29))
    assert (month.start, month.end, month.label) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "February 2024")
    assert month.year_before().end == dt.date(2023, 2, 28)
    assert figures.last_complete_period("quarter", dt.date(2026, 4, 1)).start == dt.date(2026, 1, 1)


def test_the_number_of_queries_does_not_grow_with_the_data(db):
    period = period_containing("quarter", dt.date(2026, 2, 1))
    empty = query_count(lambda: board_pack_figures(period))
    for day in (1, 2, 3):
        GiftFactory(gift_date=dt.date(2026, 2, day))
    some = query_count(lambda: board_pack_figures(period))
    assert some == empty


# ---------------------------------------------------------------------------------------------------------
# Every currency counted: net revenue beside gross, gifts awaiting a rate, goals compared in one currency
# ---------------------------------------------------------------------------------------------------------

MAY_2030 = period_containing("month", dt.date(2030, 5, 10))


def _money_gifts() -> None:
    """May 2030, in USD: 200.00 with a 6.10 fee; 10,000 JPY counted as 67.00 (rate 0.0067) with a 300 JPY fee;
    80.00 refunded 20.00 with a 2.62 fee; and, not counted, a JPY gift with no rate and a wholly refunded one."""
    day = dt.date(2030, 5, 12)
    GiftFactory(gift_date=day, amount=Decimal("200.00"), processing_fee=Decimal("6.10"))
    GiftFactory(
        gift_date=day,
        amount=Decimal("10000"),
        currency="JPY",
        base_amount=Decimal("67.00"),
        exchange_rate=Decimal("0.0067"),
        processing_fee=Decimal("300"),
    )
    GiftFactory(
        gift_date=day,
        amount=Decimal("80.00"),
        status="partially_refunded",
        amount_refunded=Decimal("20.00"),
        processing_fee=Decimal("2.62"),
    )
    GiftFactory(gift_date=day, amount=Decimal("5000"), currency="JPY", base_amount=None, processing_fee=Decimal("150"))
    GiftFactory(gift_date=day, amount=Decimal("90.00"), status="refunded", amount_refunded=Decimal("90.00"))


@override_settings(STEWARD_BASE_CURRENCY="USD")
def test_net_revenue_is_gross_less_refunds_and_fees_in_the_base_currency(db):
    _money_gifts()
    result = figures.fundraising_figures(MAY_2030)
    # gross 200 + 67 + 80 = 347.00; refunds 20.00; fees 6.10 + 300 × 0.0067 (2.01) + 2.62 = 10.73
    assert result.gross_revenue == Decimal("347.00")
    assert result.refunds == Decimal("20.00")
    assert result.revenue == Decimal("327.00")
    assert result.fees == Decimal("10.73")
    assert result.net_revenue == Decimal("316.27")
    assert result.gift_count == 3
    assert result.awaiting_rate == 1


@override_settings(STEWARD_BASE_CURRENCY="USD")
def test_the_board_pack_shows_net_revenue_beside_gross(db):
    _money_gifts()
    pack = board_pack_figures(MAY_2030)
    html = board_pack_html(pack)
    for label, amount in (
        ("Revenue", "327.00"),
        ("Gross revenue (before refunds and fees)", "347.00"),
        ("Refunds", "20.00"),
        ("Processing fees", "10.73"),
        ("Net revenue (after refunds and fees)", "316.27"),
    ):
        assert f'<tr><td>{label}</td><td class="n">{amount}</td>' in html, label
    assert "1 gift in another currency in this period is not counted yet" in html
    sheet = load_workbook(io.BytesIO(board_pack_xlsx(pack)))["Fundraising"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["Revenue"] == 327
    assert rows["Gross revenue (before refunds and fees)"] == 347
    assert rows["Processing fees"] == pytest.approx(10.73)
    assert rows["Net revenue (after refunds and fees)"] == pytest.approx(316.27)


@override_settings(STEWARD_BASE_CURRENCY="USD")
def test_campaign_goals_are_compared_with_what_was_raised_in_the_base_currency(db):
    # given a goal of 1,000 EUR (1.10 USD per EUR from April 2030), one of 500.00 USD, and one of 800 GBP
    # with no rate, each raising a 10,000 JPY gift counted as 67.00 USD and a 200.00 USD gift
    ExchangeRateFactory(currency="EUR", rate=Decimal("1.1"), valid_from=dt.date(2030, 4, 1))
    euro = CampaignFactory(name="Euro goal", slug="euro-goal", goal_amount=Decimal("1000"), currency="EUR")
    dollar = CampaignFactory(name="Dollar goal", slug="dollar-goal", goal_amount=Decimal("500"), currency="USD")
    pound = CampaignFactory(name="Pound goal", slug="pound-goal", goal_amount=Decimal("800"), currency="GBP")
    for campaign in (euro, dollar, pound):
        GiftFactory(campaign=campaign, gift_date=dt.date(2030, 5, 3), amount=Decimal("200.00"))
        GiftFactory(
            campaign=campaign,
            gift_date=dt.date(2030, 5, 4),
            amount=Decimal("10000"),
            currency="JPY",
            base_amount=Decimal("67.00"),
        )
    result = {c.name: c for c in figures.campaign_progress(MAY_2030)}
    # then each raised 267.00 USD: 24.3 % of 1,100.00 USD, 53.4 % of 500.00 USD, and no percent against GBP
    assert (result["Euro goal"].goal, result["Euro goal"].raised, result["Euro goal"].percent) == (
        Decimal("1100.00"),
        Decimal("267.00"),
        Decimal("24.3"),
    )
    assert (result["Dollar goal"].goal, result["Dollar goal"].percent) == (Decimal("500.00"), Decimal("53.4"))
    assert (result["Pound goal"].goal, result["Pound goal"].goal_currency, result["Pound goal"].percent) == (
        Decimal("800"),
        "GBP",
        None,
    )
