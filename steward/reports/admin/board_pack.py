"""The board pack: choose a period, preview it as HTML, download it as PDF or XLSX (recorded in the export log);
and the listing of its scheduled sendings."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView, View
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import exports, services
from ..boardpack import board_pack_filename, board_pack_html, board_pack_pdf, board_pack_xlsx
from ..figures import Period, board_pack_figures
from ..models import BoardPackRun, ExportLog
from .common import VIEW_BOARD_PACK, StaffPermissionMixin
from .forms import BoardPackPeriodForm


def _period_from(request: HttpRequest) -> tuple[BoardPackPeriodForm, Period | None]:
    data = request.GET if "kind" in request.GET else None
    form = BoardPackPeriodForm(data, initial={"kind": "month", "day": BoardPackPeriodForm.initial_day()})
    return form, form.period() if data is not None and form.is_valid() else None


class BoardPackView(StaffPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Choose a period; then preview the pack or download it."""

    permission_required = VIEW_BOARD_PACK
    template_name = "reports/admin/board_pack.html"
    page_title = "Board pack"
    header_icon = "doc-full"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form, period = _period_from(self.request)
        links = None
        if period is not None:
            query = self.request.GET.urlencode()
            links = {
                "preview": reverse("reports_board_pack_preview") + f"?{query}",
                "pdf": reverse("reports_board_pack_download", args=("pdf",)) + f"?{query}",
                "xlsx": reverse("reports_board_pack_download", args=("xlsx",)) + f"?{query}",
            }
        return {**super().get_context_data(**kwargs), "form": form, "period": period, "links": links}


class BoardPackPreviewView(StaffPermissionMixin, View):
    """The pack as HTML, in the browser."""

    permission_required = VIEW_BOARD_PACK

    def get(self, request: HttpRequest) -> HttpResponse:
        _, period = _period_from(request)
        if period is None:
            raise Http404("Choose a period.")
        return HttpResponse(board_pack_html(board_pack_figures(period), preview=True))


class BoardPackDownloadView(StaffPermissionMixin, View):
    """The pack as a PDF or an XLSX workbook; recorded in the export log."""

    permission_required = VIEW_BOARD_PACK

    def get(self, request: HttpRequest, file_format: str) -> HttpResponse:
        _, period = _period_from(request)
        if period is None or file_format not in ("pdf", "xlsx"):
            raise Http404("Choose a period and a format.")
        figures = board_pack_figures(period)
        if file_format == "pdf":
            content, content_type = board_pack_pdf(figures), "application/pdf"
        else:
            content = board_pack_xlsx(figures)
            content_type = exports.XLSX_CONTENT_TYPE
        services.export_log_record(
            user=request.user,
            kind=ExportLog.Kind.REPORT,
            name=f"Board pack, {period.label}",
            file_format=file_format,
            personal_data=figures.donor_names_shown and bool(figures.top_gifts),
            row_count=None,
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{board_pack_filename(period, file_format)}"'
        return response


class BoardPackRunIndexView(generic.IndexView):
    page_title = "Board pack sendings"

    def get_add_url(self) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "period_start", label="Period from", sort_key="period_start", get_url=lambda obj: self.get_inspect_url(obj)
        )
        return [
            title,
            Column("period_kind", label="Kind"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status != BoardPackRun.Status.FAILED,
            ),
            Column("attempts", label="Attempts"),
            Column("recipients", label="Recipients"),
            Column("error", label="Error", accessor=lambda obj: obj.error[:200]),
            DateColumn("finished_at", label="Finished"),
        ]
