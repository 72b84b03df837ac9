"""GraphQL types of the board pack: the same figures as the PDF and the workbook (steward.reports.figures)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum

import strawberry

from steward.reports import figures as f


@strawberry.enum(name="ReportPeriodKind", description="How long a report's period is.")
class PeriodKindEnum(Enum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@strawberry.type(name="ReportPeriod", description="A month, fiscal quarter or fiscal year.")
class PeriodType:
    kind: PeriodKindEnum = strawberry.field(description="Month, quarter or fiscal year.")
    start: dt.date = strawberry.field(description="Its first day.")
    end: dt.date = strawberry.field(description="Its last day.")
    label: str = strawberry.field(description="Its name, e.g. 'March 2026' or 'Q3 FY2025/26 (Jan 2026 – Mar 2026)'.")


@strawberry.type(name="ReportLabelCount", description="A number of people (or memberships) in a group.")
class LabelCountType:
    label: str = strawberry.field(description="The group.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(name="ReportLabelAmount", description="Revenue of a fund or campaign.")
class LabelAmountType:
    label: str = strawberry.field(description="The fund or campaign.")
    amount: Decimal = strawberry.field(description="Revenue, in the organisation's currency.")
    count: int = strawberry.field(description="How many gifts.")


@strawberry.type(name="ReportMonthValue", description="A figure for one month.")
class MonthValueType:
    month: dt.date = strawberry.field(description="The month's first day.")
    value: Decimal = strawberry.field(description="The figure.")


@strawberry.type(name="MembershipFigures", description="Membership over a period.")
class MembershipFiguresType:
    active: int = strawberry.field(description="Memberships active on the period's last day.")
    active_by_level: list[LabelCountType] = strawberry.field(description="Active memberships by level.")
    joins: int = strawberry.field(description="Memberships whose first term started in the period.")
    renewals: int = strawberry.field(description="Terms started in the period that were not the first.")
    lapses: int = strawberry.field(description="Terms that ended in the period with no later term.")
    active_at_start: int = strawberry.field(description="Memberships active on the period's first day.")
    retained: int = strawberry.field(description="Of those, how many were still active on its last day.")
    retention_rate: Decimal | None = strawberry.field(description="retained / activeAtStart, in percent.")


@strawberry.type(name="FundraisingFigures", description="Fundraising over a period (counted gifts, less refunds).")
class FundraisingFiguresType:
    revenue: Decimal = strawberry.field(description="Total revenue.")
    gift_count: int = strawberry.field(description="Number of gifts.")
    donors: int = strawberry.field(description="Different donors.")
    new_donors: int = strawberry.field(description="Donors whose first gift ever was in the period.")
    average_gift: Decimal | None = strawberry.field(description="Revenue / gifts.")
    recurring_revenue: Decimal = strawberry.field(description="Revenue from recurring gifts.")
    donors_year_before: int = strawberry.field(description="Donors of the same period a year before.")
    retained_donors: int = strawberry.field(description="Of those, how many gave again in this period.")
    donor_retention_rate: Decimal | None = strawberry.field(description="retainedDonors / donorsYearBefore, %.")
    by_fund: list[LabelAmountType] = strawberry.field(description="Revenue by fund.")
    by_campaign: list[LabelAmountType] = strawberry.field(description="Revenue by campaign.")
    by_month: list[MonthValueType] = strawberry.field(description="Revenue by calendar month.")


@strawberry.type(name="CampaignProgress", description="A campaign's progress to its goal by the period's end.")
class CampaignProgressType:
    name: str = strawberry.field(description="The campaign.")
    goal: Decimal = strawberry.field(description="Its goal.")
    raised: Decimal = strawberry.field(description="Raised by the period's end.")
    percent: Decimal | None = strawberry.field(description="raised / goal, in percent.")


@strawberry.type(name="TopGift", description="One of the period's largest gifts.")
class TopGiftType:
    gift_date: dt.date = strawberry.field(description="When it was received.")
    amount: Decimal = strawberry.field(description="Its value less refunds.")
    donor: str = strawberry.field(description="The donor, or 'Name withheld'.")
    fund: str = strawberry.field(description="Its fund.")
    campaign: str = strawberry.field(description="Its campaign (may be empty).")


@strawberry.type(name="OpportunityHours", description="Volunteer hours on one opportunity.")
class OpportunityHoursType:
    opportunity: str = strawberry.field(description="The opportunity.")
    hours: Decimal = strawberry.field(description="Approved hours.")
    volunteers: int = strawberry.field(description="Different volunteers.")
    value: Decimal = strawberry.field(description="hours × the hourly rate.")


@strawberry.type(name="VolunteeringFigures", description="Volunteering over a period (approved hours).")
class VolunteeringFiguresType:
    hours: Decimal = strawberry.field(description="Approved hours.")
    volunteers: int = strawberry.field(description="Different volunteers.")
    value: Decimal = strawberry.field(description="The value of their time.")
    currency: str = strawberry.field(description="The value's currency.")
    hourly_rate: Decimal = strawberry.field(description="The value of one hour.")
    by_opportunity: list[OpportunityHoursType] = strawberry.field(description="By opportunity.")


@strawberry.type(name="DemographicTable", description="People by group; groups under five merged or left out.")
class DemographicTableType:
    title: str = strawberry.field(description="What it counts, e.g. 'Members by age'.")
    rows: list[LabelCountType] = strawberry.field(description="The groups shown.")


@strawberry.type(name="BoardPack", description="The board pack's figures for a period and the year before.")
class BoardPackType:
    period: PeriodType = strawberry.field(description="The period.")
    year_before: PeriodType = strawberry.field(description="The same period a year before.")
    currency: str = strawberry.field(description="The currency of every amount.")
    has_data: bool = strawberry.field(description="Whether anything was recorded in the period.")
    membership: MembershipFiguresType = strawberry.field(description="Membership in the period.")
    membership_year_before: MembershipFiguresType = strawberry.field(description="Membership a year before.")
    membership_trend: list[MonthValueType] = strawberry.field(description="Active members, last 24 month-ends.")
    fundraising: FundraisingFiguresType = strawberry.field(description="Fundraising in the period.")
    fundraising_year_before: FundraisingFiguresType = strawberry.field(description="Fundraising a year before.")
    campaigns: list[CampaignProgressType] = strawberry.field(description="Campaign goals.")
    top_gifts: list[TopGiftType] = strawberry.field(description="The largest gifts.")
    volunteering: VolunteeringFiguresType = strawberry.field(description="Volunteering in the period.")
    volunteering_year_before: VolunteeringFiguresType = strawberry.field(description="Volunteering a year before.")
    demographics: list[DemographicTableType] = strawberry.field(description="Members and donors by group.")


def _period(period: f.Period) -> PeriodType:
    return PeriodType(kind=PeriodKindEnum(period.kind), start=period.start, end=period.end, label=period.label)


def _counts(rows: list[f.LabelCount]) -> list[LabelCountType]:
    return [LabelCountType(label=row.label, count=row.count) for row in rows]


def _months(rows: list[f.MonthValue]) -> list[MonthValueType]:
    return [MonthValueType(month=row.month, value=row.value) for row in rows]


def _amounts(rows: list[f.LabelAmount]) -> list[LabelAmountType]:
    return [LabelAmountType(label=row.label, amount=row.amount, count=row.count) for row in rows]


def _membership(m: f.MembershipFigures) -> MembershipFiguresType:
    return MembershipFiguresType(
        active=m.active,
        active_by_level=_counts(m.active_by_level),
        joins=m.joins,
        renewals=m.renewals,
        lapses=m.lapses,
        active_at_start=m.active_at_start,
        retained=m.retained,
        retention_rate=m.retention_rate,
    )


def _fundraising(x: f.FundraisingFigures) -> FundraisingFiguresType:
    return FundraisingFiguresType(
        revenue=x.revenue,
        gift_count=x.gift_count,
        donors=x.donors,
        new_donors=x.new_donors,
        average_gift=x.average_gift,
        recurring_revenue=x.recurring_revenue,
        donors_year_before=x.donors_year_before,
        retained_donors=x.retained_donors,
        donor_retention_rate=x.donor_retention_rate,
        by_fund=_amounts(x.by_fund),
        by_campaign=_amounts(x.by_campaign),
        by_month=_months(x.by_month),
    )


def _volunteering(v: f.VolunteeringFigures) -> VolunteeringFiguresType:
    return VolunteeringFiguresType(
        hours=v.hours,
        volunteers=v.volunteers,
        value=v.value,
        currency=v.currency,
        hourly_rate=v.hourly_rate,
        by_opportunity=[
            OpportunityHoursType(opportunity=o.opportunity, hours=o.hours, volunteers=o.volunteers, value=o.value)
            for o in v.by_opportunity
        ],
    )


def board_pack_type(figures: f.BoardPackFigures) -> BoardPackType:
    """The GraphQL view of the figures (a translation, no computing)."""
    return BoardPackType(
        period=_period(figures.period),
        year_before=_period(figures.year_before),
        currency=figures.currency,
        has_data=figures.has_data,
        membership=_membership(figures.membership),
        membership_year_before=_membership(figures.membership_year_before),
        membership_trend=_months(figures.membership_trend),
        fundraising=_fundraising(figures.fundraising),
        fundraising_year_before=_fundraising(figures.fundraising_year_before),
        campaigns=[
            CampaignProgressType(name=c.name, goal=c.goal, raised=c.raised, percent=c.percent)
            for c in figures.campaigns
        ],
        top_gifts=[
            TopGiftType(gift_date=g.gift_date, amount=g.amount, donor=g.donor, fund=g.fund, campaign=g.campaign)
            for g in figures.top_gifts
        ],
        volunteering=_volunteering(figures.volunteering),
        volunteering_year_before=_volunteering(figures.volunteering_year_before),
        demographics=[DemographicTableType(title=t.title, rows=_counts(t.rows)) for t in figures.demographics],
    )
