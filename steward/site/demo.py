"""Demo CMS content: a home page as the default site's root (replacing Wagtail's "Welcome" page), content
pages that use every StreamField block, a news section, an image, and the organisation's settings."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from .models import ContentPage, HomePage, NewsIndexPage, NewsItemPage, OrganisationSettings

SITE_NAME = "Steward Demo Society"
BANNER_TITLE = "Steward demo: members at the open day"
LOGO_TITLE = "Steward Demo Society logo"
FAVICON_TITLE = "Steward Demo Society icon"


@dataclass
class SiteSummary:
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def demo_site_present() -> bool:
    return HomePage.objects.exists()


@transaction.atomic
def demo_site_build(*, today: dt.date, owner: Any = None, replace: bool = False) -> SiteSummary:
    """Create the demo pages under the default site (once: an existing home page is kept unless `replace`)."""
    summary = SiteSummary()
    root = Page.get_first_root_node()
    existing = HomePage.objects.first()
    if existing is not None:
        if not replace:
            summary.notes.append("The CMS already has a home page; pages left as they were.")
            _fill_settings()
            return summary
        # Sites are deleted with their root page: park the site on the tree's root first.
        for pointing in Site.objects.filter(root_page=existing):
            pointing.root_page = root
            pointing.save()
        existing.delete()
    image = _banner()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage(
        title="Welcome to the Steward Demo Society",
        slug=_free_slug(root, "home"),
        intro="A membership society for people who love their cities — in Bangkok, Ulaanbaatar, Taipei, "
        "London and New York.",
        body=_body(image, "home"),
        owner=owner,
    )
    _publish(root, home, owner)
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    previous_root = site.root_page if site.pk else None
    site.root_page = home
    site.site_name = SITE_NAME
    site.save()
    # Wagtail's starter page, if still there and untouched, gives its slug to the new home page.
    if (
        previous_root is not None
        and previous_root.depth > 1
        and type(previous_root.specific) is Page
        and not previous_root.get_children().exists()
    ):
        previous_root.delete()
    if home.slug != "home" and not root.get_children().filter(slug="home").exists():
        home.slug = "home"
        home.save()
    pages = 1
    for title, slug, intro in [
        ("About us", "about", "Who we are, what we do, and the people who make it happen."),
        ("Membership", "membership", "Join, renew, and what your membership gives you."),
        ("Get involved", "get-involved", "Volunteer at an event, lead a walk, or help in the office."),
        ("Support us", "support-us", "Every gift keeps our events free for everyone."),
    ]:
        page = ContentPage(title=title, slug=slug, intro=intro, body=_body(image, slug), show_in_menus=True)
        _publish(home, page, owner)
        pages += 1
        if slug == "about":
            history = ContentPage(
                title="Our history",
                slug="history",
                intro="From a reading circle in 1913 to five cities today.",
                body=_body(image, "history"),
            )
            _publish(page, history, owner)
            pages += 1
    news = NewsIndexPage(title="News", slug="news", intro="What members have been up to.", show_in_menus=True)
    _publish(home, news, owner)
    pages += 1
    for days_ago, title, summary_text in [
        (3, "Open day draws a record crowd", "Over 600 members and friends came to the spring open day."),
        (18, "Ulaanbaatar chapter opens", "Сайн байна уу! Our fifth city welcomes its first hundred members."),
        (41, "New student membership", "Students now join for a fifth of the standard price."),
        (75, "Annual report published", "Read how your membership made a difference last year."),
    ]:
        item = NewsItemPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            date=today - dt.timedelta(days=days_ago),
            summary=summary_text,
            image=image,
            body=_body(image, "news"),
        )
        _publish(news, item, owner)
        pages += 1
    _fill_settings()
    summary.pages = pages
    return summary


def _publish(parent: Page, page: Page, owner: Any) -> Page:
    page.owner = owner
    parent.add_child(instance=page)
    page.save_revision(user=owner, log_action=False).publish(user=owner, log_action=False)
    return page


def _free_slug(parent: Page, slug: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _body(image: Any, topic: str) -> list[dict[str, Any]]:
    """A StreamField body using every block type, in the raw JSON form Wagtail stores."""
    texts = {
        "home": (
            "Members in five cities",
            "<p>Walks, talks and open days for members and their families. "
            "<b>สวัสดี · Сайн байна уу · 您好 · Hello</b> — everyone is welcome.</p>"
            "<ul><li>Monthly walks</li><li>Member evenings</li><li>A magazine four times a year</li></ul>",
            ("Join us", "Membership starts at 20 USD a year for students.", "Become a member", "/join"),
            ("The best way to learn a city is to walk it with people who love it.", "A member since 2009"),
        ),
        "membership": (
            "Choose your membership",
            "<p>Individual, household, student and monthly memberships, and life membership for a single "
            "payment. <i>Gift memberships</i> make a lovely present.</p>"
            "<ol><li>Pick a level</li><li>Pay online</li><li>Your card arrives within a week</li></ol>",
            ("Ready to join?", "It takes two minutes.", "Join now", "/join"),
            ("I came for the walks and stayed for the friends.", "Malee, Bangkok"),
        ),
        "get-involved": (
            "Volunteer with us",
            "<p>Help at events, lead a walk, or lend a hand in the office. "
            '<a href="/volunteer">See the open shifts</a>.</p>',
            ("Give an afternoon", "Shifts are three hours and come with tea.", "Find a shift", "/volunteer"),
            ("Volunteering here is the best part of my week.", "Bat-Erdene, Ulaanbaatar"),
        ),
        "support-us": (
            "Why give?",
            "<p>Membership fees cover the magazine; <b>gifts</b> keep events free for everyone.</p>",
            ("Make a gift", "One-off or monthly, every gift counts.", "Give now", "/donate"),
            ("Your gift paid for forty free places at the winter walk.", "The events team"),
        ),
    }
    heading, paragraph, (cta_title, cta_text, label, url), (quote, attribution) = texts.get(
        topic,
        (
            "Where it started",
            "<p>The society began as a reading circle and now meets in five cities.</p>",
            ("Read the annual report", "", "Read it", "/news"),
            ("Small groups, long walks, good company.", "The founders"),
        ),
    )
    return [
        {"type": "heading", "value": {"text": heading, "level": "h2"}},
        {"type": "paragraph", "value": paragraph},
        {"type": "image", "value": {"image": image.pk, "caption": image.title, "alt_text": "Members on a walk"}},
        {"type": "heading", "value": {"text": "In members' words", "level": "h3"}},
        {"type": "quote", "value": {"quote": quote, "attribution": attribution}},
        {
            "type": "call_to_action",
            "value": {"title": cta_title, "text": cta_text, "button_label": label, "button_url": url},
        },
    ]


def _banner() -> Any:
    """The demo image (drawn here: no binary files in the repository), reused once made."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=BANNER_TITLE).first()
    if existing is not None:
        return existing
    picture = PillowImage.new("RGB", (1200, 630), (24, 70, 96))
    draw = ImageDraw.Draw(picture)
    for index, colour in enumerate([(242, 169, 59), (226, 96, 74), (96, 168, 138), (238, 226, 200)]):
        draw.rectangle([0, 420 + index * 52, 1200, 472 + index * 52], fill=colour)
    draw.ellipse([860, 80, 1060, 280], fill=(242, 169, 59))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = image_model(title=BANNER_TITLE, file=ImageFile(buffer, name="steward-demo-banner.png"))
    image.save()
    return image


