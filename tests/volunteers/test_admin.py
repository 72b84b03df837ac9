"""The volunteers admin: listings, exports, adding shifts in a time zone, the roster (check-in and check-out),
bulk approval of reported hours, messaging a shift, the constituent page section and the dashboard panel."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from steward.volunteers import services
from steward.volunteers.models import HoursEntry, Shift, Signup, VolunteerProfile
from tests.admin_helpers import csv_rows, xlsx_rows
from tests.factories import SuperuserFactory
from tests.utils import page_query_count
from tests.volunteers.factories import (
    InterestFactory,
    OpportunityFactory,
    SignupFactory,
    SkillFactory,
    make_shift,
    volunteer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory())
    return client


def past_signup(*, hours: float = 3, **person) -> Signup:
    shift = make_shift(starts_in=dt.timedelta(hours=-hours - 1), hours=hours)
    return SignupFactory(shift=shift, constituent=volunteer(**person), status=Signup.Status.SIGNED_UP)


# ---------------------------------------------------------------------------------------------------------
# Listings and exports
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "volunteers_profiles:index",
        "volunteers_opportunities:index",
        "volunteers_shifts:index",
        "volunteers_signups:index",
        "volunteers_hours:index",
        "volunteers_skills:index",
        "volunteers_interests:index",
    ],
)
def test_every_listing_opens_and_shows_its_rows(admin_client, url_name):
    # given a volunteer on a shift with reported hours and a profile with a skill
    signup = past_signup(given_name="Ada", family_name="Lovelace")
    services.hours_report(signup=signup, hours="2")
    services.volunteer_profile_save(
        constituent=signup.constituent,
        skills=[SkillFactory(name="First aid")],
        interests=[InterestFactory(name="Events")],
    )
    # when staff open the listing
    response = admin_client.get(reverse(url_name))
    # then it shows what was made
    assert response.status_code == 200
    assert len(response.context["object_list"]) >= 1


def test_shift_listing_shows_free_places_and_filters_by_them(admin_client):
    full = make_shift(capacity=1, opportunity=OpportunityFactory(title="Full one"))
    services.signup_create(shift=full, constituent=volunteer())
    make_shift(capacity=3, opportunity=OpportunityFactory(title="Open one"))
    response = admin_client.get(reverse("volunteers_shifts:index"), {"has_free_places": "true"})
    assert [shift.opportunity.title for shift in response.context["object_list"]] == ["Open one"]
    assert response.context["object_list"][0].free_places == 3


def test_signup_listing_searches_and_filters_by_status(admin_client):
    shift = make_shift(capacity=1)
    services.signup_create(shift=shift, constituent=volunteer(given_name="Ada", family_name="Lovelace"))
    services.signup_create(shift=shift, constituent=volunteer(given_name="Bob", family_name="Brown"))
    waitlisted = admin_client.get(reverse("volunteers_signups:index"), {"status": "waitlisted"})
    assert [str(s.constituent) for s in waitlisted.context["object_list"]] == ["Bob Brown"]
    searched = admin_client.get(reverse("volunteers_signups:index"), {"q": "lovelace"})
    assert [str(s.constituent) for s in searched.context["object_list"]] == ["Ada Lovelace"]


def test_signup_and_shift_exports(admin_client):
    shift = services.shift_create(
        opportunity=OpportunityFactory(title="Night shelter"),
        starts_at=dt.datetime(2027, 11, 6, 22),
        ends_at=dt.datetime(2027, 11, 7, 6),
        time_zone="America/New_York",
        capacity=2,
    )
    services.signup_create(shift=shift, constituent=volunteer(given_name="Ada", family_name="Lovelace"))
    signups = csv_rows(admin_client.get(reverse("volunteers_signups:index"), {"export": "csv"}))
    assert [(row["Volunteer"], row["Opportunity"], row["Shift"], row["Status"]) for row in signups] == [
        ("Ada Lovelace", "Night shelter", "2027-11-06 22:00", "Signed up")
    ]
    shifts = xlsx_rows(admin_client.get(reverse("volunteers_shifts:index"), {"export": "xlsx"}))
    assert [(row["Starts (local)"], row["Free places"], row["Time zone"]) for row in shifts] == [
        ("2027-11-06 22:00", 1, "America/New_York")
    ]


def test_hours_and_volunteer_exports(admin_client):
    signup = past_signup(given_name="Ada", family_name="Lovelace")
    services.hours_report(signup=signup, hours="2.5", note="Tidied up")
    services.volunteer_profile_save(
        constituent=signup.constituent,
        skills=[SkillFactory(name="First aid")],
        background_check_status="passed",
        emergency_contact_name="Byron",
    )
    hours = xlsx_rows(admin_client.get(reverse("volunteers_hours:index"), {"export": "xlsx"}))
    assert [(row["Volunteer"], row["Hours"], row["Status"]) for row in hours] == [
        ("Ada Lovelace", 2.5, "Waiting for approval")
    ]
    volunteers = csv_rows(admin_client.get(reverse("volunteers_profiles:index"), {"export": "csv"}))
    assert len(volunteers) == 1
    row = volunteers[0]
    assert (row["Volunteer"], row["Skills"], row["Background check status"]) == ("Ada Lovelace", "First aid", "Passed")
    assert row["Email"] == signup.constituent.emails.get().address


# ---------------------------------------------------------------------------------------------------------
# Adding and editing shifts and profiles through the services
# ---------------------------------------------------------------------------------------------------------


def test_adding_a_shift_takes_wall_clock_times_in_its_zone(admin_client):
    opportunity = OpportunityFactory()
    response = admin_client.post(
        reverse("volunteers_shifts:add"),
        {
            "opportunity": opportunity.pk,
            "time_zone": "America/New_York",
            "starts_at": "2027-11-06 22:00",
            "ends_at": "2027-11-07 06:00",
            "capacity": "4",
            "waitlist_enabled": "on",
        },
    )
    assert response.status_code == 302
    shift = Shift.objects.get()
    assert shift.starts_at == dt.datetime(2027, 11, 7, 2, tzinfo=dt.UTC)
    assert shift.duration_hours == Decimal("9.00")
    assert response["Location"] == reverse("volunteers_shifts:inspect", args=(shift.pk,))
    # and the edit form shows the times as the New York clocks read them
    edit = admin_client.get(reverse("volunteers_shifts:edit", args=(shift.pk,)))
    assert edit.context["form"].initial["starts_at"] == dt.datetime(2027, 11, 6, 22)


def test_a_shift_at_a_skipped_time_is_a_form_error_and_writes_nothing(admin_client):
    response = admin_client.post(
        reverse("volunteers_shifts:add"),
        {
            "opportunity": OpportunityFactory().pk,
            "time_zone": "America/New_York",
            "starts_at": "2027-03-14 02:30",
            "ends_at": "2027-03-14 05:00",
            "capacity": "4",
        },
    )
    assert response.status_code == 200
    assert "does not exist" in str(response.context["form"].errors)
    assert not Shift.objects.exists()


def test_staff_sign_someone_up_with_the_same_rules(admin_client):
    shift = make_shift(capacity=1, waitlist_enabled=False)
    first, second = volunteer(), volunteer()
    url = reverse("volunteers_signups:add")
    assert admin_client.post(url, {"constituent": first.pk, "shift": shift.pk}).status_code == 302
    refused = admin_client.post(url, {"constituent": second.pk, "shift": shift.pk})
    assert refused.status_code == 200
    assert "full" in str(refused.context["form"].errors)
    assert list(Signup.objects.values_list("constituent_id", "source")) == [(first.pk, "staff")]


def test_editing_a_profile_goes_through_the_service(admin_client):
    person = volunteer()
    skill = SkillFactory(name="Cooking")
    response = admin_client.post(
        reverse("volunteers_profiles:add"),
        {
            "constituent": person.pk,
            "skills": [skill.pk],
            "availability": ["sat-morning", "sun-evening"],
            "background_check_status": "passed",
            "background_check_expires_on": "2030-01-31",
            "emergency_contact_name": "Sam",
            "emergency_contact_phone": "+442079460000",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    profile = VolunteerProfile.objects.get(constituent=person)
    assert list(profile.skills.all()) == [skill]
    assert profile.availability == ["sat-morning", "sun-evening"]
    assert profile.background_check_expires_on == dt.date(2030, 1, 31)


# ---------------------------------------------------------------------------------------------------------
# The roster
# ---------------------------------------------------------------------------------------------------------


def test_roster_lists_places_and_waitlist_and_checks_people_in_and_out(admin_client):
    # given a shift that started an hour ago with one person on it and one waiting
    shift = make_shift(starts_in=dt.timedelta(hours=-1), hours=3, capacity=1)
    ada = SignupFactory(
        shift=shift, constituent=volunteer(given_name="Ada", family_name="Lovelace"), status=Signup.Status.CONFIRMED
    )
    SignupFactory(
        shift=shift,
        constituent=volunteer(given_name="Bob", family_name="Brown"),
        status=Signup.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    url = reverse("volunteers_shifts:inspect", args=(shift.pk,))
    # when the coordinator opens the roster
    page = admin_client.get(url)
    # then Ada is on it with a check-in button, and Bob waits
    assert page.status_code == 200
    assert [signup.constituent.display_name for signup, _ in page.context["booked"]] == ["Ada Lovelace"]
    assert [signup.constituent.display_name for signup in page.context["waitlist"]] == ["Bob Brown"]
    assert b'value="check_in"' in page.content
    # when they check Ada in, then out
    assert admin_client.post(url, {"action": "check_in", "signup": ada.pk}).status_code == 302
    assert Signup.objects.get(pk=ada.pk).checked_in_at is not None
    Signup.objects.filter(pk=ada.pk).update(checked_in_at=shift.starts_at)  # as if she came at the start
    assert admin_client.post(url, {"action": "check_out", "signup": ada.pk}).status_code == 302
    # then she attended and her hours are recorded, approved
    ada.refresh_from_db()
    assert ada.status == Signup.Status.ATTENDED
    assert ada.checked_in_at is not None
    assert ada.checked_out_at is not None
    entry = HoursEntry.objects.get(signup=ada)
    assert (entry.source, entry.status) == ("roster", "approved")
    assert Decimal("0.9") < entry.hours < Decimal("1.1")  # from the start of the shift until now


def test_roster_refusal_is_shown_not_raised(admin_client):
    shift = make_shift(starts_in=dt.timedelta(hours=-1))
    signup = SignupFactory(shift=shift, constituent=volunteer(), status=Signup.Status.SIGNED_UP)
    response = admin_client.post(
        reverse("volunteers_shifts:inspect", args=(shift.pk,)),
        {"action": "check_out", "signup": signup.pk},
        follow=True,
    )
    assert "Check the volunteer in first" in response.content.decode()
    assert not HoursEntry.objects.exists()


def test_messaging_a_shift_sends_one_email_per_booked_person(admin_client):
    shift = make_shift(capacity=2)
    for address in ["ada@example.org", "bob@example.org"]:
        services.signup_create(shift=shift, constituent=volunteer(email=address))
    services.signup_create(shift=shift, constituent=volunteer(email="waiting@example.org"))  # waitlisted
    response = admin_client.post(
        reverse("volunteers_shifts:message", args=(shift.pk,)),
        {"subject": "Parking & access", "body": "Use the back gate & bring gloves."},
    )
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["ada@example.org", "bob@example.org"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert mail.outbox[0].subject == "Parking & access"
    assert "Use the back gate & bring gloves." in mail.outbox[0].body


def test_an_empty_message_is_refused(admin_client):
    shift = make_shift()
    services.signup_create(shift=shift, constituent=volunteer())
    response = admin_client.post(reverse("volunteers_shifts:message", args=(shift.pk,)), {"subject": "Hi", "body": " "})
    assert response.status_code == 200
    assert mail.outbox == []


# ---------------------------------------------------------------------------------------------------------
# Approving hours in bulk
# ---------------------------------------------------------------------------------------------------------


def test_bulk_approve_reported_hours(admin_client):
    entries = [services.hours_report(signup=past_signup(), hours="2") for _ in range(3)]
    url = reverse("volunteers_hours:approve")
    page = admin_client.get(url)
    assert len(page.context["pending"]) == 3
    response = admin_client.post(url, {"entries": [entries[0].pk, entries[1].pk], "action": "approve"})
    assert response.status_code == 302
    assert sorted(HoursEntry.objects.values_list("status", flat=True)) == ["approved", "approved", "pending"]
    admin_client.post(url, {"entries": [entries[2].pk], "action": "reject", "reason": "Not on the roster"})
    rejected = HoursEntry.objects.get(pk=entries[2].pk)
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Not on the roster")


# ---------------------------------------------------------------------------------------------------------
# The constituent page and the dashboard
# ---------------------------------------------------------------------------------------------------------


def test_constituent_page_shows_volunteering(admin_client):
    signup = past_signup(given_name="Ada", family_name="Lovelace")
    services.volunteer_profile_save(
        constituent=signup.constituent, skills=[SkillFactory(name="First aid")], emergency_contact_name="Byron"
    )
    services.signup_check_in(signup=signup, at=signup.shift.starts_at)
    services.signup_check_out(signup=signup, at=signup.shift.ends_at)
    response = admin_client.get(reverse("members_constituents:inspect", args=(signup.constituent_id,)))
    sections = {section.section_id: section for section in response.context["sections"]}
    assert "volunteering" in sections
    html = response.content.decode()
    assert "First aid" in html
    assert "3.00 hours approved" in html
    assert signup.shift.opportunity.title in html
    assert "Byron" in html


def test_dashboard_panel_figures(admin_client):
    # given approved hours this month, a pending entry and an under-filled shift tomorrow
    signup = past_signup()
    services.signup_check_in(signup=signup, at=signup.shift.starts_at)
    services.signup_check_out(signup=signup, at=signup.shift.ends_at)
    services.hours_report(signup=past_signup(), hours="1")
    make_shift(starts_in=dt.timedelta(days=1), capacity=5, opportunity=OpportunityFactory(title="Soup run"))
    make_shift(starts_in=dt.timedelta(days=10), capacity=5, opportunity=OpportunityFactory(title="Far away"))
    # when staff open the admin home
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    # then the panel shows them
    assert 'data-figure="hours-this-month">3.00<' in html
    assert 'data-figure="active-volunteers">1<' in html
    assert 'data-figure="pending-hours"' in html
    assert "Soup run" in html
    assert "Far away" not in html


# ---------------------------------------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------------------------------------


def _populate(count: int) -> None:
    skill, interest = SkillFactory(name="Cooking"), InterestFactory(name="Events")
    for _ in range(count):
        signup = past_signup()
        services.hours_report(signup=signup, hours="1")
        services.volunteer_profile_save(
            constituent=signup.constituent,
            skills=[skill, SkillFactory()],
            interests=[interest, InterestFactory()],
        )
        services.signup_create(shift=make_shift(capacity=1), constituent=volunteer())


@pytest.mark.parametrize(
    "url_name",
    [
        "volunteers_profiles:index",
        "volunteers_opportunities:index",
        "volunteers_shifts:index",
        "volunteers_signups:index",
        "volunteers_hours:index",
        "volunteers_hours:approve",
        "volunteers_skills:index",
        "volunteers_interests:index",
    ],
)
def test_listing_query_count_does_not_grow_with_rows(admin_client, url_name):
    # given a few volunteers, shifts, sign-ups and hours
    _populate(2)
    url = reverse(url_name)
    admin_client.get(url)  # warm the content type and site caches
    small = page_query_count(admin_client, url)
    shown = admin_client.get(url).context
    rows = shown["pending"] if url_name == "volunteers_hours:approve" else shown["object_list"]
    assert list(rows), "the listing must show rows, or the count proves nothing"
    # when there are many more
    _populate(12)
    # then a listing page costs the same number of queries
    assert page_query_count(admin_client, url) == small


def test_roster_query_count_does_not_grow_with_volunteers(admin_client):
    shift = make_shift(starts_in=dt.timedelta(hours=-1), capacity=40)
    url = reverse("volunteers_shifts:inspect", args=(shift.pk,))

    def add(count: int) -> None:
        for _ in range(count):
            signup = SignupFactory(shift=shift, constituent=volunteer(), status=Signup.Status.SIGNED_UP)
            services.signup_check_in(signup=signup, at=shift.starts_at)

    add(2)
    admin_client.get(url)
    small = page_query_count(admin_client, url)
    add(10)
    assert page_query_count(admin_client, url) == small
