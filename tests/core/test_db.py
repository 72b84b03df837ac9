"""core.db.report_memory: a report's settings hold inside the block and are put back after it."""

import pytest
from django.db import connection, transaction

from steward.core.db import report_memory
from tests.plans import postgresql_only

pytestmark = pytest.mark.django_db


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@postgresql_only
def test_a_report_runs_with_its_memory_and_parallel_costs_and_puts_them_back(settings):
    settings.POSTGRES_REPORT_WORK_MEM = "48MB"
    with transaction.atomic():
        before = {name: setting(name) for name in ("work_mem", "parallel_setup_cost", "parallel_tuple_cost")}
        assert before == {"work_mem": "4MB", "parallel_setup_cost": "1000", "parallel_tuple_cost": "0.1"}
        with report_memory():
            assert setting("work_mem") == "48MB"
            assert setting("parallel_setup_cost") == "10"
            assert setting("parallel_tuple_cost") == "0.001"
        assert {name: setting(name) for name in before} == before
