"""The Wagtail admin of the outbox: what Steward owes people and whether it went, failures first to the eye,
and "send again" for a message given up on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from django_filters import ChoiceFilter
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from . import outbox
from .models import OutboxMessage

RETRY_PERMISSION = "core.change_outboxmessage"


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
        return context


class InspectURLFinderMixin:
    """For a viewset without an edit view: links to a row (usage pages, the admin's URL finder) open its inspect
    page instead (Wagtail's finder would reverse the missing `edit` view and fail)."""

    @property
    def url_finder_class(self) -> type:
        inspect = self.get_url_name("inspect")  # type: ignore[attr-defined]
        return type("_InspectURLFinder", (ModelAdminURLFinder,), {"edit_url_name": inspect})


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
        return [*super().get_urlpatterns(), path("retry/<int:pk>/", require_POST(outbox_message_retry), name="retry")]
