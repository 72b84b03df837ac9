"""The members admin: listings (search, filters, sorting), exports, query counts, the constituent page, deleting."""

import datetime as dt

import pytest
from django.urls import reverse

from steward.core.dates import organisation_today
from steward.members import services
from steward.members.models import Constituent, Membership, MembershipLevel
from tests.admin_helpers import csv_rows, xlsx_rows
from tests.factories import (
    ConsentRecordFactory,
    CustomFieldFactory,
    HouseholdFactory,
    IndividualFactory,
    InteractionFactory,
    MembershipLevelFactory,
    OrganizationFactory,
    RelationshipTypeFactory,
    SuperuserFactory,
    make_membership,
)
from tests.utils import page_query_count

pytestmark = pytest.mark.django_db

CONSTITUENTS = reverse("members_constituents:index")


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory(first_name="Sam", last_name="Staff"))
    return client


def listing_names(response) -> list[str]:
    """The names in the listing's title column, in order."""
    return [str(row.display_name) for row in response.context["object_list"]]


# ---------------------------------------------------------------------------------------------------------
# Constituent listings
# ---------------------------------------------------------------------------------------------------------


def test_constituent_listing_shows_every_kind_with_contact_and_membership(admin_client):
    # given a member with a phone, a household and an organisation
    person = IndividualFactory(given_name="Ada", family_name="Lovelace", email="ada@example.org")
    services.phone_add(constituent=person, number="+66 2 123 4567")
    make_membership(constituent=person, level=MembershipLevelFactory(name="Friend"))
    HouseholdFactory(organization_name="The Lovelace Household")
    OrganizationFactory(organization_name="Analytical Engines Ltd")
    # when staff open the constituents listing
    response = admin_client.get(CONSTITUENTS)
    # then all three are listed with the person's contact details and membership
    assert response.status_code == 200
    assert set(listing_names(response)) == {"Ada Lovelace", "The Lovelace Household", "Analytical Engines Ltd"}
    html = response.content.decode()
    assert "ada@example.org" in html
    assert "+6621234567" in html
    assert "Friend" in html
    assert "Current" in html


def test_empty_constituent_listing_invites_to_add_one(admin_client):
    # given no constituents
    # when staff open the listing
    response = admin_client.get(CONSTITUENTS)
    # then an empty state with a link to add one is shown
    assert "There are no constituents to display" in response.content.decode()
    assert reverse("members_constituents:add") in response.content.decode()


def test_households_and_organisations_listings_show_only_their_kind(admin_client):
    # given one constituent of each kind
    IndividualFactory(given_name="Ada", family_name="Lovelace")
    household = HouseholdFactory(organization_name="The Byron Household")
    IndividualFactory(given_name="Allegra", family_name="Byron", household=household)
    OrganizationFactory(organization_name="Royal Society")
    # when staff open the households and the organisations listings
    households = admin_client.get(reverse("members_households:index"))
    organisations = admin_client.get(reverse("members_organisations:index"))
    # then each shows only its kind, and a household shows how many people it has
    assert listing_names(households) == ["The Byron Household"]
    assert households.context["object_list"][0].member_count == 1
    assert listing_names(organisations) == ["Royal Society"]
    # and adding from the households listing starts a household
    assert reverse("members_constituents:add") + "?kind=household" in households.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lovel", {"Ada Lovelace"}),
        ("ada@example.org", {"Ada Lovelace"}),
        ("+44 20 7946 0000", {"Charles Babbage"}),
        ("nobody", set()),
    ],
)
def test_constituent_search_by_name_email_or_phone(admin_client, query, expected):
    # given two people, one with an email, one with a phone
    IndividualFactory(given_name="Ada", family_name="Lovelace", email="ada@example.org")
    babbage = IndividualFactory(given_name="Charles", family_name="Babbage", email=False)
    services.phone_add(constituent=babbage, number="+44 20 7946 0000")
    # when staff search
    response = admin_client.get(CONSTITUENTS, {"q": query})
    # then the matching constituents are listed
    assert set(listing_names(response)) == expected


