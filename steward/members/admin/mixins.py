"""Mixins the members admin's create and edit views share."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError
from django.http import HttpResponse


class PrefillConstituentMixin:
    """A create view opened from a constituent's page (?constituent=<id>) starts with that constituent chosen."""

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if constituent_id := self.request.GET.get("constituent"):
            initial["constituent"] = constituent_id
        return initial


class IntegrityErrorAsFormErrorMixin:
    """A database constraint hit despite validation (a race with another user) becomes a form error."""

    integrity_error_message = "This could not be saved because it conflicts with another record; please check it."

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except IntegrityError:
            form.add_error(None, self.integrity_error_message)
            self.produced_error_message = self.integrity_error_message
            return self.form_invalid(form)
