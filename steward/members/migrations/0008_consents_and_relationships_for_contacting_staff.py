"""Fundraising staff and volunteer coordinators may see (not change) the consent ledger and relationships.

They write to and call people: whether someone agreed to be contacted, and how, is what they must check first,
and relationships (spouse, employer) are how fundraisers credit a household's or a company's gifts. The
constituent page shows these sections by these permissions (issue 12), so without them the groups lost sight of
what they had always needed. The groups come from 0002; the Permission rows exist by then (0002 creates them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Fundraising staff", "Volunteer coordinators"]
CODENAMES = [("consentrecord", "view_consentrecord"), ("relationship", "view_relationship")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = [
        Permission.objects.get(content_type__app_label="members", content_type__model=model, codename=codename)
        for model, codename in CODENAMES
    ]
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="members", codename__in=[codename for _, codename in CODENAMES]
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("members", "0007_email_confirmation")]
    operations = [migrations.RunPython(grant, revoke)]
