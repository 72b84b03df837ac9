"""Funds, campaigns, appeals, gifts and everything that pays for them. Thin models: fields, constraints,
`clean()`; every write goes through the services of the layers above (README, "Layers")."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from steward.core.models import CURRENCY_CHOICES, TimeStampedModel
from steward.core.money import format_money
from steward.members.models import Constituent

ZERO = Decimal("0")
MONEY = {"max_digits": 14, "decimal_places": 2}


class Fund(models.Model):
    """Where money is designated: the general fund, or a restricted purpose."""

    name = models.CharField(max_length=150, unique=True)
    code = models.SlugField(max_length=50, unique=True, help_text="Short code used in exports and accounting.")
    description = models.TextField(blank=True)
    restricted = models.BooleanField(default=False, help_text="Money given to it may only be spent on its purpose.")
    active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A fundraising effort with a goal and dates; campaigns can nest (an appeal season inside a year)."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    goal_amount = models.DecimalField(**MONEY, default=ZERO, validators=[MinValueValidator(ZERO)])
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns", help_text="Default fund."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="campaign_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The campaign ends before it starts."})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "A campaign cannot be inside itself."})
            ancestor = ancestor.parent


class Appeal(models.Model):
    """A solicitation with its source code (a mailing, an email, an event), usually within a campaign."""

    class Channel(models.TextChoices):
        MAIL = "mail", "Direct mail"
        EMAIL = "email", "Email"
        ONLINE = "online", "Online"
        EVENT = "event", "Event"
        PHONE = "phone", "Phone"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=50, unique=True, help_text="The source code printed on the reply form.")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.OTHER)
    start_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PaymentMethod(TimeStampedModel):
    """A card saved with Stripe for future charges (recurring gifts, membership auto-renewal)."""

    constituent = models.ForeignKey(Constituent, on_delete=models.PROTECT, related_name="payment_methods")
    stripe_customer_id = models.CharField(max_length=255)
    stripe_payment_method_id = models.CharField(max_length=255, unique=True)
    brand = models.CharField(max_length=30, blank=True)
    last4 = models.CharField(max_length=4, blank=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)
    fingerprint = models.CharField(max_length=255, blank=True, db_index=True)
    is_default = models.BooleanField(default=False)
    detached_at = models.DateTimeField(null=True, blank=True)
    expiry_notice_sent_for = models.DateField(
        null=True, blank=True, help_text="The charge date an expiry notice was last sent for (sent once)."
    )

    class Meta:
        ordering = ["-is_default", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["constituent"], condition=Q(is_default=True, detached_at__isnull=True), name="one_default_card"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand.title() or 'Card'} •••• {self.last4}"

    @property
    def usable(self) -> bool:
        return self.detached_at is None

    def expires_before(self, day) -> bool:
        """Whether the card's last valid day is before `day` (a card is valid to the end of its month)."""
        if not (self.exp_month and self.exp_year):
            return False
        return (self.exp_year, self.exp_month) < (day.year, day.month)


