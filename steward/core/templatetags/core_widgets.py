"""The pickers' templates (core/templates/wagtailadmin/widgets/): their starter as data (core.admin_widgets)."""

from __future__ import annotations

import json

from django import template
from django.utils.safestring import SafeString

from steward.core.admin_widgets import widget_init_block

register = template.Library()


@register.simple_tag
def widget_init(starter: str, widget_id: str, config_json: str) -> SafeString:
    """`starter(widget_id, config)`: Wagtail's date, time and date-time pickers' set-up call, as data."""
    return widget_init_block(starter, [widget_id, json.loads(config_json)], construct=False)