def test_constituent_filters_by_kind_and_flags(admin_client):
    # given an individual who does not want email, and an organisation
    IndividualFactory(given_name="Ada", family_name="Lovelace", do_not_email=True)
    IndividualFactory(given_name="Charles", family_name="Babbage")
    OrganizationFactory(organization_name="Royal Society")
    # when staff filter individuals, then people who do not want email
    individuals = admin_client.get(CONSTITUENTS, {"kind": "individual"})
    no_email = admin_client.get(CONSTITUENTS, {"do_not_email": "true"})
    # then each filter keeps only the matching rows
    assert set(listing_names(individuals)) == {"Ada Lovelace", "Charles Babbage"}
    assert listing_names(no_email) == ["Ada Lovelace"]


def test_constituent_filters_by_membership_status_level_and_end_date(admin_client):
    # given a current Friend, a lapsed Patron and someone who never joined
    today = organisation_today()
    friend_level = MembershipLevelFactory(name="Friend", slug="friend")
    patron_level = MembershipLevelFactory(name="Patron", slug="patron", grace_days=0)
    make_membership(constituent=IndividualFactory(given_name="Ada", family_name="Current"), level=friend_level)
    lapsed = make_membership(
        constituent=IndividualFactory(given_name="Bea", family_name="Lapsed"),
        level=patron_level,
        start_date=today - dt.timedelta(days=800),
    )
    services.membership_statuses_refresh(today=today)
    IndividualFactory(given_name="Cy", family_name="Never")
    lapsed.refresh_from_db()
    # when staff filter by status, by level and by when the membership ends
    live = admin_client.get(CONSTITUENTS, {"membership_status": "live"})
    never = admin_client.get(CONSTITUENTS, {"membership_status": "never"})
    expired = admin_client.get(CONSTITUENTS, {"membership_status": "expired"})
    patrons = admin_client.get(CONSTITUENTS, {"membership_level": patron_level.pk})
    ending_soon = admin_client.get(
        CONSTITUENTS,
        {
            "membership_end_from": (today + dt.timedelta(days=300)).isoformat(),
            "membership_end_to": (today + dt.timedelta(days=400)).isoformat(),
        },
    )
    # then each returns the right people
    assert listing_names(live) == ["Ada Current"]
    assert listing_names(never) == ["Cy Never"]
    assert listing_names(expired) == ["Bea Lapsed"]
    assert listing_names(patrons) == ["Bea Lapsed"]
    assert listing_names(ending_soon) == ["Ada Current"]


def test_constituent_filters_by_tag_created_date_and_custom_field(admin_client):
    # given tagged people added on different days, with a custom field value
    CustomFieldFactory(key="shirt_size", label="Shirt size", field_type="choice", choices="S\nM\nL")
    CustomFieldFactory(key="board_member", label="Board member", field_type="boolean")
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace", custom_fields={"shirt_size": "M"})
    ada.tags.add("volunteer")
    ada.save()
    old = IndividualFactory(given_name="Old", family_name="Timer", custom_fields={"board_member": True})
    Constituent.objects.filter(pk=old.pk).update(created_at=dt.datetime(2020, 1, 5, 12, tzinfo=dt.UTC))
    # when staff filter by tag, by the date added and by custom field values
    volunteers = admin_client.get(CONSTITUENTS, {"tags": [ada.tags.get().pk]})
    added_2020 = admin_client.get(CONSTITUENTS, {"created_from": "2020-01-01", "created_to": "2020-01-05"})
    medium = admin_client.get(CONSTITUENTS, {"cf_shirt_size": "M"})
    board = admin_client.get(CONSTITUENTS, {"cf_board_member": "true"})
    # then only the matching people are listed
    assert listing_names(volunteers) == ["Ada Lovelace"]
    assert listing_names(added_2020) == ["Old Timer"]
    assert listing_names(medium) == ["Ada Lovelace"]
    assert listing_names(board) == ["Old Timer"]


def test_constituent_listing_sorts_by_column(admin_client):
    # given three people
    for family in ["Curie", "Ampère", "Bohr"]:
        IndividualFactory(given_name="X", family_name=family)
    # when staff sort by name, then by name descending
    ascending = admin_client.get(CONSTITUENTS)
    descending = admin_client.get(CONSTITUENTS, {"ordering": "-sort_name"})
    # then the order follows
    assert [n.split()[1] for n in listing_names(ascending)] == ["Ampère", "Bohr", "Curie"]
    assert [n.split()[1] for n in listing_names(descending)] == ["Curie", "Bohr", "Ampère"]


