"""The constituent pickers every app's admin forms use (a searchable modal: a <select> of 100,000 people would be
unusable). Part of the members domain's public surface, like its selectors: donations and volunteers use them
without importing the members admin; the modal itself is the members admin's chooser viewset."""

from __future__ import annotations

from typing import Any

from django import forms
from wagtail.admin.widgets.chooser import BaseChooser

from .models import Constituent


class ConstituentChooserWidget(BaseChooser):
    """Pick a constituent in a searchable modal."""

    model = Constituent
    choose_one_text = "Choose a constituent"
    choose_another_text = "Choose another constituent"
    link_to_chosen_text = "Edit this constituent"
    chooser_modal_url_name = "members_constituent_chooser:choose"
    icon = "user"


class HouseholdChooserWidget(ConstituentChooserWidget):
    choose_one_text = "Choose a household"
    choose_another_text = "Choose another household"
    link_to_chosen_text = "Edit this household"
    chooser_modal_url_name = "members_household_chooser:choose"
    icon = "group"


def constituent_field(label: str = "Constituent", **kwargs: Any) -> forms.ModelChoiceField:
    """A form field choosing one constituent who has not been merged into another."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Constituent.objects.filter(merged_into__isnull=True),
        widget=ConstituentChooserWidget(),
        **kwargs,
    )
