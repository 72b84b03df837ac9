"""Wagtail admin registrations of the core app: the outgoing messages listing (Settings menu) and the script
that starts the admin's widgets under the Content-Security-Policy."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .admin_views import OutboxMessageViewSet


@hooks.register("register_admin_viewset")
def register_outbox_viewset() -> OutboxMessageViewSet:
    return OutboxMessageViewSet()


@hooks.register("insert_global_admin_js")
def widget_init_script() -> str:
    """Starts the choosers and date pickers without inline scripts (core.admin_widgets)."""
    return format_html('<script src="{}"></script>', static("core/admin/widget-init.js"))
