"""Registers the communications admin (steward/communications/admin/)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from .admin.campaigns import EmailCampaignViewSet, SenderAddressViewSet
from .admin.suppressions import SuppressionViewSet


class CommunicationsGroup(ViewSetGroup):
    menu_label = "Communications"
    menu_icon = "mail"
    menu_order = 450
    items = (EmailCampaignViewSet, SenderAddressViewSet, SuppressionViewSet)


@hooks.register("register_admin_viewset")
def register_communications() -> CommunicationsGroup:
    return CommunicationsGroup()
