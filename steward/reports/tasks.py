"""Celery tasks of the reports domain: thin, idempotent, they call services."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.dispatch import receiver

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


@receiver(services.export_queued)
def _prepare_queued_export(sender: Any, *, log_id: int, **kwargs: Any) -> None:
    """A segment export was queued: a worker prepares it (connected when the app is ready, see apps.py)."""
    segment_export_prepare.delay(log_id)