def test_constituent_listing_is_paginated(admin_client):
    # given more constituents than fit on a page
    for number in range(27):
        IndividualFactory(given_name=f"Person{number:02}", family_name="Example", email=False)
    # when staff open the first and the second page
    first = admin_client.get(CONSTITUENTS)
    second = admin_client.get(CONSTITUENTS, {"p": 2})
    # then 25 and 2 rows are shown
    assert len(first.context["object_list"]) == 25
    assert len(second.context["object_list"]) == 2
    assert first.context["paginator"].count == 27


# ---------------------------------------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------------------------------------


def test_constituent_csv_export_contains_the_filtered_rows_with_custom_fields(admin_client):
    # given a member with a custom field value, and an organisation
    CustomFieldFactory(key="shirt_size", label="Shirt size", field_type="choice", choices="S\nM")
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace", email="ada@example.org")
    services.constituent_update(constituent=ada, custom_fields={"shirt_size": "S"})
    make_membership(constituent=ada, level=MembershipLevelFactory(name="Friend"))
    OrganizationFactory(organization_name="Royal Society")
    # when staff export the individuals as CSV
    response = admin_client.get(CONSTITUENTS, {"kind": "individual", "export": "csv"})
    # then the file holds the filtered row with its details
    assert response["Content-Disposition"] == 'attachment; filename="constituents.csv"'
    rows = csv_rows(response)
    assert len(rows) == 1
    assert rows[0]["Name"] == "Ada Lovelace"
    assert rows[0]["Kind"] == "Individual"
    assert rows[0]["Email"] == "ada@example.org"
    assert rows[0]["Membership level"] == "Friend"
    assert rows[0]["Membership status"] == "Current"
    assert rows[0]["Shirt size"] == "S"


def test_constituent_xlsx_export_contains_every_row(admin_client):
    # given three constituents, one tagged
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    ada.tags.add("donor", "volunteer")
    ada.save()
    IndividualFactory(given_name="Charles", family_name="Babbage")
    HouseholdFactory(organization_name="The Byron Household")
    # when staff export them as XLSX
    response = admin_client.get(CONSTITUENTS, {"export": "xlsx"})
    # then the workbook has one row each, with real dates and the tags
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = xlsx_rows(response)
    assert {row["Name"] for row in rows} == {"Ada Lovelace", "Charles Babbage", "The Byron Household"}
    ada_row = next(row for row in rows if row["Name"] == "Ada Lovelace")
    assert ada_row["Tags"] == "donor, volunteer"
    assert isinstance(ada_row["Added"], dt.datetime)


def test_membership_exports_list_members_and_levels(admin_client):
    # given two memberships
    make_membership(constituent=IndividualFactory(given_name="Ada", family_name="Lovelace"))
    make_membership(constituent=IndividualFactory(given_name="Charles", family_name="Babbage"))
    # when staff export the memberships as CSV and XLSX
    csv_response = admin_client.get(reverse("members_memberships:index"), {"export": "csv"})
    xlsx_response = admin_client.get(reverse("members_memberships:index"), {"export": "xlsx"})
    # then both hold both members, with the status as people read it
    assert {row["Member"] for row in csv_rows(csv_response)} == {"Ada Lovelace", "Charles Babbage"}
    assert {row["Status"] for row in xlsx_rows(xlsx_response)} == {"Current"}


def test_interaction_and_task_exports(admin_client):
    # given an interaction with a follow-up task
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    services.interaction_record(
        constituent=ada,
        kind="call",
        subject="Thank-you call",
        follow_up_title="Send the annual report",
        follow_up_assignee=SuperuserFactory(username="fundraiser"),
    )
    # when staff export interactions and tasks
    interactions = csv_rows(admin_client.get(reverse("members_interactions:index"), {"export": "csv"}))
    tasks = xlsx_rows(admin_client.get(reverse("members_tasks:index"), {"export": "xlsx"}))
    # then the rows are there
    assert [(row["Constituent"], row["Subject"], row["Kind"]) for row in interactions] == [
        ("Ada Lovelace", "Thank-you call", "Call")
    ]
    assert [(row["Title"], row["Constituent"]) for row in tasks] == [("Send the annual report", "Ada Lovelace")]