class GiftBatch(TimeStampedModel):
    """Gifts entered by hand (cash, cheques) in a batch whose totals must balance before it posts."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        POSTED = "posted", "Posted"

    name = models.CharField(max_length=200)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    expected_total = models.DecimalField(**MONEY, validators=[MinValueValidator(ZERO)])
    expected_count = models.PositiveIntegerField()
    # The date on the paying-in slip: gifts entered in the batch are received on it unless told otherwise
    # (empty for batches opened before it existed: the day the batch was opened).
    gift_date = models.DateField(
        "Gifts received on", null=True, blank=True, help_text="Gifts entered default to this date. Empty: today."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "gift batches"

    def __str__(self) -> str:
        return self.name


class TributeKind(models.TextChoices):
    """Whom a gift honours (Gift.Tribute; recurring gifts carry one too)."""

    NONE = "", "None"
    HONOUR = "honour", "In honour of"
    MEMORY = "memory", "In memory of"


class RecurringGift(TimeStampedModel):
    """A monthly or annual gift charged on Steward's own schedule (not Stripe Billing)."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        ANNUAL = "annual", "Annual"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting first payment"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"

    constituent = models.ForeignKey(Constituent, on_delete=models.PROTECT, related_name="recurring_gifts")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="recurring_gifts")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    appeal = models.ForeignKey(Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payment_method = models.ForeignKey(
        PaymentMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="recurring_gifts"
    )
    # Set for a membership's automatic renewal: each charge renews it.
    membership = models.OneToOneField(
        "members.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal_plan"
    )
    cover_fees = models.BooleanField(default=False)
    # Carried to every installment's gift (see Gift.name_shown).
    name_shown = models.BooleanField(
        default=False, help_text="The donor asked for their given name to be shown on the campaign page."
    )
    # A tribute carried by every installment; the person to notify is told once, with the first.
    tribute_type = models.CharField(max_length=10, choices=TributeKind.choices, blank=True, default="")
    tribute_name = models.CharField(max_length=255, blank=True)
    tribute_notify_name = models.CharField(max_length=255, blank=True)
    tribute_notify_email = models.EmailField(blank=True)
    tribute_message = models.TextField(blank=True)
    next_charge_date = models.DateField(null=True, blank=True, db_index=True)
    # The day of the month charges fall on: a gift started on the 31st is charged on the 31st, or on the last
    # day of a shorter month (31 Jan → 28 Feb → 31 Mar), never drifting to the 28th for good.
    charge_day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    # The key the browser sent with the request that started it: a retried request finds this gift.
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    failed_payment_count = models.PositiveIntegerField(default=0)
    paused_until = models.DateField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=255, blank=True)
    # Signed into the emailed link to manage the gift without an account (steward.donations.manage_links): a
    # link signed with another version no longer works, so raising it revokes every link sent (on cancelling).
    manage_link_version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        amount = format_money(self.amount, self.currency)
        return f"{amount} {self.get_frequency_display().lower()} from {self.constituent}"


class RecurringCharge(models.Model):
    """One due charge of a recurring gift. Claimed in the database before it is charged; its idempotency
    key is derived from its id and attempt, so a task that runs twice never charges twice."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CLAIMED = "claimed", "Being charged"
        REQUIRES_ACTION = "requires_action", "Needs the donor's authentication"
        RETRYING = "retrying", "Failed, will retry"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    recurring_gift = models.ForeignKey(RecurringGift, on_delete=models.PROTECT, related_name="charges")
    due_date = models.DateField()
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_on = models.DateField(null=True, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_date"]
        constraints = [
            models.UniqueConstraint(fields=["recurring_gift", "due_date"], name="one_charge_per_due_date"),
        ]

    def __str__(self) -> str:
        return f"{self.recurring_gift} due {self.due_date}"

    @property
    def idempotency_key(self) -> str:
        return f"steward-recurring-charge-{self.pk}-attempt-{self.attempts}"


class Pledge(TimeStampedModel):
    """A promise to give an amount over time, paid in installments."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FULFILLED = "fulfilled", "Fulfilled"
        CANCELLED = "cancelled", "Cancelled"
        WRITTEN_OFF = "written_off", "Written off"

    constituent = models.ForeignKey(Constituent, on_delete=models.PROTECT, related_name="pledges")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="pledges")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges")
    pledged_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pledged_on"]

    def __str__(self) -> str:
        return f"Pledge of {format_money(self.amount, self.currency)} by {self.constituent}"


class PledgeInstallment(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="installments")
    due_date = models.DateField()
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        ordering = ["due_date"]
        constraints = [models.UniqueConstraint(fields=["pledge", "due_date"], name="one_installment_per_date")]

    def __str__(self) -> str:
        return f"{self.amount} due {self.due_date}"


