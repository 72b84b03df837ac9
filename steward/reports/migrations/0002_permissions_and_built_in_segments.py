"""The staff groups' permissions on reports, and the built-in segments.

- Board: only the board pack (view and download it in the admin); no CRM permissions, no segments.
- Membership staff, Fundraising staff, Volunteer coordinators: build, view and export segments, see the export
  history, the board pack and its scheduled runs.

Like members 0002, it creates the Permission rows itself (post_migrate has not run yet on a fresh database).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from steward.reports.builtins import built_in_segments

BOARD_PACK = [("reports", "boardpackrun", "view_boardpack")]
STAFF = [
    *[("reports", "segment", f"{action}_segment") for action in ("add", "change", "view")],
    ("reports", "segment", "export_segment"),
    ("reports", "exportlog", "view_exportlog"),
    ("reports", "boardpackrun", "view_boardpackrun"),
    *BOARD_PACK,
]
GROUPS = {
    "Board": BOARD_PACK,
    "Membership staff": STAFF,
    "Fundraising staff": STAFF,
    "Volunteer coordinators": STAFF,
}


def _ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Segment = apps.get_model("reports", "Segment")
    _ensure_permissions(apps)
    for name, permissions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(apps, *permission) for permission in permissions])
    for segment in built_in_segments():
        Segment.objects.get_or_create(
            built_in=segment["slug"],
            defaults={
                "name": segment["name"],
                "description": segment["description"],
                "conditions": segment["conditions"],
            },
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Segment = apps.get_model("reports", "Segment")
    Segment.objects.filter(built_in__isnull=False).delete()
    for name in GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*Permission.objects.filter(content_type__app_label="reports"))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("members", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
