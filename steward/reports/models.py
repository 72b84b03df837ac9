"""Segments (saved, dynamic filters over constituents), the export log and the board pack's scheduled runs.
Thin models: fields, constraints, `clean()`; every write goes through steward/reports/services.py."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from steward.core.models import TimeStampedModel


class Segment(TimeStampedModel):
    """A named filter over constituents that staff build without code; its members are computed on demand."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    conditions = models.JSONField(
        default=dict,
        help_text='The conditions, as JSON: a group {"all": [...]} or {"any": [...]}, {"not": {...}} and '
        'conditions such as {"field": "membership", "statuses": ["current"]}.',
    )
    # Set for the segments Steward ships (renewals due, lapsed, LYBUNT…): they cannot be deleted.
    built_in = models.SlugField(max_length=50, null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["name"]
        permissions = [("export_segment", "Can export a segment's members")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .conditions import validate_conditions

        try:
            validate_conditions(self.conditions)
        except ValidationError as error:
            raise ValidationError({"conditions": error.messages}) from None


class ExportLog(models.Model):
    """One export of people's data or of a report: who, what, when and how many rows. Written by every export."""

    class Kind(models.TextChoices):
        SEGMENT = "segment", "Segment"
        REPORT = "report", "Report"

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        QUEUED = "queued", "Queued"
        PREPARING = "preparing", "Preparing"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    segment = models.ForeignKey(Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports")
    name = models.CharField(max_length=255, help_text="What was exported: the segment's or the report's name.")
    file_format = models.CharField(max_length=10)
    columns = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True, help_text="Empty while a stream is running.")
    personal_data = models.BooleanField(help_text="Whether it held people's names or contact details.")
    exported_at = models.DateTimeField(default=timezone.now, db_index=True)
    # A large XLSX export is prepared in the background: queued, preparing, then ready (its file kept for
    # REPORTS_EXPORT_KEEP_DAYS, then expired) or failed. A download sent at once is "sent".
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT, db_index=True)
    file_name = models.CharField(max_length=255, blank=True, help_text="The prepared file, in the exports storage.")
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-exported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.file_format}) by {self.user or 'the system'} at {self.exported_at:%Y-%m-%d %H:%M}"


class BoardPackRun(models.Model):
    """One scheduled sending of the board pack to the Board group: claimed once per period, retried on failure."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    period_kind = models.CharField(max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="When the latest attempt started.")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period_kind", "period_start"], name="one_board_pack_run_per_period")
        ]
        permissions = [("view_boardpack", "Can view and download the board pack")]

    def __str__(self) -> str:
        return f"Board pack {self.period_kind} from {self.period_start} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period ends before it starts."})
