"""Constituents, contact details, relationships, consents, custom fields, interactions and the audit history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from steward.core.dates import organisation_today
from steward.members import selectors, services
from steward.members.models import (
    Address,
    ConsentRecord,
    Constituent,
    CustomField,
    Email,
    FollowUpTask,
    Phone,
    Relationship,
)
from steward.members.timeline import timeline_page, timeline_sources
from tests.factories import (
    CustomFieldFactory,
    HouseholdFactory,
    IndividualFactory,
    OrganizationFactory,
    RelationshipTypeFactory,
    StaffUserFactory,
    make_membership,
)
from tests.utils import error_codes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "family", "display", "sort"),
    [
        ("สมชาย", "ใจดี", "สมชาย ใจดี", "ใจดี, สมชาย"),  # Thai
        ("Батбаяр", "Дорж", "Батбаяр Дорж", "дорж, батбаяр"),  # Mongolian Cyrillic
        ("美玲", "陳", "陳美玲", "陳美玲"),  # Chinese: family name first, no space
        ("Ada", "Lovelace", "Ada Lovelace", "lovelace, ada"),
    ],
)
def test_names_in_any_script(given, family, display, sort):
    person = services.constituent_create(given_name=given, family_name=family)
    person.refresh_from_db()
    assert person.display_name == display
    assert person.sort_name == sort


def test_preferred_name_is_shown():
    person = services.constituent_create(given_name="Margaret", preferred_name="Peggy", family_name="Hill")
    assert person.display_name == "Peggy Hill"


def test_individual_needs_a_name_and_an_organisation_needs_its_name():
    with pytest.raises(ValidationError) as error:
        services.constituent_create(given_name="")
    assert "given_name" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.constituent_create(kind=Constituent.Kind.ORGANIZATION)
    assert "organization_name" in error.value.error_dict
    assert Constituent.objects.count() == 0


def test_unknown_field_is_refused():
    with pytest.raises(ValidationError) as error:
        services.constituent_create(given_name="A", favourite_colour="blue")
    assert "unknown_field" in error_codes(error.value)


def test_future_birth_date_is_refused():
    with pytest.raises(ValidationError) as error:
        services.constituent_create(given_name="A", birth_date=organisation_today() + dt.timedelta(days=1))
    assert "birth_date" in error.value.error_dict


def test_contact_details_first_is_primary_and_switching_primary():
    # given a person created with two emails, a phone and an address
    person = services.constituent_create(
        given_name="Nok",
        family_name="Srisai",
        emails=["nok@example.org", "nok@work.example"],
        phones=["+66 81 234 5678"],
        addresses=[{"line1": "99 Sukhumvit Rd", "city": "Bangkok", "postal_code": "10110", "country": "th"}],
    )
    # then the first of each is primary and the phone is stored in E.164
    assert list(person.emails.filter(is_primary=True).values_list("address", flat=True)) == ["nok@example.org"]
    assert str(person.phones.get().number) == "+66812345678"
    assert person.addresses.get().country == "TH"
    # when the second email is made primary
    services.email_set_primary(email=person.emails.get(address="nok@work.example"))
    # then it is the only primary
    assert list(person.emails.filter(is_primary=True).values_list("address", flat=True)) == ["nok@work.example"]


def test_adding_a_primary_phone_unsets_the_old_primary():
    person = IndividualFactory()
    services.phone_add(constituent=person, number="+976 8811 2233")
    services.phone_add(constituent=person, number="+976 9911 2233", primary=True)
    assert list(person.phones.filter(is_primary=True).values_list("number", flat=True)) == ["+97699112233"]


@pytest.mark.parametrize("address", ["not-an-email", "a@b", "two@@example.org", ""])
def test_invalid_email_is_a_field_error(address):
    person = IndividualFactory(email=False)
    with pytest.raises(ValidationError) as error:
        services.email_add(constituent=person, address=address)
    assert "email" in error.value.error_dict
    assert Email.objects.filter(constituent=person).count() == 0


@pytest.mark.parametrize("number", ["12", "+1 555", "not a phone", "+66 12"])
def test_invalid_phone_is_a_field_error(number):
    person = IndividualFactory()
    with pytest.raises(ValidationError) as error:
        services.phone_add(constituent=person, number=number)
    assert "phone" in error.value.error_dict
    assert Phone.objects.count() == 0


@pytest.mark.parametrize(
    ("country", "postal_code", "ok"),
    [
        ("TH", "10110", True),
        ("TH", "1011", False),
        ("MN", "14200", True),
        ("TW", "106", True),
        ("TW", "10657", True),
        ("GB", "SW1A 1AA", True),
        ("GB", "12345", False),
        ("US", "94103", True),
        ("US", "9410", False),
        ("XX", "", False),
    ],
)
def test_postcodes_checked_by_country(country, postal_code, ok):
    person = IndividualFactory()
    if ok:
        services.address_add(
            constituent=person, line1="1 Main St", city="City", postal_code=postal_code, country=country
        )
        assert Address.objects.count() == 1
    else:
        with pytest.raises(ValidationError) as error:
            services.address_add(
                constituent=person, line1="1 Main St", city="City", postal_code=postal_code, country=country
            )
        assert {"invalid_postcode", "invalid_country"} & error_codes(error.value)
        assert Address.objects.count() == 0


def test_bad_contact_detail_on_create_writes_nothing():
    with pytest.raises(ValidationError):
        services.constituent_create(given_name="Half", emails=["ok@example.org"], phones=["nonsense"])
    assert Constituent.objects.count() == 0
    assert Email.objects.count() == 0


def test_household_membership_of_individuals():
    household = HouseholdFactory()
    alice = IndividualFactory()
    services.household_add_member(household=household, individual=alice)
    assert list(household.household_members.all()) == [alice]
    # a household cannot join a household, and an individual is not a household
    with pytest.raises(ValidationError):
        services.household_add_member(household=household, individual=HouseholdFactory())
    with pytest.raises(ValidationError):
        services.household_add_member(household=IndividualFactory(), individual=alice)
    # moving to another household leaves the first (one household each)
    other = HouseholdFactory()
    services.household_add_member(household=other, individual=alice)
    assert household.household_members.count() == 0
    assert other.household_members.get() == alice


def test_relationships_read_from_both_sides():
    # given a parent/child link and an employer link
    parent_type = RelationshipTypeFactory()
    employer_type = RelationshipTypeFactory(
        name="Employer", slug="employer", forward_label="Employer of", reverse_label="Employee of"
    )
    mother, son, company = IndividualFactory(), IndividualFactory(), OrganizationFactory()
    services.relationship_create(type=parent_type, from_constituent=mother, to_constituent=son)
    services.relationship_create(type=employer_type, from_constituent=company, to_constituent=son)
    # then each side reads its own label
    assert [(r.label, r.other) for r in selectors.relationships_for(constituent=mother)] == [("Parent of", son)]
    assert [(r.label, r.other) for r in selectors.relationships_for(constituent=son)] == [
        ("Child of", mother),
        ("Employee of", company),
    ]
    assert [(r.label, r.other) for r in selectors.relationships_for(constituent=company)] == [("Employer of", son)]


def test_relationship_to_self_and_symmetric_duplicates_are_refused():
    spouse = RelationshipTypeFactory(name="Spouse", slug="spouse", forward_label="Spouse of", reverse_label="Spouse of")
    a, b = IndividualFactory(), IndividualFactory()
    with pytest.raises(ValidationError):
        services.relationship_create(type=spouse, from_constituent=a, to_constituent=a)
    services.relationship_create(type=spouse, from_constituent=a, to_constituent=b)
    with pytest.raises(ValidationError):
        services.relationship_create(type=spouse, from_constituent=b, to_constituent=a)
    assert Relationship.objects.count() == 1


def test_current_consent_is_the_latest_ledger_entry():
    person = IndividualFactory()
    earlier = dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)
    later = dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC)
    # given a yes, then a later no, recorded out of order
    services.consent_record(
        constituent=person, channel="email", topic="newsletter", granted=False, source="call",
        wording="Stop the newsletter", recorded_at=later,
    )  # fmt: skip
    services.consent_record(
        constituent=person, channel="email", topic="newsletter", granted=True, source="portal",
        wording="Send me the newsletter", recorded_at=earlier,
    )  # fmt: skip
    services.consent_record(
        constituent=person, channel="sms", topic="events", granted=True, source="paper form",
        wording="Text me about events",
    )  # fmt: skip
    # then the current consent follows the latest entry, and unrecorded pairs are not granted
    current = {(c.channel, c.topic): c for c in selectors.consents_current(constituent=person)}
    assert current[("email", "newsletter")].granted is False
    assert current[("email", "newsletter")].record.source == "call"
    assert current[("sms", "events")].granted is True
    assert current[("mail", "fundraising")].granted is False
    assert current[("mail", "fundraising")].record is None
    assert selectors.consent_granted(constituent=person, channel="sms", topic="events")
    assert not selectors.consent_granted(constituent=person, channel="email", topic="newsletter")
    assert list(selectors.constituents_with_consent(channel="sms", topic="events")) == [person]
    assert list(selectors.constituents_with_consent(channel="email", topic="newsletter")) == []
    # and the ledger keeps every entry
    assert ConsentRecord.objects.filter(constituent=person).count() == 3


@pytest.mark.parametrize(
    ("channel", "topic", "wording", "source"),
    [("pigeon", "newsletter", "w", "s"), ("email", "gossip", "w", "s"), ("email", "events", " ", "s")],
)
def test_consent_bad_input(channel, topic, wording, source):
    person = IndividualFactory()
    with pytest.raises(ValidationError):
        services.consent_record(
            constituent=person, channel=channel, topic=topic, granted=True, wording=wording, source=source
        )
    assert ConsentRecord.objects.count() == 0


def test_custom_fields_are_validated_by_type():
    CustomFieldFactory(key="tshirt", label="T-shirt size", field_type=CustomField.FieldType.CHOICE, choices="S\nM\nL")
    CustomFieldFactory(key="joined_union", label="Joined union", field_type=CustomField.FieldType.DATE)
    CustomFieldFactory(key="volunteer_driver", label="Driver", field_type=CustomField.FieldType.BOOLEAN)
    CustomFieldFactory(key="children", label="Children", field_type=CustomField.FieldType.NUMBER)
    person = services.constituent_create(
        given_name="A",
        custom_fields={"tshirt": "M", "joined_union": "2020-05-01", "volunteer_driver": "yes", "children": "2"},
    )
    assert person.custom_fields == {
        "tshirt": "M",
        "joined_union": "2020-05-01",
        "volunteer_driver": True,
        "children": 2,
    }
    # filtering on a custom field value works in the database
    assert list(Constituent.objects.filter(custom_fields__tshirt="M")) == [person]
    with pytest.raises(ValidationError) as error:
        services.constituent_update(constituent=person, custom_fields={"tshirt": "XXL", "children": "many"})
    assert set(error.value.error_dict) == {"tshirt", "children"}
    with pytest.raises(ValidationError) as error:
        services.constituent_update(constituent=person, custom_fields={"nope": "1"})
    person.refresh_from_db()
    assert person.custom_fields["tshirt"] == "M"


def test_required_custom_field():
    CustomFieldFactory(key="region", label="Region", required=True)
    with pytest.raises(ValidationError) as error:
        services.constituent_create(given_name="A", custom_fields={"other": ""})
    assert "region" in error.value.error_dict


def test_constituent_with_membership_cannot_be_deleted():
    membership = make_membership()
    person = membership.constituent
    with pytest.raises(ValidationError) as error:
        services.constituent_delete(constituent=person)
    assert "protected" in error_codes(error.value)
    assert Constituent.objects.filter(pk=person.pk).exists()
    # one without memberships can be
    other = IndividualFactory()
    services.constituent_delete(constituent=other)
    assert not Constituent.objects.filter(pk=other.pk).exists()


def test_interaction_with_follow_up_and_my_open_tasks():
    staff = StaffUserFactory()
    person = IndividualFactory()
    interaction = services.interaction_record(
        constituent=person,
        kind="call",
        subject="Asked about legacy giving",
        staff=staff,
        follow_up_title="Send the legacy leaflet",
        follow_up_due=dt.date(2030, 1, 10),
    )
    task = FollowUpTask.objects.get()
    assert task.interaction == interaction
    assert task.assigned_to == staff
    assert list(selectors.open_tasks_for(user=staff)) == [task]
    services.follow_up_task_set_done(task=task)
    assert list(selectors.open_tasks_for(user=staff)) == []


def test_timeline_shows_interactions_terms_consents_and_audited_changes():
    staff = StaffUserFactory()
    person = services.constituent_create(given_name="Tsetseg", family_name="Bold")
    services.constituent_update(constituent=person, family_name="Boldbaatar", do_not_phone=True)
    services.interaction_record(constituent=person, kind="meeting", subject="Coffee", staff=staff)
    make_membership(constituent=person)
    services.consent_record(
        constituent=person, channel="email", topic="events", granted=True, source="portal", wording="Yes"
    )
    timeline = timeline_page(constituent=person, sources=timeline_sources(), per_page=100).entries
    kinds = {entry.kind for entry in timeline}
    assert {"interaction", "membership", "consent", "change"} <= kinds
    change = next(e for e in timeline if e.kind == "change" and e.title == "Record changed")
    # fields by their labels, booleans as Yes/No: not "family_name: Bold → Boldbaatar"
    assert "Family name: Bold → Boldbaatar" in change.detail
    assert "Do not phone: No → Yes" in change.detail
    assert "family_name" not in change.detail
    assert timeline == sorted(timeline, key=lambda e: e.at, reverse=True)


def test_directory_search_shows_only_opted_in_current_members():
    today = organisation_today()
    listed = IndividualFactory(given_name="Saruul", family_name="Bat")
    hidden = IndividualFactory(given_name="Saruul", family_name="Hidden")
    lapsed = IndividualFactory(given_name="Saruul", family_name="Lapsed")
    for person in (listed, hidden, lapsed):
        make_membership(constituent=person, start_date=today)
    services.directory_visibility_update(constituent=listed, opt_in=True, show_email=True)
    services.directory_visibility_update(constituent=lapsed, opt_in=True)
    services.membership_cancel(membership=lapsed.memberships.get())
    results = list(selectors.member_directory_search(query="saruul"))
    assert results == [listed]
    assert results[0].directory_email == listed.emails.get().address
