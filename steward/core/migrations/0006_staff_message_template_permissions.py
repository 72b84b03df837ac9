"""Membership and Fundraising staff rewrite the transactional messages' wording (view, add, change)."""

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant

GROUPS = ["Membership staff", "Fundraising staff"]
CODENAMES = ["view_messagetemplateversion", "add_messagetemplateversion", "change_messagetemplateversion"]


def grant(apps, schema_editor):
    permissions = [("core", "messagetemplateversion", codename) for codename in CODENAMES]
    group_permissions_grant(apps, groups={name: permissions for name in GROUPS})


class Migration(migrations.Migration):
    dependencies = [("core", "0005_message_templates"), ("members", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
