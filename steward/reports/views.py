"""Views of the reports admin: the board pack (choose a period, preview as HTML, download PDF or XLSX), a segment's
live count and members with its export, and the dashboard charts. Every export writes an ExportLog row."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from steward.core.dates import organisation_today

from . import charts, exports, selectors, services
from .admin_forms import BoardPackPeriodForm, SegmentExportForm
from .boardpack import board_pack_filename, board_pack_html, board_pack_pdf, board_pack_xlsx
from .conditions import validate_conditions
from .figures import Period, board_pack_figures, membership_trend, revenue_trend
from .models import ExportLog, Segment

VIEW_BOARD_PACK = "reports.view_boardpack"
VIEW_SEGMENT = "reports.view_segment"
EXPORT_SEGMENT = "reports.export_segment"
MEMBERS_PER_PAGE = 50


class StaffPermissionMixin(PermissionRequiredMixin):
    raise_exception = True


# ---------------------------------------------------------------------------------------------------------
# Board pack
# ---------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------
# Segments: members and export
# ---------------------------------------------------------------------------------------------------------


class SegmentMembersView(StaffPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """A segment's live count and its members, a page at a time, with the export form."""

    permission_required = VIEW_SEGMENT
    template_name = "reports/admin/segment_members.html"
    header_icon = "group"

    def get_page_title(self) -> str:
        return self.segment.name

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.segment = get_object_or_404(Segment, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        segment = self.segment
        members = selectors.segment_members(segment=segment).order_by("sort_name", "pk")
        paginator = Paginator(members.only("pk", "display_name", "kind"), MEMBERS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return {
            **super().get_context_data(**kwargs),
            "segment": segment,
            "count": paginator.count,
            "page": page,
            "export_form": SegmentExportForm() if self.request.user.has_perm(EXPORT_SEGMENT) else None,
            "export_url": reverse("reports_segment_export", args=(segment.pk,)),
            "edit_url": reverse("reports_segments:edit", args=(segment.pk,)),
        }


class SegmentCountView(StaffPermissionMixin, View):
    """The segment builder's live count: POST {"conditions": ...} (JSON); the count, or every problem found."""

    permission_required = VIEW_SEGMENT

    def post(self, request: HttpRequest) -> JsonResponse:
        try:
            conditions = json.loads(request.body)["conditions"]
        except (ValueError, TypeError, KeyError):
            return JsonResponse({"errors": ['Send {"conditions": ...} as JSON.']}, status=400)
        try:
            validate_conditions(conditions)
        except ValidationError as error:
            return JsonResponse({"errors": error.messages}, status=400)
        count = selectors.conditions_count(conditions=conditions)
        text = ngettext("%(count)s constituent matches today", "%(count)s constituents match today", count) % {
            "count": number_format(count, force_grouping=True)
        }
        return JsonResponse({"count": count, "text": text})


class SegmentExportView(StaffPermissionMixin, View):
    """Export a segment's members with the chosen columns: CSV streamed, XLSX through a temporary file."""

    permission_required = EXPORT_SEGMENT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        segment = get_object_or_404(Segment, pk=pk)
        form = SegmentExportForm(request.GET)
        if not form.is_valid():
            raise Http404("Choose at least one column and a format.")
        columns: list[str] = form.cleaned_data["columns"]
        file_format: str = form.cleaned_data["file_format"]
        export = services.segment_export_start(
            segment=segment, columns=columns, file_format=file_format, user=request.user
        )
        if export.queued:
            messages.success(
                request,
                f"The export of {segment.name} is being prepared. You will get an email with the link when it is "
                "ready; it is also listed under Reports → Export history.",
            )
            return redirect("reports_segment_members", pk=segment.pk)
        log, members = export.log, export.members
        if file_format == "csv":
            return exports.stream_csv(
                queryset=members,
                columns=columns,
                filename=segment.name,
                on_done=lambda count: services.export_log_finish(log_id=log.pk, row_count=count),
            )
        response, count = exports.xlsx_response(queryset=members, columns=columns, filename=segment.name)
        services.export_log_finish(log_id=log.pk, row_count=count)
        return response


class ExportDownloadView(StaffPermissionMixin, View):
    """A prepared export's file, for the person who asked for it (it may hold personal data)."""

    permission_required = EXPORT_SEGMENT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        log = get_object_or_404(ExportLog, pk=pk, user=request.user)
        storage = services.export_storage()
        if log.status != ExportLog.Status.READY or not log.file_name or not storage.exists(log.file_name):
            raise Http404("This export is not ready, or its file has been deleted after its keeping time.")
        return FileResponse(
            storage.open(log.file_name, "rb"),
            as_attachment=True,
            filename=f"{slugify(log.name) or 'export'}.xlsx",
            content_type=exports.XLSX_CONTENT_TYPE,
        )


# ---------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------


class ReportsDashboardPanel(Component):
    """Members and revenue over the last 12 months, as small charts, for staff who may open reports."""

    name = "reports_charts"
    order = 70
    template_name = "reports/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        today = organisation_today()
        members = membership_trend(today, months=12)
        revenue = revenue_trend(today, months=12)
        return {
            "members_chart": charts.as_data_uri(
                charts.line_chart(members, title="Active members, last 12 months", width=4.2, height=2)
            ),
            "revenue_chart": charts.as_data_uri(
                charts.bar_chart(
                    [month.month.strftime("%b") for month in revenue],
                    [month.value for month in revenue],
                    title="Revenue, last 12 months",
                    width=4.2,
                    height=2,
                )
            ),
            "board_pack_url": reverse("reports_board_pack"),
        }
