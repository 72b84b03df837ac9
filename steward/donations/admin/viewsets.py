"""Wagtail ModelViewSets of the donations domain, grouped under one "Fundraising" menu."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.functional import lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from steward.core.admin_views import AddAndInspectViewSet, ExportIndexView, ListAndInspectViewSet, ProtectedDeleteView
from steward.members.choosers import ConstituentChooserWidget

from ..models import Appeal, Campaign, Fund, Gift, GiftBatch, PaymentAttempt, Pledge, RecurringGift, StripeEvent
from ..money import base_currency
from . import batch_grid, batches, campaigns, filters, gift_pages, plans, stripe_log
from . import forms as admin_forms
from .forms import PledgeAdminForm

FUNDRAISING_MENU_HOOK = "register_fundraising_menu_item"


def _in_base(heading: str) -> str:
    """An export heading naming the organisation's currency, read when the file is written."""
    return lazy(lambda: f"{heading} ({base_currency()})", str)()  # type: ignore[no-any-return]


class GiftViewSet(AddAndInspectViewSet):
    """Gifts: filterable, exportable; added by hand through gifts.gift_record; never edited or deleted here."""

    model = Gift
    name = "gifts"
    url_prefix = "donations/gifts"
    url_namespace = "donations_gifts"
    icon = "tag"
    menu_label = "Gifts"
    menu_order = 10
    index_view_class = gift_pages.GiftIndexView
    add_view_class = gift_pages.GiftCreateView
    inspect_view_class = gift_pages.GiftInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = filters.GiftFilterSet
    ordering = ["-gift_date", "-pk"]
    list_per_page = 25
    list_export = [
        "pk",
        "gift_date",
        "constituent",
        "constituent_id",
        "amount",
        "currency",
        "base_amount",
        "amount_refunded",
        "status",
        "method",
        "purpose",
        "reference",
        "fund",
        "campaign",
        "appeal",
        "batch",
        "receipt",
        "anonymous",
        "tribute_type",
        "tribute_name",
        "stripe_payment_intent_id",
        "stripe_charge_id",
    ]
    export_headings = {
        "pk": "ID",
        "gift_date": "Received",
        "constituent": "Donor",
        "constituent_id": "Donor ID",
        "base_amount": _in_base("Base amount"),
        "amount_refunded": "Refunded",
        "appeal": "Appeal code",
        "receipt": "Receipt number",
    }
    export_filename = "gifts"

    def get_form_class(self, for_update: bool = False) -> type:
        return admin_forms.GiftEntryForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("refund/<int:pk>/", gift_pages.GiftRefundView.as_view(), name="refund"),
        ]


class GiftBatchViewSet(AddAndInspectViewSet):
    model = GiftBatch
    name = "batches"
    url_prefix = "donations/batches"
    url_namespace = "donations_batches"
    icon = "form"
    menu_label = "Gift batches"
    menu_order = 20
    index_view_class = batches.GiftBatchIndexView
    add_view_class = batches.GiftBatchCreateView
    inspect_view_class = batches.GiftBatchInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = filters.GiftBatchFilterSet
    form_fields = ["name", "currency", "gift_date", "expected_count", "expected_total"]
    ordering = "-created_at"

    def get_form_class(self, for_update: bool = False) -> type:
        return admin_forms.GiftBatchForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("donors/", batch_grid.donor_search, name="donor_search"),
            path("<int:pk>/rows/", batch_grid.row_create, name="row_create"),
            path("rows/<int:pk>/", batch_grid.row_update, name="row_update"),
            path("rows/<int:pk>/remove/", batch_grid.row_remove, name="row_remove"),
        ]


class RecurringGiftViewSet(ListAndInspectViewSet):
    model = RecurringGift
    name = "recurring"
    url_prefix = "donations/recurring"
    url_namespace = "donations_recurring"
    icon = "repeat"
    menu_label = "Recurring gifts"
    menu_order = 30
    index_view_class = plans.RecurringGiftIndexView
    filterset_class = filters.RecurringGiftFilterSet
    ordering = "-created_at"
    list_per_page = 25
    list_export = [
        "pk",
        "constituent",
        "amount",
        "currency",
        "frequency",
        "status",
        "fund",
        "next_charge_date",
        "failed_payment_count",
        "created_at",
        "cancelled_at",
    ]
    export_filename = "recurring_gifts"
    inspect_view_fields = [
        "constituent",
        "amount",
        "currency",
        "frequency",
        "status",
        "fund",
        "campaign",
        "appeal",
        "payment_method",
        "membership",
        "cover_fees",
        "next_charge_date",
        "failed_payment_count",
        "paused_until",
        "cancelled_at",
        "cancellation_reason",
        "created_at",
    ]


