"""Wagtail's admin widgets without inline scripts, so they work under the admin's Content-Security-Policy
(script-src 'self': settings.CONTENT_SECURITY_POLICY).

Wagtail renders a chooser (constituent, page, image, document, snippet, task) and a date, time or date-time
picker as its HTML followed by an inline `<script>` that starts it, e.g. `new Chooser("id_gift-constituent",
{…})`; the policy rightly refuses to run inline scripts, so those widgets did nothing (a chooser's button did not
open, a date field had no picker). Here each one is rendered with a `<script type="application/json"
data-steward-widget>` instead: data, which a browser never runs, naming the starter and its arguments.
`core/admin/widget-init.js` (loaded on every admin page from our own origin) calls the starter for each block,
when the page loads and whenever the admin adds a form to the page (inline panels): only the starters it knows
(the list there), with the arguments as data, so an injected block could start a widget and nothing else.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser


def widget_init_block(starter: str, args: list[Any], *, construct: bool) -> SafeString:
    """The data block widget-init.js reads: `starter(*args)`, or `new starter(*args)` when `construct`."""
    payload = json.dumps({"starter": starter, "new": construct, "args": args})
    # As Django's json_script: the characters that could end the element or open a comment are escaped.
    escaped = payload.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html('<script type="application/json" data-steward-widget>{}</script>', mark_safe(escaped))  # noqa: S308


def _chooser_render(self: BaseChooser, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
    """BaseChooser.render with the starter as data (see the module)."""
    try:
        id_ = attrs["id"]  # type: ignore[index]
    except (KeyError, TypeError) as error:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from error
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    if isinstance(self, AdminTaskChooser):  # its starter is a function of the id alone
        block = widget_init_block("createTaskChooser", [id_], construct=False)
    else:
        options = self.get_js_init_options(id_, name, value_data)
        block = widget_init_block(self.js_constructor, [id_, options], construct=True)
    return mark_safe(f"{widget_html}{block}")  # noqa: S308 - the widget's own HTML and an escaped data block


def install() -> None:
    """Render every chooser this way (called once, from CoreConfig.ready); the pickers' templates are
    overridden in core/templates/wagtailadmin/widgets/."""
    BaseChooser.render = _chooser_render  # type: ignore[method-assign]
