"""Who sees volunteering: coordinators see volunteers and their contact details but no gifts; fundraisers see gifts
but not the volunteers admin (volunteers 0002 data migration on the groups made by members 0002)."""

import datetime as dt

import pytest
from django.urls import reverse

from steward.volunteers import services
from tests.admin_helpers import HOME, assert_denied, codenames, signed_in
from tests.factories import GiftFactory
from tests.volunteers.factories import make_shift, volunteer

pytestmark = pytest.mark.django_db

VOLUNTEER_LISTINGS = [
    "volunteers_profiles:index",
    "volunteers_opportunities:index",
    "volunteers_shifts:index",
    "volunteers_signups:index",
    "volunteers_hours:index",
]


def page_sections(client, constituent) -> set[str]:
    response = client.get(reverse("members_constituents:inspect", args=(constituent.pk,)))
    assert response.status_code == 200
    return {section.section_id for section in response.context["sections"]}


def test_coordinators_manage_every_volunteers_model_but_delete_nothing():
    granted = codenames("Volunteer coordinators")
    for model in ["volunteerprofile", "skill", "interest", "opportunity", "shift", "signup", "hoursentry"]:
        for action in ["add", "change", "view"]:
            assert f"volunteers.{action}_{model}" in granted
    assert "volunteers.view_shiftreminder" in granted
    assert not {codename for codename in granted if codename.startswith("volunteers.delete_")}
    # and they still see constituents' contact details (members 0002), and nothing of donations
    assert "members.view_constituent_contact" in granted
    assert not {codename for codename in granted if codename.startswith("donations.")}


def test_other_groups_volunteers_permissions():
    assert {c for c in codenames("Membership staff") if c.startswith("volunteers.")} == {
        "volunteers.view_volunteerprofile",
        "volunteers.view_signup",
        "volunteers.view_hoursentry",
    }
    assert not {c for c in codenames("Fundraising staff") if c.startswith("volunteers.")}
    assert not {c for c in codenames("Board") if c.startswith("volunteers.")}


def test_a_coordinator_works_the_volunteers_admin_and_sees_contact_details(client):
    signed_in(client, "Volunteer coordinators")
    shift = make_shift(starts_in=dt.timedelta(hours=-1))
    person = volunteer(given_name="Ada", family_name="Lovelace", email="ada@example.org")
    signup = services.signup_create(shift=make_shift(starts_in=dt.timedelta(days=2)), constituent=person)
    services.volunteer_profile_save(constituent=person, emergency_contact_name="Byron")
    for url_name in VOLUNTEER_LISTINGS:
        assert client.get(reverse(url_name)).status_code == 200, url_name
    assert client.get(reverse("volunteers_shifts:inspect", args=(shift.pk,))).status_code == 200
    assert client.get(reverse("volunteers_hours:approve")).status_code == 200
    # the volunteers export carries their contact details
    body = b"".join(client.get(reverse("volunteers_profiles:index"), {"export": "csv"}).streaming_content).decode()
    assert "ada@example.org" in body
    # and on the constituent page: the volunteering section with the emergency contact, the contact section
    sections = page_sections(client, person)
    assert {"volunteering", "contact"} <= sections
    html = client.get(reverse("members_constituents:inspect", args=(person.pk,))).content.decode()
    assert "Byron" in html
    assert signup.shift.opportunity.title in html


def test_a_coordinator_sees_no_gifts(client):
    signed_in(client, "Volunteer coordinators")
    gift = GiftFactory()
    assert_denied(client.get(reverse("donations_gifts:index")))
    assert_denied(client.get(reverse("donations_gifts:inspect", args=(gift.pk,))))
    assert_denied(client.get(reverse("donations_gifts:index"), {"export": "csv"}))
    # and the donor's page has no giving section, and no gift amounts
    assert "giving" not in page_sections(client, gift.constituent)
    html = client.get(reverse("members_constituents:inspect", args=(gift.constituent_id,))).content.decode()
    assert 'id="giving"' not in html
    # and no fundraising figures on the dashboard, but the volunteering ones
    home = client.get(HOME).content.decode()
    assert "fundraising-figures" not in home
    assert "volunteer-figures" in home


def test_fundraisers_see_giving_but_not_the_volunteers_admin(client):
    signed_in(client, "Fundraising staff")
    gift = GiftFactory()
    for url_name in VOLUNTEER_LISTINGS:
        assert_denied(client.get(reverse(url_name)))
    assert_denied(client.get(reverse("volunteers_hours:approve")))
    sections = page_sections(client, gift.constituent)
    assert "giving" in sections
    assert "volunteering" not in sections
    assert "volunteer-figures" not in client.get(HOME).content.decode()


def test_membership_staff_see_volunteering_but_cannot_change_it(client):
    signed_in(client, "Membership staff")
    signup = services.signup_create(shift=make_shift(), constituent=volunteer())
    past = make_shift(starts_in=dt.timedelta(hours=-4))
    reported = services.hours_report(
        signup=services.signup_create(shift=past, constituent=volunteer(), now=past.starts_at - dt.timedelta(days=1)),
        hours="1",
    )
    assert client.get(reverse("volunteers_signups:index")).status_code == 200
    assert "volunteering" in page_sections(client, signup.constituent)
    assert_denied(client.get(reverse("volunteers_shifts:add")))
    assert_denied(client.get(reverse("volunteers_shifts:index")))
    assert_denied(client.post(reverse("volunteers_hours:approve"), {"entries": [reported.pk], "action": "approve"}))
    assert_denied(
        client.post(reverse("volunteers_shifts:inspect", args=(past.pk,)), {"action": "check_in", "signup": signup.pk})
    )
    reported.refresh_from_db()
    assert reported.status == "pending"
