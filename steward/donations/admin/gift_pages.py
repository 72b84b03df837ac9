"""Gifts in the admin: the listing (filters, export), entry by hand, the gift's page and its refund."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from steward.core.admin_sections import constituent_url
from steward.core.admin_views import ExportMixin, KeysetPageMixin, ObjectActionFormView, ServiceFormViewMixin

from .. import admin_selectors
from ..models import Gift, GiftRefund
from . import forms as admin_forms
from .common import COUNTED, REFUND_PERMISSION, donor_column, gift_url, money


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
        return admin_selectors.gift_search(queryset=queryset, query=self.search_query)

    def get_delete_url(self, instance: Gift) -> None:
        return None  # gifts are kept for the record: refunded, never deleted

    @cached_property
    def columns(self) -> list[Column]:
        title = donor_column(self)
        return [
            title,
            Column("amount", label="Amount", accessor=lambda obj: money(obj.amount, obj.currency), sort_key="amount"),
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
    """Enter a gift received by hand; gifts.gift_record records it (succeeded, receipted)."""

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
        return f"Gift of {money(self.object.amount, self.object.currency)} from {self.object.constituent} recorded."

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
            refunds=list(gift.refund_records.select_related("created_by")),
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


def refundable(gift: Gift) -> bool:
    """Whether the admin offers a refund: a counted gift."""
    return gift.status in COUNTED


class GiftRefundView(ObjectActionFormView):
    """Refund a gift through gifts.gift_refund (which goes through Stripe for card gifts)."""

    model = Gift
    permission_required = REFUND_PERMISSION
    form_class = admin_forms.GiftRefundForm
    page_title = "Refund gift"
    submit_button_label = "Refund"
    header_icon = "undo"

    confirm_template_name = "donations/admin/refund_confirm.html"

    def get_queryset(self) -> QuerySet[Gift]:
        return Gift.objects.select_related("constituent")

    def object_url(self) -> str:
        return gift_url(self.object)

    def form_valid(self, form: admin_forms.GiftRefundForm) -> HttpResponse:  # type: ignore[override]
        """First the confirmation, stating the amount and currency; the refund once it is confirmed."""
        try:
            form.check()
        except ValidationError as error:
            form.apply_service_error(error)
            return self.form_invalid(form)
        if self.request.POST.get("change") == "yes":  # back from the confirmation, with what was typed
            return self.render_to_response(self.get_context_data(form=form))
        if self.request.POST.get("confirmed") != "yes":
            return self.render_to_response(
                self.get_context_data(form=form, confirming=True), template=[self.confirm_template_name]
            )
        return super().form_valid(form)

    def render_to_response(self, context: dict[str, Any], template: list[str] | None = None, **kwargs: Any) -> Any:
        if template is not None:
            return self.response_class(
                request=self.request, template=template, context=context, using=self.template_engine, **kwargs
            )
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        step = "Confirm the refund" if kwargs.get("confirming") else "Refund"
        context["breadcrumbs_items"] = [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("donations_gifts:index"), "label": "Gifts"},
            {"url": gift_url(self.object), "label": str(self.object)},
            {"url": "", "label": step},
        ]
        context["header_title"] = f"{step}: {self.object}"
        if kwargs.get("confirming"):
            form = kwargs["form"]
            data = form.cleaned_data
            gift = self.object
            context.update(
                question=f"Refund {money(data['amount'], gift.currency)} to {gift.constituent}?",
                reason_label=dict(GiftRefund.Reason.choices).get(data["reason"], ""),
                note=data["note"],
                left_after=money(gift.amount - gift.amount_refunded - data["amount"], gift.currency),
                refund_to_card=gift.method == Gift.Method.CARD and bool(gift.stripe_payment_intent_id),
                hidden={"amount": data["amount"], "reason": data["reason"], "note": data["note"]},
            )
        return context

    def get_success_message(self) -> str:
        gift = self.result
        refunded, amount = money(gift.amount_refunded, gift.currency), money(gift.amount, gift.currency)
        return f"Refunded: {refunded} of {amount} ({gift.get_status_display()})."
