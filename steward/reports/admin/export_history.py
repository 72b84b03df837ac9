"""The export history: every export with who made it and whether it holds personal data, and a prepared export's
file for the person who asked for it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import slugify
from django.views.generic import View
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic

from .. import admin_selectors, exports, selectors, services
from ..models import ExportLog
from .common import EXPORT_SEGMENT, StaffPermissionMixin


class ExportLogIndexView(generic.IndexView):
    page_title = "Export history"

    def get_add_url(self) -> None:
        return None

    def get_base_queryset(self) -> Any:
        return selectors.export_log_listing()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="What", get_url=lambda obj: self.get_inspect_url(obj)
        )
        return [
            title,
            Column("kind", label="Kind", accessor="get_kind_display"),
            Column("user", label="Who", accessor=lambda obj: obj.user or "the system"),
            Column("file_format", label="Format"),
            Column("row_count", label="Rows", accessor=lambda obj: "" if obj.row_count is None else obj.row_count),
            BooleanColumn("personal_data", label="Personal data"),
            DateColumn("exported_at", label="When", sort_key="exported_at"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status in (ExportLog.Status.SENT, ExportLog.Status.READY),
            ),
            Column("file", label="File", accessor=self.download_link),
        ]

    def download_link(self, log: ExportLog) -> str:
        """A prepared export's link, for the person who asked for it."""
        if log.status != ExportLog.Status.READY or log.user_id != self.request.user.pk:
            return ""
        return format_html('<a href="{}">Download</a>', reverse("reports_export_download", args=(log.pk,)))


class ExportDownloadView(StaffPermissionMixin, View):
    """A prepared export's file, for the person who asked for it (it may hold personal data)."""

    permission_required = EXPORT_SEGMENT

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        log = get_object_or_404(admin_selectors.export_logs_of(user=request.user), pk=pk)
        storage = services.export_storage()
        if log.status != ExportLog.Status.READY or not log.file_name or not storage.exists(log.file_name):
            raise Http404("This export is not ready, or its file has been deleted after its keeping time.")
        return FileResponse(
            storage.open(log.file_name, "rb"),
            as_attachment=True,
            filename=f"{slugify(log.name) or 'export'}.xlsx",
            content_type=exports.XLSX_CONTENT_TYPE,
        )
