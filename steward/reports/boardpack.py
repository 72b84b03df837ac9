"""The board pack's outputs, all from one BoardPackFigures: HTML (preview and the PDF's source), the PDF
(WeasyPrint: page numbers from CSS counters, a table of contents from target-counter) and an XLSX workbook
with one sheet per section."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from openpyxl import Workbook

from steward.site.documents import organisation_document_context

from . import charts
from .figures import BoardPackFigures, Period

SECTIONS = [
    ("membership", "Membership"),
    ("fundraising", "Fundraising"),
    ("volunteering", "Volunteering"),
    ("demographics", "Demographics"),
]


@dataclass
class ComparisonRow:
    label: str
    current: Any
    previous: Any
    kind: str = "count"  # count | money | percent | hours

    @property
    def change(self) -> str:
        if not isinstance(self.current, (int, Decimal)) or not isinstance(self.previous, (int, Decimal)):
            return "–"
        if self.kind == "percent":
            return f"{Decimal(self.current) - Decimal(self.previous):+.1f} pts"
        if not self.previous:
            return "–"
        change = (Decimal(self.current) - Decimal(self.previous)) * 100 / Decimal(self.previous)
        return f"{change:+.1f} %"


def comparison_rows(figures: BoardPackFigures) -> dict[str, list[ComparisonRow]]:
    """The "this period against a year before" rows of each section."""
    m, mb = figures.membership, figures.membership_year_before
    f, fb = figures.fundraising, figures.fundraising_year_before
    v, vb = figures.volunteering, figures.volunteering_year_before
    return {
        "membership": [
            ComparisonRow("Active members at the end of the period", m.active, mb.active),
            ComparisonRow("Joins", m.joins, mb.joins),
            ComparisonRow("Renewals", m.renewals, mb.renewals),
            ComparisonRow("Lapses", m.lapses, mb.lapses),
            ComparisonRow("Retention rate (%)", m.retention_rate, mb.retention_rate, "percent"),
        ],
        "fundraising": [
            ComparisonRow("Revenue", f.revenue, fb.revenue, "money"),
            # Net beside gross: what was given, what went back, what the processor kept, what is left.
            ComparisonRow("Gross revenue (before refunds and fees)", f.gross_revenue, fb.gross_revenue, "money"),
            ComparisonRow("Refunds", f.refunds, fb.refunds, "money"),
            ComparisonRow("Processing fees", f.fees, fb.fees, "money"),
            ComparisonRow("Net revenue (after refunds and fees)", f.net_revenue, fb.net_revenue, "money"),
            ComparisonRow("Gifts", f.gift_count, fb.gift_count),
            ComparisonRow("Donors", f.donors, fb.donors),
            ComparisonRow("New donors", f.new_donors, fb.new_donors),
            ComparisonRow("Donor retention rate (%)", f.donor_retention_rate, fb.donor_retention_rate, "percent"),
            ComparisonRow("Average gift", f.average_gift, fb.average_gift, "money"),
            ComparisonRow("Recurring revenue", f.recurring_revenue, fb.recurring_revenue, "money"),
        ],
        "volunteering": [
            ComparisonRow("Hours", v.hours, vb.hours, "hours"),
            ComparisonRow("Volunteers", v.volunteers, vb.volunteers),
            ComparisonRow(f"Value of their time ({v.currency})", v.value, vb.value, "money"),
        ],
    }


def awaiting_rate_note(figures: BoardPackFigures) -> str:
    """Why some gifts of the period are not in its figures yet (none when every gift is counted)."""
    count = figures.fundraising.awaiting_rate
    if not count:
        return ""
    if count == 1:
        return (
            f"1 gift in another currency in this period is not counted yet: no exchange rate to "
            f"{figures.currency} was set for its date."
        )
    return (
        f"{count} gifts in other currencies in this period are not counted yet: no exchange rate to "
        f"{figures.currency} was set for their dates."
    )


def chart_images(figures: BoardPackFigures) -> dict[str, str]:
    """The pack's charts as SVG data URIs."""
    f, fb = figures.fundraising, figures.fundraising_year_before
    images = {
        "membership_trend": charts.line_chart(figures.membership_trend, title="Active members, last 24 months"),
        "revenue_by_month": charts.bar_chart(
            [month.label for month in f.by_month],
            [month.value for month in f.by_month],
            previous=[month.value for month in fb.by_month],
            title=f"Revenue by month ({figures.currency})",
            time_axis=True,
        ),
    }
    if figures.membership.active_by_level:
        levels = figures.membership.active_by_level
        images["members_by_level"] = charts.bar_chart(
            [row.label for row in levels], [row.count for row in levels], title="Active members by level"
        )
    if figures.volunteering.by_opportunity:
        rows = figures.volunteering.by_opportunity[:8]
        images["hours_by_opportunity"] = charts.bar_chart(
            [row.opportunity for row in rows], [row.hours for row in rows], title="Volunteer hours by opportunity"
        )
    return {name: charts.as_data_uri(svg) for name, svg in images.items()}


