"""GraphQL types of the CMS: pages (an interface with one type per page model), StreamField blocks, images."""

import datetime as dt
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import Info, relay
from strawberry_django.relay import DjangoListConnection
from wagtail.blocks import StreamValue, StructValue
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.rich_text import RichText

from steward.communications import archive
from steward.communications.models import EmailCampaign, NewsletterArchivePage
from steward.donations.models import Campaign
from steward.graphql.cms import selectors
from steward.graphql.cms.renditions import RENDITION_SPECS, rendition_for
from steward.graphql.common import rich_text_html
from steward.graphql.donations.types import CampaignType
from steward.site.models import CampaignPage, ContentPage, HomePage, NewsIndexPage, NewsItemPage, OrganisationSettings
from steward.site.theme import (
    AA_NORMAL_TEXT,
    DEFAULT_PRIMARY,
    DEFAULT_SECONDARY,
    HEX_COLOUR,
    WHITE,
    ThemeFont,
    contrast_ratio,
)

ImageModel = get_image_model()

_SPEC_DESCRIPTION = f"The rendition spec, one of: {', '.join(RENDITION_SPECS)}."
# The image columns rendering needs (file, size, focal point): loaded whenever a rendition is asked for.
_RENDITION_COLUMNS = [field.name for field in ImageModel._meta.concrete_fields]

# ---------------------------------------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------------------------------------


@strawberry.type(name="Rendition", description="A resized version of an image, ready for an <img> tag.")
class RenditionType:
    url: str = strawberry.field(description="The URL of the rendition file.")
    width: int = strawberry.field(description="Its width in pixels.")
    height: int = strawberry.field(description="Its height in pixels.")
    alt: str = strawberry.field(description="The alternative text to use with it.")


def _rendition(image: AbstractImage | None, spec: str, alt: str | None = None) -> RenditionType | None:
    if image is None:
        return None
    rendition = rendition_for(image, spec)
    if rendition is None:
        return None
    return RenditionType(
        url=rendition.url,
        width=rendition.width,
        height=rendition.height,
        alt=alt if alt is not None else image.default_alt_text,
    )


SpecArgument = Annotated[str, strawberry.argument(description=_SPEC_DESCRIPTION)]


@strawberry_django.type(ImageModel, name="Image", description="An image from the CMS image library.")
class ImageType:
    title: str = strawberry_django.field(description="The image's title in the library.")
    width: int = strawberry_django.field(description="The original's width in pixels.")
    height: int = strawberry_django.field(description="The original's height in pixels.")

    @strawberry_django.field(
        only=["title", "description"], description="The default alternative text (the description, else the title)."
    )
    def alt_text(self, root: strawberry.Parent[AbstractImage]) -> str:
        return str(root.default_alt_text)

    @strawberry_django.field(
        only=_RENDITION_COLUMNS,
        prefetch_related=["renditions"],
        description="The image resized by an allowed spec (e.g. fill-800x600); null if the file is missing.",
    )
    def rendition(self, root: strawberry.Parent[AbstractImage], spec: SpecArgument) -> RenditionType | None:
        return _rendition(root, spec)


# ---------------------------------------------------------------------------------------------------------
# The site's look (Settings → Organisation in Wagtail)
# ---------------------------------------------------------------------------------------------------------


@strawberry.enum(name="ThemeFont", description="The website's typeface: a stack of fonts already on the device.")
class ThemeFontEnum(Enum):
    SYSTEM_SANS = strawberry.enum_value(ThemeFont.SYSTEM_SANS.value, description="The device's interface sans-serif.")
    SERIF = strawberry.enum_value(ThemeFont.SERIF.value, description="A serif stack (Georgia, Iowan, Noto Serif …).")
    HUMANIST = strawberry.enum_value(
        ThemeFont.HUMANIST.value, description="A humanist sans-serif stack (Seravek, Gill Sans, Calibri …)."
    )


def _colour(value: str, default: str, *, on_white: bool = False) -> str:
    """A stored colour as #rrggbb in lower case, or the default if it is malformed (or, for the primary colour,
    too light for white text): a value saved around the admin's validation never reaches the page's CSS."""
    if not HEX_COLOUR.match(value or ""):
        return default
    if on_white and contrast_ratio(value, WHITE) < AA_NORMAL_TEXT:
        return default
    return value.lower()


