"""The newsletter archive page through the page API: a Wagtail page staff add under the home page, with an intro,
listing the sent campaigns chosen for the archive, newest first, a page at a time, each with its public subject
and the address of its copy; in a fixed number of queries however many there are."""

from __future__ import annotations

import pytest
from strawberry import relay
from wagtail.models import Page

from steward.communications import campaigns
from steward.communications.models import EmailCampaign, NewsletterArchivePage, SenderAddress
from steward.site.models import ContentPage, HomePage
from tests.communications.test_campaigns import BODY, consenting
from tests.factories import SegmentFactory
from tests.graphql.cms.conftest import add_page

pytestmark = pytest.mark.django_db

ARCHIVE = """
query ($path: String!, $first: Int, $after: String) {
  page(path: $path) {
    __typename title path
    ... on NewsletterArchivePage {
      intro
      newsletters(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id subject preheader sentAt url } }
      }
    }
  }
}
"""


@pytest.fixture
def archive_page(home) -> NewsletterArchivePage:
    return add_page(home, NewsletterArchivePage(title="Newsletters", slug="newsletters", intro="Past issues."))


@pytest.fixture
def send(smtp, django_capture_on_commit_callbacks):
    consenting("ada@example.org", given_name="Ada")
    sender = SenderAddress.objects.create(name="Riverbank Trust", email="news@riverbank.example")

    def send_(subject: str, *, in_archive: bool = True) -> EmailCampaign:
        campaign = EmailCampaign.objects.create(
            name=f"Staff name: {subject}", subject=subject, sender=sender, body=BODY, in_archive=in_archive
        )
        campaign.segments.add(SegmentFactory(conditions={"field": "kind", "kinds": ["individual"]}))
        with django_capture_on_commit_callbacks(execute=True):
            campaigns.campaign_send(campaign=campaign)
        return campaign

    return send_


def test_staff_may_add_the_archive_under_the_home_page_once(home, archive_page):
    assert NewsletterArchivePage in HomePage.allowed_subpage_models()
    assert not NewsletterArchivePage.can_create_at(home)  # one is enough
    assert NewsletterArchivePage not in ContentPage.allowed_subpage_models()
    assert NewsletterArchivePage.allowed_subpage_models() == []


def test_the_archive_lists_sent_chosen_newsletters_newest_first_a_page_at_a_time(graphql, archive_page, send):
    first = send("Spring news for {{ first_name | you }}")
    send("Not for the archive", in_archive=False)
    second = send("Summer news")
    EmailCampaign.objects.create(name="Draft", subject="Draft", in_archive=True, rendered_html="<p>x</p>")
    page = graphql(ARCHIVE, {"path": "/newsletters/", "first": 1}).data["page"]
    assert (page["__typename"], page["title"]) == ("NewsletterArchivePage", "Newsletters")
    assert page["intro"] == "Past issues."
    listed = page["newsletters"]
    assert listed["totalCount"] == 2
    assert listed["pageInfo"]["hasNextPage"] is True
    [newest] = [edge["node"] for edge in listed["edges"]]
    after = graphql(ARCHIVE, {"path": "/newsletters/", "first": 1, "after": listed["pageInfo"]["endCursor"]})
    [older] = [edge["node"] for edge in after.data["page"]["newsletters"]["edges"]]
    assert (newest["subject"], older["subject"]) == ("Summer news", "Spring news for you")
    assert newest["url"].endswith(f"/mail/archive/{second.pk}/")
    assert older["url"].endswith(f"/mail/archive/{first.pk}/")
    assert newest["sentAt"] >= older["sentAt"]
    # staff's own name for a campaign is not shown
    assert "Staff name" not in str(page) + str(after.data)


def test_a_newsletter_is_a_node_only_while_in_the_archive(graphql, archive_page, send):
    shown, hidden = send("Shown"), send("Hidden", in_archive=False)
    node = "query ($id: ID!) { node(id: $id) { ... on ArchivedNewsletter { subject } } }"

    def read(campaign):
        return graphql(node, {"id": str(relay.GlobalID("ArchivedNewsletter", str(campaign.pk)))}).data["node"]

    assert read(shown) == {"subject": "Shown"}
    assert read(hidden) is None


def test_an_empty_archive_says_so(graphql, archive_page):
    listed = graphql(ARCHIVE, {"path": "/newsletters/", "first": 10}).data["page"]["newsletters"]
    assert (listed["totalCount"], listed["edges"]) == (0, [])


def test_a_draft_archive_page_is_not_served(graphql, home):
    add_page(home, NewsletterArchivePage(title="Newsletters", slug="newsletters"), live=False)
    assert graphql(ARCHIVE, {"path": "/newsletters/"}).data["page"] is None
    assert Page.objects.type(NewsletterArchivePage).count() == 1


# 1 (site) + 1 (view restrictions) + 2 (the page, then its specific row) + 1 (the newsletters with their count)
ARCHIVE_QUERIES = 5


@pytest.mark.parametrize("size", [1, 4])
def test_the_archive_is_read_in_the_same_number_of_queries_at_any_size(
    graphql, archive_page, send, django_assert_num_queries, size
):
    for number in range(size):
        send(f"Issue {number}")
    graphql(ARCHIVE, {"path": "/newsletters/", "first": 10})  # (Wagtail's caches: content types, site roots)
    with django_assert_num_queries(ARCHIVE_QUERIES):
        listed = graphql(ARCHIVE, {"path": "/newsletters/", "first": 10}).data["page"]["newsletters"]
    assert len(listed["edges"]) == size
