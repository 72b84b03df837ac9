"""Communications data: what the mail providers report about the messages Steward sent."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from steward.core.models import TimeStampedModel
from steward.members.models import ConsentRecord
from steward.reports.models import Segment
from steward.site.models import HeadlessPreviewMixin

from .blocks import EmailBodyBlock


class DeliveryEvent(models.Model):
    """One report from a mail provider about a message (delivered, bounced, opened, clicked, complained…),
    stored once (unique on the provider's event id) and applied once: a bounce or a complaint suppresses the
    address, and the message's delivery on the outbox row moves forward."""

    class Effect(models.TextChoices):
        NONE = "", "None"
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        SOFT_BOUNCE = "soft_bounce", "Soft bounce"
        COMPLAINT = "complaint", "Complaint"

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255, help_text="The provider's id, or a digest of the event.")
    event_type = models.CharField(max_length=20)
    recipient = models.CharField(max_length=254, blank=True, help_text="Lower-cased.")
    message_id = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField()
    reject_reason = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)
    click_url = models.TextField(blank=True)
    effect = models.CharField(max_length=12, choices=Effect.choices, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(default=timezone.now, editable=False)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="one_delivery_event")]
        indexes = [
            models.Index(fields=["recipient", "effect", "occurred_at"], name="deliveryevent_bounces_idx"),
            models.Index(fields=["received_at"], condition=Q(applied_at__isnull=True), name="deliveryevent_unapplied"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.recipient}"


class SenderAddress(models.Model):
    """A from name and address staff have set up for campaign email (its domain set up with the provider)."""

    name = models.CharField(max_length=100, help_text="The name recipients see, e.g. “Riverbank Trust”.")
    email = models.EmailField(unique=True)
    reply_to = models.EmailField(blank=True, help_text="Where replies go, if not to this address.")
    is_active = models.BooleanField(default=True, help_text="Only active addresses can send.")

    class Meta:
        ordering = ["name", "email"]
        verbose_name_plural = "sender addresses"

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class TestMetric(models.TextChoices):
    OPENS = "opens", "Opens"
    CLICKS = "clicks", "Clicks"


class EmailCampaign(TimeStampedModel):
    """A campaign email (newsletter, appeal, announcement) to the people of some segments, less others; sent
    once, one row per recipient (CampaignRecipient) claimed before its message goes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        PAUSED = "paused", "Paused"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    name = models.CharField(max_length=200, help_text="For staff; recipients see the subject.")
    subject = models.CharField(max_length=200, blank=True)
    preheader = models.CharField(
        max_length=200, blank=True, help_text="The line email programs show after the subject in the inbox."
    )
    sender = models.ForeignKey(SenderAddress, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(
        max_length=20,
        choices=ConsentRecord.Topic.choices,
        default=ConsentRecord.Topic.NEWSLETTER,
        help_text="Only people who agreed to email about this topic receive it.",
    )
    body = StreamField(EmailBodyBlock(), blank=True, use_json_field=True)
    segments = models.ManyToManyField(Segment, related_name="+", blank=True, help_text="Who it is for.")
    excluded_segments = models.ManyToManyField(Segment, related_name="+", blank=True, help_text="Left out.")
    one_per_household = models.BooleanField(default=False, help_text="One copy per household, not per person.")
    tracking = models.BooleanField(default=True, help_text="Record opens and clicks.")
    in_archive = models.BooleanField(
        "show in the newsletter archive",
        default=False,
        help_text="Once sent, anyone can read it on the public newsletter archive page (without anyone's details).",
    )
    appeal_code = models.CharField(
        max_length=50, blank=True, help_text="The source code gifts from this email carry (donate links)."
    )
    attribution_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Gifts with its appeal code this many days after sending count as coming from it.",
    )
    # A/B test of the subject line: a share of the audience gets each subject; after `test_hours` the one with
    # more opens (or clicks) goes to everyone else.
    subject_b = models.CharField(
        "second subject", max_length=200, blank=True, help_text="To test two subjects; leave empty to send one."
    )
    test_share = models.PositiveSmallIntegerField(
        "test share (%)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="The share of the audience that gets each subject in the test.",
    )
    test_hours = models.PositiveSmallIntegerField(
        "test length (hours)",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
        help_text="How long the test runs before the winner goes to the rest.",
    )
    test_metric = models.CharField("winner by", max_length=6, choices=TestMetric.choices, default=TestMetric.OPENS)
    test_ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    winner = models.CharField(max_length=1, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheduled_for = models.DateTimeField(null=True, blank=True, editable=False)
    send_problem = models.TextField(
        blank=True, editable=False, help_text="Why a scheduled send could not start (it went back to draft)."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The email as rendered when sending began (merge tags still in): every copy, the web version and the
    # tracked links come from it, so an edit during sending changes nothing already going out.
    rendered_html = models.TextField(blank=True, editable=False)
    rendered_text = models.TextField(blank=True, editable=False)
    rendered_links = models.JSONField(default=list, blank=True, editable=False)
    audience_count = models.PositiveIntegerField(default=0)
    left_out = models.JSONField(default=dict, blank=True, help_text="How many were left out, by reason.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class CampaignRecipient(models.Model):
    """One person's copy of a campaign: claimed (with a lease) before it is sent, so a second press of Send, a
    task run twice or a worker killed mid-send neither sends it twice nor skips it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        HELD = "held", "Waiting for the subject test"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent (no longer allowed)"
        FAILED = "failed", "Failed"

    campaign = models.ForeignKey(EmailCampaign, on_delete=models.CASCADE, related_name="recipients")
    constituent = models.ForeignKey("members.Constituent", on_delete=models.CASCADE, related_name="+")
    address = models.CharField(max_length=254)
    variant = models.CharField(max_length=1, blank=True, help_text="The subject it got: a, b, or empty for one.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    delivery = models.CharField(max_length=12, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True, help_text="First opened.")
    clicked_at = models.DateTimeField(null=True, blank=True, help_text="First clicked.")
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "address"], name="one_copy_per_address"),
            models.UniqueConstraint(fields=["campaign", "constituent"], name="one_copy_per_person"),
        ]
        indexes = [models.Index(fields=["campaign", "status", "id"], name="recipient_queue_idx")]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.address}"


class NewsletterArchivePage(HeadlessPreviewMixin, Page):
    """The public newsletter archive: an introduction, then the campaigns staff chose to show there (`in_archive`)
    once they are sent, newest first, each opening a copy without anyone's details (steward.communications.archive).
    It lives here and not in steward.site, which cannot depend on communications."""

    intro = models.TextField(blank=True, help_text="A few words above the list of newsletters.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["site.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "newsletter archive page"
