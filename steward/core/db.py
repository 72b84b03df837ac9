"""Database helpers any domain may use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction


@contextmanager
def report_memory() -> Iterator[None]:
    """Run a report's queries (board pack figures, a segment count, a rollups chunk) in one transaction with
    settings.POSTGRES_REPORT_WORK_MEM of memory for each sort and hash instead of the server's default (4 MB).

    At a million constituents the default makes PostgreSQL spill a grouping over the period's donors to disk
    and give up hashing an IN (…) for a per-row subplan; a report's few big queries can afford the memory that
    a web request's many small ones are kept from. On PostgreSQL the setting is SET LOCAL and put back when
    the block ends inside an outer transaction; SQLite has no such setting: just the transaction."""
    postgresql = connection.vendor == "postgresql"
    nested = connection.in_atomic_block
    with transaction.atomic():
        previous = None
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)",
                    [settings.POSTGRES_REPORT_WORK_MEM],
                )
                previous = cursor.fetchone()[0]
        yield
        if postgresql and nested:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('work_mem', %s, true)", [previous])
