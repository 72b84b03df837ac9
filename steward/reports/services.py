"""Every write of the reports domain: segments, the export log and the board pack's scheduled runs."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone

from steward.core.dates import organisation_today
from steward.core.links import admin_url
from steward.core.mail import NotOwed, Purpose, deliver, email_verdict
from steward.core.message_templates import message_render
from steward.core.sending_rate import RateLimited
from steward.site.models import OrganisationSettings

from . import exports, messages
from .boardpack import board_pack_filename, board_pack_pdf
from .builtins import built_in_segments
from .conditions import validate_conditions
from .figures import Period, board_pack_figures, last_complete_period
from .models import BoardPackRun, ExportLog, Segment
from .selectors import segment_members

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


def listing_export_record(
    *, user: Any, name: str, file_format: str, columns: list[str], personal_data: bool
) -> Callable[[int], None]:
    """Log an admin listing's export (any app's) as it starts; returns what stores its row count at the end."""
    log = export_log_record(
        user=user,
        kind=ExportLog.Kind.REPORT,
        name=name,
        file_format=file_format,
        columns=columns,
        personal_data=personal_data,
    )
    return lambda row_count: export_log_finish(log_id=log.pk, row_count=row_count)


# -------------------------------------------------------------------------------------------------------------
# Large exports, prepared in the background
# -------------------------------------------------------------------------------------------------------------


def export_storage() -> Any:
    """Where prepared exports are kept: private files, downloaded only through the admin."""
    return storages["exports"]


#: Sent after the commit that queued a segment export (argument `log_id`); steward/reports/tasks.py answers it by
#: having a worker prepare the export: services never import tasks (README, "Layers").
export_queued = Signal()


@transaction.atomic
def segment_export_queue(*, segment: Segment, columns: list[str], user: Any) -> ExportLog:
    """Record an XLSX export of a segment and have a worker prepare it (after this transaction commits)."""
    log = export_log_record(
        user=user,
        kind=ExportLog.Kind.SEGMENT,
        segment=segment,
        name=segment.name,
        file_format="xlsx",
        columns=columns,
        personal_data=exports.holds_personal_data(columns),
    )
    log.status = ExportLog.Status.QUEUED
    log.save(update_fields=["status"])
    transaction.on_commit(lambda: export_queued.send(sender=ExportLog, log_id=log.pk))
    return log


@dataclass(frozen=True)
class SegmentExport:
    """How a segment export goes out: `queued` for the worker (emailed when ready), else now by the caller
    (`members` as CSV streamed or XLSX from a temporary file), with its log either way."""

    log: ExportLog
    queued: bool
    members: QuerySet[Any]


def segment_export_start(*, segment: Segment, columns: list[str], file_format: str, user: Any) -> SegmentExport:
    """The one place that decides how an export of a segment is made: an XLSX of more than
    REPORTS_EXPORT_BACKGROUND_ROWS rows is prepared by a worker; anything else is recorded now and sent by the
    caller in the request."""
    members = segment_members(segment=segment)
    if file_format == "xlsx" and members.order_by().count() > settings.REPORTS_EXPORT_BACKGROUND_ROWS:
        return SegmentExport(
            log=segment_export_queue(segment=segment, columns=columns, user=user), queued=True, members=members
        )
    log = export_log_record(
        user=user,
        kind=ExportLog.Kind.SEGMENT,
        segment=segment,
        name=segment.name,
        file_format=file_format,
        columns=columns,
        personal_data=exports.holds_personal_data(columns),
    )
    return SegmentExport(log=log, queued=False, members=members)


def segment_export_prepare(*, log_id: int) -> ExportLog | None:
    """Write a queued segment export to the exports storage and email its link to whoever asked. Claimed first
    (queued → preparing in one UPDATE), so a task delivered twice prepares it once; a failure is stored on the
    log, where staff see it in the export history."""
    claimed = ExportLog.objects.filter(pk=log_id, status=ExportLog.Status.QUEUED).update(
        status=ExportLog.Status.PREPARING
    )
    if not claimed:
        return None
    log = ExportLog.objects.select_related("segment", "user").get(pk=log_id)
    name = f"segment-{log.pk}-{secrets.token_hex(8)}.xlsx"
    storage = export_storage()
    try:
        if log.segment is None:
            raise ValueError("The segment was deleted before its export was ready.")
        members = segment_members(segment=log.segment)
        # Written to a local temporary file first (a workbook is a zip), then saved to the storage, whichever
        # it is (a directory here, object storage elsewhere).
        with tempfile.TemporaryFile(suffix=".xlsx") as target:
            count = exports.write_xlsx(queryset=members, columns=log.columns, target=target)
            target.seek(0)
            name = storage.save(name, File(target, name=name))
    except Exception as error:  # recorded on the log and shown to staff; they can export again
        logger.exception("Preparing export %s failed", log_id)
        if storage.exists(name):
            storage.delete(name)
        log.status, log.error, log.finished_at = ExportLog.Status.FAILED, str(error)[:2000], timezone.now()
        log.save(update_fields=["status", "error", "finished_at"])
        return log
    log.status, log.file_name, log.row_count, log.finished_at = ExportLog.Status.READY, name, count, timezone.now()
    log.save(update_fields=["status", "file_name", "row_count", "finished_at"])
    if log.user is not None and log.user.email:
        link = admin_url(reverse("reports_export_download", args=(log.pk,)))
        _deliver_to_staff(
            subject=f"Your export of {log.name} is ready",
            body=(
                f"The export of {log.name} ({count} rows, Excel) is ready to download:\n\n{link}\n\n"
                f"Sign in to the admin to open the link; the file is deleted after "
                f"{settings.REPORTS_EXPORT_KEEP_DAYS} days. It holds "
                f"{'personal data: keep it safe' if log.personal_data else 'no names or contact details'}."
            ),
            to=log.user.email,
        )
    return log


def _deliver_to_staff(*, subject: str, body: str, to: str) -> None:
    try:
        deliver(EmailMessage(subject=subject, body=body, to=[to]), purpose=Purpose.TRANSACTIONAL)
    except NotOwed as refusal:
        logger.info("Email to %s not sent: %s", to, refusal)
    except RateLimited as limited:  # a notice to staff; the export itself is there in the admin
        logger.warning("Email to %s not sent: %s", to, limited)


def exports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete prepared export files older than REPORTS_EXPORT_KEEP_DAYS (the log rows stay); returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.REPORTS_EXPORT_KEEP_DAYS)
    storage = export_storage()
    expired = 0
    for log in ExportLog.objects.filter(status=ExportLog.Status.READY, finished_at__lt=cutoff).only("pk", "file_name"):
        if log.file_name and storage.exists(log.file_name):
            storage.delete(log.file_name)
        expired += ExportLog.objects.filter(pk=log.pk, status=ExportLog.Status.READY).update(
            status=ExportLog.Status.EXPIRED, file_name=""
        )
    return expired


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
    """The email addresses of the Board group's active users (less any the contact policy refuses: a suppressed
    address)."""
    users = get_user_model().objects.filter(groups__name=BOARD_GROUP, is_active=True).exclude(email="")
    addresses = sorted(set(users.values_list("email", flat=True)))
    return [a for a in addresses if not email_verdict(a, purpose=Purpose.TRANSACTIONAL).refusal]


def board_pack_run_send(*, run: BoardPackRun) -> BoardPackRun:
    """Render the run's pack and email it to the Board group; the outcome (or the error) is stored on the run."""
    period = Period(kind=run.period_kind, start=run.period_start, end=run.period_end)
    try:
        recipients = board_pack_recipients()
        if not recipients:
            raise RuntimeError(f"The {BOARD_GROUP} group has no active users with an email address.")
        figures = board_pack_figures(period)
        organisation = OrganisationSettings.load()
        context = {"organisation": organisation, "period": period.label, "year_before": period.year_before().label}
        rendered = message_render(messages.BOARD_PACK.key, context)
        message = EmailMessage(
            subject=rendered.subject,
            body=rendered.text,
            to=[settings.DEFAULT_FROM_EMAIL],
            bcc=recipients,
        )
        message.attach(board_pack_filename(period, "pdf"), board_pack_pdf(figures), "application/pdf")
        deliver(message, purpose=Purpose.TRANSACTIONAL)
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
