"""Wagtail's preview opens the frontend with a signed token; the API gives the frontend the draft for it."""

import html
import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client, override_settings
from wagtail.models import Page

from steward.site.models import ContentPage, HomePage
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db

PREVIEW_QUERY = """
query ($contentType: String!, $token: String!) {
  pagePreview(contentType: $contentType, token: $token) {
    __typename
    title
    ... on ContentPage {
      intro
      body {
        __typename
        ... on HeadingBlock { text level }
        ... on ParagraphBlock { html }
        ... on CallToActionBlock { buttonLabel buttonUrl }
        ... on QuoteBlock { quote attribution }
      }
    }
  }
}
"""

BLOCKS = [
    ("heading", {"text": "Winter appeal", "level": "h3"}),
    ("paragraph", "<p>Warm <b>coats</b> for families.</p>"),
    ("call_to_action", {"title": "Give", "text": "Now", "button_label": "Donate", "button_url": "/donate"}),
    ("quote", {"quote": "It changed our winter.", "attribution": "Saruul"}),
]


def preview_parameters(response) -> dict[str, str]:
    """The frontend URL the preview frames, and its query parameters."""
    content = response.content.decode() if hasattr(response, "content") else response.rendered_content
    match = re.search(r'<iframe src="([^"]+)"', content)
    assert match, content
    url = urlparse(html.unescape(match.group(1)))
    return {"url": f"{url.scheme}://{url.netloc}{url.path}", **{k: v[0] for k, v in parse_qs(url.query).items()}}


def page_preview(content_type: str, token: str) -> dict | None:
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": PREVIEW_QUERY, "variables": {"contentType": content_type, "token": token}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["pagePreview"]


@override_settings(WAGTAIL_HEADLESS_PREVIEW={"CLIENT_URLS": {"default": "http://frontend.test/preview/"}})
def test_editor_previews_a_draft_with_unsaved_changes_on_the_frontend(client):
    # given a published home page with a draft content page under it
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="preview-home"))
    draft = home.add_child(
        instance=ContentPage(
            title="Our work in Ulaanbaatar", slug="our-work", live=False, intro="Draft intro", body=BLOCKS
        )
    )
    draft.save_revision()
    client.force_login(SuperuserFactory())
    # when the editor previews an unsaved change from the edit view
    edit_url = f"/admin/pages/{draft.pk}/edit/preview/"
    form = {"title": draft.title, "slug": draft.slug, "intro": "Changed intro", "body-count": "0"}
    assert client.post(edit_url, form).json()["is_valid"] is True
    response = client.get(edit_url)
    # then the preview frames the frontend's /preview/ page with a token
    assert response.status_code == 200
    parameters = preview_parameters(response)
    assert parameters["url"] == "http://frontend.test/preview/"
    assert parameters["content_type"] == "site.contentpage"
    # and the API gives the frontend the draft with the unsaved change, to anyone holding the token
    preview = page_preview(parameters["content_type"], parameters["token"])
    assert preview["title"] == "Our work in Ulaanbaatar"
    assert preview["intro"] == "Changed intro"


def test_the_preview_carries_every_block_type(rf):
    root = Page.get_first_root_node()
    page = root.add_child(instance=ContentPage(title="Blocks", slug="blocks", body=BLOCKS))
    parameters = preview_parameters(page.make_preview_request(preview_mode=""))
    blocks = page_preview(parameters["content_type"], parameters["token"])["body"]
    assert blocks == [
        {"__typename": "HeadingBlock", "text": "Winter appeal", "level": "H3"},
        {"__typename": "ParagraphBlock", "html": "<p>Warm <b>coats</b> for families.</p>"},
        {"__typename": "CallToActionBlock", "buttonLabel": "Donate", "buttonUrl": "/donate"},
        {"__typename": "QuoteBlock", "quote": "It changed our winter.", "attribution": "Saruul"},
    ]


def test_a_forged_expired_or_mismatched_token_gives_nothing():
    root = Page.get_first_root_node()
    page = root.add_child(instance=ContentPage(title="Secret draft", slug="secret", live=False))
    token = preview_parameters(page.make_preview_request(preview_mode=""))["token"]
    assert page_preview("site.contentpage", token)["title"] == "Secret draft"
    assert page_preview("site.contentpage", token[:-3] + "abc") is None
    assert page_preview("site.newsitempage", token) is None
    assert page_preview("auth.user", token) is None
    assert page_preview("nonsense", token) is None
    with override_settings(PREVIEW_TOKEN_MAX_AGE_MINUTES=-1):
        assert page_preview("site.contentpage", token) is None
