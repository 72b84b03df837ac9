"""The indexes the member directory needs at a million constituents (issue 14).

A directory page lists opted-in, living, unmerged individuals by sort name: `constituent_directory_sort` holds
exactly those rows in that order, so a page is an index range scan stopped by its LIMIT (and the capped count
reads at most the cap's worth of it). The search matches any part of the display name, of a given name hidden
behind a preferred name, or of a shown city: trigram (pg_trgm) GIN indexes, the name ones partial to the
directory's rows so that a search reads only directory members. Shorter queries match the start of a name
or city through pattern-ops btrees, also partial to the directory's rows (and to primary addresses). Each member's "is a member now" check reads
`membership_live_constituent`, the live memberships by constituent (a probe a row, or one index-only scan).

PostgreSQL only (partial GIN and expression indexes); SQLite gets nothing, as with 0009.
"""

from django.db import migrations

from steward.core.migration_helpers import postgresql_sql

DIRECTORY = "directory_opt_in AND NOT deceased AND merged_into_id IS NULL AND kind = 'individual'"

INDEXES = {
    "constituent_directory_sort": f"members_constituent (sort_name, id) WHERE {DIRECTORY}",
    "constituent_directory_display_name_trgm": (
        f"members_constituent USING gin (upper(display_name) gin_trgm_ops) WHERE {DIRECTORY}"
    ),
    "constituent_directory_given_name_trgm": (
        f"members_constituent USING gin (upper(given_name) gin_trgm_ops) WHERE {DIRECTORY} AND preferred_name <> ''"
    ),
    "address_primary_city_trgm": "members_address USING gin (upper(city) gin_trgm_ops) WHERE is_primary",
    # Queries shorter than a trigram match the start of a name or city: these prefixes, of directory rows only.
    "constituent_directory_display_name_prefix": (
        f"members_constituent (upper(display_name) varchar_pattern_ops) WHERE {DIRECTORY}"
    ),
    "constituent_directory_given_name_prefix": (
        f"members_constituent (upper(given_name) varchar_pattern_ops) WHERE {DIRECTORY}"
    ),
    "constituent_directory_sort_name_prefix": f"members_constituent (sort_name varchar_pattern_ops) WHERE {DIRECTORY}",
    "address_primary_city_prefix": "members_address (upper(city) varchar_pattern_ops) WHERE is_primary",
    "membership_live_constituent": "members_membership (constituent_id) WHERE status IN ('current', 'grace')",
}


class Migration(migrations.Migration):
    dependencies = [("members", "0009_search_indexes")]

    operations = [
        postgresql_sql(
            forward=["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
            + [f"CREATE INDEX IF NOT EXISTS {name} ON {target}" for name, target in INDEXES.items()],
            backward=[f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
        ),
    ]
