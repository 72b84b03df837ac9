"""What the admin of every app builds on (spreadsheet exports streamed in chunks and logged, keyset pagination,
forms saved through services, deletes that explain what blocks them, list-and-inspect viewsets), and the admin
of the outbox: what Steward owes people and whether it went, failures first to the eye, and "send again" for a
message given up on."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import PROTECT, RESTRICT, Model, ProtectedError, QuerySet, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.decorators.http import require_POST
from django.views.generic import FormView
from django_filters import ChoiceFilter
from wagtail.admin import messages as admin_messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr

from . import outbox
from .admin_forms import ServiceForm
from .exports import export_started
from .models import OutboxMessage
from .money import spreadsheet_number_format

# ---------------------------------------------------------------------------------------------------------
# Shared behaviour: exports, pagination, service forms, deletes, actions on one object
# ---------------------------------------------------------------------------------------------------------


class ChunkedRows:
    """The rows of an export, read in chunks so 100,000 rows stay in bounded memory.

    Prefetches are dropped (they cost a lot of Python per row on large sets); instead the view's
    `prepare_export_chunk(rows)` fetches what a chunk needs in one query.
    """

    def __init__(
        self,
        queryset: QuerySet,
        view: ExportMixin,
        chunk_size: int = 2000,
        on_end: Callable[[int], None] | None = None,
    ) -> None:
        self.queryset = queryset.prefetch_related(None)
        self.model = queryset.model
        self.view = view
        self.chunk_size = chunk_size
        self.on_end = on_end

    def __iter__(self) -> Iterator[Any]:
        chunk: list[Any] = []
        count = 0
        for row in self.queryset.iterator(chunk_size=self.chunk_size):
            chunk.append(row)
            count += 1
            if len(chunk) == self.chunk_size:
                yield from self.view.prepare_export_chunk(chunk)
                chunk = []
        if chunk:
            yield from self.view.prepare_export_chunk(chunk)
        if self.on_end is not None:
            self.on_end(count)


class ExportMixin:
    """Spreadsheet export with named accessors (`export_<field>` methods), streamed in chunks."""

    # Provided by the Wagtail IndexView this is mixed into.
    request: HttpRequest
    list_export: list[str]
    is_export: bool

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.is_export:
            # Straight to the file: the listing's own context would load every row to count them.
            self.object_list = self.get_queryset()  # type: ignore[attr-defined]
            return self.as_spreadsheet(self.object_list, request.GET.get("export"))  # type: ignore[arg-type]
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def prepare_export_chunk(self, rows: list[Any]) -> list[Any]:
        return rows

    def export_value(self, item: Any, field: str) -> Any:
        accessor = getattr(self, f"export_{field.replace('.', '__')}", None)
        if accessor is not None:
            return accessor(item)
        try:
            value = multigetattr(item, field)
        except AttributeError:
            return None
        return value() if callable(value) else value

    def to_row_dict(self, item: Any) -> OrderedDict:
        return OrderedDict((field, self.export_value(item, field)) for field in self.list_export)

    # A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection): such text
    # gets a leading apostrophe, as the segment exports do (steward/reports/exports.py). Numbers are left alone.
    formula_starts = ("=", "+", "-", "@", "\t", "\r")

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        if isinstance(value, bool):  # as the listings show it, not Python's True/False
            return "Yes" if value else "No"
        processed = super().preprocess_field_value(field, value, export_format)  # type: ignore[misc]
        if (
            export_format == self.FORMAT_CSV  # type: ignore[attr-defined]
            and isinstance(processed, str)
            and not isinstance(value, (int, float, Decimal))
            and processed.startswith(self.formula_starts)
        ):
            return "'" + processed
        return processed

    def generate_xlsx_row(self, worksheet: Any, row_dict: OrderedDict, date_format: str | None = None) -> Iterator[Any]:
        # Amounts stay numbers (a spreadsheet adds them up) shown with thousands separated; their currency is a
        # column of its own or named in the heading. CSV keeps the plain decimal.
        for cell, value in zip(
            super().generate_xlsx_row(worksheet, row_dict, date_format),  # type: ignore[misc]
            row_dict.values(),
            strict=True,
        ):
            if isinstance(value, Decimal):
                cell.number_format = spreadsheet_number_format(value)
            yield cell

    # Whether the listing's rows are about people (names, contact details, giving): the export log says so.
    export_personal_data = True

    def as_spreadsheet(self, queryset: QuerySet, spreadsheet_format: str) -> HttpResponse:
        """The listing as a file, logged (who, what, which columns, how many rows) like every export."""
        finish = export_started(
            user=self.request.user,
            name=f"{queryset.model._meta.verbose_name_plural} (admin listing)",
            file_format=spreadsheet_format,
            columns=list(self.list_export),
            personal_data=self.export_personal_data,
        )
        return super().as_spreadsheet(  # type: ignore[misc]
            ChunkedRows(queryset, self, on_end=finish), spreadsheet_format
        )


class ExportIndexView(ExportMixin, generic.IndexView):
    """Wagtail's plain listing, with Steward's export: for viewsets that need no listing view of their own.

    Wagtail's own IndexView writes each cell as it is, so a value such as `=HYPERLINK(...)` typed into a name
    would run as a formula in the spreadsheet of whoever opens the export (CSV injection). Every listing that
    offers an export therefore goes through ExportMixin, which escapes and logs it; a viewset with `list_export`
    and no index view of its own uses this one (tests/security/test_csv_injection.py walks them all).
    """

    # The listings without a view of their own hold settings (types, fields, funds, skills), not people; a listing
    # of people has its own view, which keeps ExportMixin's `export_personal_data = True`.
    export_personal_data = False


LISTING_COUNT_CAP = 10_000


class CappedPaginator(WagtailPaginator):
    """Counts a listing up to LISTING_COUNT_CAP rows, not the whole table.

    An exact COUNT(*) of a million constituents on every page load reads every row (or every index entry);
    counting at most cap + 1 rows, in no particular order, stops as soon as it has them. Past the cap the
    listing says "more than 10,000" and offers that many rows' worth of pages: further than that, staff narrow
    the listing with a search, a filter or the other sort order (an export still has every row).
    """

    cap = LISTING_COUNT_CAP

    @cached_property
    def counted(self) -> int:
        """The rows there are, up to one past the cap: one query."""
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        return self.counted > self.cap

    @cached_property
    def items_count_label(self) -> str:
        if self.capped:
            return f"More than {self.cap:,} {self.verbose_name_plural}"
        return f"1 {self.verbose_name}" if self.count == 1 else f"{self.count:,} {self.verbose_name_plural}"


class KeysetPageMixin:
    """For the listings that can hold a million rows: a capped count, and pages that cost the same anywhere.

    The count is a CappedPaginator's. The page is found on primary keys first, then its rows are loaded with
    their annotations: the listing querysets annotate correlated subqueries, and with a plain OFFSET the
    database would compute them for every skipped row. The offset itself is bounded by the cap, and the
    listings sort by indexed columns, so the deepest page reads at most cap rows of an index.
    """

    paginator_class = CappedPaginator
    results_template_name = "core/admin/listing_results.html"

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple[Any, Any, Any, bool]:
        paginator, page, keys, is_paginated = super().paginate_queryset(  # type: ignore[misc]
            queryset.values_list("pk", flat=True), page_size
        )
        keys = list(keys)
        rows = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
        page.object_list = [rows[key] for key in keys if key in rows]
        return paginator, page, page.object_list, is_paginated


class ServiceFormViewMixin:
    """For generic create/edit views whose form is a ServiceForm: save through the service.

    A ValidationError from the service is shown on the form (status 200) and nothing is written.
    """

    # Provided by the Wagtail CreateView or EditView this is mixed into.
    request: HttpRequest

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["for_user"] = self.request.user
        return kwargs

    def form_valid(self, form: ServiceForm) -> HttpResponse:
        self.form = form
        try:
            with transaction.atomic():
                self.object = self.save_instance()  # type: ignore[attr-defined]
        except ValidationError as error:
            form.apply_service_error(error)
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]
        response = self.save_action()  # type: ignore[attr-defined]
        hook_response = self.run_after_hook()  # type: ignore[attr-defined]
        return hook_response if hook_response is not None else response

    def get_success_url(self) -> str:
        return get_valid_next_url_from_request(self.request) or super().get_success_url()  # type: ignore[misc]


def deletion_blockers(instance: Model) -> list[str]:
    """Why the database would refuse to delete this object: rows that point at it with PROTECT or RESTRICT.

    One EXISTS query per such relation (Django's Collector would load every protected row to say so).
    """
    reasons = []
    relation: Any  # a reverse relation: the stubs type get_fields() as fields or relations
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        if relation.on_delete not in (PROTECT, RESTRICT):
            continue
        related = relation.related_model
        if related._default_manager.filter(**{relation.field.name: instance}).exists():
            reasons.append(f"{capfirst(related._meta.verbose_name_plural)} still refer to it.")
    return sorted(set(reasons))


class ProtectedDeleteView(generic.DeleteView):
    """Delete confirmation that explains, instead of failing with a 500, when other records still need the object."""

    template_name = "core/admin/confirm_delete.html"

    @cached_property
    def blockers(self) -> list[str]:
        return deletion_blockers(self.object)

    def form_valid(self, form: Any) -> HttpResponse:
        if self.blockers:
            return self._refuse(self.blockers)
        try:
            return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            return self._refuse(["Other records still refer to it."])

    def _refuse(self, reasons: list[str]) -> HttpResponse:
        admin_messages.error(
            self.request,
            f"'{self.object}' cannot be deleted. {' '.join(reasons)}",
        )
        return redirect(self.request.path)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["blockers"] = self.blockers
        return context


class ObjectActionFormView(WagtailAdminTemplateMixin, FormView):
    """A form about one object, saved through a service; on success back to `next` or the object's page."""

    model: type[Model]
    permission_required = ""
    template_name = "core/admin/action_form.html"
    submit_button_label = "Save"
    success_message = "Saved."
    header_icon = ""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.permission_required:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a permission_required.")
        if not self.has_permission():
            raise PermissionDenied
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)  # type: ignore[return-value]

    def has_permission(self) -> bool:
        return self.request.user.has_perm(self.permission_required)

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.object, for_user=self.request.user)
        return kwargs

    def object_url(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return get_valid_next_url_from_request(self.request) or self.object_url()

    def form_valid(self, form: ServiceForm) -> HttpResponse:
        try:
            with transaction.atomic():
                self.result = form.save()
        except ValidationError as error:
            form.apply_service_error(error)
            return self.form_invalid(form)
        admin_messages.success(self.request, self.get_success_message())
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: ServiceForm) -> HttpResponse:
        admin_messages.validation_error(self.request, "Please correct the errors below.", form)
        return super().form_invalid(form)

    def get_success_message(self) -> str:
        return self.success_message

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            action_url=self.request.get_full_path(),
            submit_button_label=self.submit_button_label,
            cancel_url=self.get_success_url(),
            media=context["form"].media,
        )
        return context


