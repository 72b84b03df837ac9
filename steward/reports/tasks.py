"""Celery tasks of the reports domain: thin, idempotent, they call services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def board_pack_send_due() -> int:
    """Beat: email the board pack of the last complete period once, and retry failed sendings."""
    return len(services.board_pack_send_due())
