"""Constituents: individuals, households and organisations, their custom fields, households and relationships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q

from steward.core.errors import field_error

from ..models import (
    Constituent,
    CustomField,
    Membership,
    Relationship,
    RelationshipType,
)
from .contacts import address_add, email_add, phone_add

CONSTITUENT_FIELDS = {
    "kind",
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "preferred_name",
    "organization_name",
    "birth_date",
    "pronouns",
    "gender",
    "source",
    "notes",
    "do_not_contact",
    "do_not_email",
    "do_not_mail",
    "do_not_phone",
    "deceased",
    "deceased_date",
}


@transaction.atomic
def constituent_create(
    *,
    kind: str = Constituent.Kind.INDIVIDUAL,
    emails: Iterable[str] = (),
    phones: Iterable[str] = (),
    addresses: Iterable[Mapping[str, Any]] = (),
    household: Constituent | None = None,
    tags: Iterable[str] = (),
    custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Constituent:
    """Create a constituent with its contact details; the first of each kind becomes primary."""
    unknown = set(fields) - CONSTITUENT_FIELDS
    if unknown:
        raise ValidationError(f"Unknown constituent fields: {', '.join(sorted(unknown))}.", code="unknown_field")
    constituent = Constituent(kind=kind, household=household, **fields)
    if custom_fields:
        constituent.custom_fields = custom_fields_clean(values=custom_fields)
    constituent.full_clean(exclude=["tags"])
    if tags:
        constituent.tags.add(*tags)  # a ClusterTaggableManager keeps them until the save writes them
    constituent.save()
    for address in emails:
        email_add(constituent=constituent, address=address)
    for number in phones:
        phone_add(constituent=constituent, number=number)
    for address_fields in addresses:
        address_add(constituent=constituent, **address_fields)
    return constituent


@transaction.atomic
def constituent_update(
    *,
    constituent: Constituent,
    tags: Iterable[str] | None = None,
    retired_custom_fields: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Constituent:
    """Change a constituent's own fields and tags (not its contact details), validating the whole record.

    `custom_fields` replaces the stored values after checking them against the active definitions;
    `retired_custom_fields` are values of retired definitions to keep as they were stored (not checked again).
    """
    unknown = set(fields) - CONSTITUENT_FIELDS - {"household", "custom_fields"}
    if unknown:
        raise ValidationError(f"Unknown constituent fields: {', '.join(sorted(unknown))}.", code="unknown_field")
    if "custom_fields" in fields:
        checked = custom_fields_clean(values=fields["custom_fields"])
        fields["custom_fields"] = {**(retired_custom_fields or {}), **checked}
    for name, value in fields.items():
        setattr(constituent, name, value)
    constituent.full_clean(exclude=["tags"])
    if tags is not None:
        constituent.tags.set(list(tags))  # a ClusterTaggableManager keeps them until the save writes them
    constituent.save()
    return constituent


@transaction.atomic
def constituent_delete(*, constituent: Constituent) -> None:
    """Hard-delete a constituent who has no memberships (or gifts); others must be anonymised instead."""
    if Membership.objects.filter(Q(constituent=constituent) | Q(purchased_by=constituent)).exists():
        raise ValidationError(
            "This constituent has memberships and cannot be deleted; their history must be kept.",
            code="protected",
        )
    if constituent.kind == Constituent.Kind.HOUSEHOLD:
        constituent.household_members.update(household=None)
    try:
        with transaction.atomic():
            constituent.delete()
    except ProtectedError as error:
        # Gifts, pledges, saved cards and the like are PROTECT: the money trail must be kept.
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
        raise ValidationError(
            f"This constituent has {', '.join(kinds)} and cannot be deleted; their history must be kept.",
            code="protected",
        ) from None


@transaction.atomic
def household_add_member(*, household: Constituent, individual: Constituent) -> Constituent:
    """Put an individual into a household (leaving any other: one household each)."""
    if household.kind != Constituent.Kind.HOUSEHOLD:
        raise field_error("household", "Choose a household.", code="not_household")
    if individual.kind != Constituent.Kind.INDIVIDUAL:
        raise field_error("individual", "Only individuals belong to a household.", code="not_individual")
    individual.household = household
    individual.save(update_fields=["household", "updated_at"])
    return individual


@transaction.atomic
def household_remove_member(*, individual: Constituent) -> Constituent:
    """Take an individual out of their household."""
    individual.household = None
    individual.save(update_fields=["household", "updated_at"])
    return individual


@transaction.atomic
def relationship_create(
    *,
    type: RelationshipType,
    from_constituent: Constituent,
    to_constituent: Constituent,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    notes: str = "",
) -> Relationship:
    """Link two constituents; the link reads correctly from both sides (see selectors.relationships_for)."""
    relationship = Relationship(
        type=type,
        from_constituent=from_constituent,
        to_constituent=to_constituent,
        start_date=start_date,
        end_date=end_date,
        notes=notes,
    )
    relationship.full_clean()
    if (
        type.symmetric
        and Relationship.objects.filter(
            type=type, from_constituent=to_constituent, to_constituent=from_constituent
        ).exists()
    ):
        raise ValidationError("These two are already linked this way.", code="duplicate")
    relationship.save()
    return relationship


def custom_fields_clean(*, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check custom field values against their definitions; returns them as stored (JSON-friendly)."""
    definitions = {field.key: field for field in CustomField.objects.filter(active=True)}
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, raw in values.items():
        field = definitions.get(key)
        if field is None:
            errors[key] = f"There is no custom field '{key}'."
            continue
        if raw in (None, ""):
            if field.required:
                errors[key] = f"{field.label} is required."
            continue
        try:
            cleaned[key] = _custom_value(field, raw)
        except (ValueError, InvalidOperation):
            errors[key] = f"'{raw}' is not a valid {field.get_field_type_display().lower()} for {field.label}."
    for key, field in definitions.items():
        if field.required and key not in values and key not in errors:
            errors[key] = f"{field.label} is required."
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


def _custom_value(field: CustomField, raw: Any) -> Any:
    kind = field.field_type
    if kind == CustomField.FieldType.NUMBER:
        number = Decimal(str(raw))
        if not number.is_finite():
            raise ValueError(raw)
        return float(number) if number != number.to_integral_value() else int(number)
    if kind == CustomField.FieldType.DATE:
        return (raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))).isoformat()
    if kind == CustomField.FieldType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"yes", "true", "1", "on"}:
            return True
        if text in {"no", "false", "0", "off"}:
            return False
        raise ValueError(raw)
    if kind == CustomField.FieldType.CHOICE:
        if str(raw) not in field.choice_list:
            raise ValueError(raw)
        return str(raw)
    return str(raw).strip()
