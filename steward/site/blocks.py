"""StreamField blocks for member-facing pages. Each has a fixed shape the GraphQL API exposes as a type."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3"), ("h4", "Heading 4")], default="h2")

    class Meta:
        icon = "title"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=255)
    alt_text = blocks.CharBlock(required=False, max_length=255, help_text="Leave empty to use the image title.")

    class Meta:
        icon = "image"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=255)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=60)
    button_url = blocks.CharBlock(max_length=500, help_text="A path such as /donate or a full URL.")

    class Meta:
        icon = "pick"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul", "h3", "h4"])
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    quote = QuoteBlock()
