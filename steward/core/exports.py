"""Exports are logged wherever they happen. The admin listings of every app export through one mixin, which
tells the recorders here; the reports app (which owns the export log) registers its recorder when it starts,
so no domain app imports reports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Finish = Callable[[int], None]
Recorder = Callable[..., Finish]

_recorders: list[Recorder] = []


def export_recorder(recorder: Recorder) -> Recorder:
    """Register a function called when an export starts; it returns what to call with the row count at its end."""
    _recorders.append(recorder)
    return recorder


def export_started(*, user: Any, name: str, file_format: str, columns: list[str], personal_data: bool) -> Finish:
    """Tell every recorder an export starts; returns the function to call with its row count when it ends."""
    finishers = [
        recorder(user=user, name=name, file_format=file_format, columns=columns, personal_data=personal_data)
        for recorder in _recorders
    ]

    def finish(row_count: int) -> None:
        for finisher in finishers:
            finisher(row_count)

    return finish