# ---------------------------------------------------------------------------------------------------------
# The outbox
# ---------------------------------------------------------------------------------------------------------


RETRY_PERMISSION = "core.change_outboxmessage"
VIEW_PERMISSION = "core.view_outboxmessage"


class OutboxMessageFilterSet(WagtailFilterSet):
    status = ChoiceFilter(choices=OutboxMessage.Status.choices, empty_label="Any status")
    kind = ChoiceFilter(choices=lambda: [(kind, kind.replace("_", " ")) for kind in sorted(outbox.SENDERS)])

    class Meta:
        model = OutboxMessage
        fields = ["status", "kind"]


class OutboxMessageIndexView(generic.IndexView):
    """Every message owed: newest first, filterable by status and kind."""

    def get_base_queryset(self) -> QuerySet[OutboxMessage]:
        return OutboxMessage.objects.only(
            "kind", "key", "status", "recipient", "subject", "attempts", "created_at", "sent_at", "last_error"
        )


def outbox_message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a failed message again (after staff fixed what made it fail)."""
    if not request.user.has_perm(RETRY_PERMISSION):
        raise PermissionDenied
    message = get_object_or_404(OutboxMessage, pk=pk)
    if message.status != OutboxMessage.Status.FAILED:
        messages.warning(request, "Only a failed message can be sent again.")
    else:
        outbox.outbox_retry(message=message)
        messages.success(request, "The message will be sent again within a minute.")
    return redirect(reverse("core_outbox:inspect", args=[pk]))


class OutboxMessageInspectView(generic.InspectView):
    template_name = "core/admin/outbox_message_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_retry"] = self.object.status == OutboxMessage.Status.FAILED and self.request.user.has_perm(
            RETRY_PERMISSION
        )
        context["retry_url"] = reverse("core_outbox:retry", args=[self.object.pk])
        if self.object.html:
            context["as_sent_url"] = reverse("core_outbox:as_sent", args=[self.object.pk])
        return context


#: The stored HTML of a message is shown as the mail client would: its own styles and images, no script, no
#: forms, in a sandbox (an opaque origin that cannot reach the admin's cookies or pages).
AS_SENT_POLICY = (
    "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src https: http: data:; "
    "style-src 'unsafe-inline'; font-src https: data:"
)


def outbox_message_as_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTML part of a sent message, as it went out."""
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    message = get_object_or_404(OutboxMessage, pk=pk)
    if not message.html:
        raise Http404("This message has no HTML part.")
    response = HttpResponse(message.html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = AS_SENT_POLICY
    return response


class InspectURLFinderMixin:
    """For a viewset without an edit view: links to a row (usage pages, the admin's URL finder) open its inspect
    page instead (Wagtail's finder would reverse the missing `edit` view and fail)."""

    @property
    def url_finder_class(self) -> type:
        inspect = self.get_url_name("inspect")  # type: ignore[attr-defined]
        return type("_InspectURLFinder", (ModelAdminURLFinder,), {"edit_url_name": inspect})


class AddAndInspectViewSet(InspectURLFinderMixin, ModelViewSet):
    """Rows added by hand (through a service form) and inspected, never edited or deleted here: gifts, gift
    batches, sign-ups."""

    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(edit_url_name=None, delete_url_name=None)
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in {"edit", "delete"}]