def _drawn_image(title: str, filename: str, size: tuple[int, int], draw: Any) -> Any:
    """A demo image drawn here (no binary files in the repository), reused once made."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture = PillowImage.new("RGBA", size, (255, 255, 255, 0))
    draw(ImageDraw.Draw(picture))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = image_model(title=title, file=ImageFile(buffer, name=filename))
    image.save()
    return image


def _mark(draw: Any, left: int, top: int, size: int) -> None:
    """The demo society's mark: a blue disc with an orange sun rising over a path."""
    draw.ellipse([left, top, left + size, top + size], fill=(11, 92, 173))
    sun = size // 3
    draw.ellipse([left + sun, top + sun // 2, left + 2 * sun, top + sun // 2 + sun], fill=(242, 169, 59))
    draw.polygon(
        [
            (left + size // 2, top + size // 2 + 2),
            (left + size // 5, top + size - 4),
            (left + 4 * size // 5, top + size - 4),
        ],
        fill=(238, 226, 200),
    )


def _logo() -> Any:
    def draw(canvas: Any) -> None:
        _mark(canvas, 8, 8, 104)
        font = ImageFont.load_default(size=40)
        canvas.text((128, 14), "Steward", font=font, fill=(27, 31, 36))
        canvas.text((128, 62), "Demo Society", font=font, fill=(11, 92, 173))

    return _drawn_image(LOGO_TITLE, "steward-demo-logo.png", (420, 120), draw)


def _favicon() -> Any:
    return _drawn_image(FAVICON_TITLE, "steward-demo-icon.png", (128, 128), lambda canvas: _mark(canvas, 0, 0, 127))


def _fill_settings() -> None:
    settings = OrganisationSettings.load()
    settings.name = SITE_NAME
    settings.legal_name = "Steward Demo Society CIO"
    settings.tax_id = "1190000"
    settings.address = "12 Chapel Street\nLondon\nEC1V 9AB\nUnited Kingdom"
    settings.email = "hello@example.org"
    settings.phone = "+44 20 7946 0000"
    settings.website = "https://example.org"
    settings.logo = _logo()
    settings.favicon = _favicon()
    settings.save()
