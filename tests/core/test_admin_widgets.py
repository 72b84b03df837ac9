"""Wagtail's choosers and pickers render no inline script (the admin's Content-Security-Policy runs none): each
carries its set-up as a data block that core/admin/widget-init.js starts."""

import json
import re

from django import forms
from django.urls import reverse
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

from steward.members.choosers import constituent_field

SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


class _Form(forms.Form):
    donor = constituent_field("Donor")
    received = forms.DateField(widget=AdminDateInput)
    at = forms.DateTimeField(widget=AdminDateTimeInput)
    time = forms.TimeField(widget=AdminTimeInput)


def test_choosers_and_pickers_carry_their_set_up_as_data_not_as_an_inline_script(db):
    # when a form with a chooser and the three pickers is rendered
    html = str(_Form(prefix="gift").as_div())
    scripts = list(SCRIPT.finditer(html))
    # then every script element is data, none is code for the browser to run
    assert scripts, html
    assert all('type="application/json"' in match["attrs"] for match in scripts), html
    # and each names its starter and the widget's id
    specs = [json.loads(match["body"]) for match in scripts]
    assert [(spec["starter"], spec["new"], spec["args"][0]) for spec in specs] == [
        ("Chooser", True, "id_gift-donor"),
        ("initDateChooser", False, "id_gift-received"),
        ("initDateTimeChooser", False, "id_gift-at"),
        ("initTimeChooser", False, "id_gift-time"),
    ]
    # with the chooser's modal address and the pickers' formats as Wagtail gives them
    assert specs[0]["args"][1]["modalUrl"] == reverse("members_constituent_chooser:choose")
    assert "dayOfWeekStart" in specs[1]["args"][1]


def test_a_data_block_cannot_close_its_element():
    from steward.core.admin_widgets import widget_init_block

    block = str(widget_init_block("Chooser", ["x", {"label": "</script><script>alert(1)</script>"}], construct=True))
    assert block.count("</script>") == 1
    body = SCRIPT.search(block)["body"]
    assert json.loads(body)["args"][1]["label"] == "</script><script>alert(1)</script>"
