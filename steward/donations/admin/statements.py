"""The year-end statements page of the fundraising admin: for a tax year, when its run goes and where it stands,
the donors who are owed a statement (each one's statement previewed as the PDF they will get), and the button to
hold or release the run. Writes go through steward.donations.statements."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import dateformat
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from steward.core.dates import organisation_today

from .. import statements
from ..models import StatementRun
from ..tax_years import tax_year_bounds, tax_year_label, tax_year_of

# Fundraising staff: those who may change gifts run the year-end statements.
RUN_STATEMENTS = "donations.change_gift"
SHOWN_DONORS = 100
URL_NAME = "donations_year_end_statements"


def _date(day: Any) -> str:
    return dateformat.format(day, "j F Y")


class YearEndStatementsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(RUN_STATEMENTS)


class YearEndStatementsView(WagtailAdminTemplateMixin, TemplateView):
    """One tax year's statement run (?tax_year=, by default the year whose run is next or just went): its dates, its
    status, the donors owed a statement with a preview of each; POST action=hold or action=release."""

    template_name = "donations/admin/year_end_statements.html"
    page_title = "Year-end statements"
    header_icon = "doc-full"
    http_method_names = ["get", "post"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(RUN_STATEMENTS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def today(self) -> Any:
        return organisation_today()

    @cached_property
    def tax_year(self) -> int:
        latest_ended = tax_year_of(self.today) - 1
        try:
            chosen = int(self.request.GET.get("tax_year") or self.request.POST.get("tax_year") or latest_ended)
        except ValueError:
            chosen = latest_ended
        return min(max(chosen, 1900), latest_ended + 1)

    def url(self) -> str:
        return f"{reverse(URL_NAME)}?tax_year={self.tax_year}"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        label = tax_year_label(self.tax_year)
        try:
            if action == "hold":
                run = statements.statement_run_hold(tax_year=self.tax_year, user=request.user)  # type: ignore[arg-type]
                messages.success(request, f"The {label} statement run is on hold: no statement is owed until released.")
            elif action == "release":
                run = statements.statement_run_release(tax_year=self.tax_year, user=request.user)  # type: ignore[arg-type]
                messages.success(request, f"The {label} statement run is released: it goes on the next daily run.")
            else:
                raise PermissionDenied
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            log(instance=run, action="wagtail.edit", user=request.user, data={"status": run.status})
        return redirect(self.url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tax_year = self.tax_year
        first_day, last_day = tax_year_bounds(tax_year)
        window_start, window_end = statements.statement_run_window(tax_year=tax_year)
        donors = statements.statement_donors(tax_year=tax_year)
        donor_count = donors.count()
        shown = list(donors[:SHOWN_DONORS])
        run = statements.statement_run_for(tax_year=tax_year)
        latest = tax_year_of(self.today)
        context.update(
            tax_year=tax_year,
            label=tax_year_label(tax_year),
            first_day=_date(first_day),
            last_day=_date(last_day),
            window_start=_date(window_start),
            window_end=_date(window_end),
            year_over=self.today > last_day,
            run=run,
            held=run.status == StatementRun.Status.HELD,
            owed_count=statements.statement_owed_count(tax_year=tax_year),
            donor_count=donor_count,
            donors=[
                {
                    "name": donor.display_name,
                    "preview_url": reverse("donations:staff_statement_download", args=(donor.pk, tax_year)),
                }
                for donor in shown
            ],
            more_donors=donor_count - len(shown),
            years=[
                {"value": year, "label": tax_year_label(year), "url": f"{reverse(URL_NAME)}?tax_year={year}"}
                for year in range(latest, latest - 6, -1)
            ],
        )
        return context


def year_end_statements_urls() -> list[Any]:
    """The admin URL of the year-end statements page (registered by wagtail_hooks)."""
    return [path("donations/statements/", YearEndStatementsView.as_view(), name=URL_NAME)]


def year_end_statements_menu_item() -> YearEndStatementsMenuItem:
    """The page's item in the Fundraising submenu (registered by wagtail_hooks)."""
    return YearEndStatementsMenuItem("Year-end statements", reverse(URL_NAME), icon_name="doc-full", order=100)
