"""The tax year: what receipts are numbered in and year-end giving statements cover. It starts on
TAX_YEAR_START_MONTH/DAY, or, when those are unset, on the fiscal year's start (FISCAL_YEAR_START_MONTH/DAY), and is
named by the calendar year it starts in, as rollups name fiscal years (1 July 2025 – 30 June 2026 is 2025)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings


def _start_month_day() -> tuple[int, int]:
    if settings.TAX_YEAR_START_MONTH:
        return settings.TAX_YEAR_START_MONTH, settings.TAX_YEAR_START_DAY or 1
    return settings.FISCAL_YEAR_START_MONTH, settings.FISCAL_YEAR_START_DAY


def tax_year_start(tax_year: int) -> dt.date:
    """The first day of a tax year (a start on 29 February falls on the 28th in other years)."""
    month, day = _start_month_day()
    return dt.date(tax_year, month, min(day, calendar.monthrange(tax_year, month)[1]))


def tax_year_bounds(tax_year: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a tax year."""
    return tax_year_start(tax_year), tax_year_start(tax_year + 1) - dt.timedelta(days=1)


def tax_year_of(day: dt.date) -> int:
    """The tax year that contains `day`."""
    return day.year if day >= tax_year_start(day.year) else day.year - 1


def tax_year_label(tax_year: int) -> str:
    """How documents name a tax year: "2025" for a calendar year, "2025/26" for one that straddles two."""
    start = tax_year_start(tax_year)
    if (start.month, start.day) == (1, 1):
        return str(tax_year)
    return f"{tax_year}/{str(tax_year + 1)[-2:]}"
