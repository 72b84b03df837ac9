"""Wagtail admin registrations of the core app: the outgoing messages listing (Settings menu) and the script
that starts the admin's widgets under the Content-Security-Policy."""

from typing import Any

from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.fields import BaseFieldDisplay, register_display_class

from .admin_views import OutboxMessageViewSet


@hooks.register("register_admin_viewset")
def register_outbox_viewset() -> OutboxMessageViewSet:
    return OutboxMessageViewSet()


@hooks.register("insert_global_admin_js")
def widget_init_script() -> str:
    """Starts the choosers and date pickers without inline scripts (core.admin_widgets)."""
    return format_html('<script src="{}"></script>', static("core/admin/widget-init.js"))


@hooks.register("insert_global_admin_css")
def core_admin_css() -> str:
    """The admin's form footers' secondary action readable on their dark bar (core/admin/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin/admin.css"))


class YesNoDisplay(BaseFieldDisplay):
    """A yes/no field on an inspect page as the listings and exports write it: "Yes" or "No", not True/False."""

    def render_html(self, parent_context: Any = None) -> str:
        return "Yes" if self.value else "No"


register_display_class(models.BooleanField, display_class=YesNoDisplay)
