"""What only the system writes: Stripe events and blocked payment attempts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic

from .. import admin_selectors
from ..models import PaymentAttempt, StripeEvent
from .common import ReadOnlyIndexMixin, money


class StripeEventIndexView(ReadOnlyIndexMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["event_id", "type"]

    def get_base_queryset(self) -> QuerySet[StripeEvent]:
        return admin_selectors.stripe_event_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(event_id=query) | queryset.filter(type__startswith=query)

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "type", label="Event", sort_key="type", get_url=lambda obj: self.get_inspect_url(obj)
        )
        return [
            title,
            Column("event_id", label="Stripe id"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status != StripeEvent.Status.FAILED,
                sort_key="status",
            ),
            Column("attempts", label="Attempts", sort_key="attempts"),
            Column("last_error", label="Error", accessor=lambda obj: obj.last_error[:200]),
            DateColumn("received_at", label="Received", sort_key="received_at"),
        ]


class PaymentAttemptIndexView(ReadOnlyIndexMixin, generic.IndexView):
    """Online payment attempts the card-testing protection refused."""

    page_title = "Blocked payment attempts"

    def get_page_title(self) -> str:
        return self.page_title

    def get_base_queryset(self) -> QuerySet[PaymentAttempt]:
        return admin_selectors.blocked_attempt_listing_queryset()

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "at", label="When", sort_key="at", get_url=lambda obj: self.get_inspect_url(obj), accessor=_when
        )
        return [
            title,
            Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
            Column("client_ip", label="IP address", sort_key="client_ip"),
            Column("card_fingerprint", label="Card fingerprint"),
            Column(
                "amount",
                label="Amount",
                accessor=lambda obj: money(obj.amount, obj.currency) if obj.amount else "",
            ),
            Column("reason", label="Reason"),
        ]


def _when(attempt: PaymentAttempt) -> str:
    return f"{attempt.at:%Y-%m-%d %H:%M}"
