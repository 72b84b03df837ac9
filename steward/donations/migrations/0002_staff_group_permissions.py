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

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant, group_permissions_revoke

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


def grant(apps, schema_editor):
    group_permissions_grant(apps, groups=GROUPS)


def revoke(apps, schema_editor):
    group_permissions_revoke(apps, groups=GROUPS)


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("members", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