class ListAndInspectViewSet(InspectURLFinderMixin, ModelViewSet):
    """Only the listing and the inspect page: records written by services or by the system, never by hand."""

    inspect_view_enabled = True
    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(
            add_url_name=None, edit_url_name=None, delete_url_name=None, history_url_name=None, usage_url_name=None
        )
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
        ]


class OutboxMessageViewSet(ListAndInspectViewSet):
    """Outgoing messages: written by the services, sent by the worker; listed and inspected, never edited."""

    model = OutboxMessage
    name = "outbox"
    url_prefix = "outbox"
    url_namespace = "core_outbox"
    icon = "mail"
    menu_label = "Outgoing messages"
    add_to_settings_menu = True
    index_view_class = OutboxMessageIndexView
    inspect_view_class = OutboxMessageInspectView
    filterset_class = OutboxMessageFilterSet
    search_fields = ["key", "recipient", "subject"]
    ordering = "-created_at"
    list_per_page = 50
    list_display = [
        Column("kind", label="Kind"),
        "recipient",
        "subject",
        Column("status", label="Status", accessor="get_status_display"),
        "attempts",
        DateColumn("created_at", label="Owed since"),
        DateColumn("sent_at", label="Sent"),
    ]
    inspect_view_fields = [
        "kind",
        "key",
        "status",
        "recipient",
        "subject",
        "attempts",
        "created_at",
        "not_before",
        "claimed_at",
        "sent_at",
        "last_error",
        "payload",
    ]

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("retry/<int:pk>/", require_POST(outbox_message_retry), name="retry"),
            path("as-sent/<int:pk>/", outbox_message_as_sent, name="as_sent"),
        ]