class PledgeViewSet(ModelViewSet):
    model = Pledge
    name = "pledges"
    url_prefix = "donations/pledges"
    url_namespace = "donations_pledges"
    icon = "doc-full"
    menu_label = "Pledges"
    menu_order = 40
    index_view_class = plans.PledgeIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = filters.PledgeFilterSet
    ordering = "-pledged_on"
    list_per_page = 25
    list_export = ["pk", "constituent", "amount", "paid", "currency", "status", "fund", "campaign", "pledged_on"]
    export_filename = "pledges"
    edit_handler = ObjectList(
        [
            FieldPanel("constituent", widget=ConstituentChooserWidget()),
            FieldRowPanel([FieldPanel("amount"), FieldPanel("currency")]),
            FieldRowPanel([FieldPanel("fund"), FieldPanel("campaign")]),
            FieldRowPanel([FieldPanel("pledged_on"), FieldPanel("status")]),
            FieldRowPanel([FieldPanel("installments"), FieldPanel("frequency"), FieldPanel("first_due")]),
            FieldPanel("notes"),
        ],
        base_form_class=PledgeAdminForm,
    )
    inspect_view_fields = ["constituent", "amount", "currency", "fund", "campaign", "pledged_on", "status", "notes"]

    def get_common_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(delete_url_name=None)
        return view_kwargs

    def get_urlpatterns(self) -> list[Any]:
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "delete"]


class FundViewSet(ModelViewSet):
    model = Fund
    name = "funds"
    url_prefix = "donations/funds"
    url_namespace = "donations_funds"
    icon = "folder-open-inverse"
    menu_label = "Funds"
    menu_order = 50
    index_view_class = ExportIndexView
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["name", "code"]
    list_display = ["name", "code", "restricted", "active", "sort_order"]
    list_filter = ["restricted", "active"]
    list_export = ["name", "code", "description", "restricted", "active", "sort_order"]
    export_filename = "funds"
    ordering = ["sort_order", "name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("restricted"), FieldPanel("active"), FieldPanel("sort_order")]),
    ]


class CampaignViewSet(ModelViewSet):
    model = Campaign
    name = "campaigns"
    url_prefix = "donations/campaigns"
    url_namespace = "donations_campaigns"
    icon = "pick"
    menu_label = "Campaigns"
    menu_order = 60
    index_view_class = campaigns.CampaignIndexView
    inspect_view_class = campaigns.CampaignInspectView
    delete_view_class = ProtectedDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = filters.CampaignFilterSet
    ordering = ["-start_date", "name"]
    list_per_page = 25
    list_export = [
        "name",
        "slug",
        "goal_amount",
        "currency",
        "raised",
        "donor_count",
        "gift_count",
        "start_date",
        "end_date",
        "parent",
        "fund",
        "active",
    ]
    export_headings = {
        "goal_amount": "Goal",
        "currency": "Goal currency",
        "raised": _in_base("Raised"),
        "donor_count": "Donors",
        "gift_count": "Gifts",
    }
    export_filename = "campaigns"
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("goal_amount"), FieldPanel("currency")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("parent"), FieldPanel("fund")]),
        FieldPanel("active"),
    ]


class AppealViewSet(ModelViewSet):
    model = Appeal
    name = "appeals"
    url_prefix = "donations/appeals"
    url_namespace = "donations_appeals"
    icon = "mail"
    menu_label = "Appeals"
    menu_order = 70
    index_view_class = campaigns.AppealIndexView
    delete_view_class = ProtectedDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_filter = ["channel", "active", "campaign"]
    list_export = ["name", "code", "campaign", "channel", "start_date", "active", "raised", "gift_count"]
    export_headings = {"raised": _in_base("Raised"), "gift_count": "Gifts"}
    export_filename = "appeals"
    ordering = ["-start_date", "name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("campaign"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("active")]),
    ]


class StripeEventViewSet(ListAndInspectViewSet):
    model = StripeEvent
    name = "stripe_events"
    url_prefix = "donations/stripe-events"
    url_namespace = "donations_stripe_events"
    icon = "warning"
    menu_label = "Stripe events"
    menu_order = 80
    index_view_class = stripe_log.StripeEventIndexView
    filterset_class = filters.StripeEventFilterSet
    ordering = "-received_at"
    list_per_page = 50
    inspect_view_fields = [
        "event_id",
        "type",
        "status",
        "attempts",
        "received_at",
        "stripe_created",
        "processed_at",
        "last_error",
        "payload",
    ]


class PaymentAttemptViewSet(ListAndInspectViewSet):
    model = PaymentAttempt
    name = "blocked_attempts"
    url_prefix = "donations/blocked-attempts"
    url_namespace = "donations_blocked_attempts"
    icon = "lock"
    menu_label = "Blocked payment attempts"
    menu_order = 90
    index_view_class = stripe_log.PaymentAttemptIndexView
    filterset_class = filters.PaymentAttemptFilterSet
    ordering = "-at"
    list_per_page = 50
    inspect_view_fields = ["at", "kind", "client_ip", "card_fingerprint", "amount", "currency", "reason", "blocked"]


class FundraisingViewSetGroup(ModelViewSetGroup):
    """The "Fundraising" menu."""

    menu_label = "Fundraising"
    menu_icon = "tag"
    menu_order = 210
    submenu_hook = FUNDRAISING_MENU_HOOK
    items = (
        GiftViewSet,
        GiftBatchViewSet,
        RecurringGiftViewSet,
        PledgeViewSet,
        FundViewSet,
        CampaignViewSet,
        AppealViewSet,
        StripeEventViewSet,
        PaymentAttemptViewSet,
    )
