"""Database helpers any domain may use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

# What a report's queries run with besides settings.POSTGRES_REPORT_WORK_MEM. A parallel plan's default costs
# (1000 to start the workers, 0.1 for each row they hand back) were set for machines where a worker is
# dear; a report reads millions of rows once, and at a million constituents the defaults kept the donor
# demographics and the membership figures to one core. Measured at L: the fiscal-year board pack's figures
# 8.2 s with the defaults, 6.6 s with these (issue 14).
REPORT_PLANNER_SETTINGS = {"parallel_setup_cost": "10", "parallel_tuple_cost": "0.001"}


@contextmanager
def report_memory() -> Iterator[None]:
    """Run a report's queries (board pack figures, a segment count, a rollups chunk) in one transaction with
    settings.POSTGRES_REPORT_WORK_MEM of memory for each sort and hash instead of the server's default (4 MB),
    and parallel plans priced for reading millions of rows (REPORT_PLANNER_SETTINGS).

    At a million constituents the default makes PostgreSQL spill a grouping over the period's donors to disk
    and give up hashing an IN (…) for a per-row subplan; a report's few big queries can afford the memory that
    a web request's many small ones are kept from. On PostgreSQL the settings are SET LOCAL, in one statement,
    and put back when the block ends inside an outer transaction; SQLite has no such settings: just the
    transaction."""
    postgresql = connection.vendor == "postgresql"
    nested = connection.in_atomic_block
    wanted = {"work_mem": settings.POSTGRES_REPORT_WORK_MEM, **REPORT_PLANNER_SETTINGS}
    with transaction.atomic():
        previous: dict[str, str] = {}
        if postgresql:
            previous = _set_local(wanted)
        yield
        if postgresql and nested:
            _set_local(previous)


def _set_local(values: dict[str, str]) -> dict[str, str]:
    """SET LOCAL each of the settings; returns what they were before."""
    names = list(values)
    columns = ", ".join("current_setting(%s), set_config(%s, %s, true)" for _ in names)
    params = [part for name in names for part in (name, name, values[name])]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        row = cursor.fetchone()
    return {name: row[2 * index] for index, name in enumerate(names)}
