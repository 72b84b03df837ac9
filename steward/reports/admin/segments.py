"""Segments: the listing, added and changed through services.segment_save (built-in ones kept when deleting), the
builder's live count, a segment's members a page at a time and their export."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from steward.core.admin_views import ServiceFormViewMixin

from .. import admin_selectors, exports, selectors, services
from ..conditions import validate_conditions
from ..models import Segment
from .common import EXPORT_SEGMENT, VIEW_SEGMENT, StaffPermissionMixin
from .forms import SegmentExportForm

MEMBERS_PER_PAGE = 50


class SegmentIndexView(generic.IndexView):
    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name",
            label="Segment",
            sort_key="name",
            get_url=lambda obj: reverse("reports_segment_members", args=(obj.pk,)),
        )
        return [
            title,
            Column("description", label="Description"),
            BooleanColumn("built_in", label="Built in", accessor=lambda obj: bool(obj.built_in)),
            DateColumn("updated_at", label="Changed", sort_key="updated_at"),
        ]


class SegmentCreateView(ServiceFormViewMixin, generic.CreateView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> Segment:
        return self.form.save()


class SegmentEditView(ServiceFormViewMixin, generic.EditView):
    template_name = "core/admin/service_form.html"

    def save_instance(self) -> Segment:
        return self.form.save()


class SegmentDeleteView(generic.DeleteView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Built-in segments are kept, but only someone who may delete segments is told so.

        The permission check (Wagtail's, in super().dispatch) comes first: a user without `reports.delete_segment`
        gets the refusal every admin view gives, whether the segment is built-in or not, so the answer reveals
        nothing about it."""
        if self.user_has_permission(self.permission_required) and self.object.built_in:
            messages.error(request, "Built-in segments cannot be deleted; change their conditions instead.")
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def delete_action(self) -> None:
        services.segment_delete(segment=self.object)


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
        paginator = Paginator(admin_selectors.segment_members_page_queryset(segment=segment), MEMBERS_PER_PAGE)
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
