"""Registers the communications admin (steward/communications/admin/)."""

from __future__ import annotations

from typing import Any

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from steward.core.admin_sections import TIMELINE_SOURCES_HOOK

from .admin.campaigns import EmailCampaignViewSet, SenderAddressViewSet
from .admin.message_templates import MessageTemplateViewSet
from .admin.suppressions import SuppressionViewSet
from .admin.timeline import communications_timeline_sources


class CommunicationsGroup(ViewSetGroup):
    menu_label = "Communications"
    menu_icon = "mail"
    menu_order = 450
    items = (EmailCampaignViewSet, SenderAddressViewSet, MessageTemplateViewSet, SuppressionViewSet)


@hooks.register("register_admin_viewset")
def register_communications() -> CommunicationsGroup:
    return CommunicationsGroup()


@hooks.register(TIMELINE_SOURCES_HOOK)
def register_communications_timeline_sources() -> list[Any]:
    return communications_timeline_sources()
