import datetime as dt

import pytest
from strawberry.relay import to_base64
from wagtail.blocks import StreamValue

from steward.graphql.cms.types import BLOCK_CONVERTERS
from steward.site.blocks import BodyBlock
from steward.site.models import ContentPage, NewsIndexPage, NewsItemPage
from tests.graphql.cms.conftest import add_page, make_image, restrict

PAGE = """
query ($path: String!) {
  page(path: $path) {
    __typename id title slug path seoTitle searchDescription firstPublishedAt lastPublishedAt
    ... on HomePage { intro body { ...Blocks } }
    ... on ContentPage { intro body { ...Blocks } }
    ... on NewsIndexPage { intro }
    ... on NewsItemPage { date summary image { title width height } body { ...Blocks } }
  }
}
fragment Blocks on BodyBlock {
  __typename id
  ... on HeadingBlock { text level }
  ... on ParagraphBlock { html }
  ... on ImageBlock { caption altText image { title } rendition(spec: "fill-800x600") { url width height alt } }
  ... on CallToActionBlock { title text buttonLabel buttonUrl }
  ... on QuoteBlock { quote attribution }
}
"""

NEWS = """
query ($first: Int, $after: String) {
  page(path: "/news/") {
    ... on NewsIndexPage {
      newsItems(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { title path date summary image { altText rendition(spec: "fill-400x300") { url width } } } }
      }
    }
  }
}
"""


def _page(graphql, path):
    return graphql(PAGE, {"path": path}).data["page"]


def test_the_home_page_is_at_the_site_root_with_typed_blocks(graphql, home):
    # given the home page with one block of each type, the paragraph linking to an inner page
    about = add_page(home, ContentPage(title="About us", slug="about"))
    image = make_image(title="Volunteers", description="Volunteers planting trees")
    home.body = [
        ("heading", {"text": "Our work", "level": "h3"}),
        ("paragraph", f'<p>Read <a linktype="page" id="{about.pk}">about us</a>.</p>'),
        ("image", {"image": image, "caption": "Spring planting", "alt_text": "People planting saplings"}),
        ("call_to_action", {"title": "Join", "text": "", "button_label": "Become a member", "button_url": "/join"}),
        ("quote", {"quote": "Best society ever.", "attribution": "A member"}),
    ]
    home.search_description = "The Steward Demo Society."
    home.save_revision().publish()
    # when the frontend asks for the page at /
    page = _page(graphql, "/")
    # then it is the home page with its SEO fields (the SEO title falling back to the title)
    assert page["__typename"] == "HomePage"
    assert page["id"] == to_base64("HomePage", home.pk)
    assert (page["title"], page["path"], page["intro"]) == ("Home", "/", "Welcome to the society.")
    assert (page["seoTitle"], page["searchDescription"]) == ("Home", "The Steward Demo Society.")
    assert page["firstPublishedAt"]
    # and its body is typed, block by block, in order
    heading, paragraph, image_block, call_to_action, quote = page["body"]
    assert [block["__typename"] for block in page["body"]] == [
        "HeadingBlock",
        "ParagraphBlock",
        "ImageBlock",
        "CallToActionBlock",
        "QuoteBlock",
    ]
    assert all(block["id"] for block in page["body"])
    assert (heading["text"], heading["level"]) == ("Our work", "H3")
    assert paragraph["html"] == '<p>Read <a href="/about/">about us</a>.</p>'
    assert image_block["caption"] == "Spring planting"
    assert image_block["altText"] == "People planting saplings"
    assert image_block["image"] == {"title": "Volunteers"}
    assert image_block["rendition"]["width"] == 800
    assert image_block["rendition"]["height"] == 600
    assert image_block["rendition"]["alt"] == "People planting saplings"
    assert image_block["rendition"]["url"].endswith(".png")
    assert call_to_action == {
        "__typename": "CallToActionBlock",
        "id": call_to_action["id"],
        "title": "Join",
        "text": "",
        "buttonLabel": "Become a member",
        "buttonUrl": "/join",
    }
    assert (quote["quote"], quote["attribution"]) == ("Best society ever.", "A member")


def test_content_pages_are_found_by_path_with_their_seo_title(graphql, home):
    # given a content page with a child, and an SEO title on the child
    about = add_page(home, ContentPage(title="About", slug="about", intro="Who we are."))
    add_page(about, ContentPage(title="Our team", slug="team", seo_title="The team | Steward"))
    # when the frontend asks by path, with or without slashes
    about_page = _page(graphql, "/about/")
    team_page = _page(graphql, "about/team")
    # then each page comes back with its own path and SEO title
    assert (about_page["__typename"], about_page["intro"]) == ("ContentPage", "Who we are.")
    assert about_page["path"] == "/about/"
    assert (team_page["title"], team_page["path"]) == ("Our team", "/about/team/")
    assert team_page["seoTitle"] == "The team | Steward"


