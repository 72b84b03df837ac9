"""The relationship types every organisation needs; staff add their own in the admin."""

from django.db import migrations

DEFAULTS = [
    ("Spouse / partner", "spouse", "Spouse / partner of", "Spouse / partner of", False),
    ("Parent", "parent", "Parent of", "Child of", False),
    ("Sibling", "sibling", "Sibling of", "Sibling of", False),
    ("Grandparent", "grandparent", "Grandparent of", "Grandchild of", False),
    ("Employer", "employer", "Employer of", "Employee of", True),
    ("Board member", "board-member", "Has board member", "Board member of", True),
    ("Friend", "friend", "Friend of", "Friend of", False),
]


def create(apps, schema_editor):
    RelationshipType = apps.get_model("members", "RelationshipType")
    for name, slug, forward, reverse, employment in DEFAULTS:
        RelationshipType.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "forward_label": forward, "reverse_label": reverse, "is_employment": employment},
        )


def remove(apps, schema_editor):
    RelationshipType = apps.get_model("members", "RelationshipType")
    RelationshipType.objects.filter(slug__in=[slug for _, slug, *_ in DEFAULTS], relationships__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_staff_groups")]
    operations = [migrations.RunPython(create, remove)]
