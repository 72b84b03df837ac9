"""Forms the admin of every app builds on: a plain form whose `save()` calls a service, and how a service's
ValidationError lands on a form's fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def apply_validation_error(form: forms.BaseForm, error: ValidationError, *, field_map: dict[str, str] | None = None):
    """Put a service's ValidationError on the form: keyed messages on the matching fields, the rest on top."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for key, messages in error.message_dict.items():
            name = field_map.get(key, key)
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ServiceForm(forms.Form):
    """A plain form for a generic Wagtail create/edit view whose `save()` calls a service.

    Accepts the `instance` and `for_user` keyword arguments the generic views pass to model forms.
    """

    #: Service error keys that name a different form field.
    field_map: dict[str, str] = {}

    def __init__(self, *args: Any, instance: Any = None, for_user: Any = None, **kwargs: Any) -> None:
        self.instance = instance
        self.for_user = for_user
        super().__init__(*args, **kwargs)

    def save(self) -> Any:
        """Call the service; raises ValidationError (put it on the form with `apply_service_error`)."""
        raise NotImplementedError

    def apply_service_error(self, error: ValidationError) -> None:
        apply_validation_error(self, error, field_map=self.field_map)