# ---------------------------------------------------------------------------------------------------------
# Other listings
# ---------------------------------------------------------------------------------------------------------


def test_membership_listing_filters_and_search(admin_client):
    # given a current and a cancelled membership
    level = MembershipLevelFactory(name="Friend")
    make_membership(constituent=IndividualFactory(given_name="Ada", family_name="Lovelace"), level=level)
    cancelled = make_membership(constituent=IndividualFactory(given_name="Charles", family_name="Babbage"))
    services.membership_cancel(membership=cancelled, reason="Moved abroad")
    url = reverse("members_memberships:index")
    # when staff filter by status, by level, and search by name
    current = admin_client.get(url, {"status": "current"})
    friends = admin_client.get(url, {"level": level.pk})
    found = admin_client.get(url, {"q": "babbage"})
    # then each shows the right membership
    assert [m.constituent.display_name for m in current.context["object_list"]] == ["Ada Lovelace"]
    assert [m.constituent.display_name for m in friends.context["object_list"]] == ["Ada Lovelace"]
    assert [m.constituent.display_name for m in found.context["object_list"]] == ["Charles Babbage"]


def test_interaction_listing_filters_by_kind_and_constituent(admin_client):
    # given two interactions of different kinds with different people
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    InteractionFactory(constituent=ada, kind="meeting", subject="Coffee")
    InteractionFactory(kind="complaint", subject="Late magazine")
    url = reverse("members_interactions:index")
    # when staff filter by kind and by constituent
    meetings = admin_client.get(url, {"kind": "meeting"})
    adas = admin_client.get(url, {"constituent": ada.pk})
    # then only the matching interaction is listed
    assert [i.subject for i in meetings.context["object_list"]] == ["Coffee"]
    assert [i.subject for i in adas.context["object_list"]] == ["Coffee"]


def test_relationship_and_reference_listings(admin_client):
    # given a relationship, a level and a custom field
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    byron = IndividualFactory(given_name="Lord", family_name="Byron")
    services.relationship_create(type=RelationshipTypeFactory(), from_constituent=byron, to_constituent=ada)
    MembershipLevelFactory(name="Patron")
    CustomFieldFactory(label="Dietary needs", key="diet")
    # when staff open each listing
    relationships = admin_client.get(reverse("members_relationships:index"), {"q": "lovelace"})
    levels = admin_client.get(reverse("members_levels:index"))
    types = admin_client.get(reverse("members_relationship_types:index"))
    fields = admin_client.get(reverse("members_custom_fields:index"))
    # then each shows its rows
    assert "Parent of" in relationships.content.decode()
    assert "Patron" in levels.content.decode()
    assert "Child of" in types.content.decode()
    assert "Dietary needs" in fields.content.decode()


def test_my_open_tasks_shows_only_the_signed_in_staff_members_open_tasks(client):
    # given tasks for two staff members, one of them done
    me = SuperuserFactory(username="me")
    someone_else = SuperuserFactory(username="other")
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    services.follow_up_task_create(constituent=ada, title="Mine", due_date=dt.date(2030, 1, 1), assigned_to=me)
    done = services.follow_up_task_create(constituent=ada, title="Done", due_date=dt.date(2030, 1, 1), assigned_to=me)
    services.follow_up_task_set_done(task=done)
    services.follow_up_task_create(
        constituent=ada, title="Theirs", due_date=dt.date(2030, 1, 1), assigned_to=someone_else
    )
    client.force_login(me)
    # when I open "My open tasks" and the task listing filtered to mine
    mine = client.get(reverse("members_tasks:mine"))
    filtered = client.get(reverse("members_tasks:index"), {"mine": "true", "done": "false"})
    # then only my open task is listed
    assert [task.title for task in mine.context["object_list"]] == ["Mine"]
    assert [task.title for task in filtered.context["object_list"]] == ["Mine"]


