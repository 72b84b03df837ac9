"""Every write of the reports domain: segments, the export log and the board pack's scheduled runs."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from steward.members.services import organisation_today
from steward.site.models import OrganisationSettings

from .boardpack import board_pack_filename, board_pack_pdf
from .builtins import built_in_segments
from .conditions import validate_conditions
from .figures import Period, board_pack_figures, last_complete_period
from .models import BoardPackRun, ExportLog, Segment

logger = logging.getLogger(__name__)


def _conditions_error(error: ValidationError) -> ValidationError:
    return ValidationError({"conditions": error.error_list}, code="invalid_conditions")


@transaction.atomic
def segment_save(
    *,
    segment: Segment | None = None,
    name: str,
    description: str = "",
    conditions: Any,
    user: Any = None,
) -> Segment:
    """Create a segment, or change one; the conditions are validated first, with a message for each problem."""
    try:
        validate_conditions(conditions)
    except ValidationError as error:
        raise _conditions_error(error) from None
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the segment a name."}, code="name_required")
    clash = Segment.objects.filter(name__iexact=name)
    if segment is not None and segment.pk:
        clash = clash.exclude(pk=segment.pk)
    if clash.exists():
        raise ValidationError({"name": "Another segment already has this name."}, code="duplicate_name")
    if segment is None:
        segment = Segment(created_by=user if getattr(user, "is_authenticated", False) else None)
    segment.name, segment.description, segment.conditions = name, description, conditions
    segment.save()
    return segment


@transaction.atomic
def segment_delete(*, segment: Segment) -> None:
    """Delete a segment staff made; the built-in ones stay (their conditions can be changed instead)."""
    if segment.built_in:
        raise ValidationError("Built-in segments cannot be deleted.", code="built_in")
    segment.delete()


@transaction.atomic
def segments_ensure_built_in() -> int:
    """Create any built-in segment that is missing (idempotent); returns how many were created."""
    created = 0
    for spec in built_in_segments():
        _, was_created = Segment.objects.get_or_create(
            built_in=spec["slug"],
            defaults={"name": spec["name"], "description": spec["description"], "conditions": spec["conditions"]},
        )
        created += was_created
    return created


def export_log_record(
    *,
    user: Any,
    kind: str,
    name: str,
    file_format: str,
    personal_data: bool,
    segment: Segment | None = None,
    columns: list[str] | None = None,
    row_count: int | None = None,
) -> ExportLog:
    """Record an export before its rows go out (a stream fills in its row count when it ends)."""
    return ExportLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        segment=segment,
        name=name,
        file_format=file_format,
        columns=columns or [],
        row_count=row_count,
        personal_data=personal_data,
    )


def export_log_finish(*, log_id: int, row_count: int) -> None:
    """Store how many rows a streamed export sent."""
    ExportLog.objects.filter(pk=log_id).update(row_count=row_count)


# -------------------------------------------------------------------------------------------------------------
# The board pack, emailed on a schedule
# -------------------------------------------------------------------------------------------------------------

BOARD_GROUP = "Board"
CLAIM_TIMEOUT = dt.timedelta(hours=1)


def board_pack_schedule_kind() -> str:
    """The period the scheduled pack covers: "month" or "quarter" (REPORTS_BOARD_PACK_SCHEDULE)."""
    return "quarter" if settings.REPORTS_BOARD_PACK_SCHEDULE == "quarterly" else "month"


@transaction.atomic
def board_pack_run_claim(*, period: Period) -> BoardPackRun | None:
    """The run for this period if it still has to be sent (new, or failed with attempts left), locked for the
    caller; None when it was sent, or is given up on. A period gets one run row, whatever the number of workers."""
    run, _ = BoardPackRun.objects.get_or_create(
        period_kind=period.kind, period_start=period.start, defaults={"period_end": period.end}
    )
    run = BoardPackRun.objects.select_for_update().get(pk=run.pk)
    if run.status == BoardPackRun.Status.SENT or run.attempts >= settings.REPORTS_BOARD_PACK_MAX_ATTEMPTS:
        return None
    now = timezone.now()
    in_progress = run.status == BoardPackRun.Status.PENDING and run.attempts and run.finished_at is None
    if in_progress and run.claimed_at and now - run.claimed_at < CLAIM_TIMEOUT:
        # Another worker is sending it right now; a claim older than CLAIM_TIMEOUT is a worker that died.
        return None
    run.attempts += 1
    run.status = BoardPackRun.Status.PENDING
    run.claimed_at, run.finished_at = now, None
    run.save(update_fields=["attempts", "status", "claimed_at", "finished_at"])
    return run


def board_pack_recipients() -> list[str]:
    """The email addresses of the Board group's active users."""
    users = get_user_model().objects.filter(groups__name=BOARD_GROUP, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def board_pack_run_send(*, run: BoardPackRun) -> BoardPackRun:
    """Render the run's pack and email it to the Board group; the outcome (or the error) is stored on the run."""
    period = Period(kind=run.period_kind, start=run.period_start, end=run.period_end)
    try:
        recipients = board_pack_recipients()
        if not recipients:
            raise RuntimeError(f"The {BOARD_GROUP} group has no active users with an email address.")
        figures = board_pack_figures(period)
        organisation = OrganisationSettings.load()
        message = EmailMessage(
            subject=f"{organisation.name}: board pack for {period.label}",
            body=(
                f"The board pack for {period.label}, compared with {period.year_before().label}, is attached.\n\n"
                "You can also open it in the admin, under Reports."
            ),
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=recipients,
        )
        message.attach(board_pack_filename(period, "pdf"), board_pack_pdf(figures), "application/pdf")
        message.send()
    except Exception as error:  # any failure is recorded on the run and shown to staff; the next beat retries
        logger.exception("Sending the board pack for %s failed", period.label)
        run.status, run.error = BoardPackRun.Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        return run
    run.status, run.error, run.recipients = BoardPackRun.Status.SENT, "", len(recipients)
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "recipients", "finished_at"])
    return run


def board_pack_send_due(*, today: dt.date | None = None) -> list[BoardPackRun]:
    """Send the pack of the last complete month or quarter if it has not gone yet, and retry failed runs."""
    today = today or organisation_today()
    periods = [last_complete_period(board_pack_schedule_kind(), today)]
    failed = BoardPackRun.objects.filter(
        status=BoardPackRun.Status.FAILED, attempts__lt=settings.REPORTS_BOARD_PACK_MAX_ATTEMPTS
    )
    periods += [Period(run.period_kind, run.period_start, run.period_end) for run in failed]
    runs = []
    for period in dict.fromkeys(periods):
        run = board_pack_run_claim(period=period)
        if run is not None:
            runs.append(board_pack_run_send(run=run))
    return runs
