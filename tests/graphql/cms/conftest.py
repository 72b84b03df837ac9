"""CMS fixtures: a site whose root is a HomePage, and real Wagtail images made from generated PNGs."""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from steward.site.models import HomePage


def make_image(*, title: str = "Temple at dawn", description: str = "", width: int = 1200, height: int = 900):
    """A Wagtail image whose file is a real PNG drawn by Pillow."""
    buffer = BytesIO()
    PillowImage.new("RGB", (width, height), (180, 90, 30)).save(buffer, format="PNG")
    return get_image_model().objects.create(
        title=title, description=description, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    )


def add_page(parent: Page, page: Page, *, live: bool = True) -> Page:
    """Add a child page, published or as a draft."""
    page.live = live
    parent.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def restrict(page: Page) -> None:
    """Put a password view restriction on a page (and so on everything under it)."""
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret")


@pytest.fixture
def home(db) -> HomePage:
    """A published HomePage that is the root of the default site."""
    root = Page.get_first_root_node()
    page = add_page(root, HomePage(title="Home", slug="steward-home", intro="Welcome to the society."))
    site = Site.objects.get(is_default_site=True)
    site.root_page = page
    site.save()
    return page
