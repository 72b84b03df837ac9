"""What the apps' data migrations share: granting permissions to the staff groups.

Permissions are normally created by the post_migrate signal, after every migration has run; a data migration
runs before that on a fresh database, so it creates the permissions it needs itself (create_permissions on the
historical app configs, the same code post_migrate runs). Re-running any of these only adds what is missing.

Only historical models (`apps.get_model`) are used here, never the apps' own models: this module must work
for every migration that imports it, whatever the models look like today.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.management import create_permissions

#: (app label, model, codename) of one permission.
PermissionKey = tuple[str, str, str]


def permissions_create_all(apps: Any) -> None:
    """Create the Permission rows post_migrate would create, for every app (historical models)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission_get_or_create(apps: Any, *, app_label: str, model: str, codename: str) -> Any:
    """The permission `codename` on `app_label.model`, created (with its content type) if missing."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": "Can access Wagtail admin" if codename == "access_admin" else codename},
    )
    return permission


def group_permissions_grant(apps: Any, *, groups: Mapping[str, Iterable[PermissionKey]]) -> None:
    """Give each named group (created if missing) its permissions, creating the Permission rows first."""
    Group = apps.get_model("auth", "Group")
    permissions_create_all(apps)
    for name, permissions in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *[
                permission_get_or_create(apps, app_label=app_label, model=model, codename=codename)
                for app_label, model, codename in permissions
            ]
        )


def group_permissions_revoke(apps: Any, *, groups: Mapping[str, Iterable[PermissionKey]]) -> None:
    """Take back from each named group the permissions `group_permissions_grant` gave it (the groups stay)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in groups.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, _, codename in permissions:
            group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def postgresql_sql(*, forward: Iterable[str], backward: Iterable[str]) -> Any:
    """A migration operation that runs these statements on PostgreSQL and nothing elsewhere: the indexes
    SQLite cannot have (pg_trgm's GIN indexes, pattern-ops btrees), which are not in any model's Meta."""
    from django.db import migrations

    forward, backward = list(forward), list(backward)

    def run(statements: list[str]) -> Any:
        def apply(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != "postgresql":
                return
            for statement in statements:
                schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)
