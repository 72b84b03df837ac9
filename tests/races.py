"""Work that really runs at once: each piece in its own thread and database connection, released together."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connections


def race(works: list[Callable[[], Any]], *, timeout: float = 120) -> tuple[list[Any], list[ValidationError]]:
    """Run every piece of work at the same moment; what they returned, and the ValidationErrors they raised.
    Any other exception fails the test."""
    barrier = threading.Barrier(len(works))
    results: list[Any] = []
    refusals: list[ValidationError] = []
    crashes: list[BaseException] = []
    lock = threading.Lock()

    def run(work: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcome = work()
            with lock:
                results.append(outcome)
        except ValidationError as refused:
            with lock:
                refusals.append(refused)
        except BaseException as crash:  # reported below
            with lock:
                crashes.append(crash)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert crashes == []
    return results, refusals