@strawberry.type(name="SiteTheme", description="The website's look as staff set it: name, colours, font, logo, icon.")
class SiteThemeType:
    organisation_name: str = strawberry.field(description="The organisation's name, for the header and titles.")
    primary_colour: str = strawberry.field(
        description="Buttons and links, as #rrggbb; white text on it reaches WCAG AA contrast (4.5:1)."
    )
    secondary_colour: str = strawberry.field(
        description="Highlights and the Donate button, as #rrggbb; text on it is black or white, whichever reads best."
    )
    font: ThemeFontEnum = strawberry.field(description="The typeface to use.")
    logo: ImageType | None = strawberry.field(description="The logo; null when none is set (show the name).")
    favicon: ImageType | None = strawberry.field(description="The browser tab's icon; null when none is set.")

    @classmethod
    def from_settings(cls, organisation: OrganisationSettings) -> "SiteThemeType":
        font = organisation.font if organisation.font in ThemeFont.values else ThemeFont.SYSTEM_SANS
        return cls(
            organisation_name=organisation.name,
            primary_colour=_colour(organisation.primary_colour, DEFAULT_PRIMARY, on_white=True),
            secondary_colour=_colour(organisation.secondary_colour, DEFAULT_SECONDARY),
            font=ThemeFontEnum(font),
            logo=organisation.logo,  # type: ignore[arg-type]
            favicon=organisation.favicon,  # type: ignore[arg-type]
        )


# ---------------------------------------------------------------------------------------------------------
# StreamField blocks (steward.site.blocks.BodyBlock)
# ---------------------------------------------------------------------------------------------------------


@strawberry.interface(name="BodyBlock", description="One block of a page's body.")
class BodyBlockInterface:
    id: str = strawberry.field(description="The block's id, stable across edits: use it as a list key.")


@strawberry.enum(name="HeadingLevel", description="The level of a heading block.")
class HeadingLevelEnum(Enum):
    H2 = strawberry.enum_value("h2", description="A second-level heading.")
    H3 = strawberry.enum_value("h3", description="A third-level heading.")
    H4 = strawberry.enum_value("h4", description="A fourth-level heading.")


@strawberry.type(name="HeadingBlock", description="A heading.")
class HeadingBlockType(BodyBlockInterface):
    text: str = strawberry.field(description="The heading's text.")
    level: HeadingLevelEnum = strawberry.field(description="The heading level.")


@strawberry.type(name="ParagraphBlock", description="Rich text.")
class ParagraphBlockType(BodyBlockInterface):
    html: str = strawberry.field(description="The text as HTML, internal links expanded to their URLs.")


@strawberry.type(name="ImageBlock", description="An image with a caption.")
class ImageBlockType(BodyBlockInterface):
    caption: str = strawberry.field(description="The caption (may be empty).")
    alt_text: str = strawberry.field(description="The alternative text: the block's own, else the image's.")
    image: ImageType | None = strawberry.field(description="The image; null if it was deleted from the library.")

    @strawberry.field(description="The image resized by an allowed spec, with this block's alt text.")
    def rendition(self, spec: SpecArgument) -> RenditionType | None:
        return _rendition(self.image, spec, alt=self.alt_text)  # type: ignore[arg-type]


@strawberry.type(name="CallToActionBlock", description="A call to action: a title, a line of text and a button.")
class CallToActionBlockType(BodyBlockInterface):
    title: str = strawberry.field(description="The title.")
    text: str = strawberry.field(description="The text (may be empty).")
    button_label: str = strawberry.field(description="The button's label.")
    button_url: str = strawberry.field(description="Where the button leads: a path such as /donate or a full URL.")


@strawberry.type(name="QuoteBlock", description="A quotation.")
class QuoteBlockType(BodyBlockInterface):
    quote: str = strawberry.field(description="The quotation.")
    attribution: str = strawberry.field(description="Who said it (may be empty).")


def _heading(block_id: str, value: StructValue) -> BodyBlockInterface:
    return HeadingBlockType(id=block_id, text=value["text"], level=HeadingLevelEnum(value.get("level") or "h2"))


