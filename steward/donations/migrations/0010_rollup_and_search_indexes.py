"""Issue 14: the rollups rebuild reads each chunk of donors' gifts from one index, amounts included (on
PostgreSQL the amounts are INCLUDEd: an index-only scan, no visit to the table's pages; SQLite ignores
INCLUDE), replacing the (constituent, status, gift_date) index it extends; and staff search finds a gift by its
reference through an index."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0009_reporting_indexes"),
        ("members", "0010_directory_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="gift",
            index=models.Index(
                fields=["constituent", "status", "gift_date"],
                include=("id", "base_amount", "amount_refunded", "amount"),
                name="gift_donor_rollup_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="gift", name="donations_g_constit_bb6eac_idx"),
        migrations.AddIndex(model_name="gift", index=models.Index(fields=["reference"], name="gift_reference_idx")),
    ]
