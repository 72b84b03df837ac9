"""Gift batches: the listing, opening a batch, and its page where gifts are entered and the batch posted."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.log_actions import log

from .. import admin_selectors, gifts
from ..models import GiftBatch
from . import batch_grid
from . import forms as admin_forms
from .common import money


def _gifts_and_total(count: int, total: Any, currency: str) -> str:
    return f"{batch_grid.counted_gifts(count)}, {money(total, currency)}"


# The entry grid (batch_grid.py): a static script and its styles, under the admin's Content-Security-Policy.
GRID_SCRIPT = "donations/admin/batch-grid.js"
GRID_STYLE = "donations/admin/batch-grid.css"


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
                accessor=lambda obj: (
                    f"{batch_grid.counted_gifts(obj.entered_count)}, {money(obj.entered_total, obj.currency)}"
                ),
            ),
            Column(
                "expected",
                label="Expected",
                accessor=lambda obj: (
                    f"{batch_grid.counted_gifts(obj.expected_count)}, {money(obj.expected_total, obj.currency)}"
                ),
            ),
            DateColumn("created_at", label="Opened", sort_key="created_at"),
            DateColumn("posted_at", label="Posted", sort_key="posted_at"),
        ]


class GiftBatchCreateView(generic.CreateView):
    def save_instance(self) -> GiftBatch:
        data = self.form.cleaned_data
        batch = gifts.gift_batch_create(
            name=data["name"],
            currency=data["currency"],
            expected_count=data["expected_count"],
            expected_total=data["expected_total"],
            gift_date=data.get("gift_date"),
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
    (POST action=add) and the Post button (POST action=post, gifts.gift_batch_post)."""

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
                gifts.gift_batch_post(batch=self.object, user=request.user)
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
                messages.success(request, f"Gift of {money(gift.amount, gift.currency)} from {gift.constituent} added.")
                return redirect(request.path)
        messages.validation_error(request, "The gift was not added; please correct the errors below.", form)
        return self.render_to_response(self.get_context_data(entry_form=form))

    @cached_property
    def can_change(self) -> bool:
        user = self.request.user
        return self.object.status == GiftBatch.Status.OPEN and user.has_perm("donations.change_gift")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        batch = self.object
        entered = list(batch.gifts.select_related("constituent", "fund").order_by("pk"))
        totals = gifts.gift_batch_totals(batch=batch, gifts=entered)
        grid = batch_grid.grid_config(
            batch=batch, entered=entered, can_enter=self.can_enter, can_change=self.can_change
        )
        entry_form = kwargs.get("entry_form") or (self._entry_form() if self.can_enter else None)
        if entry_form is not None:
            # The donor chooser's and the date picker's scripts, which core/admin/widget-init.js starts them with.
            context["media"] = context.get("media", forms.Media()) + entry_form.media
        context.update(
            batch=batch,
            gifts=entered,
            entered_count=totals.count,
            entered_total=totals.total,
            balances=totals.balances,
            count_difference=batch.expected_count - totals.count,
            total_difference=batch.expected_total - totals.total,
            can_post=self.can_post,
            entry_form=entry_form,
            grid=grid,
            figures=grid["figures"],
            posted=batch.status == GiftBatch.Status.POSTED,
            batch_gift_date=gifts.batch_gift_date(batch),
        )
        grid_media = forms.Media(js=[GRID_SCRIPT], css={"all": [GRID_STYLE]})
        context["media"] = (entry_form.media if entry_form else forms.Media()) + grid_media
        return context