def test_marking_a_task_done_from_my_tasks(client):
    # given my open task
    me = SuperuserFactory()
    task = services.follow_up_task_create(
        constituent=IndividualFactory(), title="Call back", due_date=dt.date(2030, 1, 1), assigned_to=me
    )
    client.force_login(me)
    # when I mark it done
    response = client.post(reverse("members_tasks:done", args=(task.pk,)))
    # then it is done and I am back on my tasks
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.done
    assert task.done_at is not None


def test_constituent_chooser_searches_by_name_or_email_and_household_chooser_offers_households(admin_client):
    # given a person with an email, and a household with a similar name
    IndividualFactory(given_name="Ada", family_name="Lovelace", email="countess@example.org")
    HouseholdFactory(organization_name="Lovelace family")
    # when staff search the constituent chooser by email, and the household chooser by name
    people = admin_client.get(reverse("members_constituent_chooser:choose_results"), {"q": "countess@example.org"})
    households = admin_client.get(reverse("members_household_chooser:choose_results"), {"q": "lovelace"})
    # then the person is found by email, and the household chooser offers only the household
    assert "Ada Lovelace" in people.content.decode()
    assert "Lovelace family" in households.content.decode()
    assert "Ada Lovelace" not in households.content.decode()


# ---------------------------------------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------------------------------------


def _populate_members(count: int, level: MembershipLevel) -> None:
    user = SuperuserFactory(username="assignee")
    household = HouseholdFactory()
    for number in range(count):
        person = IndividualFactory(given_name=f"Person{number}", family_name="Example", household=household)
        person.tags.add(f"tag{number % 3}")
        person.save()
        services.phone_add(constituent=person, number="+66 2 123 4567")
        services.address_add(constituent=person, line1="1 Main Road", city="Bangkok", postal_code="10110", country="TH")
        make_membership(constituent=person, level=level)
        services.interaction_record(
            constituent=person,
            kind="call",
            subject="Hello",
            staff=user,
            follow_up_title="Call back",
            follow_up_assignee=user,
        )
        services.relationship_create(type=RelationshipTypeFactory(), from_constituent=person, to_constituent=household)


def _populate_reference_rows(count: int) -> None:
    """`count` more rows of the listings _populate_members fills one row of (or none)."""
    for number in range(count):
        HouseholdFactory(organization_name=f"The Example household {count}-{number}")
        OrganizationFactory(organization_name=f"Example Works {count}-{number}")
        MembershipLevelFactory(name=f"Level {count}-{number}", slug=f"level-{count}-{number}")
        RelationshipTypeFactory(
            name=f"Mentor {count}-{number}",
            slug=f"mentor-{count}-{number}",
            forward_label="Mentor of",
            reverse_label="Mentored by",
        )
        CustomFieldFactory(label=f"Field {count}-{number}", key=f"field_{count}_{number}")


LISTINGS = [
    "members_constituents:index",
    "members_households:index",
    "members_memberships:index",
    "members_interactions:index",
    "members_tasks:index",
    "members_relationships:index",
    "members_levels:index",
    "members_organisations:index",
    "members_relationship_types:index",
    "members_custom_fields:index",
]


@pytest.mark.parametrize("url_name", LISTINGS)
def test_listing_query_count_does_not_grow_with_rows(admin_client, url_name, django_assert_max_num_queries):
    # given a small database
    CustomFieldFactory(key="shirt_size", field_type="choice", choices="S\nM")
    level = MembershipLevelFactory(name="Friend")
    _populate_members(2, level)
    _populate_reference_rows(2)
    url = reverse(url_name)
    admin_client.get(url)  # warm the content type and site caches
    small = page_query_count(admin_client, url)
    assert admin_client.get(url).context["object_list"], "the listing must show rows, or the count proves nothing"
    # when it grows beyond a page of rows
    _populate_members(30, level)
    _populate_reference_rows(30)
    large = page_query_count(admin_client, url)
    # then a listing page costs the same number of queries, and few of them
    assert large == small
    with django_assert_max_num_queries(20):
        admin_client.get(url)


def test_filtered_and_searched_constituent_listing_query_count_is_constant(admin_client):
    # given a small database, then a larger one
    level = MembershipLevelFactory(name="Friend")
    params = {"q": "Example", "membership_status": "live", "tags": [], "ordering": "-membership_end"}
    _populate_members(2, level)
    admin_client.get(CONSTITUENTS, params)
    small = page_query_count(admin_client, CONSTITUENTS, params)
    _populate_members(30, level)
    # when the same filtered, searched, sorted page is requested
    large = page_query_count(admin_client, CONSTITUENTS, params)
    # then it costs the same
    assert large == small


