"""A batch's entry grid: one row per gift, entered from the keyboard (static/donations/admin/batch-grid.js).

The staff-only JSON endpoints it calls: the donor search, saving a row (a new gift through gifts.gift_record,
a gift entered before through gifts.gift_batch_entry_update) and removing one (gifts.gift_batch_entry_remove).
Each answers the row and the batch's figures, or the errors per field (status 400; 409 once the batch is posted),
and writes nothing when it refuses. The batch page's own form keeps working without JavaScript.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

from steward.core.admin_forms import apply_validation_error
from steward.core.words import counted
from steward.members.models import Constituent

from .. import admin_selectors, gifts
from ..models import Fund, Gift, GiftBatch
from ..money import exponent
from . import forms as admin_forms
from .common import gift_url


def counted_gifts(count: int) -> str:
    return counted(count, "gift")


ADD_GIFT = "donations.add_gift"
CHANGE_GIFT = "donations.change_gift"

# Symbols written before the amount in the grid's figures; other currencies are written after it, by code.
CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€", "JPY": "¥", "INR": "₹", "KRW": "₩", "AUD": "A$", "CAD": "C$"}


def money_figure(amount: Decimal, currency: str) -> str:
    """An amount as the grid's figures show it: "£1,250.00", or "1,250.00 THB" for a currency without a symbol."""
    places = exponent(currency)
    number = f"{amount:,.{places}f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    if symbol is None:
        return f"{number} {currency}"
    return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"


def batch_figures(batch: GiftBatch, entered: list[Gift]) -> dict[str, Any]:
    """The batch's figures, worded once for the page and for the grid's answers: what is entered against what is
    expected ("£1,250.00 of £2,000.00 expected · 12 of 20 gifts") and the difference."""
    totals = gifts.gift_batch_totals(batch=batch, gifts=entered)
    currency = batch.currency
    count_difference = batch.expected_count - totals.count
    total_difference = batch.expected_total - totals.total
    differences = []
    if total_difference > 0:
        differences.append(f"{money_figure(total_difference, currency)} still to enter")
    elif total_difference < 0:
        differences.append(f"{money_figure(-total_difference, currency)} more than expected")
    if count_difference > 0:
        differences.append(f"{counted_gifts(count_difference)} still to enter")
    elif count_difference < 0:
        differences.append(f"{counted_gifts(-count_difference)} more than expected")
    return {
        "count": totals.count,
        "total": str(totals.total),
        "balances": totals.balances,
        "summary": (
            f"{money_figure(totals.total, currency)} of {money_figure(batch.expected_total, currency)} expected"
            f" · {totals.count} of {counted_gifts(batch.expected_count)}"
        ),
        "difference": "; ".join(differences) if differences else "Balances: ready to post.",
        # The page's figures (data-figure=…), as the page words them.
        "entered": f"{counted_gifts(totals.count)}, {totals.total} {currency}",
        "balance": (
            "Balances"
            if totals.balances
            else f"Still to enter: {counted_gifts(count_difference)}, {total_difference} {currency}"
        ),
    }


def batch_row(gift: Gift, *, editable: bool) -> dict[str, Any]:
    """One gift as a row of the grid."""
    row: dict[str, Any] = {
        "id": gift.pk,
        "url": gift_url(gift),
        "constituent": gift.constituent_id,
        "constituent_label": str(gift.constituent),
        "amount": str(gift.amount),
        "amount_label": money_figure(gift.amount, gift.currency),
        "gift_date": gift.gift_date.isoformat(),
        "gift_date_label": f"{gift.gift_date:%-d %b %Y}",
        "fund": gift.fund_id,
        "fund_label": str(gift.fund),
        "method": gift.method,
        "method_label": gift.get_method_display(),
        "reference": gift.reference,
        "status_label": gift.get_status_display(),
    }
    if editable:
        row["save_url"] = reverse("donations_batches:row_update", args=(gift.pk,))
        row["remove_url"] = reverse("donations_batches:row_remove", args=(gift.pk,))
    return row


def grid_config(*, batch: GiftBatch, entered: list[Gift], can_enter: bool, can_change: bool) -> dict[str, Any]:
    """What the grid's script starts from (the page carries it as JSON data, never as a script)."""
    return {
        "editable": can_enter,
        "currency": batch.currency,
        "default_date": gifts.batch_gift_date(batch).isoformat(),
        "funds": [[fund.pk, str(fund)] for fund in Fund.objects.filter(active=True).order_by("sort_order", "name")],
        "methods": admin_forms.HAND_ENTRY_METHODS,
        "default_method": Gift.Method.CHEQUE,
        "search_url": reverse("donations_batches:donor_search"),
        "create_url": reverse("donations_batches:row_create", args=(batch.pk,)),
        "rows": [batch_row(gift, editable=can_enter and can_change) for gift in entered],
        "figures": batch_figures(batch, entered),
    }


