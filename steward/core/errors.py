"""Typed validation errors every domain's services raise."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def field_error(field: str, message: str, *, code: str) -> ValidationError:
    """A ValidationError for one field that keeps its code (a plain dict of messages would drop it)."""
    return ValidationError({field: ValidationError(message, code=code)})
