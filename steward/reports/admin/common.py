"""What the reports admin's views share: the permissions they check, and how they check them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from wagtail.admin.menu import MenuItem

VIEW_BOARD_PACK = "reports.view_boardpack"
VIEW_SEGMENT = "reports.view_segment"
EXPORT_SEGMENT = "reports.export_segment"


class StaffPermissionMixin(PermissionRequiredMixin):
    raise_exception = True


class PermissionMenuItem(MenuItem):
    """A menu item shown only to staff holding `permission`."""

    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request: Any) -> bool:
        return request.user.has_perm(self.permission)