def _may_search_donors(user: Any) -> bool:
    constituents = ModelPermissionPolicy(Constituent)
    return user.has_perm(ADD_GIFT) and constituents.user_has_any_permission(user, ["add", "change", "view"])


@require_GET
def donor_search(request: HttpRequest) -> JsonResponse:
    """Donors matching `q` (a name, an email or an id), for the grid's donor combobox: staff who may enter gifts
    and see constituents only."""
    if not _may_search_donors(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    results = [
        {
            "id": donor.pk,
            "name": str(donor),
            "email": donor.primary_email or "",  # type: ignore[attr-defined]
            "label": " · ".join(filter(None, [str(donor), donor.primary_email, f"#{donor.pk}"])),  # type: ignore[attr-defined]
        }
        for donor in admin_selectors.batch_donor_search(query=query)
    ]
    return JsonResponse({"results": results})


def _errors(form: admin_forms.BatchRowForm) -> dict[str, list[str]]:
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {item.code or "" for items in error.error_dict.values() for item in items}
    return {item.code or "" for item in error.error_list}


def _refused(error: ValidationError, form: admin_forms.BatchRowForm | None = None) -> JsonResponse:
    """The service's refusal, per field (the form's fields; anything else under "__all__"); 409 once posted."""
    if form is not None:
        apply_validation_error(form, error)
        errors = _errors(form)
    else:
        errors = {"__all__": error.messages}
    status = 409 if "batch_posted" in _codes(error) else 400
    return JsonResponse({"errors": errors}, status=status)


def _answer(batch: GiftBatch, gift: Gift | None, *, status: int = 200) -> JsonResponse:
    entered = list(GiftBatch.objects.get(pk=batch.pk).gifts.select_related("constituent", "fund").order_by("pk"))
    body: dict[str, Any] = {"figures": batch_figures(batch, entered)}
    if gift is not None:
        body["row"] = batch_row(gift, editable=True)
    return JsonResponse(body, status=status)


def _save(request: HttpRequest, batch: GiftBatch, gift: Gift | None) -> JsonResponse:
    if batch.status != GiftBatch.Status.OPEN:
        return _refused(ValidationError(gifts.BATCH_POSTED_MESSAGE, code="batch_posted"))
    form = admin_forms.BatchRowForm(request.POST, batch=batch, gift=gift, for_user=request.user)
    if not form.is_valid():
        return JsonResponse({"errors": _errors(form)}, status=400)
    try:
        with transaction.atomic():
            saved = form.save()
            log(instance=saved, action="wagtail.create" if gift is None else "wagtail.edit", user=request.user)
    except ValidationError as error:
        return _refused(error, form)
    return _answer(batch, saved, status=201 if gift is None else 200)


def _entered_gift(pk: int) -> Gift:
    """A gift entered in a batch (any other gift is not the grid's)."""
    return get_object_or_404(Gift.objects.select_related("constituent", "fund", "batch"), pk=pk, batch__isnull=False)


@require_POST
def row_create(request: HttpRequest, pk: int) -> JsonResponse:
    """Save a new row: a gift in the batch `pk` (gifts.gift_record), until the batch posts."""
    if not request.user.has_perm(ADD_GIFT):
        raise PermissionDenied
    return _save(request, get_object_or_404(GiftBatch, pk=pk), None)


@require_POST
def row_update(request: HttpRequest, pk: int) -> JsonResponse:
    """Save corrections to the gift `pk` entered in a batch (gifts.gift_batch_entry_update), until it posts."""
    if not request.user.has_perm(CHANGE_GIFT):
        raise PermissionDenied
    gift = _entered_gift(pk)
    return _save(request, gift.batch, gift)  # type: ignore[arg-type]


@require_POST
def row_remove(request: HttpRequest, pk: int) -> JsonResponse:
    """Remove the gift `pk`, entered in a batch by mistake (gifts.gift_batch_entry_remove), until the batch posts."""
    if not request.user.has_perm(CHANGE_GIFT):
        raise PermissionDenied
    gift = _entered_gift(pk)
    batch = gift.batch
    try:
        with transaction.atomic():
            log(instance=gift, action="wagtail.delete", user=request.user)
            gifts.gift_batch_entry_remove(gift=gift)
    except ValidationError as error:
        return _refused(error)
    return _answer(batch, None)  # type: ignore[arg-type]