# ---------------------------------------------------------------------------------------------------------
# The constituent page
# ---------------------------------------------------------------------------------------------------------


def test_constituent_page_shows_every_section(admin_client):
    # given a person with everything: household, contact details, relationship, membership, interaction,
    # open task, consent, custom field and a change in the audit history
    staff = SuperuserFactory(username="caseworker", first_name="Casey", last_name="Worker")
    CustomFieldFactory(key="shirt_size", label="Shirt size", field_type="choice", choices="S\nM")
    household = HouseholdFactory(organization_name="The Lovelace Household")
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace", email="ada@example.org", household=household)
    IndividualFactory(given_name="Byron", family_name="Lovelace", household=household)
    services.constituent_update(constituent=ada, custom_fields={"shirt_size": "M"}, source="Gala 2024")
    services.phone_add(constituent=ada, number="+66 2 123 4567")
    services.address_add(constituent=ada, line1="1 Sukhumvit Road", city="Bangkok", postal_code="10110", country="TH")
    babbage = IndividualFactory(given_name="Charles", family_name="Babbage")
    services.relationship_create(
        type=RelationshipTypeFactory(
            name="Colleague", slug="colleague", forward_label="Colleague of", reverse_label="Colleague of"
        ),
        from_constituent=babbage,
        to_constituent=ada,
    )
    make_membership(constituent=ada, level=MembershipLevelFactory(name="Friend"))
    services.interaction_record(
        constituent=ada,
        kind="meeting",
        subject="Coffee at the museum",
        staff=staff,
        follow_up_title="Send the gala photos",
        follow_up_due=dt.date(2030, 5, 1),
        follow_up_assignee=staff,
    )
    ConsentRecordFactory(constituent=ada, channel="email", topic="newsletter", granted=True, source="Gala sign-up")
    # when staff open the constituent page
    response = admin_client.get(reverse("members_constituents:inspect", args=(ada.pk,)))
    # then every section is there with its content
    assert response.status_code == 200
    html = response.content.decode()
    for heading in [
        "Details",
        "Custom fields",
        "Contact details",
        "Household",
        "Relationships",
        "Memberships",
        "Interactions and tasks",
        "Consents",
        "Timeline",
    ]:
        assert f">{heading}<" in html or f"{heading}</" in html, heading
    assert "Gala 2024" in html  # details
    assert "Shirt size" in html  # custom fields
    assert "ada@example.org" in html
    assert "+66 2 123 4567" in html
    assert "1 Sukhumvit Road" in html
    assert "The Lovelace Household" in html
    assert "Byron Lovelace" in html
    assert "Colleague of" in html
    assert "Charles Babbage" in html
    assert "Friend" in html
    assert "Paid until" in html
    assert "Coffee at the museum" in html
    assert "Send the gala photos" in html
    assert "Gala sign-up" in html  # the consent ledger
    assert "Record changed" in html
    assert "Source: — → Gala 2024" in html  # the changed field by its label, not "source"
    assert "Casey Worker" in html


def test_constituent_page_of_an_empty_record_shows_empty_states(admin_client):
    # given an organisation with nothing recorded
    org = OrganizationFactory(organization_name="Royal Society")
    # when staff open its page
    response = admin_client.get(reverse("members_constituents:inspect", args=(org.pk,)))
    # then each section says it is empty rather than showing blank tables
    html = response.content.decode()
    assert "No memberships yet." in html
    assert "No interactions recorded yet." in html
    assert "No consent has been recorded yet." in html
    assert "No relationships recorded." in html


