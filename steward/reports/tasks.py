"""Celery tasks of the reports domain: thin, idempotent, they call services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def board_pack_send_due() -> int:
    """Beat: email the board pack of the last complete period once, and retry failed sendings."""
    return len(services.board_pack_send_due())


@shared_task
def segment_export_prepare(log_id: int) -> bool:
    """Prepare a large segment export queued from the admin (safe to run twice: the export is claimed)."""
    return services.segment_export_prepare(log_id=log_id) is not None


@shared_task
def exports_expire() -> int:
    """Beat: delete prepared export files past their keeping time."""
    return services.exports_expire()
