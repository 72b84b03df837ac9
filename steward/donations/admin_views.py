"""Views of the donations admin: listings with filters and exports, gift entry by hand and in batches, the
campaign page, the giving section of the constituent page and the dashboard panel. Writes go through
steward.donations.services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from steward.core.admin_sections import ConstituentSection, constituent_url
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ObjectActionFormView, ServiceFormViewMixin
from steward.members.models import Constituent

from . import admin_forms, admin_selectors, services
from .models import Campaign, Gift, GiftBatch, PaymentAttempt, Pledge, RecurringGift, StripeEvent
from .money import base_currency

VIEW_GIFTS = "donations.view_gift"
COUNTED = (Gift.Status.SUCCEEDED, Gift.Status.PARTIALLY_REFUNDED)


def _donor_column(view: generic.IndexView) -> Column:
    """The listing's title column: the donor, linking to the row's own page."""
    return view._get_title_column_class(TitleColumn)(
        "constituent",
        label="Donor",
        accessor="constituent",
        sort_key="constituent__sort_name",
        get_url=lambda obj: view.get_inspect_url(obj),
    )


def _money(amount: Decimal | None, currency: str) -> str:
    return f"{amount:,.2f} {currency}" if amount is not None else "—"


def gift_url(gift: Gift) -> str:
    return reverse("donations_gifts:inspect", args=(quote(gift.pk),))


def gifts_url(**params: Any) -> str:
    """The gift listing, filtered."""
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("donations_gifts:index") + (f"?{query}" if query else "")


class ReadOnlyIndexMixin:
    """Listings of records that only the system writes (Stripe events, blocked attempts): no add button."""

    def get_add_url(self) -> None:
        return None


# ---------------------------------------------------------------------------------------------------------
# Gifts
# ---------------------------------------------------------------------------------------------------------


class GiftIndexView(KeysetPageMixin, ExportMixin, generic.IndexView):
    """Every gift, filterable by date, designation, status, method and amount; exportable."""

    is_searchable = True
    search_fields = ["constituent__display_name", "reference"]
    page_title = "Gifts"

    def get_base_queryset(self) -> QuerySet[Gift]:
        return admin_selectors.gift_listing_queryset()

    def search_queryset(self, queryset: QuerySet[Gift]) -> QuerySet[Gift]:
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(constituent__display_name__icontains=query) | queryset.filter(reference=query)

    def get_delete_url(self, instance: Gift) -> None:
        return None  # gifts are kept for the record: refunded, never deleted

    @cached_property
    def columns(self) -> list[Column]:
        title = _donor_column(self)
        return [
            title,
            Column("amount", label="Amount", accessor=lambda obj: _money(obj.amount, obj.currency), sort_key="amount"),
            DateColumn("gift_date", label="Received", sort_key="gift_date"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.counts,
                sort_key="status",
            ),
            Column("method", label="Method", accessor="get_method_display", sort_key="method"),
            Column("fund", label="Fund", sort_key="fund__name"),
            Column("campaign", label="Campaign", accessor=lambda obj: obj.campaign or "", sort_key="campaign__name"),
            Column("receipt", label="Receipt", accessor=lambda obj: _receipt_number(obj)),
        ]

    def export_constituent(self, item: Gift) -> str:
        return str(item.constituent)

    def export_status(self, item: Gift) -> str:
        return item.get_status_display()

    def export_method(self, item: Gift) -> str:
        return item.get_method_display()

    def export_purpose(self, item: Gift) -> str:
        return item.get_purpose_display()

    def export_fund(self, item: Gift) -> str:
        return item.fund.name

    def export_campaign(self, item: Gift) -> str:
        return item.campaign.name if item.campaign else ""

    def export_appeal(self, item: Gift) -> str:
        return item.appeal.code if item.appeal else ""

    def export_receipt(self, item: Gift) -> str:
        return _receipt_number(item)

    def export_batch(self, item: Gift) -> str:
        return item.batch.name if item.batch else ""


def _receipt_number(gift: Gift) -> str:
    return gift.receipt.display_number if gift.receipt is not None else ""


class GiftCreateView(ServiceFormViewMixin, generic.CreateView):
    """Enter a gift received by hand; services.gift_record records it (succeeded, receipted)."""

    template_name = "core/admin/service_form.html"
    page_title = "Enter a gift"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if constituent_id := self.request.GET.get("constituent"):
            initial["constituent"] = constituent_id
        return initial

    def save_instance(self) -> Gift:
        gift = self.form.save()
        log(instance=gift, action="wagtail.create", user=self.request.user)
        return gift

    def get_success_message(self, instance: Gift | None = None) -> str:
        return f"Gift of {_money(self.object.amount, self.object.currency)} from {self.object.constituent} recorded."

    def get_success_url(self) -> str:
        return gift_url(self.object)

    def get_edit_url(self) -> str:
        return gift_url(self.object)  # gifts are not edited: the success message links to the gift's page


class GiftInspectView(generic.InspectView):
    """One gift: its payment, designation, soft credits, tribute, Stripe ids and receipt."""

    template_name = "donations/admin/gift_detail.html"

    def get_object(self, queryset: QuerySet | None = None) -> Gift:
        return get_object_or_404(admin_selectors.gift_page_queryset(), pk=self.pk)

    def get_page_subtitle(self) -> str:
        return str(self.object)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        gift = self.object
        receipt = gift.receipt
        context.update(
            gift=gift,
            receipt=receipt,
            receipt_url=reverse("donations:staff_receipt_download", args=(receipt.pk,)) if receipt else None,
            constituent_url=constituent_url(gift.constituent),
            soft_credits=list(gift.soft_credits.all()),
            batch_url=reverse("donations_batches:inspect", args=(gift.batch_id,)) if gift.batch_id else None,
        )
        return context

    @cached_property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        if refundable(self.object) and self.request.user.has_perm(REFUND_PERMISSION):
            url = reverse("donations_gifts:refund", args=(self.object.pk,))
            buttons.append(HeaderButton("Refund", url=url, icon_name="undo"))
        return buttons


REFUND_PERMISSION = "donations.change_gift"


def refundable(gift: Gift) -> bool:
    """Whether the admin offers a refund: a counted gift."""
    return gift.status in COUNTED


class GiftRefundView(ObjectActionFormView):
    """Refund a gift through services.gift_refund (which goes through Stripe for card gifts)."""

    model = Gift
    permission_required = REFUND_PERMISSION
    form_class = admin_forms.GiftRefundForm
    page_title = "Refund gift"
    submit_button_label = "Refund"
    header_icon = "undo"

    def get_queryset(self) -> QuerySet[Gift]:
        return Gift.objects.select_related("constituent")

    def object_url(self) -> str:
        return gift_url(self.object)

    def get_success_message(self) -> str:
        gift = self.result
        return f"Refunded: {gift.amount_refunded} of {gift.amount} {gift.currency} ({gift.get_status_display()})."


# ---------------------------------------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------------------------------------


class GiftBatchIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[GiftBatch]:
        return admin_selectors.batch_listing_queryset()

    def get_delete_url(self, instance: GiftBatch) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="Batch", sort_key="name", get_url=lambda obj: self.get_inspect_url(obj)
        )
        return [
            title,
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status == GiftBatch.Status.OPEN,
                sort_key="status",
            ),
            Column(
                "entered",
                label="Entered",
                accessor=lambda obj: f"{obj.entered_count} gifts, {_money(obj.entered_total, obj.currency)}",
            ),
            Column(
                "expected",
                label="Expected",
                accessor=lambda obj: f"{obj.expected_count} gifts, {_money(obj.expected_total, obj.currency)}",
            ),
            DateColumn("created_at", label="Opened", sort_key="created_at"),
            DateColumn("posted_at", label="Posted", sort_key="posted_at"),
        ]


class GiftBatchCreateView(generic.CreateView):
    def save_instance(self) -> GiftBatch:
        data = self.form.cleaned_data
        batch = services.gift_batch_create(
            name=data["name"],
            currency=data["currency"],
            expected_count=data["expected_count"],
            expected_total=data["expected_total"],
            user=self.request.user,
        )
        log(instance=batch, action="wagtail.create", user=self.request.user)
        return batch

    def get_success_url(self) -> str:
        return reverse("donations_batches:inspect", args=(self.object.pk,))

    def get_edit_url(self) -> str:
        return self.get_success_url()


class GiftBatchInspectView(generic.InspectView):
    """A batch: its gifts, the running totals against what was expected, a form to enter the next gift
    (POST action=add) and the Post button (POST action=post, services.gift_batch_post)."""

    template_name = "donations/admin/batch_detail.html"
    http_method_names = ["get", "post"]

    def get_object(self, queryset: QuerySet | None = None) -> GiftBatch:
        return get_object_or_404(GiftBatch.objects.select_related("created_by", "posted_by"), pk=self.pk)

    def get_page_subtitle(self) -> str:
        return str(self.object)

    @cached_property
    def can_enter(self) -> bool:
        user = self.request.user
        return self.object.status == GiftBatch.Status.OPEN and user.has_perm("donations.add_gift")

    @cached_property
    def can_post(self) -> bool:
        user = self.request.user
        return self.object.status == GiftBatch.Status.OPEN and user.has_perm("donations.change_giftbatch")

    def _entry_form(self, data: Any = None) -> admin_forms.GiftEntryForm:
        return admin_forms.GiftEntryForm(data, batch=self.object, for_user=self.request.user, prefix="gift")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action")
        if action == "post":
            if not self.can_post:
                raise PermissionDenied
            try:
                services.gift_batch_post(batch=self.object, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                log(instance=self.object, action="wagtail.edit", user=request.user, data={"posted": True})
                messages.success(request, f"Batch '{self.object}' posted: its gifts now count.")
            return redirect(request.path)
        if action != "add" or not self.can_enter:
            raise PermissionDenied
        form = self._entry_form(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    gift = form.save()
            except ValidationError as error:
                form.apply_service_error(error)
            else:
                messages.success(
                    request, f"Gift of {_money(gift.amount, gift.currency)} from {gift.constituent} added."
                )
                return redirect(request.path)
        messages.validation_error(request, "The gift was not added; please correct the errors below.", form)
        return self.render_to_response(self.get_context_data(entry_form=form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        batch = self.object
        gifts = list(batch.gifts.select_related("constituent", "fund").order_by("pk"))
        totals = services.gift_batch_totals(batch=batch, gifts=gifts)
        context.update(
            batch=batch,
            gifts=gifts,
            entered_count=totals.count,
            entered_total=totals.total,
            balances=totals.balances,
            count_difference=batch.expected_count - totals.count,
            total_difference=batch.expected_total - totals.total,
            can_post=self.can_post,
            entry_form=kwargs.get("entry_form") or (self._entry_form() if self.can_enter else None),
        )
        context["media"] = context["entry_form"].media if context["entry_form"] else None
        return context


# ---------------------------------------------------------------------------------------------------------
# Recurring gifts and pledges
# ---------------------------------------------------------------------------------------------------------


class RecurringGiftIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["constituent__display_name"]

    def get_base_queryset(self) -> QuerySet[RecurringGift]:
        return admin_selectors.recurring_gift_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(constituent__display_name__icontains=self.search_query.strip())

    def get_delete_url(self, instance: RecurringGift) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        title = _donor_column(self)
        return [
            title,
            Column("amount", label="Amount", accessor=lambda o: _money(o.amount, o.currency), sort_key="amount"),
            Column("frequency", label="Frequency", accessor="get_frequency_display", sort_key="frequency"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status == RecurringGift.Status.ACTIVE,
                sort_key="status",
            ),
            Column("fund", label="Fund", sort_key="fund__name"),
            DateColumn("next_charge_date", label="Next charge", sort_key="next_charge_date"),
            Column("failed_payment_count", label="Failed payments", sort_key="failed_payment_count"),
            Column("payment_method", label="Card", accessor=lambda obj: obj.payment_method or ""),
        ]

    def export_constituent(self, item: RecurringGift) -> str:
        return str(item.constituent)

    def export_status(self, item: RecurringGift) -> str:
        return item.get_status_display()

    def export_fund(self, item: RecurringGift) -> str:
        return item.fund.name


class PledgeIndexView(ExportMixin, generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Pledge]:
        return admin_selectors.pledge_listing_queryset()

    def get_delete_url(self, instance: Pledge) -> None:
        return None

    @cached_property
    def columns(self) -> list[Column]:
        title = _donor_column(self)
        return [
            title,
            Column("amount", label="Pledged", accessor=lambda o: _money(o.amount, o.currency), sort_key="amount"),
            Column("paid", label="Paid", accessor=lambda o: _money(o.paid, o.currency), sort_key="paid"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda obj: obj.status == Pledge.Status.OPEN,
                sort_key="status",
            ),
            Column("fund", label="Fund", sort_key="fund__name"),
            Column("campaign", label="Campaign", accessor=lambda obj: obj.campaign or "", sort_key="campaign__name"),
            DateColumn("pledged_on", label="Pledged on", sort_key="pledged_on"),
        ]

    def export_constituent(self, item: Pledge) -> str:
        return str(item.constituent)

    def export_status(self, item: Pledge) -> str:
        return item.get_status_display()

    def export_fund(self, item: Pledge) -> str:
        return item.fund.name

    def export_campaign(self, item: Pledge) -> str:
        return item.campaign.name if item.campaign else ""


# ---------------------------------------------------------------------------------------------------------
# Campaigns and appeals
# ---------------------------------------------------------------------------------------------------------


def _progress(campaign: Campaign) -> str:
    percent = admin_selectors.campaign_progress_percent(campaign)
    return f"{percent}%" if percent is not None else "—"


class CampaignIndexView(ExportMixin, generic.IndexView):
    """Campaigns with their progress: raised against the goal and the number of donors, computed in SQL."""

    is_searchable = True
    search_fields = ["name", "slug"]

    def get_base_queryset(self) -> QuerySet[Campaign]:
        return admin_selectors.campaign_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        return queryset.filter(name__icontains=self.search_query.strip())

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="Campaign", sort_key="name", get_url=lambda obj: self.get_inspect_url(obj)
        )
        currency = base_currency()
        return [
            title,
            Column(
                "raised",
                label=f"Raised ({currency})",
                accessor=lambda obj: _money(obj.raised, currency),
                sort_key="raised",
            ),
            Column(
                "goal_base",
                label=f"Goal ({currency})",
                accessor=lambda o: _money(o.goal_base, currency),
                sort_key="goal_base",
            ),
            Column("progress", label="Progress", accessor=_progress),
            Column("donor_count", label="Donors", sort_key="donor_count"),
            DateColumn("start_date", label="Starts", sort_key="start_date"),
            DateColumn("end_date", label="Ends", sort_key="end_date"),
            BooleanColumn("active", label="Active", sort_key="active"),
        ]

    def export_parent(self, item: Campaign) -> str:
        return str(item.parent or "")

    def export_fund(self, item: Campaign) -> str:
        return str(item.fund or "")


class CampaignInspectView(generic.InspectView):
    """A campaign's page: progress, its appeals and its latest gifts."""

    template_name = "donations/admin/campaign_detail.html"
    latest_gifts = 20

    def get_object(self, queryset: QuerySet | None = None) -> Campaign:
        return get_object_or_404(admin_selectors.campaign_listing_queryset(), pk=self.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign = self.object
        can_see_gifts = self.request.user.has_perm(VIEW_GIFTS)
        context.update(
            campaign=campaign,
            currency=base_currency(),
            progress=admin_selectors.campaign_progress_percent(campaign),
            appeals=list(admin_selectors.appeal_listing_queryset().filter(campaign=campaign)),
            gifts=list(
                admin_selectors.gift_listing_queryset()
                .filter(campaign=campaign)
                .order_by("-gift_date", "-pk")[: self.latest_gifts]
            )
            if can_see_gifts
            else None,
            gifts_url=gifts_url(campaign=campaign.pk) if can_see_gifts else None,
        )
        return context


class AppealIndexView(ExportMixin, generic.IndexView):
    is_searchable = True
    search_fields = ["name", "code"]

    def get_base_queryset(self) -> QuerySet:
        return admin_selectors.appeal_listing_queryset()

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(name__icontains=query) | queryset.filter(code__iexact=query)

    @cached_property
    def columns(self) -> list[Column]:
        title = self._get_title_column_class(TitleColumn)(
            "name", label="Appeal", sort_key="name", get_url=lambda obj: self.get_edit_url(obj)
        )
        currency = base_currency()
        return [
            title,
            Column("code", label="Source code", sort_key="code"),
            Column("campaign", label="Campaign", accessor=lambda obj: obj.campaign or "", sort_key="campaign__name"),
            Column("channel", label="Channel", accessor="get_channel_display", sort_key="channel"),
            Column("raised", label="Raised", accessor=lambda obj: _money(obj.raised, currency), sort_key="raised"),
            Column("gift_count", label="Gifts", sort_key="gift_count"),
            BooleanColumn("active", label="Active", sort_key="active"),
        ]


# ---------------------------------------------------------------------------------------------------------
# Stripe events and blocked payment attempts (written only by the system)
# ---------------------------------------------------------------------------------------------------------


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
                "amount", label="Amount", accessor=lambda obj: _money(obj.amount, obj.currency) if obj.amount else ""
            ),
            Column("reason", label="Reason"),
        ]


