"""The staff groups' permissions on reports, and the built-in segments.

- Board: only the board pack (view and download it in the admin); no CRM permissions, no segments.
- Membership staff, Fundraising staff, Volunteer coordinators: build, view and export segments, see the export
  history, the board pack and its scheduled runs.

Like members 0002, it creates the Permission rows itself (post_migrate has not run yet on a fresh database).
"""

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant
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


def forwards(apps, schema_editor):
    Segment = apps.get_model("reports", "Segment")
    group_permissions_grant(apps, groups=GROUPS)
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
