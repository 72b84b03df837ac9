from steward.graphql.cms.renditions import RENDITION_SPECS
from steward.site.models import ContentPage
from tests.graphql.cms.conftest import add_page, make_image

IMAGE_BLOCK = """
query ($spec: String!) {
  page(path: "/gallery/") {
    ... on ContentPage {
      body { ... on ImageBlock { altText image { altText } rendition(spec: $spec) { url width height alt } } }
    }
  }
}
"""


def _gallery(home, *, alt_text="", description=""):
    image = make_image(title="River at dusk", description=description, width=1600, height=1200)
    add_page(
        home,
        ContentPage(
            title="Gallery",
            slug="gallery",
            body=[("image", {"image": image, "caption": "", "alt_text": alt_text})],
        ),
    )
    return image


def _block(graphql, spec):
    return graphql(IMAGE_BLOCK, {"spec": spec}, errors=True)


def test_renditions_have_the_size_of_their_spec(graphql, home):
    # given a 1600×1200 image in a page body
    image = _gallery(home)
    # when the frontend asks for a fill, a width and the original
    fill = _block(graphql, "fill-800x600").data["page"]["body"][0]["rendition"]
    width = _block(graphql, "width-400").data["page"]["body"][0]["rendition"]
    original = _block(graphql, "original").data["page"]["body"][0]["rendition"]
    # then each rendition is a real file of the asked size
    assert (fill["width"], fill["height"]) == (800, 600)
    assert (width["width"], width["height"]) == (400, 300)
    assert (original["width"], original["height"]) == (1600, 1200)
    assert fill["url"].endswith(".png")
    assert image.renditions.count() == 3


def test_rendition_alt_text_prefers_the_block_then_the_description_then_the_title(graphql, home):
    # given an image block without its own alt text, on an image with no description
    _gallery(home)
    # when its rendition is asked for
    block = _block(graphql, "fill-400x300").data["page"]["body"][0]
    # then the image title is the alt text
    assert block["altText"] == block["rendition"]["alt"] == block["image"]["altText"] == "River at dusk"


def test_rendition_alt_text_uses_the_block_alt_text(graphql, home):
    # given an image block with its own alt text, on an image with a description
    _gallery(home, alt_text="A boat on the river", description="Photo of the river")
    # when its rendition is asked for
    block = _block(graphql, "fill-400x300").data["page"]["body"][0]
    # then the block's alt text wins, and the image keeps its own
    assert block["rendition"]["alt"] == "A boat on the river"
    assert block["image"]["altText"] == "Photo of the river"


def test_specs_off_the_list_are_refused(graphql, home):
    # given an image
    image = _gallery(home)
    # when a client asks for a spec that is not allowed
    result = _block(graphql, "fill-5000x5000")
    # then it gets a clear error naming the allowed specs, and no rendition is made
    assert result.error_messages == [
        f"Unknown rendition spec 'fill-5000x5000'. Use one of: {', '.join(RENDITION_SPECS)}."
    ]
    assert result.data["page"]["body"][0]["rendition"] is None
    assert image.renditions.count() == 0