def _when(attempt: PaymentAttempt) -> str:
    return f"{attempt.at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------------------------------------------------
# The constituent page: giving (position 600)
# ---------------------------------------------------------------------------------------------------------


class GivingSection(ConstituentSection):
    """The donor's rollups and latest gifts; only for staff who may see gifts."""

    order = 600
    heading = "Giving"
    section_id = "giving"
    icon = "tag"
    template_name = "donations/admin/sections/giving.html"
    shown_gifts = 10
    permissions = (VIEW_GIFTS,)

    def get_section_context(self) -> dict[str, Any]:
        constituent: Constituent = self.constituent
        gifts = admin_selectors.latest_gifts_for(constituent=constituent, limit=self.shown_gifts + 1)
        add_url = None
        if self.request.user.has_perm("donations.add_gift"):
            add_url = reverse("donations_gifts:add") + f"?constituent={constituent.pk}"
        return {
            "summary": admin_selectors.giving_summary_for(constituent=constituent),
            "currency": base_currency(),
            "gifts": gifts[: self.shown_gifts],
            "more_gifts": len(gifts) > self.shown_gifts,
            "all_gifts_url": gifts_url(constituent=constituent.pk),
            "add_url": add_url,
        }


# ---------------------------------------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------------------------------------


class FundraisingDashboardPanel(Component):
    """Revenue against last year, monthly recurring revenue and what needs attention, for staff who see gifts."""

    name = "fundraising_figures"
    order = 60
    template_name = "donations/admin/dashboard_panel.html"

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {
            "figures": admin_selectors.fundraising_dashboard_figures(),
            "attention_days": admin_selectors.ATTENTION_DAYS,
            "links": {
                "past_due": reverse("donations_recurring:index") + "?status=past_due",
                "failed_gifts": gifts_url(status="failed"),
                "failed_events": reverse("donations_stripe_events:index") + "?status=failed",
                "awaiting_rate": reverse("donations_exchange_rates:awaiting"),
            },
        }