def test_constituent_page_sections_can_be_extended_by_a_hook(admin_client):
    # given another app registering a section through the hook (as donations will)
    from wagtail import hooks

    from steward.core.admin_sections import ConstituentSection

    class GivingSection(ConstituentSection):
        order = 600
        heading = "Giving"
        section_id = "giving"
        template_name = "members/admin/sections/custom_fields.html"

        def get_section_context(self):
            return {"rows": [("Lifetime giving", "1,000 USD")], "retired": []}

    def add_giving(request, constituent, sections):
        sections.append(GivingSection(request, constituent))

    ada = IndividualFactory()
    with hooks.register_temporarily("construct_constituent_sections", add_giving):
        # when the page is opened
        response = admin_client.get(reverse("members_constituents:inspect", args=(ada.pk,)))
    # then the section is shown between memberships and interactions
    html = response.content.decode()
    assert "Lifetime giving" in html
    assert html.index("memberships-section") < html.index("giving-section") < html.index("interactions-section")


def test_constituent_page_shows_the_latest_interactions_and_links_to_the_rest(admin_client):
    # given a constituent with 25 interactions
    ada = IndividualFactory()
    for number in range(25):
        InteractionFactory(constituent=ada, subject=f"Call number {number:02}")
    # when staff open the page
    response = admin_client.get(reverse("members_constituents:inspect", args=(ada.pk,)))
    # then 20 are shown, with a link to the full, filtered listing
    html = response.content.decode()
    section = html[html.index('id="interactions-section"') : html.index('id="consents-section"')]
    assert section.count("Call number") == 20
    assert reverse("members_interactions:index") + f"?constituent={ada.pk}" in html


def test_constituent_page_query_count_does_not_grow_with_interactions_tasks_and_consents(admin_client):
    # given a constituent with a few interactions, tasks and consents
    staff = SuperuserFactory(username="caseworker")
    ada = IndividualFactory()

    def add_activity(count):
        for number in range(count):
            services.interaction_record(
                constituent=ada,
                kind="call",
                subject=f"Call {number}",
                staff=staff,
                follow_up_title=f"Task {number}",
                follow_up_assignee=staff,
            )
            ConsentRecordFactory(constituent=ada, topic="events", granted=bool(number % 2))

    add_activity(2)
    url = reverse("members_constituents:inspect", args=(ada.pk,))
    admin_client.get(url)
    small = page_query_count(admin_client, url)
    # when many more are recorded
    add_activity(30)
    # then the page costs the same number of queries
    assert page_query_count(admin_client, url) == small


# ---------------------------------------------------------------------------------------------------------
# Deleting
# ---------------------------------------------------------------------------------------------------------


def test_a_member_cannot_be_deleted_and_staff_are_told_why(admin_client):
    # given a constituent with a membership
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    make_membership(constituent=ada)
    url = reverse("members_constituents:delete", args=(ada.pk,))
    # when staff open the delete page, then confirm anyway
    page = admin_client.get(url)
    response = admin_client.post(url, follow=True)
    # then the page explains, the delete is refused with a message, and the record is still there
    assert "cannot be deleted: membership history must be kept" in page.content.decode()
    assert "Yes, delete" not in page.content.decode()
    assert response.status_code == 200
    assert "has memberships and cannot be deleted" in response.content.decode()
    assert Constituent.objects.filter(pk=ada.pk).exists()


def test_a_constituent_without_memberships_is_deleted(admin_client):
    # given a constituent with contact details and an interaction but no membership
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    InteractionFactory(constituent=ada)
    # when staff confirm the delete
    response = admin_client.post(reverse("members_constituents:delete", args=(ada.pk,)))
    # then it is gone and staff are back on the listing
    assert response.status_code == 302
    assert not Constituent.objects.filter(pk=ada.pk).exists()


def test_a_level_in_use_cannot_be_deleted(admin_client):
    # given a level with a membership
    level = MembershipLevelFactory(name="Friend")
    make_membership(level=level)
    url = reverse("members_levels:delete", args=(level.pk,))
    # when staff try to delete it
    page = admin_client.get(url)
    response = admin_client.post(url, follow=True)
    # then they are told why, and nothing is deleted
    assert "Memberships still refer to it." in page.content.decode()
    assert "cannot be deleted" in response.content.decode()
    assert MembershipLevel.objects.filter(pk=level.pk).exists()


def test_memberships_are_cancelled_not_deleted(admin_client):
    # given a membership
    membership = make_membership()
    # when staff post to its delete page
    response = admin_client.post(reverse("members_memberships:delete", args=(membership.pk,)), follow=True)
    # then it is still there and staff are told to cancel instead
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "cancel it instead" in response.content.decode()
