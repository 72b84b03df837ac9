"""Admin forms: the constituent form with its contact details and custom fields, and the forms that call
services (interactions, consents, memberships, relationships, tasks). Bad input gives field errors, never a 500,
and changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from steward.core.dates import organisation_today
from steward.members import services
from steward.members.models import (
    ConsentRecord,
    Constituent,
    Email,
    FollowUpTask,
    Interaction,
    Membership,
    MembershipTerm,
    Phone,
    Relationship,
)
from tests.factories import (
    CustomFieldFactory,
    HouseholdFactory,
    IndividualFactory,
    MembershipLevelFactory,
    RelationshipTypeFactory,
    SuperuserFactory,
    make_membership,
)

pytestmark = pytest.mark.django_db

ADD = reverse("members_constituents:add")


@pytest.fixture
def staff(client):
    user = SuperuserFactory(username="staff", first_name="Sam", last_name="Staff")
    client.force_login(user)
    return user


def constituent_data(*, emails=(), phones=(), addresses=(), initial=(0, 0, 0), **fields):
    """POST data of the constituent form, contact details as inline formsets."""
    data = {
        "kind": "individual",
        "title": "",
        "given_name": "Ada",
        "middle_name": "",
        "family_name": "Lovelace",
        "preferred_name": "",
        "organization_name": "",
        "household": "",
        "birth_date": "",
        "pronouns": "",
        "gender": "",
        "source": "",
        "tags": "",
        "notes": "",
        "deceased_date": "",
        "emails": inline_formset(list(emails), initial=initial[0]),
        "phones": inline_formset(list(phones), initial=initial[1]),
        "addresses": inline_formset(list(addresses), initial=initial[2]),
    }
    data.update(fields)
    return nested_form_data(data)


def email(address, *, primary=False, kind="home", pk=""):
    return {"address": address, "kind": kind, "is_primary": "on" if primary else "", "id": str(pk)}


def phone(number, *, primary=False, kind="mobile", pk=""):
    return {"number": number, "kind": kind, "is_primary": "on" if primary else "", "id": str(pk)}


def address(*, line1="1 Sukhumvit Road", city="Bangkok", postal_code="10110", country="TH", primary=False, pk=""):
    return {
        "kind": "home",
        "line1": line1,
        "line2": "",
        "city": city,
        "region": "",
        "postal_code": postal_code,
        "country": country,
        "is_primary": "on" if primary else "",
        "id": str(pk),
    }


def field_errors(response) -> dict[str, list[str]]:
    """The errors of the main form and of every contact formset, keyed 'field' or 'emails-0-field'."""
    form = response.context["form"]
    errors = {name: list(messages) for name, messages in form.errors.items()}
    for relation, formset in form.formsets.items():
        for index, child in enumerate(formset.forms):
            for name, messages in child.errors.items():
                errors[f"{relation}-{index}-{name}"] = list(messages)
        if formset.non_form_errors():
            errors[f"{relation}-__all__"] = list(formset.non_form_errors())
    return errors


# ---------------------------------------------------------------------------------------------------------
# Creating and editing a constituent
# ---------------------------------------------------------------------------------------------------------


def test_staff_create_a_person_with_contact_details_tags_and_household(client, staff):
    # given a household
    household = HouseholdFactory(organization_name="The Lovelace Household")
    # when staff submit the form with two emails, a phone, an address and tags
    response = client.post(
        ADD,
        constituent_data(
            household=str(household.pk),
            tags="donor, volunteer",
            birth_date="1815-12-10",
            emails=[email("ada@example.org", primary=True), email("ada@work.example", kind="work")],
            phones=[phone("+66 2 123 4567")],
            addresses=[address()],
        ),
    )
    # then the person exists with everything, the first phone and address became primary,
    # and staff land on the new constituent's page
    person = Constituent.objects.get(family_name="Lovelace")
    assert response.status_code == 302
    assert response["Location"] == reverse("members_constituents:inspect", args=(person.pk,))
    assert person.display_name == "Ada Lovelace"
    assert person.household == household
    assert person.birth_date == dt.date(1815, 12, 10)
    assert sorted(person.tags.names()) == ["donor", "volunteer"]
    assert [(e.address, e.is_primary) for e in person.emails.all()] == [
        ("ada@example.org", True),
        ("ada@work.example", False),
    ]
    assert [(str(p.number), p.is_primary) for p in person.phones.all()] == [("+6621234567", True)]
    assert person.addresses.get().is_primary
    # and the audit history knows who did it
    assert person.history.first().history_user == staff


def test_household_form_preset_from_the_households_listing(client, staff):
    # given staff clicked "Add household" on the households listing
    page = client.get(ADD + "?kind=household")
    # when they submit a household name
    response = client.post(
        ADD + "?kind=household",
        constituent_data(kind="household", given_name="", family_name="", organization_name="The Curie Household"),
    )
    # then the form started as a household and the household is created
    assert page.context["form"].initial["kind"] == "household"
    assert response.status_code == 302
    assert Constituent.objects.get(organization_name="The Curie Household").kind == Constituent.Kind.HOUSEHOLD


@pytest.mark.parametrize(
    ("fields", "contacts", "error_key", "message"),
    [
        ({}, {"emails": [email("not-an-email", primary=True)]}, "emails-0-address", "valid email"),
        ({}, {"phones": [phone("12345", primary=True)]}, "phones-0-number", "not a valid phone number"),
        ({}, {"addresses": [address(postal_code="ABC")]}, "addresses-0-postal_code", "not a valid postcode"),
        ({}, {"addresses": [address(country="ZZ")]}, "addresses-0-country", "not a known country code"),
        ({"birth_date": "31/02/1990"}, {}, "birth_date", "valid date"),
        ({"birth_date": "2999-01-01"}, {}, "birth_date", "cannot be in the future"),
        ({"given_name": "", "family_name": ""}, {}, "given_name", "Give at least a given name"),
        ({"kind": "organization", "organization_name": ""}, {}, "organization_name", "needs a name"),
        ({"deceased_date": "2020-01-01"}, {}, "deceased_date", "Tick 'deceased'"),
    ],
)
def test_bad_input_gives_a_field_error_and_creates_nothing(client, staff, fields, contacts, error_key, message):
    # given the constituent form filled with one bad value
    data = constituent_data(**contacts, **fields)
    # when staff submit it
    response = client.post(ADD, data)
    # then the form is shown again with the error on that field, and nothing is written
    assert response.status_code == 200
    errors = field_errors(response)
    assert error_key in errors, errors
    assert any(message in error for error in errors[error_key]), errors[error_key]
    assert not Constituent.objects.exists()
    assert not Email.objects.exists()


def test_two_primary_emails_are_refused_with_a_message(client, staff):
    # given two emails both marked primary
    data = constituent_data(emails=[email("a@example.org", primary=True), email("b@example.org", primary=True)])
    # when staff submit the form
    response = client.post(ADD, data)
    # then they are told to keep one primary, and nothing is written
    errors = field_errors(response)
    assert response.status_code == 200
    assert errors["emails-__all__"] == ["Mark only one email address as primary; untick the others."]
    assert errors["emails-1-is_primary"] == ["Only one email address can be primary."]
    assert not Constituent.objects.exists()


def test_the_same_email_twice_is_refused(client, staff):
    # given the same address twice, in different case
    data = constituent_data(emails=[email("ada@example.org", primary=True), email("ADA@example.org")])
    # when staff submit the form
    response = client.post(ADD, data)
    # then the duplicate is pointed out
    assert response.status_code == 200
    assert "This email address is listed twice." in field_errors(response)["emails-1-address"]
    assert not Constituent.objects.exists()


def test_moving_the_primary_email_to_another_address_saves(client, staff):
    # given a person whose first email is primary
    person = IndividualFactory(given_name="Ada", family_name="Lovelace", email="first@example.org")
    second = services.email_add(constituent=person, address="second@example.org")
    first = person.emails.get(address="first@example.org")
    # when staff tick the second one as primary instead (and untick the first)
    response = client.post(
        reverse("members_constituents:edit", args=(person.pk,)),
        constituent_data(
            emails=[email("first@example.org", pk=first.pk), email("second@example.org", primary=True, pk=second.pk)],
            initial=(2, 0, 0),
        ),
    )
    # then the change is saved without breaking the one-primary rule
    assert response.status_code == 302
    assert list(person.emails.filter(is_primary=True).values_list("address", flat=True)) == ["second@example.org"]


def test_removing_the_primary_phone_makes_the_remaining_one_primary(client, staff):
    # given a person with two phones, the first primary
    person = IndividualFactory(given_name="Ada", family_name="Lovelace", email=False)
    first = services.phone_add(constituent=person, number="+66 2 123 4567")
    second = services.phone_add(constituent=person, number="+44 20 7946 0000")
    # when staff delete the primary one
    data = constituent_data(
        phones=[phone("+66 2 123 4567", primary=True, pk=first.pk), phone("+44 20 7946 0000", pk=second.pk)],
        initial=(0, 2, 0),
    )
    data["phones-0-DELETE"] = "1"
    response = client.post(reverse("members_constituents:edit", args=(person.pk,)), data)
    # then the remaining phone is the primary one
    assert response.status_code == 302
    assert [(p.pk, p.is_primary) for p in Phone.objects.filter(constituent=person)] == [(second.pk, True)]


def test_edit_form_shows_and_saves_custom_fields(client, staff):
    # given custom fields of each type, one required
    CustomFieldFactory(key="shirt_size", label="Shirt size", field_type="choice", choices="S\nM\nL", required=True)
    CustomFieldFactory(key="joined_year", label="Joined in", field_type="number")
    CustomFieldFactory(key="first_event", label="First event", field_type="date")
    CustomFieldFactory(key="is_alumnus", label="Alumnus", field_type="boolean")
    CustomFieldFactory(key="old_field", label="Retired", active=False)
    person = IndividualFactory(given_name="Ada", family_name="Lovelace", email=False, custom_fields={"old_field": "x"})
    url = reverse("members_constituents:edit", args=(person.pk,))
    # when staff open the edit form, then fill the custom fields in
    page = client.get(url)
    response = client.post(
        url,
        constituent_data(
            custom__shirt_size="M",
            custom__joined_year="1998",
            custom__first_event="2001-09-01",
            custom__is_alumnus="yes",
        ),
    )
    # then the form had one field per active definition, and the values are stored in their types,
    # with the retired field's value kept
    assert "Shirt size" in page.content.decode()
    assert "Retired" not in page.content.decode()
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.custom_fields == {
        "shirt_size": "M",
        "joined_year": 1998,
        "first_event": "2001-09-01",
        "is_alumnus": True,
        "old_field": "x",
    }


@pytest.mark.parametrize(
    ("values", "error_key", "message"),
    [
        ({"custom__joined_year": "1998"}, "custom__shirt_size", "required"),
        ({"custom__shirt_size": "XXL"}, "custom__shirt_size", "Select a valid choice"),
        ({"custom__shirt_size": "M", "custom__joined_year": "many"}, "custom__joined_year", "Enter a number"),
        ({"custom__shirt_size": "M", "custom__first_event": "2001-13-45"}, "custom__first_event", "valid date"),
    ],
)
def test_invalid_custom_field_values_give_field_errors(client, staff, values, error_key, message):
    # given custom fields, one required
    CustomFieldFactory(key="shirt_size", label="Shirt size", field_type="choice", choices="S\nM", required=True)
    CustomFieldFactory(key="joined_year", label="Joined in", field_type="number")
    CustomFieldFactory(key="first_event", label="First event", field_type="date")
    person = IndividualFactory(email=False)
    # when staff submit a bad value
    response = client.post(reverse("members_constituents:edit", args=(person.pk,)), constituent_data(**values))
    # then that field carries the error and nothing is stored
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response)[error_key])
    person.refresh_from_db()
    assert person.custom_fields == {}


# ---------------------------------------------------------------------------------------------------------
# Actions on the constituent page (services)
# ---------------------------------------------------------------------------------------------------------


def test_record_an_interaction_with_a_follow_up_task(client, staff):
    # given a constituent
    ada = IndividualFactory(given_name="Ada", family_name="Lovelace")
    url = reverse("members_constituents:record_interaction", args=(ada.pk,))
    # when staff record a call with a follow-up task for themselves
    response = client.post(
        url,
        {
            "kind": "call",
            "channel": "phone",
            "subject": "Thank-you call",
            "body": "Loved the gala.",
            "occurred_at": "",
            "follow_up_title": "Send the photos",
            "follow_up_due": "2030-05-01",
            "follow_up_assignee": "",
        },
    )
    # then the interaction and the task exist, both by this staff member, and staff are back on the page
    assert response.status_code == 302
    assert response["Location"] == reverse("members_constituents:inspect", args=(ada.pk,))
    interaction = Interaction.objects.get()
    assert (interaction.constituent, interaction.staff, interaction.subject) == (ada, staff, "Thank-you call")
    task = FollowUpTask.objects.get()
    assert (task.title, task.assigned_to, task.due_date, task.interaction) == (
        "Send the photos",
        staff,
        dt.date(2030, 5, 1),
        interaction,
    )


@pytest.mark.parametrize(
    ("data", "error_key"),
    [
        ({"kind": "call", "channel": "phone", "subject": ""}, "subject"),
        ({"kind": "shout", "channel": "phone", "subject": "Hi"}, "kind"),
        ({"kind": "call", "channel": "phone", "subject": "Hi", "occurred_at": "yesterday-ish"}, "occurred_at"),
        ({"kind": "call", "channel": "phone", "subject": "Hi", "follow_up_due": "2030-01-01"}, "follow_up_title"),
    ],
)
def test_invalid_interaction_gives_field_errors(client, staff, data, error_key):
    # given a constituent
    ada = IndividualFactory()
    # when staff submit a bad interaction
    response = client.post(reverse("members_constituents:record_interaction", args=(ada.pk,)), data)
    # then the field has an error and nothing is recorded
    assert response.status_code == 200
    assert error_key in response.context["form"].errors
    assert not Interaction.objects.exists()


def test_record_a_consent_appends_to_the_ledger(client, staff):
    # given a constituent who opted in to the newsletter by email
    ada = IndividualFactory()
    services.consent_record(
        constituent=ada, channel="email", topic="newsletter", granted=True, source="web", wording="Yes please"
    )
    # when staff record, from a phone call, that she withdrew
    response = client.post(
        reverse("members_constituents:record_consent", args=(ada.pk,)),
        {
            "channel": "email",
            "topic": "newsletter",
            "granted": "no",
            "source": "Phone call",
            "wording": "Would you like to keep receiving our newsletter by email?",
            "recorded_at": "",
        },
    )
    # then a second ledger entry exists, by this staff member, and the current consent is a no
    assert response.status_code == 302
    assert ConsentRecord.objects.filter(constituent=ada).count() == 2
    latest = ConsentRecord.objects.filter(constituent=ada).first()
    assert (latest.granted, latest.source, latest.recorded_by) == (False, "Phone call", staff)


def test_a_consent_without_wording_is_refused(client, staff):
    # given a constituent
    ada = IndividualFactory()
    # when staff leave out the wording and the source
    response = client.post(
        reverse("members_constituents:record_consent", args=(ada.pk,)),
        {"channel": "email", "topic": "newsletter", "granted": "yes", "source": " ", "wording": " "},
    )
    # then both fields are in error and the ledger is empty
    assert response.status_code == 200
    assert {"source", "wording"} <= set(response.context["form"].errors)
    assert not ConsentRecord.objects.exists()


def test_add_a_membership_from_the_constituent_page_creates_its_first_term(client, staff):
    # given a constituent and a level
    ada = IndividualFactory()
    level = MembershipLevelFactory(name="Friend", price=Decimal("40.00"))
    # when staff add a complimentary membership starting on 1 March
    response = client.post(
        reverse("members_constituents:add_membership", args=(ada.pk,)),
        {"level": level.pk, "start_date": "2026-03-01", "amount": "0", "paid_by": "complimentary"},
    )
    # then the membership exists with its first term, created by the service
    assert response.status_code == 302
    membership = Membership.objects.get(constituent=ada)
    term = membership.terms.get()
    assert (term.start_date, term.end_date, term.amount, term.paid_by) == (
        dt.date(2026, 3, 1),
        dt.date(2027, 2, 28),
        Decimal("0.00"),
        "complimentary",
    )
    assert (membership.start_date, membership.end_date) == (dt.date(2026, 3, 1), dt.date(2027, 2, 28))


def test_a_duplicate_membership_is_refused_on_the_level_field(client, staff):
    # given a constituent who already has a current Friend membership
    ada = IndividualFactory()
    level = MembershipLevelFactory(name="Friend")
    make_membership(constituent=ada, level=level)
    # when staff try to add the same level again
    response = client.post(
        reverse("members_constituents:add_membership", args=(ada.pk,)),
        {"level": level.pk, "start_date": "", "amount": "", "paid_by": "card"},
    )
    # then the service's refusal is shown on the level field, and no second membership exists
    assert response.status_code == 200
    assert "renew it instead" in response.context["form"].errors["level"][0]
    assert Membership.objects.filter(constituent=ada).count() == 1


@pytest.mark.parametrize(
    ("data", "error_key"),
    [
        ({"level": "", "paid_by": "card"}, "level"),
        ({"level": "LEVEL", "paid_by": "card", "amount": "-5"}, "amount"),
        ({"level": "LEVEL", "paid_by": "card", "start_date": "2026-02-30"}, "start_date"),
        ({"level": "LEVEL", "paid_by": "bitcoin"}, "paid_by"),
    ],
)
def test_invalid_membership_input_gives_field_errors(client, staff, data, error_key):
    # given a constituent and a level
    ada = IndividualFactory()
    level = MembershipLevelFactory()
    data = {key: (str(level.pk) if value == "LEVEL" else value) for key, value in data.items()}
    # when staff submit bad membership data
    response = client.post(reverse("members_constituents:add_membership", args=(ada.pk,)), data)
    # then the field is in error and no membership exists
    assert response.status_code == 200
    assert error_key in response.context["form"].errors
    assert not Membership.objects.exists()


def test_add_a_membership_from_the_memberships_listing(client, staff):
    # given a constituent and a level
    ada = IndividualFactory()
    level = MembershipLevelFactory(name="Patron")
    # when staff use the memberships "Add" form, naming the member
    response = client.post(
        reverse("members_memberships:add"),
        {"constituent": ada.pk, "level": level.pk, "paid_by": "card", "auto_renew": "on"},
    )
    # then the membership is created by the service, with a term, and staff see it
    membership = Membership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members_memberships:inspect", args=(membership.pk,))
    assert membership.auto_renew
    assert membership.terms.count() == 1


def test_renew_a_membership_adds_the_next_term(client, staff):
    # given a current annual membership
    start = organisation_today() - dt.timedelta(days=100)
    membership = make_membership(start_date=start, today=organisation_today())
    first_end = membership.end_date
    # when staff renew it, paid by cheque
    response = client.post(
        reverse("members_memberships:renew", args=(membership.pk,)), {"amount": "45.00", "paid_by": "cheque"}
    )
    # then a second term follows the first without a gap
    assert response.status_code == 302
    term = MembershipTerm.objects.filter(membership=membership).order_by("-start_date").first()
    assert term.start_date == first_end + dt.timedelta(days=1)
    assert (term.amount, term.paid_by) == (Decimal("45.00"), "cheque")
    membership.refresh_from_db()
    assert membership.end_date == term.end_date


def test_cancel_a_membership_keeps_its_terms(client, staff):
    # given a membership
    membership = make_membership()
    # when staff cancel it with a reason
    response = client.post(reverse("members_memberships:cancel", args=(membership.pk,)), {"reason": "Moved abroad"})
    # then it is cancelled, its terms kept
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert membership.cancellation_reason == "Moved abroad"
    assert membership.terms.count() == 1


def test_renewing_a_cancelled_membership_shows_the_services_reason(client, staff):
    # given a cancelled membership
    membership = make_membership()
    services.membership_cancel(membership=membership)
    # when staff try to renew it
    response = client.post(reverse("members_memberships:renew", args=(membership.pk,)), {"paid_by": "card"})
    # then the form explains why and no term is added
    assert response.status_code == 200
    assert "cannot be renewed" in response.content.decode()
    assert membership.terms.count() == 1


def test_membership_edit_turns_auto_renew_on_through_the_service(client, staff):
    # given a membership without automatic renewal
    membership = make_membership()
    # when staff tick auto-renew on the edit form
    response = client.post(reverse("members_memberships:edit", args=(membership.pk,)), {"auto_renew": "on"})
    # then it is on
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.auto_renew


def test_create_a_relationship_through_the_service(client, staff):
    # given two people and a relationship type
    ada, byron = IndividualFactory(), IndividualFactory()
    parent = RelationshipTypeFactory()
    # when staff link them
    response = client.post(
        reverse("members_relationships:add"),
        {"from_constituent": byron.pk, "type": parent.pk, "to_constituent": ada.pk},
    )
    # then the relationship exists
    assert response.status_code == 302
    assert Relationship.objects.filter(from_constituent=byron, to_constituent=ada, type=parent).exists()


@pytest.mark.parametrize("case", ["self", "end_before_start"])
def test_invalid_relationships_are_refused(client, staff, case):
    # given a person and a type
    ada, byron = IndividualFactory(), IndividualFactory()
    data = {"from_constituent": ada.pk, "type": RelationshipTypeFactory().pk, "to_constituent": byron.pk}
    if case == "self":
        data["to_constituent"] = ada.pk
    else:
        data.update(start_date="2020-01-01", end_date="2019-01-01")
    # when staff submit it
    response = client.post(reverse("members_relationships:add"), data)
    # then a field error is shown and nothing is created
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Relationship.objects.exists()


def test_create_a_task_for_another_staff_member_and_tick_it_off_on_edit(client, staff):
    # given a constituent and a colleague
    colleague = SuperuserFactory(username="colleague")
    ada = IndividualFactory()
    # when staff create a task for the colleague
    client.post(
        reverse("members_tasks:add"),
        {"constituent": ada.pk, "title": "Call back", "due_date": "2030-01-01", "assigned_to": colleague.pk},
    )
    task = FollowUpTask.objects.get()
    # and later tick it off on its edit form
    response = client.post(
        reverse("members_tasks:edit", args=(task.pk,)),
        {"title": "Call back", "due_date": "2030-01-01", "assigned_to": colleague.pk, "done": "on"},
    )
    # then the task was assigned to the colleague and is done, with its done time
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assigned_to == colleague
    assert task.done
    assert task.done_at is not None


def test_a_custom_field_key_cannot_change_once_created(client, staff):
    # given a custom field
    field = CustomFieldFactory(key="shirt_size", label="Shirt size")
    # when staff try to change its key on the edit form
    response = client.post(
        reverse("members_custom_fields:edit", args=(field.pk,)),
        {
            "label": "T-shirt size",
            "key": "tshirt",
            "field_type": "text",
            "choices": "",
            "help_text": "",
            "sort_order": "0",
            "active": "on",
        },
    )
    # then the label changed but the key did not
    assert response.status_code == 302
    field.refresh_from_db()
    assert (field.label, field.key) == ("T-shirt size", "shirt_size")
