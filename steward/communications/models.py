"""Communications data: what the mail providers report about the messages Steward sent."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


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
