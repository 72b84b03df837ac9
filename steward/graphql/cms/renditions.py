"""Image renditions the API may produce.

A rendition spec is work on the server (resizing, storing a file), so clients may only ask for the specs on this
list; anything else is refused with a clear error. Add a spec here (and regenerate the SDL) when the frontend
needs a new size.
"""

from wagtail.images.models import AbstractImage, AbstractRendition, SourceImageIOError

from steward.graphql.errors import ApiError

RENDITION_SPECS: tuple[str, ...] = (
    "original",
    "width-400",
    "width-800",
    "width-1600",
    "max-1200x1200",
    "fill-100x100",
    "fill-400x300",
    "fill-800x600",
    "fill-1200x630",
    "fill-1600x900",
    # The site's look: the header logo (fits 400×96, for 48 px at 2×), the favicon and the home-screen icon.
    "max-400x96",
    "fill-64x64",
    "fill-180x180",
)


class UnknownRenditionSpec(ApiError):
    """The client asked for a rendition spec that is not on the list."""


def rendition_for(image: AbstractImage, spec: str) -> AbstractRendition | None:
    """The image's rendition for an allowed spec (created on first use); None when the source file is missing."""
    if spec not in RENDITION_SPECS:
        raise UnknownRenditionSpec(f"Unknown rendition spec '{spec}'. Use one of: {', '.join(RENDITION_SPECS)}.")
    try:
        return image.get_rendition(spec)
    except SourceImageIOError:
        return None
