"""Staff see the messages Steward owes people (Membership and Fundraising staff: view, and send a failed one
again). The groups come from members 0002; the Permission rows are made here (post_migrate has not run yet)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Membership staff", "Fundraising staff"]
CODENAMES = ["view_outboxmessage", "change_outboxmessage"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="core", model="outboxmessage")
    permissions = [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": codename})[0]
        for codename in CODENAMES
    ]
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_outbox"), ("members", "0002_staff_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