def _paragraph(block_id: str, value: RichText) -> BodyBlockInterface:
    return ParagraphBlockType(id=block_id, html=rich_text_html(value.source))


def _image(block_id: str, value: StructValue) -> BodyBlockInterface:
    image = value.get("image")
    alt_text = value.get("alt_text") or (image.default_alt_text if image is not None else "")
    return ImageBlockType(id=block_id, caption=value.get("caption") or "", alt_text=alt_text, image=image)


def _call_to_action(block_id: str, value: StructValue) -> BodyBlockInterface:
    return CallToActionBlockType(
        id=block_id,
        title=value["title"],
        text=value.get("text") or "",
        button_label=value["button_label"],
        button_url=value["button_url"],
    )


def _quote(block_id: str, value: StructValue) -> BodyBlockInterface:
    return QuoteBlockType(id=block_id, quote=value["quote"], attribution=value.get("attribution") or "")


# One converter per child block of steward.site.blocks.BodyBlock (a test keeps the two in step).
BLOCK_CONVERTERS: dict[str, Callable[[str, Any], BodyBlockInterface]] = {
    "heading": _heading,
    "paragraph": _paragraph,
    "image": _image,
    "call_to_action": _call_to_action,
    "quote": _quote,
}


def body_blocks(stream: StreamValue) -> list[BodyBlockInterface]:
    """A StreamField's blocks as GraphQL block types, in order."""
    blocks = []
    for index, child in enumerate(stream):
        converter = BLOCK_CONVERTERS.get(child.block_type)
        if converter is not None:
            blocks.append(converter(child.id or str(index), child.value))
    return blocks


# ---------------------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------------------


def page_path(page: Page, info: Info) -> str | None:
    """The page's path on its site, e.g. /about/ (the frontend's route); None when it is on no site."""
    parts = page.get_url_parts(request=info.context.request)
    return parts[2] if parts else None


@strawberry_django.interface(Page, name="Page", description="A live, public page of the website.")
class PageInterface(relay.Node):
    title: str = strawberry_django.field(description="The page title.")
    slug: str = strawberry_django.field(description="The last part of the page's path.")
    search_description: str = strawberry_django.field(description="The description for search engines.")
    first_published_at: dt.datetime | None = strawberry_django.field(description="When it was first published.")
    last_published_at: dt.datetime | None = strawberry_django.field(description="When it was last published.")

    @strawberry_django.field(only=["url_path"], description="The page's path on the site, e.g. /about/.")
    def path(self, root: strawberry.Parent[Page], info: Info) -> str | None:
        return page_path(root, info)

    @strawberry_django.field(
        only=["seo_title", "title"],
        description="The title for search engines and the browser tab: the SEO title, else the page title.",
    )
    def seo_title(self, root: strawberry.Parent[Page]) -> str:
        return str(root.seo_title or root.title)

    @classmethod
    def get_queryset(cls, queryset: QuerySet[Page], info: Info, **kwargs: Any) -> QuerySet[Page]:
        return selectors.public_pages(queryset, request=info.context.request)


@strawberry_django.type(HomePage, name="HomePage", description="The home page.")
class HomePageType(PageInterface):
    intro: str = strawberry_django.field(description="The introduction (plain text).")

    @strawberry_django.field(only=["body"], description="The page's content blocks, in order.")
    def body(self, root: strawberry.Parent[HomePage]) -> list[BodyBlockInterface]:
        return body_blocks(root.body)


@strawberry_django.type(ContentPage, name="ContentPage", description="A content page.")
class ContentPageType(PageInterface):
    intro: str = strawberry_django.field(description="The introduction (plain text).")

    @strawberry_django.field(only=["body"], description="The page's content blocks, in order.")
    def body(self, root: strawberry.Parent[ContentPage]) -> list[BodyBlockInterface]:
        return body_blocks(root.body)


