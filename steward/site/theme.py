"""The site's look, as staff set it in Settings → Organisation: brand colours, a font stack, logo and favicon.

Colours are checked here so a theme cannot make the frontend unreadable: the primary colour carries white text
(buttons, the Donate button, the header's current link) and is the colour of links on white, so it must reach
WCAG 2.x AA contrast (4.5:1) against white. The secondary colour is free: the frontend picks black or white text
for it, whichever contrasts more.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"

DEFAULT_PRIMARY = "#0b5cad"
DEFAULT_SECONDARY = "#f2a93b"


class ThemeFont(models.TextChoices):
    """The font stacks on offer: system fonts only, so no web font is ever downloaded."""

    SYSTEM_SANS = "system-sans", "System sans-serif (the device's own interface font)"
    SERIF = "serif", "Serif (Georgia, Iowan Old Style, Noto Serif …)"
    HUMANIST = "humanist", "Humanist sans-serif (Seravek, Gill Sans, Calibri …)"


def validate_hex_colour(value: str) -> None:
    """Refuse anything but a six-digit hex colour such as #0b5cad."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            "Enter a colour as # and six hexadecimal digits, for example #0b5cad.", code="invalid_colour"
        )


def relative_luminance(colour: str) -> float:
    """The WCAG relative luminance of a #rrggbb colour (0 for black, 1 for white)."""
    channels = []
    for index in (1, 3, 5):
        value = int(colour[index : index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_primary_contrast(value: str) -> None:
    """Refuse a primary colour on which white text (and which, as link text on white) fails WCAG AA."""
    if not HEX_COLOUR.match(value or ""):
        return  # validate_hex_colour says what is wrong
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            f"White text on {value} has a contrast of {ratio:.2f}:1; buttons and links need at least 4.5:1 "
            "(WCAG AA). Choose a darker colour.",
            code="low_contrast",
        )
