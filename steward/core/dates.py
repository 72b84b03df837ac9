"""The organisation's calendar: its today and whole-month arithmetic on dates."""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone


def organisation_today() -> dt.date:
    """Today's date in the organisation's time zone: membership terms are dates there."""
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(settings.ORGANISATION_TIME_ZONE)).date()


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