class Gift(TimeStampedModel):
    """Money (or goods) given: one row per payment, whatever its method; status follows the payment."""

    class Method(models.TextChoices):
        CARD = "card", "Card"
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"
        IN_KIND = "in_kind", "In kind"
        STOCK = "stock", "Stock"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        REFUNDED = "refunded", "Refunded"
        PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
        DISPUTED = "disputed", "Disputed"

    class Purpose(models.TextChoices):
        DONATION = "donation", "Donation"
        MEMBERSHIP = "membership", "Membership"

    Tribute = TributeKind

    constituent = models.ForeignKey(Constituent, on_delete=models.PROTECT, related_name="gifts")
    anonymous = models.BooleanField(default=False, help_text="Do not name the donor in public lists.")
    # Opt-in, unlike `anonymous`: nobody's name is published unless they asked for it (staff-recorded and
    # imported gifts never did), and then only the given name.
    name_shown = models.BooleanField(
        default=False, help_text="The donor asked for their given name to be shown on the campaign page."
    )
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    # The amount in the organisation's currency (STEWARD_BASE_CURRENCY): what rollups and reports add up.
    base_amount = models.DecimalField(**MONEY, null=True, blank=True)
    # Base-currency units per unit of the gift's currency used for base_amount (None while it is unknown).
    exchange_rate = models.DecimalField(max_digits=18, decimal_places=8, null=True, blank=True)
    gift_date = models.DateField(db_index=True, help_text="The date the gift was received, in the organisation's zone.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.DONATION)
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.CARD)
    reference = models.CharField(max_length=100, blank=True, help_text="Cheque number, transfer reference…")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="gifts")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts")
    appeal = models.ForeignKey(Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts")

    processing_fee = models.DecimalField(**MONEY, default=ZERO)
    fee_covered = models.DecimalField(**MONEY, default=ZERO, help_text="Part of the amount the donor added for fees.")
    benefit_value = models.DecimalField(
        **MONEY, default=ZERO, help_text="Fair-market value of anything the donor received in return."
    )
    amount_refunded = models.DecimalField(**MONEY, default=ZERO)

    tribute_type = models.CharField(max_length=10, choices=Tribute.choices, blank=True, default=Tribute.NONE)
    tribute_name = models.CharField(max_length=255, blank=True)
    tribute_notify_name = models.CharField(max_length=255, blank=True)
    tribute_notify_email = models.EmailField(blank=True)
    tribute_message = models.TextField(blank=True)
    tribute_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    recurring_gift = models.ForeignKey(
        RecurringGift, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts"
    )
    recurring_charge = models.OneToOneField(
        RecurringCharge, null=True, blank=True, on_delete=models.PROTECT, related_name="gift"
    )
    pledge = models.ForeignKey(Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    membership = models.ForeignKey(
        "members.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="gifts"
    )
    membership_level = models.ForeignKey(
        "members.MembershipLevel", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A membership purchase that should renew itself with the card it was paid with.
    renew_automatically = models.BooleanField(default=False)
    # Who a membership purchase is for when it is not the payer (a gift membership): they get the membership.
    beneficiary = models.ForeignKey(
        Constituent, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships_received"
    )
    # The key the browser sent with the request that started it: a retried request finds this gift.
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    batch = models.ForeignKey(GiftBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="gifts")

    stripe_payment_intent_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    stripe_charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    payment_method = models.ForeignKey(
        PaymentMethod, null=True, blank=True, on_delete=models.SET_NULL, related_name="gifts"
    )
    failure_reason = models.CharField(max_length=255, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    # When the payment succeeded, as Stripe says (not when Steward heard of it): set once, never undone.
    succeeded_at = models.DateTimeField(null=True, blank=True)
    # When the latest refund was made, as Stripe says.
    refunded_at = models.DateTimeField(null=True, blank=True)
    # The card dispute as Stripe last told it, and the time of that event: a later event wins, whatever the order
    # of arrival, so "closed (won)" delivered before "created" still ends won.
    stripe_dispute_id = models.CharField(max_length=255, blank=True)
    dispute_status = models.CharField(max_length=32, blank=True)
    dispute_updated_at = models.DateTimeField(null=True, blank=True)
    # The receipt that stands for this gift (the latest issued; voided if none stands).
    receipt = models.OneToOneField(
        "Receipt", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-gift_date", "-id"]
        indexes = [
            # Rollups (rollups.GIFT_ROWS) read a chunk of donors' gifts from this index alone, amounts included.
            models.Index(
                fields=["constituent", "status", "gift_date"],
                include=["id", "base_amount", "amount_refunded", "amount"],
                name="gift_donor_rollup_idx",
            ),
            # Staff search finds a gift by its cheque number or transfer reference.
            models.Index(fields=["reference"], name="gift_reference_idx"),
            models.Index(fields=["status", "gift_date"]),
            models.Index(fields=["fund", "gift_date"]),
            models.Index(fields=["campaign", "status"]),
            # Reports: "gave to these funds between dates" answered from the index alone (no heap visits).
            models.Index(fields=["fund", "gift_date", "status", "constituent"], name="gift_fund_date_donor_idx"),
            # Reports: the largest counted gifts (value less the refunded share, as rollups.counted_gifts) read
            # in order instead of sorting every gift of the period.
            models.Index(
                (F("base_amount") - F("amount_refunded") * F("base_amount") / F("amount")).desc(),
                F("gift_date"),
                F("id"),
                name="gift_counted_value_idx",
                condition=Q(status__in=["succeeded", "partially_refunded"], base_amount__isnull=False),
            ),
            # Reports: the board pack's figures of a period (totals by fund, campaign and month, donors,
            # retention, donors' demographics) read the period's counted gifts from this index alone.
            models.Index(
                fields=["gift_date"],
                include=[
                    "constituent",
                    "fund",
                    "campaign",
                    "recurring_gift",
                    "base_amount",
                    "amount_refunded",
                    "amount",
                    "processing_fee",
                    "exchange_rate",
                    "id",
                ],
                name="gift_counted_period_idx",
                condition=Q(status__in=["succeeded", "partially_refunded"], base_amount__isnull=False),
            ),
            # Reports: campaign progress (raised by a day) from the index alone.
            models.Index(
                fields=["campaign", "gift_date"],
                include=["base_amount", "amount_refunded", "amount"],
                name="gift_counted_campaign_idx",
                condition=Q(status__in=["succeeded", "partially_refunded"], base_amount__isnull=False),
            ),
            # Reports: paid gifts still waiting for an exchange rate (few), by date.
            models.Index(
                fields=["gift_date"],
                name="gift_awaiting_rate_idx",
                condition=Q(status__in=["succeeded", "partially_refunded"], base_amount__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="gift_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_refunded__gte=0) & Q(amount_refunded__lte=F("amount")), name="gift_refund_in_range"
            ),
            models.CheckConstraint(condition=Q(benefit_value__gte=0), name="gift_benefit_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{format_money(self.amount, self.currency)} from {self.constituent} on {self.gift_date}"

    @property
    def net_amount(self) -> Decimal:
        """What the organisation keeps: the amount less refunds and the processing fee."""
        return self.amount - self.amount_refunded - self.processing_fee

    @property
    def deductible_amount(self) -> Decimal:
        """The tax-deductible part: what was kept, less the fair-market value of benefits received."""
        return max(ZERO, self.amount - self.amount_refunded - self.benefit_value)

    @property
    def paid(self) -> bool:
        """Whether the money arrived (whatever happened to it since: refunds and disputes come after)."""
        return self.status not in (self.Status.PENDING, self.Status.FAILED)

    @property
    def counts(self) -> bool:
        """Whether the gift counts towards totals: paid and not wholly refunded or lost to a dispute."""
        return self.status in (self.Status.SUCCEEDED, self.Status.PARTIALLY_REFUNDED)


COUNTED_STATUSES = (Gift.Status.SUCCEEDED, Gift.Status.PARTIALLY_REFUNDED)


class GiftRefund(models.Model):
    """A refund staff made of (part of) a gift: how much, why (Stripe's reasons, and a note) and who made it.
    Refunds made in Stripe's dashboard are known only as the gift's refunded total (Gift.amount_refunded)."""

    class Reason(models.TextChoices):
        # Stripe's own values of a refund's `reason`.
        REQUESTED_BY_CUSTOMER = "requested_by_customer", "Requested by the donor"
        DUPLICATE = "duplicate", "Duplicate gift"
        FRAUDULENT = "fraudulent", "Fraudulent"

    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="refund_records")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    reason = models.CharField(max_length=32, choices=Reason.choices, blank=True)  # blank: not given
    note = models.TextField(blank=True)
    stripe_refund_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["gift", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Refund of {self.amount} {self.currency} ({self.get_reason_display()})"


class SoftCredit(models.Model):
    """Credit for a gift to someone who did not pay it: a spouse, a solicitor, the honoree of a tribute."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", "Household member"
        SOLICITOR = "solicitor", "Solicitor"
        TRIBUTE = "tribute", "Tribute"
        MATCHING = "matching", "Matching gift"
        OTHER = "other", "Other"

    gift = models.ForeignKey(Gift, on_delete=models.CASCADE, related_name="soft_credits")
    constituent = models.ForeignKey(Constituent, on_delete=models.PROTECT, related_name="soft_credits")
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OTHER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gift", "constituent"], name="one_soft_credit_per_person")]

    def __str__(self) -> str:
        return f"{self.amount} soft credit to {self.constituent}"


class ReceiptSequence(models.Model):
    """The last receipt number issued in a year; locked row by row, so numbers are gapless under concurrency."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Receipt(models.Model):
    """A tax receipt for one gift, numbered per year without gaps."""

    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="receipts")
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    issued_at = models.DateTimeField(default=timezone.now)
    amount = models.DecimalField(**MONEY)
    deductible_amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    pdf = models.FileField(upload_to="receipts/%Y/", blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=255, blank=True)
    # A replacement (after a partial refund) names the receipt it replaces, as tax authorities expect.
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", editable=False
    )

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="receipt_number_unique_per_year"),
            # At most one receipt stands for a gift at a time; the others are voided.
            models.UniqueConstraint(fields=["gift"], condition=Q(voided_at__isnull=True), name="one_standing_receipt"),
        ]

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return f"{self.year}-{self.number:06d}"


class StripeEvent(models.Model):
    """A Stripe webhook event stored raw before anything else happens; processed by a task, exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSED = "processed", "Processed"
        FAILED = "failed", "Failed"
        IGNORED = "ignored", "Ignored (type not handled)"

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    payload = models.JSONField()
    stripe_created = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="A failed event is tried again then.")

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class PaymentAttempt(models.Model):
    """An online payment attempt, kept for card-testing protection: limits per address and per card."""

    class Kind(models.TextChoices):
        START = "start", "Started a payment"
        FAILURE = "failure", "Payment failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    card_fingerprint = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    blocked = models.BooleanField(default=False, db_index=True)
    reason = models.CharField(max_length=255, blank=True)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["client_ip", "kind", "at"]),
            models.Index(fields=["card_fingerprint", "kind", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.client_ip or 'unknown'} at {self.at:%Y-%m-%d %H:%M}"


class GivingSummary(models.Model):
    """A constituent's donor rollups, in the organisation's currency. Kept right incrementally by the gift
    services and rebuildable for everyone in one set-based pass (`manage.py rebuild_rollups`)."""

    constituent = models.OneToOneField(
        Constituent, primary_key=True, on_delete=models.CASCADE, related_name="giving_summary"
    )
    lifetime_total = models.DecimalField(**MONEY, default=ZERO)
    lifetime_count = models.PositiveIntegerField(default=0)
    first_gift_date = models.DateField(null=True, blank=True)
    first_gift_amount = models.DecimalField(**MONEY, null=True, blank=True)
    last_gift_date = models.DateField(null=True, blank=True, db_index=True)
    last_gift_amount = models.DecimalField(**MONEY, null=True, blank=True)
    largest_gift_amount = models.DecimalField(**MONEY, null=True, blank=True)
    largest_gift_date = models.DateField(null=True, blank=True)
    this_fy_total = models.DecimalField(**MONEY, default=ZERO)
    last_fy_total = models.DecimalField(**MONEY, default=ZERO)
    fiscal_year = models.PositiveIntegerField(help_text="The fiscal year 'this FY' refers to (its starting year).")
    lybunt = models.BooleanField(default=False, db_index=True)
    sybunt = models.BooleanField(default=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "giving summaries"
        indexes = [
            # Segments and the board pack: first-time donors, major donors.
            models.Index(fields=["first_gift_date"], name="givingsummary_first_gift_idx"),
            models.Index(fields=["lifetime_total"], name="givingsummary_lifetime_idx"),
        ]

    def __str__(self) -> str:
        return f"Giving of {self.constituent_id}"


class GivingYear(models.Model):
    """A donor's own counted gifts in one fiscal year (not a household's members'): how many and their value in
    the organisation's currency less refunds. Kept with GivingSummary by the same rollup statements, so the
    board pack counts a fiscal year's donors, and those who gave again, from one row per donor instead of
    every gift of the year. A row exists only while the donor has a counted gift in that year."""

    constituent = models.ForeignKey(Constituent, on_delete=models.CASCADE, related_name="giving_years", db_index=False)
    fiscal_year_start = models.DateField(help_text="The first day of the fiscal year.")
    gift_count = models.PositiveIntegerField()
    total = models.DecimalField(**MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["constituent", "fiscal_year_start"], name="one_giving_year_per_donor")
        ]
        indexes = [
            # A year's donors in constituent order: counted from the index alone, and merged with another year's.
            models.Index(fields=["fiscal_year_start", "constituent"], name="givingyear_year_donor_idx"),
        ]

    def __str__(self) -> str:
        return f"Giving of {self.constituent_id} in the fiscal year from {self.fiscal_year_start}"


class ExchangeRate(models.Model):
    """A rate staff keep for a foreign currency from a date on: base-currency units per one unit of it. Used
    for a gift's base amount when the payment processor gives none (localstripe, gifts recorded by hand)."""

    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(
        max_digits=18, decimal_places=8, help_text="How many units of the base currency one unit of this is worth."
    )
    valid_from = models.DateField(help_text="The first gift date the rate applies to (until a later rate).")
    source = models.CharField(max_length=200, blank=True, help_text="Where the rate comes from (a bank, a feed).")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["currency", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="one_exchange_rate_per_currency_and_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate.normalize()} from {self.valid_from}"


class StatementRun(models.Model):
    """The year-end statement run of one tax year. In the month after the year ends a daily task owes every donor
    with counted gifts in it one statement (an outbox message, once each, keyed by donor and year), unless staff
    hold the run; released, it goes on the next day. The row exists once the run went or staff touched it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held by staff"
        DONE = "done", "Statements owed"

    tax_year = models.PositiveIntegerField(unique=True, help_text="The tax year, named by the year it starts in.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    donor_count = models.PositiveIntegerField(default=0, help_text="Donors with counted gifts in the year, last run.")
    statement_count = models.PositiveIntegerField(default=0, help_text="Statements owed by the run, one per donor.")
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, help_text="When the run last changed: held, released or run.")

    class Meta:
        ordering = ["-tax_year"]

    def __str__(self) -> str:
        return f"Year-end statements {self.tax_year} ({self.get_status_display().lower()})"
