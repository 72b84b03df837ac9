"""Forms of the members admin.

The constituent form is a Wagtail cluster form (the record, its contact details as inline panels, tags and
custom field values); its `save()` writes them all through the services (constituent_create or
constituent_update, then the email_/phone_/address_ add, update and delete services), in one transaction.
Every other form that changes something the services know about (memberships, interactions, consents,
relationships, tasks) calls the service in `save()`, and a ValidationError raised by the service becomes a
field error on the form, never a 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.forms import BaseChildFormSet
from phonenumbers import NumberParseException
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel, Panel
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from steward.core.admin_forms import ServiceForm
from steward.members.choosers import constituent_field

from .. import admin_selectors, services
from ..models import (
    Address,
    ConsentRecord,
    Constituent,
    CustomField,
    Email,
    FollowUpTask,
    Interaction,
    Membership,
    MembershipLevel,
    MembershipTerm,
    Phone,
    Relationship,
    RelationshipType,
)

CUSTOM_FIELD_PREFIX = "custom__"


# ---------------------------------------------------------------------------------------------------------
# Constituent: the record, its contact details and custom fields
# ---------------------------------------------------------------------------------------------------------


class EmailForm(WagtailAdminModelForm):
    class Meta:
        model = Email
        fields = ["address", "kind", "is_primary"]

    def clean_address(self) -> str:
        return (self.cleaned_data.get("address") or "").strip()


class PhoneForm(WagtailAdminModelForm):
    number = forms.CharField(
        label="Number",
        max_length=40,
        help_text="In international form, e.g. +66 2 123 4567.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    class Meta:
        model = Phone
        fields = ["number", "kind", "is_primary"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.number:
            self.initial["number"] = self.instance.number.as_international

    def clean_number(self):
        raw = self.cleaned_data.get("number", "")
        try:
            return services.phone_parse(number=raw, field="number")
        except ValidationError as error:
            raise ValidationError(error.message_dict["number"], code="invalid") from None
        except NumberParseException:
            # phone_parse lets the parser's exception through for numbers it cannot even read
            # (e.g. no country code and no default region).
            raise ValidationError(
                f"'{raw}' is not a valid phone number; use the international form, e.g. +66 2 123 4567.",
                code="invalid",
            ) from None


class AddressForm(WagtailAdminModelForm):
    class Meta:
        model = Address
        fields = ["kind", "line1", "line2", "city", "region", "postal_code", "country", "is_primary"]
        widgets = {"country": forms.TextInput(attrs={"size": 2, "maxlength": 2, "autocomplete": "country"})}


class PrimaryContactFormSet(BaseChildFormSet):
    """A constituent's emails, phones or addresses: at most one primary, and no address twice.

    The database enforces both (partial unique indexes); checking here gives the user a message on the
    form instead of an IntegrityError.
    """

    #: What one item is called in messages ("email address").
    noun = "item"
    #: The field whose value must not repeat (case-insensitively), if any.
    unique_field: str | None = None

    def clean(self) -> None:
        super().clean()
        live_forms = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not (self.can_delete and self._should_delete_form(form))
        ]
        primaries = [form for form in live_forms if form.cleaned_data.get("is_primary")]
        if len(primaries) > 1:
            for form in primaries[1:]:
                form.add_error("is_primary", f"Only one {self.noun} can be primary.")
            raise ValidationError(f"Mark only one {self.noun} as primary; untick the others.", code="several_primary")
        if self.unique_field:
            seen: set[str] = set()
            for form in live_forms:
                value = str(form.cleaned_data.get(self.unique_field) or "").strip().casefold()
                if not value:
                    continue
                if value in seen:
                    form.add_error(self.unique_field, f"This {self.noun} is listed twice.")
                    raise ValidationError(f"Each {self.noun} can be listed only once.", code="duplicate")
                seen.add(value)


class EmailFormSet(PrimaryContactFormSet):
    noun = "email address"
    unique_field = "address"


class PhoneFormSet(PrimaryContactFormSet):
    noun = "phone number"
    unique_field = "number"


class AddressFormSet(PrimaryContactFormSet):
    noun = "address"


class ContactInlinePanel(InlinePanel):
    """An InlinePanel whose child form and formset are ours (field cleaning, one primary, no duplicates)."""

    def __init__(self, relation_name: str, *args: Any, form_class=None, formset_class=None, **kwargs: Any) -> None:
        super().__init__(relation_name, *args, **kwargs)
        self.form_class = form_class
        self.formset_class = formset_class

    def clone_kwargs(self) -> dict[str, Any]:
        kwargs = super().clone_kwargs()
        kwargs.update(form_class=self.form_class, formset_class=self.formset_class)
        return kwargs

    def get_form_options(self) -> dict[str, Any]:
        options = super().get_form_options()
        formset_options = options["formsets"][self.relation_name]
        if self.form_class:
            formset_options["form"] = self.form_class
        if self.formset_class:
            formset_options["formset"] = self.formset_class
        return options


def custom_form_field(field: CustomField, *, initial: Any = None) -> forms.Field:
    """The form field for one staff-defined custom field."""
    common = {"label": field.label, "help_text": field.help_text, "required": field.required, "initial": initial}
    kind = field.field_type
    if kind == CustomField.FieldType.NUMBER:
        return forms.DecimalField(**common)
    if kind == CustomField.FieldType.DATE:
        return forms.DateField(widget=AdminDateInput, **common)
    if kind == CustomField.FieldType.BOOLEAN:
        if isinstance(initial, bool):
            common["initial"] = "yes" if initial else "no"
        return forms.ChoiceField(choices=[("", "—"), ("yes", "Yes"), ("no", "No")], **common)
    if kind == CustomField.FieldType.CHOICE:
        return forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in field.choice_list]], **common)
    return forms.CharField(max_length=1000, **common)


def _raw_custom_value(value: Any) -> Any:
    """A cleaned form value in the shape services.custom_fields_clean expects."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class ConstituentAdminForm(WagtailAdminModelForm):
    """The constituent's record with one extra field per active custom field definition."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.custom_field_definitions = admin_selectors.active_custom_fields()
        stored = self.instance.custom_fields or {}
        for definition in self.custom_field_definitions:
            self.fields[CUSTOM_FIELD_PREFIX + definition.key] = custom_form_field(
                definition, initial=stored.get(definition.key)
            )
        if "household" in self.fields:
            self.fields["household"].queryset = Constituent.objects.filter(kind=Constituent.Kind.HOUSEHOLD)
        self.custom_field_values: dict[str, Any] = dict(stored)

    @property
    def custom_field_names(self) -> list[str]:
        return [CUSTOM_FIELD_PREFIX + definition.key for definition in self.custom_field_definitions]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        raw = {
            definition.key: _raw_custom_value(cleaned.get(CUSTOM_FIELD_PREFIX + definition.key))
            for definition in self.custom_field_definitions
            if CUSTOM_FIELD_PREFIX + definition.key not in self.errors
        }
        try:
            values = services.custom_fields_clean(values=raw)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                name = CUSTOM_FIELD_PREFIX + key
                for message in messages:
                    if name in self.fields:
                        if name not in self.errors:
                            self.add_error(name, message)
                    else:
                        self.add_error(None, message)
            return cleaned
        # Values of inactive (retired) definitions are kept as they were.
        active = {definition.key for definition in self.custom_field_definitions}
        kept = {key: value for key, value in (self.instance.custom_fields or {}).items() if key not in active}
        self.custom_field_values = {**kept, **values}
        return cleaned

    def save(self, commit: bool = True) -> Constituent:
        """Save the record, its tags and contact details through the services (one transaction)."""
        if not commit:
            self.instance.custom_fields = self.custom_field_values
            return super().save(commit=False)
        record = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        tags = record.pop("tags", None)
        active = {definition.key for definition in self.custom_field_definitions}
        values = {key: value for key, value in self.custom_field_values.items() if key in active}
        with transaction.atomic():
            if self.instance.pk is None:
                constituent = services.constituent_create(**record, tags=tags or (), custom_fields=values)
            else:
                retired = {key: value for key, value in self.custom_field_values.items() if key not in active}
                constituent = services.constituent_update(
                    constituent=self.instance,
                    **record,
                    tags=tags,
                    custom_fields=values,
                    retired_custom_fields=retired,
                )
            for relation, save_detail in CONTACT_SAVERS.items():
                if relation in self.formsets:
                    _contact_details_save(self.formsets[relation], constituent=constituent, save_detail=save_detail)
        self.instance = constituent
        return constituent


def _email_save(*, constituent: Constituent, detail: Email, primary: bool) -> None:
    if detail.pk is None:
        services.email_add(constituent=constituent, address=detail.address, kind=detail.kind, primary=primary)
    else:
        services.email_update(email=detail, address=detail.address, kind=detail.kind, primary=primary)


def _phone_save(*, constituent: Constituent, detail: Phone, primary: bool) -> None:
    if detail.pk is None:
        services.phone_add(constituent=constituent, number=detail.number, kind=detail.kind, primary=primary)
    else:
        services.phone_update(phone=detail, number=detail.number, kind=detail.kind, primary=primary)


def _address_save(*, constituent: Constituent, detail: Address, primary: bool) -> None:
    lines = {name: getattr(detail, name) for name in services.ADDRESS_FIELDS}
    if detail.pk is None:
        services.address_add(constituent=constituent, **lines, kind=detail.kind, primary=primary)
    else:
        services.address_update(address=detail, **lines, kind=detail.kind, primary=primary)


CONTACT_SAVERS: dict[str, Callable[..., None]] = {
    "emails": _email_save,
    "phones": _phone_save,
    "addresses": _address_save,
}
CONTACT_DELETERS: dict[type, Callable[[Any], None]] = {
    Email: lambda detail: services.email_delete(email=detail),
    Phone: lambda detail: services.phone_delete(phone=detail),
    Address: lambda detail: services.address_delete(address=detail),
}


def _contact_details_save(formset: Any, *, constituent: Constituent, save_detail: Callable[..., None]) -> None:
    """One kind of contact detail as the formset left it: removed ones deleted, the others saved in the order
    the constituent lists them (primary first, then new ones, then by age); the one ticked is primary, or else
    the first of that order."""
    deleted = [form for form in formset.deleted_forms if form.instance.pk]
    for form in deleted:
        CONTACT_DELETERS[type(form.instance)](form.instance)
    kept = [
        form
        for form in formset.forms
        if form not in formset.deleted_forms
        and getattr(form, "cleaned_data", None) is not None
        and (form.instance.pk is not None or form.has_changed())
    ]
    kept.sort(key=lambda form: (form.instance.pk is not None, form.instance.pk or 0))
    kept.sort(key=lambda form: not form.cleaned_data.get("is_primary"))
    primary = next((form for form in kept if form.cleaned_data.get("is_primary")), kept[0] if kept else None)
    # Existing details first, so a new one may take an address another is being changed away from.
    for form in [form for form in kept if form.instance.pk is not None] + [
        form for form in kept if form.instance.pk is None
    ]:
        save_detail(constituent=constituent, detail=form.instance, primary=form is primary)


class CustomFieldsPanel(Panel):
    """Renders the form's custom field values (their fields are added to the form at run time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("heading", "Custom fields")
        super().__init__(*args, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "members/admin/panels/custom_fields_panel.html"

        @cached_property
        def bound_fields(self) -> list[forms.BoundField]:
            if self.form is None:
                return []
            return [self.form[name] for name in getattr(self.form, "custom_field_names", [])]

        def is_shown(self) -> bool:
            return bool(self.bound_fields)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["fields"] = self.bound_fields
            return context


# ---------------------------------------------------------------------------------------------------------
# Forms that call a service
# ---------------------------------------------------------------------------------------------------------


def staff_field(label: str, **kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=admin_selectors.staff_users(), **kwargs)


class MembershipCreateForm(ServiceForm):
    """Start a membership with its first term (services.membership_create)."""

    constituent = constituent_field("Member")
    level = forms.ModelChoiceField(queryset=MembershipLevel.objects.filter(active=True), label="Level")
    start_date = forms.DateField(
        required=False, widget=AdminDateInput, help_text="Leave empty to start today.", label="Start date"
    )
    amount = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="Leave empty to charge the level's price.",
    )
    paid_by = forms.ChoiceField(choices=MembershipTerm.PaidBy.choices, initial=MembershipTerm.PaidBy.CARD)
    purchased_by = constituent_field("Bought as a gift by", required=False)
    auto_renew = forms.BooleanField(required=False, label="Renew automatically")

    def __init__(self, *args: Any, constituent: Constituent | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_constituent = constituent
        if constituent is not None:
            del self.fields["constituent"]  # started from the constituent's page: it is that constituent

    def save(self) -> Membership:
        data = self.cleaned_data
        return services.membership_create(
            constituent=self.fixed_constituent or data["constituent"],
            level=data["level"],
            start_date=data["start_date"],
            amount=data["amount"],
            paid_by=data["paid_by"],
            purchased_by=data["purchased_by"],
            auto_renew=data["auto_renew"],
        )


class MembershipEditForm(ServiceForm):
    """What staff may change on a membership directly: automatic renewal (services.membership_set_auto_renew)."""

    auto_renew = forms.BooleanField(required=False, label="Renew automatically")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["auto_renew"].initial = self.instance.auto_renew

    def save(self) -> Membership:
        if self.cleaned_data["auto_renew"] == self.instance.auto_renew:
            return self.instance
        return services.membership_set_auto_renew(membership=self.instance, auto_renew=self.cleaned_data["auto_renew"])


class MembershipRenewForm(ServiceForm):
    """Add the next term (services.membership_renew)."""

    amount = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="Leave empty to charge the level's price.",
    )
    paid_by = forms.ChoiceField(choices=MembershipTerm.PaidBy.choices, initial=MembershipTerm.PaidBy.CARD)

    def save(self) -> MembershipTerm:
        return services.membership_renew(
            membership=self.instance, amount=self.cleaned_data["amount"], paid_by=self.cleaned_data["paid_by"]
        )


