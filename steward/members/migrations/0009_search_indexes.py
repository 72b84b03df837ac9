"""The indexes staff search needs at a million constituents (issue 14).

Search matches the start of the sort name or any part of the display name (`UPPER(display_name) LIKE
'%…%'`), an email exactly or the digits of a phone. On PostgreSQL a trigram (pg_trgm) GIN index answers the
"any part" match for queries of three characters or more, in any script: pg_trgm makes trigrams of Thai and
Chinese letters as of Latin ones, so a name written without spaces is still found by any three letters of it.
Shorter queries (a two-character Chinese given name) match the start of the sort name, display name or given
name through pattern-ops btrees (the database's collation is C.UTF-8, under which a plain btree cannot serve
LIKE). The email index is an ordinary expression index, on both databases.
"""

from django.db import migrations, models
from django.db.models.functions import Upper

from steward.core.migration_helpers import postgresql_sql

INDEXES = {
    "constituent_display_name_trgm": "members_constituent USING gin (upper(display_name) gin_trgm_ops)",
    "constituent_display_name_prefix": "members_constituent (upper(display_name) varchar_pattern_ops)",
    "constituent_given_name_prefix": "members_constituent (upper(given_name) varchar_pattern_ops)",
    "phone_number_trgm": "members_phone USING gin (number gin_trgm_ops)",
}


class Migration(migrations.Migration):
    dependencies = [("members", "0008_consents_and_relationships_for_contacting_staff")]

    operations = [
        postgresql_sql(
            forward=["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
            + [f"CREATE INDEX IF NOT EXISTS {name} ON {target}" for name, target in INDEXES.items()],
            backward=[f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
        ),
        migrations.AddIndex(model_name="email", index=models.Index(Upper("address"), name="email_address_upper")),
    ]
