"""Staff groups (created by the members 0002 data migration) see and change only their part of the admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from steward.members.models import Constituent, Interaction, Membership
from tests.admin_helpers import HOME, assert_denied, codenames, signed_in
from tests.factories import (
    IndividualFactory,
    MembershipLevelFactory,
    StaffUserFactory,
    UserFactory,
    make_membership,
)
from tests.members.test_admin_forms import constituent_data, email

pytestmark = pytest.mark.django_db

LOGIN = reverse("wagtailadmin_login")
CONSTITUENTS = reverse("members_constituents:index")


# ---------------------------------------------------------------------------------------------------------
# The groups
# ---------------------------------------------------------------------------------------------------------


def test_the_migration_creates_the_four_staff_groups_with_admin_access():
    # given a migrated database
    # then the four groups exist and each can sign in to the admin
    for name in ["Membership staff", "Fundraising staff", "Volunteer coordinators", "Board"]:
        assert "wagtailadmin.access_admin" in codenames(name), name


def test_membership_staff_permissions_cover_the_members_domain_without_deleting():
    # given the Membership staff group
    granted = codenames("Membership staff")
    # then it adds, changes and views every members model and sees contact details, but deletes nothing
    for model in [
        "constituent",
        "email",
        "membership",
        "membershiplevel",
        "consentrecord",
        "interaction",
        "followuptask",
        "customfield",
        "relationship",
        "relationshiptype",
    ]:
        for action in ["add", "change", "view"]:
            assert f"members.{action}_{model}" in granted
    assert "members.view_constituent_contact" in granted
    assert not {codename for codename in granted if ".delete_" in codename}


def test_fundraising_and_volunteer_staff_view_constituents_and_log_contacts():
    # given the fundraising and volunteer groups
    for name in ["Fundraising staff", "Volunteer coordinators"]:
        granted = codenames(name)
        # then they see constituents and their contact details, and record interactions
        assert {"members.view_constituent", "members.view_constituent_contact", "members.add_interaction"} <= granted
        # but change no constituent and touch no membership
        assert "members.change_constituent" not in granted
        assert not {codename for codename in granted if "membership" in codename}


def test_the_board_has_admin_access_only():
    # given the Board group
    granted = codenames("Board")
    # then it signs in to the admin, and holds no CRM permission and no right to change anything
    # (Wagtail's own migrations add choose_image/choose_document to every group with admin access)
    assert "wagtailadmin.access_admin" in granted
    assert not {codename for codename in granted if codename.startswith("members.")}
    assert not {codename for codename in granted if ".add_" in codename or ".change_" in codename}


def test_every_granted_permission_exists():
    # given the groups
    # then no permission is dangling (each was created by the migration with its content type)
    for group in Group.objects.filter(
        name__in=["Membership staff", "Fundraising staff", "Volunteer coordinators", "Board"]
    ):
        assert Permission.objects.filter(group=group).count() == group.permissions.count() > 0


# ---------------------------------------------------------------------------------------------------------
# Who gets in
# ---------------------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    # given nobody signed in
    # when the constituents listing is requested
    response = client.get(CONSTITUENTS)
    # then the visitor is sent to log in
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_user_without_admin_access_is_redirected(client):
    # given a signed-in portal member (no admin access)
    client.force_login(UserFactory())
    # when they request the admin and the constituents listing
    home = client.get(HOME)
    listing = client.get(CONSTITUENTS)
    # then both send them to the login page
    for response in (home, listing):
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_the_board_cannot_open_constituents_memberships_or_forms(client):
    # given a board member and a constituent
    signed_in(client, "Board")
    person = IndividualFactory()
    membership = make_membership(constituent=person)
    # when they open the dashboard, then CRM pages
    home = client.get(HOME)
    denied = [
        client.get(CONSTITUENTS),
        client.get(reverse("members_constituents:inspect", args=(person.pk,))),
        client.get(reverse("members_constituents:edit", args=(person.pk,))),
        client.get(reverse("members_constituents:add")),
        client.get(CONSTITUENTS, {"export": "csv"}),
        client.get(reverse("members_memberships:index")),
        client.get(reverse("members_memberships:renew", args=(membership.pk,))),
        client.get(reverse("members_constituent_chooser:choose")),
    ]
    # then the dashboard opens, every CRM page is refused, and the Members menu shows them nothing of it
    assert home.status_code == 200
    for response in denied:
        assert_denied(response)
    assert CONSTITUENTS not in home.content.decode()


def test_membership_staff_can_create_and_edit_constituents(client):
    # given Membership staff
    signed_in(client, "Membership staff")
    # when they open the listing and create a person
    listing = client.get(CONSTITUENTS)
    created = client.post(reverse("members_constituents:add"), constituent_data(emails=[email("ada@example.org")]))
    person = Constituent.objects.get(family_name="Lovelace")
    # and then edit her
    edited = client.post(
        reverse("members_constituents:edit", args=(person.pk,)),
        constituent_data(
            given_name="Augusta Ada",
            emails=[email("ada@example.org", primary=True, pk=person.emails.get().pk)],
            initial=(1, 0, 0),
        ),
    )
    # then everything succeeded
    assert listing.status_code == 200
    assert CONSTITUENTS in listing.content.decode()
    assert created.status_code == 302
    assert edited.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Augusta Ada"


def test_membership_staff_run_memberships_but_cannot_delete_people(client):
    # given Membership staff and a constituent
    signed_in(client, "Membership staff")
    person = IndividualFactory()
    level = MembershipLevelFactory()
    # when they add a membership, record a consent, and try to delete the person
    added = client.post(
        reverse("members_constituents:add_membership", args=(person.pk,)), {"level": level.pk, "paid_by": "cash"}
    )
    consent = client.post(
        reverse("members_constituents:record_consent", args=(person.pk,)),
        {"channel": "email", "topic": "events", "granted": "yes", "source": "Event", "wording": "Invite me"},
    )
    delete = client.post(reverse("members_constituents:delete", args=(person.pk,)))
    # then the membership and consent are recorded, the delete refused
    assert added.status_code == 302
    assert Membership.objects.filter(constituent=person).exists()
    assert consent.status_code == 302
    assert person.consent_records.exists()
    assert_denied(delete)
    assert Constituent.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize("group_name", ["Fundraising staff", "Volunteer coordinators"])
def test_fundraising_and_volunteer_staff_can_view_but_not_edit(client, group_name):
    # given a signed-in member of the group and a constituent with an email
    signed_in(client, group_name)
    person = IndividualFactory(given_name="Ada", family_name="Lovelace", email="ada@example.org")
    edit_url = reverse("members_constituents:edit", args=(person.pk,))
    # when they view the listing and the page, then try to edit, add and give a membership
    listing = client.get(CONSTITUENTS)
    page = client.get(reverse("members_constituents:inspect", args=(person.pk,)))
    edit_page = client.get(edit_url)
    edit_post = client.post(edit_url, constituent_data(given_name="Changed"))
    add_page = client.get(reverse("members_constituents:add"))
    membership = client.get(reverse("members_constituents:add_membership", args=(person.pk,)))
    # then viewing works (contact details included) and every change is refused
    assert listing.status_code == 200
    assert "Ada Lovelace" in listing.content.decode()
    assert page.status_code == 200
    assert "ada@example.org" in page.content.decode()
    for response in (edit_page, edit_post, add_page, membership):
        assert_denied(response)
    person.refresh_from_db()
    assert person.given_name == "Ada"
    # and the page offers no edit button
    assert edit_url not in page.content.decode()


def test_fundraising_staff_record_interactions(client):
    # given Fundraising staff and a donor
    user = signed_in(client, "Fundraising staff")
    person = IndividualFactory()
    # when they record a call
    response = client.post(
        reverse("members_constituents:record_interaction", args=(person.pk,)),
        {"kind": "call", "channel": "phone", "subject": "Thank-you call"},
    )
    # then it is recorded as theirs
    assert response.status_code == 302
    assert Interaction.objects.get().staff == user


def test_contact_details_are_hidden_without_the_contact_permission(client):
    # given a staff member who may view constituents but not their contact details
    user = StaffUserFactory()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_constituent", content_type__app_label="members"),
    )
    client.force_login(user)
    person = IndividualFactory(given_name="Ada", family_name="Lovelace", email="ada@example.org")
    # when they open the listing, the page and an export
    listing = client.get(CONSTITUENTS)
    page = client.get(reverse("members_constituents:inspect", args=(person.pk,)))
    export = client.get(CONSTITUENTS, {"export": "csv"})
    # then the person is there but not their email
    assert "Ada Lovelace" in listing.content.decode()
    assert "ada@example.org" not in listing.content.decode()
    assert "You do not have permission to see contact details." in page.content.decode()
    assert "ada@example.org" not in page.content.decode()
    assert "ada@example.org" not in b"".join(export.streaming_content).decode()
