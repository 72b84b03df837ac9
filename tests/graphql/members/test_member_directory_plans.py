"""The member directory's query plans: a dropped index, or a query that stops being able to use one, fails here.

At a million constituents a directory page is an index range scan of the directory's partial index stopped by
its LIMIT, a search reads trigram indexes, and each member's "is a member now" check probes the live
memberships by constituent (members 0010; issue 14).
"""

import pytest
from django.db import connection

from steward.graphql.members import selectors as graphql_selectors
from steward.members import selectors
from steward.members.models import Address, Constituent
from tests.graphql.members.test_member_directory import _listed_member
from tests.plans import assert_uses_index, plan_of, postgresql_only

pytestmark = [postgresql_only, pytest.mark.django_db]


def _page(query: str = ""):
    """The page query the directory runs: 20 rows and one over, with the capped count riding on it."""
    entries = graphql_selectors.directory_entries(query=query)
    return entries.annotate(counted=graphql_selectors.directory_count_capped_annotation(entries))[:21]


def _search_plan(query: str) -> str:
    """The page's plan with plain index scans priced out too: on a test's few rows the planner would rightly
    filter the directory index row by row, so only "can the search be answered from its indexes" is asked."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = plan_of(_page(query))
        cursor.execute("RESET enable_indexscan")
    return plan


@pytest.fixture
def listed():
    """A few real directory members, among twenty thousand opted-in rows (bulk-created: plans only) so that the
    planner, told the table's sizes by ANALYZE, prices reading the whole directory above reading an index."""
    members = [_listed_member("Listed", f"Member{index}", city=True) for index in range(3)]
    fillers = Constituent.objects.bulk_create(
        (
            Constituent(
                kind=Constituent.Kind.INDIVIDUAL,
                given_name=f"Filler{index}",
                family_name="Row",
                display_name=f"Filler{index} Row",
                sort_name=f"row, filler{index}",
                directory_opt_in=True,
            )
            for index in range(20_000)
        ),
        batch_size=5_000,
    )
    Address.objects.bulk_create(
        (
            Address(constituent=row, line1="1 Filler Road", city="Filler Town", country="TH", is_primary=True)
            for row in fillers
        ),
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE members_constituent")
        cursor.execute("ANALYZE members_address")
    return members


def test_directory_page_is_a_range_scan_of_the_directory_index(listed):
    # given listed members; when the first page's plan is asked for
    plan = plan_of(_page())
    # then it reads the partial directory index in order, with no sort of all members
    assert "constituent_directory_sort" in plan, plan
    assert "Sort Key" not in plan.split("InitPlan")[0], plan


def test_directory_member_check_probes_the_live_memberships_index(listed):
    assert_uses_index(selectors.active_member_ids().filter(pk=listed[0].pk), "membership_live_constituent")
    # and the directory page checks each row it reads with a probe, never a hash of every live membership
    plan = plan_of(_page())
    assert "membership_live_constituent" in plan, plan
    assert "hashed SubPlan" not in plan, plan


def test_directory_name_search_reads_the_directory_trigram_indexes(listed):
    plan = _search_plan("member1")
    assert "constituent_directory_display_name_trgm" in plan, plan
    assert "constituent_directory_given_name_trgm" in plan, plan


def test_directory_city_search_reads_the_city_trigram_index(listed):
    assert "address_primary_city_trgm" in _search_plan("chiang")


def test_directory_short_search_reads_the_prefix_indexes(listed):
    # a two-letter query has no trigram: the directory's prefix btrees (members 0010), and the primary cities'
    plan = _search_plan("小明")
    for index in [
        "constituent_directory_display_name_prefix",
        "constituent_directory_given_name_prefix",
        "constituent_directory_sort_name_prefix",
        "address_primary_city_prefix",
    ]:
        assert index in plan, plan
