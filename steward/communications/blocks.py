"""The blocks staff compose a campaign email from. Each renders to email-safe HTML (tables and inline styles
after css-inline: steward/communications/rendering.py); text may carry merge tags ({{ first_name | friend }})."""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from steward.donations.models import Campaign
from steward.volunteers.models import Opportunity


def _campaign_choices() -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in Campaign.objects.order_by("name").values_list("pk", "name")]


class EmailHeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=[("h1", "Large"), ("h2", "Medium"), ("h3", "Small")], default="h2")

    class Meta:
        icon = "title"
        template = "communications/email/blocks/heading.html"


class EmailImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=255, help_text="What the image shows, for people who cannot see it."
    )
    link = blocks.URLBlock(required=False)

    class Meta:
        icon = "image"
        template = "communications/email/blocks/image.html"


class EmailButtonBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80)
    url = blocks.URLBlock()

    class Meta:
        icon = "link"
        template = "communications/email/blocks/button.html"


class EmailQuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "communications/email/blocks/quote.html"


class EmailDonateBlock(blocks.StructBlock):
    """A call to give: a button to the donate page carrying the campaign email's appeal code (and who the reader
    is, so the form is filled in), and a fundraising campaign's progress as it stands when the email is sent."""

    text = blocks.CharBlock(max_length=80, default="Give now")
    campaign = blocks.ChoiceBlock(
        choices=_campaign_choices, required=False, help_text="The fundraising campaign whose progress to show, if any."
    )

    class Meta:
        icon = "pick"
        template = "communications/email/blocks/donate.html"


def _opportunity_choices() -> list[tuple[str, str]]:
    return [(str(pk), title) for pk, title in Opportunity.objects.filter(active=True).values_list("pk", "title")]


class EmailShiftsBlock(blocks.StructBlock):
    """The volunteer shifts still to come, as they stand when the email is sent: each with its time (in its own
    time zone), place, places left and a link to sign up."""

    heading = blocks.CharBlock(max_length=200, default="Volunteer with us")
    opportunity = blocks.ChoiceBlock(
        choices=_opportunity_choices, required=False, help_text="Only this opportunity's shifts; all if empty."
    )
    count = blocks.IntegerBlock(min_value=1, max_value=10, default=5, help_text="How many shifts to list.")

    class Meta:
        icon = "date"
        template = "communications/email/blocks/shifts.html"


class EmailDividerBlock(blocks.StaticBlock):
    class Meta:
        icon = "horizontalrule"
        admin_text = "A line between sections."
        template = "communications/email/blocks/divider.html"


class EmailBodyBlock(blocks.StreamBlock):
    heading = EmailHeadingBlock()
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], template="communications/email/blocks/text.html"
    )
    image = EmailImageBlock()
    button = EmailButtonBlock()
    quote = EmailQuoteBlock()
    donate = EmailDonateBlock()
    shifts = EmailShiftsBlock(label="Upcoming volunteer shifts")
    divider = EmailDividerBlock()
