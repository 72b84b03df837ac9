"""Query plans in tests: an index that is dropped, or that a query stops being able to use, fails the suite.

`plan_of` runs PostgreSQL's EXPLAIN with sequential scans disabled (on a test's small table the planner would
rightly prefer a sequential scan, so only "can this query use the index at all" is asked); SQLite answers
with EXPLAIN QUERY PLAN. The trigram (pg_trgm) indexes exist only on PostgreSQL: tests of them are marked
`postgresql_only` and run in the suite's PostgreSQL pass.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import QuerySet

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL index (the suite's PostgreSQL pass runs it)"
)


def plan_of(query: QuerySet | tuple[str, Any], *, off: tuple[str, ...] = ("seqscan",)) -> str:
    """The plan of a queryset (or of raw SQL with its parameters), as text. On PostgreSQL the plan nodes named in
    `off` (enable_<name>) are priced out: sequential scans always; a sort too for a query that should read its
    rows in order from an index (on a few rows, another index and a sort cost about the same, and which one the
    planner picks follows the table's statistics of the moment)."""
    sql, params = query.query.sql_with_params() if isinstance(query, QuerySet) else query
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name in off:
                cursor.execute(f"SET LOCAL enable_{name} = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            rows = [row[0] for row in cursor.fetchall()]
            for name in off:
                cursor.execute(f"RESET enable_{name}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            rows = [str(row[-1]) for row in cursor.fetchall()]
    return "\n".join(rows)


def assert_uses_index(query: QuerySet | tuple[str, Any], index: str, *, off: tuple[str, ...] = ("seqscan",)) -> None:
    """The query's plan reads the named index (a Django Meta.indexes name or a migration's)."""
    plan = plan_of(query, off=off)
    assert index in plan, f"the plan does not use {index}:\n{plan}"


def assert_no_seq_scan(query: QuerySet | tuple[str, Any], table: str) -> None:
    """PostgreSQL: even with sequential scans priced out, the plan does not have to read `table` in full."""
    plan = plan_of(query)
    assert f"Seq Scan on {table}" not in plan, f"the plan scans {table}:\n{plan}"
