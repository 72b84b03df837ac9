"""What the admin tests share: signing staff in by group, a group's permissions, Wagtail's answer to a denied
page, and the rows of a CSV or XLSX download."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import StaffUserFactory

HOME = reverse("wagtailadmin_home")


def codenames(group_name: str) -> set[str]:
    permissions = Group.objects.get(name=group_name).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def signed_in(client, group_name: str, **user_fields):
    user = StaffUserFactory(groups=[group_name], **user_fields)
    client.force_login(user)
    return user


def assert_denied(response) -> None:
    """Wagtail answers a permission failure inside the admin with a redirect home (and a message)."""
    assert response.status_code == 302
    assert response["Location"] == HOME


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def xlsx_rows(response) -> list[dict[str, object]]:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
