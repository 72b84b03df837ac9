"""Staff see the messages Steward owes people (Membership and Fundraising staff: view, and send a failed one
again). The groups come from members 0002; the Permission rows are made here (post_migrate has not run yet)."""

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant

GROUPS = ["Membership staff", "Fundraising staff"]
CODENAMES = ["view_outboxmessage", "change_outboxmessage"]


def grant(apps, schema_editor):
    permissions = [("core", "outboxmessage", codename) for codename in CODENAMES]
    group_permissions_grant(apps, groups={name: permissions for name in GROUPS})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_outbox"), ("members", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