def test_drafts_restricted_pages_and_unknown_paths_are_not_returned(graphql, home):
    # given a draft, a password-protected page with a public-looking child, and a page of an unexported type
    add_page(home, ContentPage(title="Draft", slug="draft"), live=False)
    members_only = add_page(home, ContentPage(title="Members only", slug="members-only"))
    add_page(members_only, ContentPage(title="Inner", slug="inner"))
    restrict(members_only)
    # when each is asked for, along with a missing page and a path trying to climb out of the site
    paths = ["/draft/", "/members-only/", "/members-only/inner/", "/nowhere/", "/../"]
    # then none comes back
    assert {path: _page(graphql, path) for path in paths} == dict.fromkeys(paths)


def test_pages_are_nodes_only_while_live_and_public(graphql, home):
    # given a live page and a draft
    live = add_page(home, ContentPage(title="Live", slug="live"))
    draft = add_page(home, ContentPage(title="Draft", slug="draft"), live=False)
    query = "query ($id: ID!) { node(id: $id) { __typename ... on Page { title path } } }"
    # when they are fetched by global id
    found = graphql(query, {"id": to_base64("ContentPage", live.pk)}).data["node"]
    hidden = graphql(query, {"id": to_base64("ContentPage", draft.pk)}).data["node"]
    # then only the live one comes back
    assert found == {"__typename": "ContentPage", "title": "Live", "path": "/live/"}
    assert hidden is None


def _news_site(home, count):
    index = add_page(home, NewsIndexPage(title="News", slug="news", intro="What is new."))
    for day in range(1, count + 1):
        add_page(
            index,
            NewsItemPage(
                title=f"Item {day}",
                slug=f"item-{day}",
                date=dt.date(2026, 1, day),
                summary=f"Summary {day}",
                image=make_image(title=f"Lead {day}"),
            ),
        )
    return index


def test_news_index_lists_live_public_items_newest_first_in_pages(graphql, home):
    # given a news section with three items, a draft and a restricted item
    index = _news_site(home, 3)
    add_page(index, NewsItemPage(title="Draft item", slug="draft-item", date=dt.date(2026, 2, 1)), live=False)
    secret = add_page(index, NewsItemPage(title="Secret item", slug="secret-item", date=dt.date(2026, 2, 2)))
    restrict(secret)
    # when the first page of two is read, then the next
    first = graphql(NEWS, {"first": 2}).data["page"]["newsItems"]
    after = graphql(NEWS, {"first": 2, "after": first["pageInfo"]["endCursor"]}).data["page"]["newsItems"]
    # then the live, public items come newest first, with their paths and lead images
    assert [edge["node"]["title"] for edge in first["edges"]] == ["Item 3", "Item 2"]
    assert [edge["node"]["title"] for edge in after["edges"]] == ["Item 1"]
    assert first["totalCount"] == 3
    assert first["pageInfo"]["hasNextPage"] is True
    assert after["pageInfo"]["hasNextPage"] is False
    node = first["edges"][0]["node"]
    assert (node["path"], node["date"], node["summary"]) == ("/news/item-3/", "2026-01-03", "Summary 3")
    assert node["image"]["altText"] == "Lead 3"
    assert node["image"]["rendition"]["width"] == 400


def test_a_news_item_page_shows_its_lead_image(graphql, home):
    # given a news item with a lead image
    _news_site(home, 1)
    # when it is asked for by path
    page = _page(graphql, "/news/item-1/")
    # then its fields and image come back
    assert page["__typename"] == "NewsItemPage"
    assert (page["date"], page["summary"]) == ("2026-01-01", "Summary 1")
    assert page["image"] == {"title": "Lead 1", "width": 1200, "height": 900}


# 1 (site) + 1 (view restrictions, once per request) + 2 (the index page, then its specific row)
# + 1 (the items with their images and the total count) + 1 (the images' existing renditions, prefetched).
NEWS_QUERIES = 6


@pytest.mark.parametrize("size", [1, 5])
def test_news_listing_runs_in_a_constant_number_of_queries(graphql, home, django_assert_num_queries, size):
    # given `size` news items whose lead-image renditions already exist
    _news_site(home, size)
    graphql(NEWS, {"first": 10})
    # when the listing is read again
    with django_assert_num_queries(NEWS_QUERIES):
        items = graphql(NEWS, {"first": 10}).data["page"]["newsItems"]["edges"]
    # then the query count does not depend on the number of items
    assert len(items) == size


def test_every_body_block_has_a_graphql_type():
    # given the StreamField's block types and the API's converters
    # then they name the same blocks, so no block is silently dropped from the API
    assert set(BodyBlock().child_blocks) == set(BLOCK_CONVERTERS)


def test_a_block_saved_without_an_id_still_gets_a_stable_one():
    # given a stream value built in memory (as in a preview), whose blocks have no ids yet
    stream = StreamValue(BodyBlock(), [("quote", {"quote": "Hi", "attribution": ""})])
    # when it is converted
    from steward.graphql.cms.types import body_blocks

    (block,) = body_blocks(stream)
    # then the block still has an id to key it by
    assert block.id