def board_pack_context(figures: BoardPackFigures) -> dict[str, Any]:
    return {
        **organisation_document_context(),
        "figures": figures,
        "rows": comparison_rows(figures),
        "charts": chart_images(figures),
        "awaiting_rate_note": awaiting_rate_note(figures),
        "sections": SECTIONS,
        "min_cell": 5,
    }


def board_pack_html(figures: BoardPackFigures, *, preview: bool = False) -> str:
    """The pack as one HTML page (the browser preview, and the PDF's source)."""
    return render_to_string("reports/board_pack.html", {**board_pack_context(figures), "preview": preview})


def board_pack_pdf(figures: BoardPackFigures) -> bytes:
    """The pack as a PDF (WeasyPrint)."""
    from weasyprint import HTML  # heavy import, only where PDFs are made

    return HTML(string=board_pack_html(figures), base_url=str(settings.BASE_DIR)).write_pdf()


def board_pack_filename(period: Period, extension: str) -> str:
    return f"board-pack-{period.kind}-{period.start:%Y-%m-%d}.{extension}"


def board_pack_xlsx(figures: BoardPackFigures) -> bytes:
    """The pack's figures as a workbook: a summary sheet, then one sheet per section."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    summary.append(["Board pack", figures.period.label])
    summary.append(["Compared with", figures.year_before.label])
    summary.append(["Currency", figures.currency])
    summary.append(["Generated", figures.generated_at.strftime("%Y-%m-%d %H:%M UTC")])
    if not figures.has_data:
        summary.append(["No membership, gifts or volunteering were recorded for this period."])
    rows = comparison_rows(figures)

    def comparison(sheet: Any, name: str) -> None:
        sheet.append(["Figure", "This period", "A year before", "Change"])
        for row in rows[name]:
            sheet.append([row.label, row.current, row.previous, row.change])
        sheet.append([])

    sheet = workbook.create_sheet("Membership")
    comparison(sheet, "membership")
    sheet.append(["Active by level", "Members"])
    for level in figures.membership.active_by_level:
        sheet.append([level.label, level.count])
    sheet.append([])
    sheet.append(["Month", "Active members"])
    for month in figures.membership_trend:
        sheet.append([month.month, int(month.value)])

    sheet = workbook.create_sheet("Fundraising")
    comparison(sheet, "fundraising")
    if figures.fundraising.awaiting_rate:
        sheet.append([awaiting_rate_note(figures)])
        sheet.append([])
    for title, items in (("Fund", figures.fundraising.by_fund), ("Campaign", figures.fundraising.by_campaign)):
        sheet.append([title, "Revenue", "Gifts"])
        for item in items:
            sheet.append([item.label, item.amount, item.count])
        sheet.append([])
    sheet.append(["Month", "Revenue", "A year before"])
    for month, before in zip(figures.fundraising.by_month, figures.fundraising_year_before.by_month, strict=False):
        sheet.append([month.month, month.value, before.value])
    sheet.append([])
    sheet.append(["Campaign", "Goal", "Goal currency", "Raised by the period's end", "Progress (%)"])
    for campaign in figures.campaigns:
        goal_currency = campaign.goal_currency or figures.currency
        sheet.append([campaign.name, campaign.goal, goal_currency, campaign.raised, campaign.percent])
    sheet.append([])
    sheet.append(["Top gifts: date", "Amount", "Donor", "Fund", "Campaign"])
    for gift in figures.top_gifts:
        sheet.append([gift.gift_date, gift.amount, gift.donor, gift.fund, gift.campaign])

    sheet = workbook.create_sheet("Volunteering")
    comparison(sheet, "volunteering")
    sheet.append(["Opportunity", "Hours", "Volunteers", f"Value ({figures.volunteering.currency})"])
    for hours in figures.volunteering.by_opportunity:
        sheet.append([hours.opportunity, hours.hours, hours.volunteers, hours.value])

    sheet = workbook.create_sheet("Demographics")
    sheet.append([f"Groups under {5} people are merged into 'Other' or left out."])
    for table in figures.demographics:
        sheet.append([])
        sheet.append([table.title, "People"])
        for group in table.rows:
            sheet.append([group.label, group.count])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
