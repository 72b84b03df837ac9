"""Membership and Fundraising staff write and send campaign email and set up sender addresses."""

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant, group_permissions_revoke

GROUPS = ["Membership staff", "Fundraising staff"]
PERMISSIONS = [
    ("communications", model, f"{verb}_{model}")
    for model in ("emailcampaign", "senderaddress")
    for verb in ("view", "add", "change")
]


def grant(apps, schema_editor):
    group_permissions_grant(apps, groups={name: PERMISSIONS for name in GROUPS})


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, groups={name: PERMISSIONS for name in GROUPS})


class Migration(migrations.Migration):
    dependencies = [("communications", "0003_campaigns")]
    operations = [migrations.RunPython(grant, revoke)]
