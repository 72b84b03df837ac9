"""Forms of the donations admin. Gift entry calls gifts.gift_record; a ValidationError it raises becomes
a field error on the form and nothing is written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from steward.core.admin_forms import ServiceForm
from steward.core.models import CURRENCY_CHOICES
from steward.members.choosers import constituent_field
from steward.members.models import Constituent

from .. import gifts
from ..models import Appeal, Campaign, Fund, Gift, GiftBatch, GiftRefund, Pledge, SoftCredit
from ..money import base_currency

HAND_ENTRY_METHODS = [
    (value, label) for value, label in Gift.Method.choices if value != Gift.Method.CARD
]  # card gifts come from Stripe


class GiftEntryForm(ServiceForm):
    """A gift received by hand: cash, cheque, bank transfer, in kind or stock (gifts.gift_record)."""

    constituent = constituent_field("Donor")
    amount = forms.DecimalField(label="Amount", max_digits=16)
    currency = forms.ChoiceField(label="Currency", choices=CURRENCY_CHOICES)
    base_amount = forms.DecimalField(
        label="Amount in the organisation's currency",
        required=False,
        max_digits=16,
        help_text="Needed when the gift is in another currency.",
    )
    gift_date = forms.DateField(label="Received on", required=False, widget=AdminDateInput, help_text="Empty: today.")
    method = forms.ChoiceField(label="Method", choices=HAND_ENTRY_METHODS, initial=Gift.Method.CHEQUE)
    reference = forms.CharField(label="Reference", max_length=100, required=False, help_text="Cheque number…")
    fund = forms.ModelChoiceField(label="Fund", queryset=Fund.objects.filter(active=True))
    campaign = forms.ModelChoiceField(label="Campaign", queryset=Campaign.objects.filter(active=True), required=False)
    appeal = forms.ModelChoiceField(label="Appeal", queryset=Appeal.objects.filter(active=True), required=False)
    benefit_value = forms.DecimalField(
        label="Value of benefits received", max_digits=16, required=False, initial=Decimal("0")
    )
    anonymous = forms.BooleanField(label="Anonymous", required=False)
    tribute_type = forms.ChoiceField(label="Tribute", choices=Gift.Tribute.choices, required=False)
    tribute_name = forms.CharField(label="Honoree", max_length=255, required=False)
    tribute_notify_name = forms.CharField(label="Notify (name)", max_length=255, required=False)
    tribute_notify_email = forms.EmailField(label="Notify (email)", required=False)
    tribute_message = forms.CharField(label="Tribute message", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    soft_credit_to = constituent_field("Soft credit to", required=False)
    soft_credit_amount = forms.DecimalField(label="Soft credit amount", max_digits=16, required=False)
    soft_credit_kind = forms.ChoiceField(
        label="Soft credit kind", choices=SoftCredit.Kind.choices, initial=SoftCredit.Kind.HOUSEHOLD, required=False
    )
    pledge = forms.IntegerField(
        label="Pays pledge number", required=False, min_value=1, help_text="The pledge's number, if it pays one."
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, batch: GiftBatch | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.fields["currency"].initial = batch.currency if batch else base_currency()
        if batch is not None:
            self.fields["currency"].disabled = True
            self.fields["gift_date"].help_text = f"Empty: the batch's date ({gifts.batch_gift_date(batch):%-d %B %Y})."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        credited, credit_amount = data.get("soft_credit_to"), data.get("soft_credit_amount")
        if credited and credit_amount is None:
            self.add_error("soft_credit_amount", "How much of the gift is credited?")
        if credit_amount is not None and not credited:
            self.add_error("soft_credit_to", "Choose who is credited.")
        if credited and credited == data.get("constituent"):
            self.add_error("soft_credit_to", "The donor already has the hard credit.")
        if credit_amount is not None and data.get("amount") is not None and credit_amount > data["amount"]:
            self.add_error("soft_credit_amount", "A soft credit cannot exceed the gift.")
        if data.get("pledge"):
            data["pledge"] = Pledge.objects.filter(pk=data["pledge"]).first()
            if data["pledge"] is None:
                self.add_error("pledge", "There is no pledge with that number.")
        return data

    def save(self) -> Gift:
        data = self.cleaned_data
        soft_credits = []
        if data.get("soft_credit_to"):
            soft_credits.append(
                (data["soft_credit_to"], data["soft_credit_amount"], data["soft_credit_kind"] or SoftCredit.Kind.OTHER)
            )
        return gifts.gift_record(
            constituent=data["constituent"],
            amount=data["amount"],
            currency=self.batch.currency if self.batch else data["currency"],
            base_amount=data["base_amount"],
            fund=data["fund"],
            method=data["method"],
            gift_date=data["gift_date"],
            campaign=data["campaign"],
            appeal=data["appeal"],
            reference=data["reference"].strip(),
            benefit_value=data["benefit_value"] or Decimal("0"),
            anonymous=data["anonymous"],
            tribute_type=data["tribute_type"],
            tribute_name=data["tribute_name"].strip(),
            tribute_notify_name=data["tribute_notify_name"].strip(),
            tribute_notify_email=data["tribute_notify_email"],
            tribute_message=data["tribute_message"].strip(),
            batch=self.batch,
            notes=data["notes"].strip(),
            soft_credits=soft_credits,
            pledge=data.get("pledge") or None,
        )


class GiftBatchForm(forms.ModelForm):
    """A new batch: what the paying-in slip says it holds, so the entered gifts can be checked against it."""

    currency = forms.ChoiceField(label="Currency", choices=CURRENCY_CHOICES)

    class Meta:
        model = GiftBatch
        fields = ["name", "currency", "gift_date", "expected_count", "expected_total"]
        widgets = {"gift_date": AdminDateInput}

    def __init__(self, *args: Any, for_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        if not self.instance.pk:
            self.fields["currency"].initial = base_currency()


class GiftRefundForm(ServiceForm):
    """Refund all or part of a gift, for a reason (gifts.gift_refund; card gifts are refunded through Stripe).
    `check()` validates without refunding, for the confirmation step."""

    amount = forms.DecimalField(label="Amount to refund", max_digits=16)
    reason = forms.ChoiceField(
        label="Reason", choices=[("", "Choose a reason"), *GiftRefund.Reason.choices], help_text="Told to Stripe."
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For the record.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gift: Gift = self.instance
        refundable = gift.amount - gift.amount_refunded
        self.fields["amount"].initial = refundable
        self.fields["amount"].help_text = f"At most {refundable} {gift.currency}."

    def check(self) -> None:
        """The service's own checks (amount positive, in the currency's precision, not more than is left)."""
        data = self.cleaned_data
        data["amount"] = gifts.gift_refund_clean(gift=self.instance, amount=data["amount"], reason=data["reason"])

    def save(self) -> Gift:
        data = self.cleaned_data
        return gifts.gift_refund(
            gift=self.instance, amount=data["amount"], reason=data["reason"], note=data["note"], user=self.for_user
        )


class BatchRowForm(ServiceForm):
    """One row of a batch's entry grid: donor, amount, date, fund, method, cheque number. Saved through
    gifts.gift_record (a new row) or gifts.gift_batch_entry_update (a row entered before)."""

    constituent = forms.ModelChoiceField(
        label="Donor",
        queryset=Constituent.objects.filter(merged_into__isnull=True),
        error_messages={"required": "Choose the donor.", "invalid_choice": "Choose the donor from the list."},
    )
    amount = forms.DecimalField(label="Amount", max_digits=16, error_messages={"required": "Enter the amount."})
    gift_date = forms.DateField(label="Received on", required=False)
    fund = forms.ModelChoiceField(label="Fund", queryset=Fund.objects.filter(active=True))
    method = forms.ChoiceField(label="Method", choices=HAND_ENTRY_METHODS)
    reference = forms.CharField(label="Cheque number", max_length=100, required=False)

    def __init__(self, *args: Any, batch: GiftBatch, gift: Gift | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.gift = gift
        if gift is not None:  # a fund closed since the gift was entered may stay on it
            self.fields["fund"].queryset = Fund.objects.filter(Q(active=True) | Q(pk=gift.fund_id))

    def save(self) -> Gift:
        data = self.cleaned_data
        fields = {
            "constituent": data["constituent"],
            "amount": data["amount"],
            "fund": data["fund"],
            "method": data["method"],
            "gift_date": data["gift_date"],
            "reference": data["reference"].strip(),
        }
        if self.gift is not None:
            return gifts.gift_batch_entry_update(gift=self.gift, **fields)
        return gifts.gift_record(currency=self.batch.currency, batch=self.batch, **fields)


class PledgeAdminForm(WagtailAdminModelForm):
    """A pledge with its installment schedule: on creation gifts.pledge_create makes both; later edits
    change the pledge's own fields only."""

    installments = forms.IntegerField(label="Installments", min_value=1, max_value=120, initial=1, required=False)
    frequency = forms.ChoiceField(
        label="Every",
        choices=[("monthly", "Month"), ("quarterly", "Quarter"), ("annual", "Year")],
        initial="monthly",
        required=False,
    )
    first_due = forms.DateField(label="First installment due", required=False, widget=AdminDateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.instance.pk and not self.errors:
            try:
                gifts.pledge_schedule_clean(
                    amount=data["amount"],
                    currency=data["currency"],
                    installments=data.get("installments") or 1,
                    frequency=data.get("frequency") or "monthly",
                    pledged_on=data.get("pledged_on"),
                    first_due=data.get("first_due"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def save(self, commit: bool = True) -> Pledge:
        if self.instance.pk:
            return super().save(commit=commit)
        data = self.cleaned_data
        self.instance = gifts.pledge_create(
            constituent=data["constituent"],
            amount=data["amount"],
            currency=data["currency"],
            fund=data["fund"],
            campaign=data.get("campaign"),
            pledged_on=data.get("pledged_on"),
            installments=data.get("installments") or 1,
            frequency=data.get("frequency") or "monthly",
            first_due=data.get("first_due"),
            notes=data.get("notes", ""),
        )
        return self.instance
