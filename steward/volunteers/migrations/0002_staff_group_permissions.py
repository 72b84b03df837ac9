"""The staff groups' permissions on the volunteers models (the groups are created by members 0002).

- Volunteer coordinators: add, change and view every volunteers model (profiles, skills, interests,
  opportunities, shifts, sign-ups, hours) and view the reminders the system sends. No delete: sign-ups and
  hours are cancelled or rejected, never deleted. Nothing of donations (see donations 0002).
- Membership staff: view volunteer profiles, sign-ups and hours (a member's volunteering shows on their page).

Like members 0002, it creates the Permission rows itself (post_migrate has not run yet on a fresh database).
"""

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant, group_permissions_revoke

EDITED = ["volunteerprofile", "skill", "interest", "opportunity", "shift", "signup", "hoursentry"]
VIEWED = ["shiftreminder"]


def _model_permissions(models, actions):
    return [("volunteers", model, f"{action}_{model}") for model in models for action in actions]


GROUPS = {
    "Volunteer coordinators": _model_permissions(EDITED, ["add", "change", "view"])
    + _model_permissions(VIEWED, ["view"]),
    "Membership staff": _model_permissions(["volunteerprofile", "signup", "hoursentry"], ["view"]),
}


def grant(apps, schema_editor):
    group_permissions_grant(apps, groups=GROUPS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, groups=GROUPS)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_initial"),
        ("members", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
