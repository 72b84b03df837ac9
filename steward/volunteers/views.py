"""Public views of the volunteers domain: the personal calendar feed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .calendar import calendar_feed as build_feed
from .calendar import profile_for_token


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A volunteer's booked shifts as iCalendar; 404 for a forged or reset token."""
    profile = profile_for_token(token)
    if profile is None:
        raise Http404("No such calendar.")
    response = HttpResponse(build_feed(profile), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="volunteer-shifts.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