class MembershipCancelForm(ServiceForm):
    """Cancel now; the paid terms stay in the history (services.membership_cancel)."""

    reason = forms.CharField(max_length=255, required=False, label="Reason")

    def save(self) -> Membership:
        return services.membership_cancel(membership=self.instance, reason=self.cleaned_data["reason"].strip())


class InteractionRecordForm(ServiceForm):
    """Record a contact, optionally with a follow-up task (services.interaction_record)."""

    constituent = constituent_field()
    kind = forms.ChoiceField(choices=Interaction.Kind.choices, initial=Interaction.Kind.CALL)
    channel = forms.ChoiceField(choices=Interaction.Channel.choices, initial=Interaction.Channel.PHONE)
    occurred_at = forms.DateTimeField(
        label="When", widget=AdminDateTimeInput, required=False, help_text="Leave empty for now."
    )
    subject = forms.CharField(max_length=255)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Notes")
    follow_up_title = forms.CharField(
        max_length=255, required=False, label="Follow-up task", help_text="Leave empty if nothing needs doing."
    )
    follow_up_due = forms.DateField(widget=AdminDateInput, required=False, label="Follow-up due")
    follow_up_assignee = staff_field("Follow-up assigned to", required=False, help_text="Leave empty for yourself.")

    field_map = {"title": "follow_up_title", "due_date": "follow_up_due", "assigned_to": "follow_up_assignee"}

    def __init__(self, *args: Any, constituent: Constituent | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_constituent = constituent
        if constituent is not None:
            del self.fields["constituent"]  # started from the constituent's page: it is that constituent

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("follow_up_title") and (cleaned.get("follow_up_due") or cleaned.get("follow_up_assignee")):
            self.add_error("follow_up_title", "Give the follow-up task a title, or clear its date and assignee.")
        return cleaned

    def save(self) -> Interaction:
        data = self.cleaned_data
        return services.interaction_record(
            constituent=self.fixed_constituent or data["constituent"],
            kind=data["kind"],
            channel=data["channel"],
            subject=data["subject"].strip(),
            body=data["body"].strip(),
            occurred_at=data["occurred_at"],
            staff=self.for_user,
            follow_up_title=data["follow_up_title"].strip(),
            follow_up_due=data["follow_up_due"],
            follow_up_assignee=data["follow_up_assignee"] or self.for_user,
        )


class InteractionEditForm(WagtailAdminModelForm):
    class Meta:
        model = Interaction
        fields = ["kind", "channel", "occurred_at", "subject", "body"]


class ConsentRecordForm(ServiceForm):
    """Append one choice to the consent ledger (services.consent_record)."""

    channel = forms.ChoiceField(choices=ConsentRecord.Channel.choices)
    topic = forms.ChoiceField(choices=ConsentRecord.Topic.choices)
    granted = forms.TypedChoiceField(
        label="Choice",
        choices=[("yes", "Granted (opted in)"), ("no", "Withdrawn (opted out)")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    source = forms.CharField(max_length=100, help_text="Where the choice was made: phone call, paper form, event…")
    wording = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="The exact wording the person was shown or read."
    )
    recorded_at = forms.DateTimeField(
        label="When", widget=AdminDateTimeInput, required=False, help_text="Leave empty for now."
    )

    def __init__(self, *args: Any, constituent: Constituent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.constituent = constituent

    def clean_recorded_at(self) -> dt.datetime | None:
        value = self.cleaned_data.get("recorded_at")
        if value and value > timezone.now():
            raise ValidationError("A consent cannot be recorded in the future.")
        return value

    def save(self) -> ConsentRecord:
        data = self.cleaned_data
        return services.consent_record(
            constituent=self.constituent,
            channel=data["channel"],
            topic=data["topic"],
            granted=data["granted"],
            source=data["source"],
            wording=data["wording"],
            recorded_by=self.for_user,
            recorded_at=data["recorded_at"],
        )


class RelationshipCreateForm(ServiceForm):
    """Link two constituents (services.relationship_create)."""

    from_constituent = constituent_field("From")
    type = forms.ModelChoiceField(queryset=RelationshipType.objects.all(), label="Relationship")
    to_constituent = constituent_field("To")
    start_date = forms.DateField(widget=AdminDateInput, required=False)
    end_date = forms.DateField(widget=AdminDateInput, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def save(self) -> Relationship:
        data = self.cleaned_data
        return services.relationship_create(
            type=data["type"],
            from_constituent=data["from_constituent"],
            to_constituent=data["to_constituent"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            notes=data["notes"].strip(),
        )


class RelationshipEditForm(WagtailAdminModelForm):
    class Meta:
        model = Relationship
        fields = ["start_date", "end_date", "notes"]


class FollowUpTaskCreateForm(ServiceForm):
    """Give a staff member something to do about a constituent (services.follow_up_task_create)."""

    constituent = constituent_field()
    title = forms.CharField(max_length=255)
    due_date = forms.DateField(widget=AdminDateInput, label="Due")
    assigned_to = staff_field("Assigned to", required=False, help_text="Leave empty for yourself.")

    def save(self) -> FollowUpTask:
        data = self.cleaned_data
        return services.follow_up_task_create(
            constituent=data["constituent"],
            title=data["title"].strip(),
            due_date=data["due_date"],
            assigned_to=data["assigned_to"] or self.for_user,
        )


class FollowUpTaskEditForm(WagtailAdminModelForm):
    """Title, date and assignee are the task's own fields; ticking it off goes through the service."""

    done = forms.BooleanField(required=False, label="Done")

    class Meta:
        model = FollowUpTask
        fields = ["title", "due_date", "assigned_to"]
        widgets = {"due_date": AdminDateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = admin_selectors.staff_users()
        self.fields["done"].initial = self.instance.done

    def save(self, commit: bool = True) -> FollowUpTask:
        task = super().save(commit=commit)
        if commit and self.cleaned_data["done"] != task.done:
            services.follow_up_task_set_done(task=task, done=self.cleaned_data["done"])
        return task
