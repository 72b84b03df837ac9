"""Views of the staff-defined custom fields in the members admin."""

from __future__ import annotations

from typing import Any

from wagtail.admin.views import generic


class CustomFieldEditView(generic.EditView):
    """The key is fixed once values are stored under it; changing it would orphan them."""

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if "key" in form.fields:
            form.fields["key"].disabled = True
            form.fields["key"].help_text = "The key cannot change: stored values are kept under it."
        return form
