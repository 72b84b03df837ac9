"""The staff groups' permissions on the volunteers models (the groups are created by members 0002).

- Volunteer coordinators: add, change and view every volunteers model (profiles, skills, interests,
  opportunities, shifts, sign-ups, hours) and view the reminders the system sends. No delete: sign-ups and
  hours are cancelled or rejected, never deleted. Nothing of donations (see donations 0002).
- Membership staff: view volunteer profiles, sign-ups and hours (a member's volunteering shows on their page).

Like members 0002, it creates the Permission rows itself (post_migrate has not run yet on a fresh database).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED = ["volunteerprofile", "skill", "interest", "opportunity", "shift", "signup", "hoursentry"]
VIEWED = ["shiftreminder"]


def _model_permissions(models, actions):
    return [("volunteers", model, f"{action}_{model}") for model in models for action in actions]


GROUPS = {
    "Volunteer coordinators": _model_permissions(EDITED, ["add", "change", "view"])
    + _model_permissions(VIEWED, ["view"]),
    "Membership staff": _model_permissions(["volunteerprofile", "signup", "hoursentry"], ["view"]),
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


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    _ensure_permissions(apps)
    for name, permissions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(apps, *permission) for permission in permissions])


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        codenames = [codename for _, _, codename in permissions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="volunteers", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0001_initial"),
        ("members", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
