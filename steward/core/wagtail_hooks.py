"""Wagtail admin registrations of the core app: the outgoing messages listing (Settings menu)."""

from wagtail import hooks

from .admin_views import OutboxMessageViewSet


@hooks.register("register_admin_viewset")
def register_outbox_viewset() -> OutboxMessageViewSet:
    return OutboxMessageViewSet()
