"""What every app shares and no domain owns: the currencies Steward records, the abstract time-stamped base model,
the outbox (every message Steward owes someone is a row first), the mail provider's sending windows and the
wordings staff give transactional messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

CURRENCY_CHOICES = [
    ("USD", "US dollar"),
    ("EUR", "Euro"),
    ("GBP", "Pound sterling"),
    ("CAD", "Canadian dollar"),
    ("AUD", "Australian dollar"),
    ("NZD", "New Zealand dollar"),
    ("CHF", "Swiss franc"),
    ("JPY", "Japanese yen"),
    ("KRW", "South Korean won"),
    ("THB", "Thai baht"),
    ("MNT", "Mongolian tögrög"),
    ("TWD", "New Taiwan dollar"),
    ("HKD", "Hong Kong dollar"),
    ("SGD", "Singapore dollar"),
]


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """A message owed to someone (a receipt, a notice, a reminder), written in the transaction that made it owed
    and sent by a task; a beat task sweeps rows that were never queued or whose sender died (a lease). `key`
    names what is owed, so owing the same thing twice makes one row."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (given up)"
        CANCELLED = "cancelled", "No longer owed"

    kind = models.CharField(max_length=64, db_index=True)
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    not_before = models.DateTimeField(default=timezone.now, help_text="Not sent before this time.")
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipient = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=255, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Kept when it is sent, so staff can open the message as it went out, on the person's timeline. The record
    # is a constituent's id and not a foreign key: core sits below members (the contact policy names it).
    constituent_id = models.BigIntegerField(null=True, blank=True, help_text="Whose record the message is on.")
    body = models.TextField(blank=True, help_text="The plain-text part as sent.")
    html = models.TextField(blank=True, help_text="The HTML part as sent.")
    # What the mail provider reported after sending (steward/communications applies its events): the id it
    # gave the message, and the furthest it got (delivered, opened, clicked; or bounced, complained).
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    delivery = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "not_before"]),
            models.Index(fields=["constituent_id", "-sent_at"], name="outbox_timeline_idx"),
        ]
        verbose_name = "outgoing message"

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.get_status_display().lower()})"


class SendingWindow(models.Model):
    """How many messages went through a mail provider in one fixed window of time (a second, an hour, a
    day): the provider's rate limit, shared by every worker (steward.core.sending_rate)."""

    provider = models.CharField(max_length=32)
    span = models.PositiveIntegerField(help_text="The window's length in seconds.")
    start = models.BigIntegerField(help_text="Which window: seconds since the epoch divided by the span.")
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "span", "start"], name="one_sending_window")]

    def __str__(self) -> str:
        return f"{self.provider} {self.used} in {self.span}s window {self.start}"


class MessageTemplateVersion(models.Model):
    """One saved wording of a transactional message (a receipt, a renewal reminder…) written by staff with merge
    tags. Every save is a new version; at most one per kind is in use, and with none in use the message goes
    in the wording Steward ships (steward.core.message_templates)."""

    kind = models.CharField(max_length=64)
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    in_use = models.BooleanField(default=True)
    note = models.CharField(max_length=255, blank=True, help_text="What changed, for the history.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="one_message_template_number"),
            models.UniqueConstraint(fields=["kind"], condition=Q(in_use=True), name="one_message_template_in_use"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.number}"
