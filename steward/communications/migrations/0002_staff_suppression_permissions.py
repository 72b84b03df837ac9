"""Membership and Fundraising staff see suppressed addresses, suppress one by hand and lift one with a reason."""

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant, group_permissions_revoke

GROUPS = ["Membership staff", "Fundraising staff"]
PERMISSIONS = [("members", "emailsuppression", f"{verb}_emailsuppression") for verb in ("view", "add", "change")]


def grant(apps, schema_editor):
    group_permissions_grant(apps, groups={name: PERMISSIONS for name in GROUPS})


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, groups={name: PERMISSIONS for name in GROUPS})


class Migration(migrations.Migration):
    dependencies = [("communications", "0001_delivery_events"), ("members", "0013_email_suppression")]
    operations = [migrations.RunPython(grant, revoke)]
