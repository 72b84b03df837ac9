"""The staff groups' permissions on the donations models (the groups are created by members 0002).

- Fundraising staff: add, change and view every donations model staff work with (gifts, batches, soft credits,
  pledges, recurring gifts, funds, campaigns, appeals), view what the system writes (receipts, Stripe events,
  payment attempts, saved cards, giving summaries). No delete: gifts are refunded, never deleted.
- Membership staff: view gifts (they sell memberships and need to see what paid for one).
- Board: view funds, campaigns and appeals (the aims and the progress towards them), no gifts or donors;
  the board's figures come with the reports issue.
- Volunteer coordinators: nothing of donations.

Like members 0002, it creates the Permission rows itself (post_migrate has not run yet on a fresh database).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED = [
    "gift",
    "giftbatch",
    "softcredit",
    "pledge",
    "pledgeinstallment",
    "recurringgift",
    "fund",
    "campaign",
    "appeal",
]
VIEWED = ["recurringcharge", "receipt", "stripeevent", "paymentattempt", "paymentmethod", "givingsummary"]


def _model_permissions(models, actions):
    return [("donations", model, f"{action}_{model}") for model in models for action in actions]


GROUPS = {
    "Fundraising staff": _model_permissions(EDITED, ["add", "change", "view"]) + _model_permissions(VIEWED, ["view"]),
    "Membership staff": _model_permissions(["gift"], ["view"]),
    "Board": _model_permissions(["fund", "campaign", "appeal"], ["view"]),
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
            *Permission.objects.filter(content_type__app_label="donations", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("members", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