@strawberry_django.type(NewsItemPage, name="NewsItemPage", description="A news item.")
class NewsItemPageType(PageInterface):
    date: dt.date = strawberry_django.field(description="The news item's date.")
    summary: str = strawberry_django.field(description="A short summary (plain text) for listings.")
    image: ImageType | None = strawberry_django.field(description="The lead image, if any.")

    @strawberry_django.field(only=["body"], description="The item's content blocks, in order.")
    def body(self, root: strawberry.Parent[NewsItemPage]) -> list[BodyBlockInterface]:
        return body_blocks(root.body)


@strawberry_django.type(CampaignPage, name="CampaignPage", description="A fundraising campaign's page.")
class CampaignPageType(PageInterface):
    intro: str = strawberry_django.field(description="The introduction (plain text).")
    call_to_action: str = strawberry_django.field(description="The donate button's label.")
    hero_image: ImageType | None = strawberry_django.field(
        description="The wide image at the top of the page (also for link previews), if any."
    )

    @strawberry_django.field(only=["body"], description="The page's content blocks, in order.")
    def body(self, root: strawberry.Parent[CampaignPage]) -> list[BodyBlockInterface]:
        return body_blocks(root.body)

    @strawberry_django.field(
        only=["campaign_id"], description="The campaign with its goal and progress; null if it was closed."
    )
    def campaign(self, root: strawberry.Parent[CampaignPage]) -> CampaignType | None:
        return Campaign.objects.filter(pk=root.campaign_id, active=True)  # type: ignore[return-value]


@strawberry_django.type(NewsIndexPage, name="NewsIndexPage", description="The news section: lists news items.")
class NewsIndexPageType(PageInterface):
    intro: str = strawberry_django.field(description="The introduction (plain text).")

    @strawberry_django.connection(
        DjangoListConnection[NewsItemPageType],
        only=["path", "depth"],
        description="The live, public news items of this section, newest first.",
    )
    def news_items(self, root: strawberry.Parent[NewsIndexPage], info: Info) -> QuerySet[NewsItemPage]:
        return selectors.news_items(index=root, request=info.context.request)


@strawberry_django.type(
    EmailCampaign,
    name="ArchivedNewsletter",
    description="A newsletter of the public archive: a campaign email as anyone may read it (no one's details).",
)
class ArchivedNewsletterType(relay.Node):
    @strawberry_django.field(
        only=["subject", "subject_b", "winner"],
        description="Its subject (a subject test's winner), every merge tag at its fallback.",
    )
    def subject(self, root: strawberry.Parent[EmailCampaign]) -> str:
        return archive.archive_subject(root)

    @strawberry_django.field(only=["preheader"], description="The line shown after the subject (may be empty).")
    def preheader(self, root: strawberry.Parent[EmailCampaign]) -> str:
        return archive.archive_preheader(root)

    @strawberry_django.field(only=["started_at", "created_at"], description="When it was sent.")
    def sent_at(self, root: strawberry.Parent[EmailCampaign]) -> dt.datetime:
        return root.started_at or root.created_at

    @strawberry_django.field(description="The address of its public copy, to read in a browser.")
    def url(self, root: strawberry.Parent[EmailCampaign]) -> str:
        return archive.archive_link(root)

    @classmethod
    def get_queryset(cls, queryset: QuerySet[EmailCampaign], info: Info, **kwargs: Any) -> QuerySet[EmailCampaign]:
        return queryset.filter(pk__in=archive.archived_campaigns().values("pk"))


@strawberry_django.type(
    NewsletterArchivePage, name="NewsletterArchivePage", description="The newsletter archive: past newsletters."
)
class NewsletterArchivePageType(PageInterface):
    intro: str = strawberry_django.field(description="The introduction (plain text).")

    @strawberry_django.connection(
        DjangoListConnection[ArchivedNewsletterType],
        description="The newsletters staff chose to show here, once sent, newest first.",
    )
    def newsletters(self) -> QuerySet[EmailCampaign]:
        return archive.archived_campaigns()


@strawberry.type(name="MenuItem", description="An entry of the site menu.")
class MenuItemType:
    title: str = strawberry.field(description="The page title to show.")
    path: str = strawberry.field(description="The page's path on the site, e.g. /about/.")


PAGE_TYPES = (
    HomePageType,
    ContentPageType,
    CampaignPageType,
    NewsIndexPageType,
    NewsItemPageType,
    NewsletterArchivePageType,
)
