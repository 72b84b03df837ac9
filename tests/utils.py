"""Small helpers for assertions shared across the suite."""

from django.core.exceptions import ValidationError


def error_codes(error: ValidationError) -> set[str]:
    """Every code in a ValidationError, whether it carries a message, a list or a field dict."""
    if hasattr(error, "error_dict"):
        return {item.code for errors in error.error_dict.values() for item in errors if item.code}
    return {item.code for item in error.error_list if item.code}
