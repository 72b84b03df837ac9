"""Staff groups and their permissions.

Permissions are normally created by the post_migrate signal, after every migration has run; this migration
runs before that on a fresh database, so it creates the permissions it needs itself (create_permissions on
the historical app configs, the same code post_migrate runs). Re-running it only adds what is missing.
"""

from django.db import migrations

from steward.core.migration_helpers import group_permissions_grant

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")

# Every model of the members domain that staff work with in the admin.
MEMBERS_MODELS = [
    "constituent",
    "email",
    "phone",
    "address",
    "relationship",
    "relationshiptype",
    "consentrecord",
    "interaction",
    "followuptask",
    "customfield",
    "membershiplevel",
    "membership",
    "membershipterm",
]


def _model_permissions(models, actions):
    return [("members", model, f"{action}_{model}") for model in models for action in actions]


CONTACT_DETAILS = [("members", "constituent", "view_constituent_contact")] + _model_permissions(
    ["email", "phone", "address"], ["view"]
)

GROUPS = {
    # Runs the membership programme: maintains constituents and everything of the members domain.
    # No delete permissions: deleting people is rare and kept for administrators.
    "Membership staff": [
        ACCESS_ADMIN,
        *_model_permissions(MEMBERS_MODELS, ["add", "change", "view"]),
        ("members", "constituent", "view_constituent_contact"),
        ("members", "membershipreminder", "view_membershipreminder"),
    ],
    # Sees donors and their contact details and logs their contacts (calls, meetings) and follow-ups.
    # The donations models (gifts, funds, campaigns, pledges, receipts) are added here by the donations issue.
    "Fundraising staff": [
        ACCESS_ADMIN,
        ("members", "constituent", "view_constituent"),
        *CONTACT_DETAILS,
        *_model_permissions(["interaction"], ["add", "view"]),
        *_model_permissions(["followuptask"], ["add", "change", "view"]),
    ],
    # Sees volunteers and their contact details and logs contacts with them.
    # The volunteers models (profiles, opportunities, shifts, sign-ups, hours) are added by the volunteers issue.
    "Volunteer coordinators": [
        ACCESS_ADMIN,
        ("members", "constituent", "view_constituent"),
        *CONTACT_DETAILS,
        *_model_permissions(["interaction"], ["add", "view"]),
        *_model_permissions(["followuptask"], ["add", "change", "view"]),
    ],
    # The board signs in to the admin only; the read-only reports (board pack, exports) come with the
    # reports issue. No CRM permissions: constituents' personal data is not theirs to browse.
    "Board": [ACCESS_ADMIN],
}


def create_staff_groups(apps, schema_editor):
    group_permissions_grant(apps, groups=GROUPS)


def remove_staff_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=list(GROUPS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_staff_groups, remove_staff_groups)]
