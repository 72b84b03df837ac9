"""Wagtail's preview of member-facing pages renders the draft, every block type included."""

import pytest
from wagtail.models import Page

from steward.site.models import ContentPage, HomePage
from tests.factories import SuperuserFactory

pytestmark = pytest.mark.django_db


def test_editor_previews_a_draft_content_page(client):
    # given a published home page with a draft content page under it using every block
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="preview-home"))
    draft = home.add_child(
        instance=ContentPage(
            title="Our work in Ulaanbaatar",
            slug="our-work",
            live=False,
            intro="Draft intro",
            body=[
                ("heading", {"text": "Winter appeal", "level": "h2"}),
                ("paragraph", "<p>Warm <b>coats</b> for families.</p>"),
                ("call_to_action", {"title": "Give", "text": "", "button_label": "Donate", "button_url": "/donate"}),
                ("quote", {"quote": "It changed our winter.", "attribution": "Saruul"}),
            ],
        )
    )
    draft.save_revision()
    client.force_login(SuperuserFactory())
    # when the editor opens the preview from the edit view
    edit_url = f"/admin/pages/{draft.pk}/edit/preview/"
    form = {
        "title": draft.title,
        "slug": draft.slug,
        "intro": "Changed intro",
        "body-count": "0",
    }
    assert client.post(edit_url, form).json()["is_valid"] is True
    response = client.get(edit_url)
    # then the draft is shown with the unsaved change
    assert response.status_code == 200
    html = response.content.decode()
    assert "Our work in Ulaanbaatar" in html
    assert "Changed intro" in html


def test_preview_renders_every_block_type(rf):
    root = Page.get_first_root_node()
    page = root.add_child(
        instance=ContentPage(
            title="Blocks",
            slug="blocks",
            body=[
                ("heading", {"text": "Winter appeal", "level": "h3"}),
                ("paragraph", "<p>Warm <b>coats</b> for families.</p>"),
                ("call_to_action", {"title": "Give", "text": "Now", "button_label": "Donate", "button_url": "/donate"}),
                ("quote", {"quote": "It changed our winter.", "attribution": "Saruul"}),
            ],
        )
    )
    response = page.make_preview_request(preview_mode="")
    html = response.content.decode() if hasattr(response, "content") else response.rendered_content
    assert "<h3>Winter appeal</h3>" in html
    assert "<b>coats</b>" in html
    assert 'href="/donate"' in html
    assert "It changed our winter." in html
