"""The constituent page shows each group only the sections (and timeline entries) its permissions cover:
membership payments only to those who may see memberships; consents and relationships to every group that
contacts people."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from steward.members import services
from steward.members.models import ConsentRecord, Constituent
from tests.admin_helpers import signed_in
from tests.factories import IndividualFactory, MembershipLevelFactory, make_membership

PRICE = "73.21"  # a figure that appears nowhere else on the page


@pytest.fixture
def member(db) -> Constituent:
    person = IndividualFactory(given_name="Dara", family_name="Chan")
    make_membership(constituent=person, level=MembershipLevelFactory(name="Patron", price=Decimal(PRICE)))
    services.consent_record(
        constituent=person,
        channel=ConsentRecord.Channel.EMAIL,
        topic=ConsentRecord.Topic.NEWSLETTER,
        granted=True,
        source="paper form",
        wording="Send me the newsletter",
    )
    return person


def _page(client, person: Constituent) -> tuple[set[str], str]:
    response = client.get(reverse("members_constituents:inspect", args=(person.pk,)))
    assert response.status_code == 200
    return {section.section_id for section in response.context["sections"]}, response.content.decode()


def test_each_group_sees_only_the_sections_its_permissions_cover(client, member):
    # when each staff group opens a member's page
    pages = {}
    for group in ["Membership staff", "Fundraising staff", "Volunteer coordinators"]:
        signed_in(client, group)
        pages[group] = _page(client, member)
        client.logout()
    # then membership payments (the memberships section, the terms in the timeline) show to membership staff only
    membership_sections, membership_html = pages["Membership staff"]
    assert {"memberships", "consents", "relationships", "timeline"} <= membership_sections
    assert PRICE in membership_html
    assert "Send me the newsletter" in membership_html
    for group in ["Fundraising staff", "Volunteer coordinators"]:
        sections, html = pages[group]
        assert "memberships" not in sections, group
        assert PRICE not in html, group
        assert "Patron membership" not in html, group
        # but the consent ledger and relationships do, read-only: these groups contact people (members 0008)
        assert {"consents", "relationships"} <= sections, group
        assert "Send me the newsletter" in html, group
    # and giving shows to fundraisers (not coordinators), volunteering to coordinators (not fundraisers)
    assert "giving" in pages["Fundraising staff"][0]
    assert "volunteering" not in pages["Fundraising staff"][0]
    assert "giving" not in pages["Volunteer coordinators"][0]
    assert "volunteering" in pages["Volunteer coordinators"][0]
