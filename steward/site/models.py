"""Member-facing CMS content (rendered by the separate frontend) and site-wide settings."""

from decimal import Decimal, InvalidOperation

import wagtail_headless_preview.models
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock
from .theme import DEFAULT_PRIMARY, DEFAULT_SECONDARY, ThemeFont, validate_hex_colour, validate_primary_contrast


class HeadlessPreviewMixin(wagtail_headless_preview.models.HeadlessPreviewMixin):
    """Wagtail's preview opens the frontend's /preview/ page for the draft, with a signed token.

    wagtail-headless-preview stores the draft (with the editor's unsaved changes) as a PagePreview row under that
    token; the frontend asks `pagePreview(contentType, token)` for it and renders it as the live page would be.
    """

    preview_modes = [("", "Frontend")]


class HomePage(HeadlessPreviewMixin, Page):
    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    # (the newsletter archive is communications' page type: named, not imported, as site sits below it)
    subpage_types = [
        "site.ContentPage",
        "site.NewsIndexPage",
        "site.CampaignPage",
        "communications.NewsletterArchivePage",
    ]
    max_count = 1


class ContentPage(HeadlessPreviewMixin, Page):
    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["site.ContentPage", "site.CampaignPage"]


class CampaignPage(HeadlessPreviewMixin, Page):
    """A fundraising campaign's page: its story, and its progress towards the goal (raised from its gifts; goal
    and progress compared in the organisation's currency, see steward.donations.selectors)."""

    campaign = models.ForeignKey(
        "donations.Campaign",
        on_delete=models.PROTECT,
        related_name="pages",
        help_text="The campaign whose gifts and goal the page shows.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A wide image at the top of the page, also shown when the page is shared (at least 1200×630).",
    )
    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)
    call_to_action = models.CharField(max_length=60, default="Give now", help_text="The donate button's label.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("campaign"),
        FieldPanel("hero_image"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("call_to_action"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types: list[str] = []


class NewsIndexPage(HeadlessPreviewMixin, Page):
    intro = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["site.NewsItemPage"]
    max_count = 1


class NewsItemPage(HeadlessPreviewMixin, Page):
    date = models.DateField(default=timezone.localdate)
    summary = models.TextField(blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["site.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        ordering = ["-date"]


@register_setting(icon="site")
class OrganisationSettings(BaseGenericSetting):
    """Who the organisation is: shown on receipts, statements, the board pack and emails."""

    name = models.CharField(max_length=255, default="Steward Demo Society")
    legal_name = models.CharField(max_length=255, blank=True)
    tax_id = models.CharField("Tax id / charity number", max_length=100, blank=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    website = models.URLField(blank=True)

    # Receipts and year-end statements: the wording staff control.
    charity_registration = models.CharField(
        max_length=255,
        blank=True,
        help_text="The registration line printed on receipts, e.g. “A registered 501(c)(3) public charity.”",
    )
    receipt_thank_you = models.TextField(
        blank=True,
        default="Thank you for your generous gift. It makes our work possible.",
        help_text="Opens the receipt and its email.",
    )
    receipt_wording = models.TextField(
        blank=True,
        default=(
            "This is an official receipt for income tax purposes. Please keep it with your tax records. "
            "Unless a value of benefits is shown, no goods or services were provided in exchange for this gift."
        ),
        help_text="The statement printed on every receipt (the tax wording your jurisdiction requires).",
    )
    receipt_signatory_name = models.CharField(max_length=255, blank=True, help_text="Who signs receipts.")
    receipt_signatory_title = models.CharField(max_length=255, blank=True, help_text="Their title.")
    statement_wording = models.TextField(
        blank=True,
        default=(
            "This statement lists every gift we received from you in the tax year; gifts with a receipt number "
            "were also receipted separately. Please keep it with your tax records."
        ),
        help_text="The text printed on year-end giving statements.",
    )

    # The donate form
    donation_preset_amounts = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The amounts the donate form suggests, in the organisation's currency, separated by commas "
            "(e.g. 25, 50, 100, 250). Empty: the DONATION_PRESET_AMOUNTS setting."
        ),
    )

    # The website's look (steward.site.theme): the frontend renders these as CSS variables on every page.
    primary_colour = models.CharField(
        max_length=7,
        default=DEFAULT_PRIMARY,
        validators=[validate_hex_colour, validate_primary_contrast],
        help_text=(
            "Buttons, links and the Donate button, as # and six hex digits (e.g. #0b5cad). It carries white text, "
            "so it must be dark enough for a contrast of at least 4.5:1 (WCAG AA)."
        ),
    )
    secondary_colour = models.CharField(
        max_length=7,
        default=DEFAULT_SECONDARY,
        validators=[validate_hex_colour],
        help_text="The Donate button and highlights, e.g. #f2a93b; text on it is black or white, whichever reads best.",
    )
    font = models.CharField(
        max_length=20,
        choices=ThemeFont.choices,
        default=ThemeFont.SYSTEM_SANS,
        help_text="The website's typeface: fonts already on the visitor's device, so nothing is downloaded.",
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The small icon browsers show in the tab: a square image, at least 64×64 pixels.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("legal_name"), FieldPanel("tax_id")], "Identity"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("secondary_colour"), FieldPanel("font"), FieldPanel("favicon")],
            "Website look",
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("email"), FieldPanel("phone"), FieldPanel("website")],
            "Contact",
        ),
        MultiFieldPanel(
            [
                FieldPanel("charity_registration"),
                FieldPanel("receipt_thank_you"),
                FieldPanel("receipt_wording"),
                FieldPanel("receipt_signatory_name"),
                FieldPanel("receipt_signatory_title"),
                FieldPanel("statement_wording"),
            ],
            "Receipts and statements",
        ),
        FieldPanel("donation_preset_amounts", heading="Suggested donation amounts"),
    ]

    def clean(self) -> None:
        super().clean()
        try:
            self.preset_amounts()
        except ValueError as error:
            raise ValidationError({"donation_preset_amounts": str(error)}) from None

    def preset_amounts(self) -> list[Decimal]:
        """The donate form's suggested amounts from this setting (empty list when not set); ValueError if bad."""
        amounts = []
        for part in filter(None, (piece.strip() for piece in self.donation_preset_amounts.split(","))):
            try:
                amount = Decimal(part)
            except InvalidOperation:
                raise ValueError(f"'{part}' is not an amount.") from None
            if not amount.is_finite() or amount <= 0:
                raise ValueError(f"'{part}' is not a positive amount.")
            amounts.append(amount)
        return amounts

    class Meta:
        verbose_name = "organisation"
