"""The mail provider's rate limit, shared by every worker: EMAIL_RATE_LIMITS, e.g. "14/second, 50000/day"
(Amazon SES's sandbox is 1/second and 200/day; a small SMTP relay may allow 100/hour).

Each limit is a fixed window of time counted in the database (core.SendingWindow: one row per provider,
window length and window). A sender asks for as many messages as it has ready; under row locks taken in a fixed
order (PostgreSQL; SQLite's IMMEDIATE transactions take turns already) it is granted what every window has left,
and the windows count them at once, so two workers never both spend the same allowance. Over the limit, a short
wait (the per-second window) is waited out; a long one (the hour's or the day's allowance is spent) defers the
messages, which the sweepers send when the window turns.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models import F

from .models import SendingWindow

SPANS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
LIMIT = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(second|minute|hour|day)s?\s*$")


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


@dataclass(frozen=True)
class Allowance:
    granted: int
    retry_in: float  # seconds until more may go, when none was granted


class RateLimited(Exception):
    """The provider's allowance is spent for longer than is worth waiting: send later."""

    def __init__(self, retry_in: float) -> None:
        super().__init__(f"The mail provider's rate limit is reached; more can go in {retry_in:.0f} s.")
        self.retry_in = retry_in


@cache
def parse_limits(text: str) -> tuple[Limit, ...]:
    """ "14/second, 50000/day" as limits, shortest window first; ValueError naming what cannot be read."""
    limits = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        match = LIMIT.match(part)
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"EMAIL_RATE_LIMITS: cannot read “{part}” (write e.g. 14/second, 50000/day).")
        limits.append(Limit(count=int(match.group(1)), seconds=SPANS[match.group(2)]))
    return tuple(sorted(limits, key=lambda limit: limit.seconds))


def provider() -> str:
    return str(getattr(settings, "EMAIL_PROVIDER", "") or "smtp")


def sending_allowance(want: int, *, now: float | None = None) -> Allowance:
    """Up to `want` messages granted now against every limit, counted at once."""
    limits = parse_limits(settings.EMAIL_RATE_LIMITS)
    if not limits or want < 1:
        return Allowance(granted=max(want, 0), retry_in=0.0)
    now = time.time() if now is None else now
    name = provider()
    with transaction.atomic():
        windows = []
        for limit in limits:  # shortest first, the same order in every worker
            start = int(now // limit.seconds)
            SendingWindow.objects.filter(provider=name, span=limit.seconds, start__lt=start).delete()
            SendingWindow.objects.bulk_create(
                [SendingWindow(provider=name, span=limit.seconds, start=start)], ignore_conflicts=True
            )
            window = SendingWindow.objects.select_for_update().get(provider=name, span=limit.seconds, start=start)
            windows.append((limit, window))
        granted = min(want, *(limit.count - window.used for limit, window in windows))
        if granted <= 0:
            full = [(window.start + 1) * limit.seconds - now for limit, window in windows if window.used >= limit.count]
            return Allowance(granted=0, retry_in=max(0.0, *full))
        SendingWindow.objects.filter(pk__in=[window.pk for _, window in windows]).update(used=F("used") + granted)
    return Allowance(granted=granted, retry_in=0.0)


def sending_tokens(want: int) -> int:
    """Messages that may go now, waiting out a short limit (up to EMAIL_RATE_MAX_WAIT seconds); RateLimited
    when the allowance is spent for longer."""
    waited = 0.0
    while True:
        allowance = sending_allowance(want)
        if allowance.granted:
            return allowance.granted
        if waited + allowance.retry_in > settings.EMAIL_RATE_MAX_WAIT:
            raise RateLimited(allowance.retry_in)
        time.sleep(allowance.retry_in + 0.01)
        waited += allowance.retry_in + 0.01
