"""The volunteers services: sign-ups and their statuses, the waitlist, refusals, the roster and hours."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from steward.volunteers import selectors, services
from steward.volunteers.models import HoursEntry, Shift, Signup, VolunteerProfile
from tests.utils import error_codes
from tests.volunteers.factories import (
    HoursEntryFactory,
    OpportunityFactory,
    SignupFactory,
    VolunteerProfileFactory,
    make_shift,
    volunteer,
)

pytestmark = pytest.mark.django_db

S = Signup.Status


def sign_up(shift, person=None, **kwargs) -> Signup:
    return services.signup_create(shift=shift, constituent=person or volunteer(), **kwargs)


def refused(code: str, call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    assert code in error_codes(caught.value), error_codes(caught.value)
    return caught.value


# ---------------------------------------------------------------------------------------------------------
# Signing up, the waitlist and promotion
# ---------------------------------------------------------------------------------------------------------


def test_sign_ups_take_places_then_join_the_waitlist_in_order():
    # given a shift with two places
    shift = make_shift(capacity=2)
    # when four people sign up
    signups = [sign_up(shift) for _ in range(4)]
    # then the first two have places and the other two wait, in the order they came
    assert [signup.status for signup in signups] == [S.SIGNED_UP, S.SIGNED_UP, S.WAITLISTED, S.WAITLISTED]
    assert signups[2].waitlisted_at <= signups[3].waitlisted_at
    annotated = selectors.shifts_with_places().get(pk=shift.pk)
    assert (annotated.taken, annotated.free_places, annotated.waitlisted) == (2, 0, 2)


def test_a_cancellation_promotes_the_first_on_the_waitlist_and_emails_them(django_capture_on_commit_callbacks):
    # given a full shift with two people waiting
    shift = make_shift(capacity=1)
    holder = sign_up(shift)
    first, second = sign_up(shift, volunteer(email="first@example.org")), sign_up(shift)
    # when the person with the place cancels
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=holder)
    # then the first in line has the place, the second still waits
    first.refresh_from_db()
    second.refresh_from_db()
    holder.refresh_from_db()
    assert (holder.status, first.status, second.status) == (S.CANCELLED, S.SIGNED_UP, S.WAITLISTED)
    # and the promoted person was emailed, and only them
    assert [message.to for message in mail.outbox] == [["first@example.org"]]
    assert "A place opened up" in mail.outbox[0].subject
    assert shift.opportunity.title in mail.outbox[0].body


def test_leaving_the_waitlist_promotes_nobody(django_capture_on_commit_callbacks):
    # given a full shift and a waiting person
    shift = make_shift(capacity=1)
    holder, waiting = sign_up(shift), sign_up(shift)
    # when the waiting person leaves the line
    with django_capture_on_commit_callbacks(execute=True):
        services.signup_cancel(signup=waiting)
    # then the place stays with its holder and nobody is emailed
    holder.refresh_from_db()
    assert holder.status == S.SIGNED_UP
    assert mail.outbox == []


def test_more_places_promote_people_from_the_waitlist(django_capture_on_commit_callbacks):
    # given a full one-place shift with two waiting
    shift = make_shift(capacity=1)
    sign_up(shift)
    waiting = [sign_up(shift), sign_up(shift)]
    # when staff add two places
    with django_capture_on_commit_callbacks(execute=True):
        services.shift_update(
            shift=shift, starts_at=shift.starts_at, ends_at=shift.ends_at, time_zone=shift.time_zone, capacity=3
        )
    # then both waiting people get a place and an email
    assert {Signup.objects.get(pk=signup.pk).status for signup in waiting} == {S.SIGNED_UP}
    assert len(mail.outbox) == 2


def test_fewer_places_than_people_holding_one_is_refused():
    shift = make_shift(capacity=2)
    sign_up(shift), sign_up(shift)
    refused(
        "capacity_below_signups",
        services.shift_update,
        shift=shift,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        time_zone="UTC",
        capacity=1,
    )
    assert Shift.objects.get(pk=shift.pk).capacity == 2


# ---------------------------------------------------------------------------------------------------------
# The transition table
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (S.SIGNED_UP, S.CONFIRMED, True),
        (S.SIGNED_UP, S.ATTENDED, True),
        (S.SIGNED_UP, S.NO_SHOW, True),
        (S.CONFIRMED, S.ATTENDED, True),
        (S.NO_SHOW, S.ATTENDED, True),
        (S.CONFIRMED, S.SIGNED_UP, False),
        (S.ATTENDED, S.CONFIRMED, False),
        (S.ATTENDED, S.NO_SHOW, False),
        (S.CANCELLED, S.SIGNED_UP, False),
        (S.CANCELLED, S.CONFIRMED, False),
        (S.WAITLISTED, S.ATTENDED, False),
        (S.WAITLISTED, S.CONFIRMED, False),
    ],
)
def test_status_transitions_follow_the_table(start, target, allowed):
    # given a sign-up in the start status
    signup = sign_up(make_shift(capacity=5))
    Signup.objects.filter(pk=signup.pk).update(status=start)
    signup.refresh_from_db()
    # when staff move it
    if allowed:
        services.signup_set_status(signup=signup, status=target)
        assert Signup.objects.get(pk=signup.pk).status == target
    else:
        # then an illegal move is a typed error and the status stays
        refused("invalid_transition", services.signup_set_status, signup=signup, status=target)
        assert Signup.objects.get(pk=signup.pk).status == start


def test_an_unknown_status_is_refused():
    signup = sign_up(make_shift())
    refused("invalid_status", services.signup_set_status, signup=signup, status="teleported")
    assert Signup.objects.get(pk=signup.pk).status == S.SIGNED_UP


def test_a_cancelled_person_can_sign_up_again():
    shift = make_shift()
    person = volunteer()
    services.signup_cancel(signup=sign_up(shift, person))
    again = sign_up(shift, person)
    assert again.status == S.SIGNED_UP
    assert Signup.objects.filter(shift=shift, constituent=person).count() == 2


# ---------------------------------------------------------------------------------------------------------
# Refusals: nothing is written
# ---------------------------------------------------------------------------------------------------------


def test_a_past_shift_is_refused():
    shift = make_shift(starts_in=dt.timedelta(hours=-1))
    refused("shift_past", sign_up, shift)
    assert not Signup.objects.exists()


def test_a_cancelled_shift_is_refused():
    shift = make_shift()
    services.shift_cancel(shift=shift)
    refused("shift_cancelled", sign_up, shift)
    assert not Signup.objects.exists()


def test_sign_ups_close_at_the_deadline():
    start = timezone.now() + dt.timedelta(days=2)
    shift = services.shift_create(
        opportunity=OpportunityFactory(),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        time_zone="UTC",
        capacity=3,
        signup_deadline=timezone.now() - dt.timedelta(minutes=1),
    )
    refused("signup_closed", sign_up, shift)
    assert not Signup.objects.exists()


def test_a_full_shift_without_a_waitlist_is_refused():
    shift = make_shift(capacity=1, waitlist_enabled=False)
    sign_up(shift)
    refused("shift_full", sign_up, shift)
    assert Signup.objects.count() == 1


def test_an_inactive_opportunity_is_refused():
    shift = make_shift(opportunity=OpportunityFactory(active=False))
    refused("opportunity_inactive", sign_up, shift)
    assert not Signup.objects.exists()


def test_signing_up_twice_is_refused():
    shift, person = make_shift(), volunteer()
    sign_up(shift, person)
    refused("already_signed_up", sign_up, shift, person)
    assert Signup.objects.count() == 1


def test_overlapping_shifts_are_refused_but_back_to_back_ones_are_not():
    # given a volunteer booked 10:00–13:00 in three days
    person = volunteer()
    first = make_shift(starts_in=dt.timedelta(days=3), hours=3)
    sign_up(first, person)
    # when they try a shift starting an hour into it (another opportunity)
    overlapping = make_shift(starts_in=dt.timedelta(days=3, hours=1), hours=3)
    # then it is refused and nothing is written
    error = refused("overlapping_shift", sign_up, overlapping, person)
    assert first.opportunity.title in " ".join(error.messages)
    assert not Signup.objects.filter(shift=overlapping).exists()
    # but one starting when the first ends is fine
    assert sign_up(make_shift(starts_in=dt.timedelta(days=3, hours=3)), person).status == S.SIGNED_UP


def test_a_waitlist_place_also_blocks_an_overlapping_booking():
    person = volunteer()
    full = make_shift(capacity=1)
    sign_up(full)
    assert sign_up(full, person).status == S.WAITLISTED
    refused("overlapping_shift", sign_up, make_shift(starts_in=dt.timedelta(days=3, hours=1)), person)


def test_a_cancelled_booking_does_not_block_an_overlapping_one():
    person = volunteer()
    services.signup_cancel(signup=sign_up(make_shift(), person))
    assert sign_up(make_shift(starts_in=dt.timedelta(days=3, hours=1)), person).status == S.SIGNED_UP


@pytest.mark.parametrize(
    ("status", "expires_in_days", "allowed"),
    [
        ("passed", 30, True),
        ("passed", None, True),
        ("passed", 1, False),  # expires before the shift (in three days)
        ("pending", None, False),
        ("failed", None, False),
        ("not_started", None, False),
    ],
)
def test_a_background_check_must_be_passed_and_valid_on_the_shift_day(status, expires_in_days, allowed):
    # given an opportunity that needs a background check and a volunteer with this check
    shift = make_shift(opportunity=OpportunityFactory(requires_background_check=True))
    profile = VolunteerProfileFactory(background_check_status=status)
    if expires_in_days is not None:
        profile.background_check_expires_on = timezone.localdate() + dt.timedelta(days=expires_in_days)
        profile.save()
    # when they sign up
    if allowed:
        assert sign_up(shift, profile.constituent).status == S.SIGNED_UP
    else:
        refused("background_check_required", sign_up, shift, profile.constituent)
        assert not Signup.objects.exists()


def test_someone_without_a_profile_is_refused_where_a_check_is_needed_and_welcome_elsewhere():
    person = volunteer()
    refused(
        "background_check_required",
        sign_up,
        make_shift(opportunity=OpportunityFactory(requires_background_check=True)),
        person,
    )
    assert sign_up(make_shift(starts_in=dt.timedelta(days=9)), person).status == S.SIGNED_UP
    # and signing up gave them an (empty) profile
    assert VolunteerProfile.objects.filter(constituent=person).exists()


def test_a_shift_that_ends_before_it_starts_or_has_no_places_is_refused():
    start = timezone.now() + dt.timedelta(days=1)
    opportunity = OpportunityFactory()
    refused(
        "ends_before_start",
        services.shift_create,
        opportunity=opportunity,
        starts_at=start,
        ends_at=start,
        time_zone="UTC",
        capacity=1,
    )
    refused(
        "invalid_capacity",
        services.shift_create,
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        time_zone="UTC",
        capacity=0,
    )
    refused(
        "invalid_time_zone",
        services.shift_create,
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        time_zone="Mars/Olympus_Mons",
        capacity=1,
    )
    assert not Shift.objects.exists()


def test_a_cancelled_shift_cancels_its_sign_ups_and_tells_everyone(django_capture_on_commit_callbacks):
    shift = make_shift(capacity=1)
    holder, waiting = sign_up(shift), sign_up(shift)
    with django_capture_on_commit_callbacks(execute=True):
        services.shift_cancel(shift=shift)
    assert {Signup.objects.get(pk=s.pk).status for s in (holder, waiting)} == {S.CANCELLED}
    assert len(mail.outbox) == 2
    assert all("cancelled" in message.subject for message in mail.outbox)


# ---------------------------------------------------------------------------------------------------------
# Roster and hours
# ---------------------------------------------------------------------------------------------------------


def test_check_in_and_out_records_approved_hours_capped_at_the_shift_length():
    # given a three-hour shift that started an hour ago
    shift = make_shift(starts_in=dt.timedelta(hours=-1), hours=3)
    signup = SignupFactory(shift=shift, constituent=volunteer(), status=S.CONFIRMED)
    # when the coordinator checks them in early and out late
    services.signup_check_in(signup=signup, at=shift.starts_at - dt.timedelta(minutes=30))
    entry = services.signup_check_out(signup=signup, at=shift.ends_at + dt.timedelta(minutes=30))
    # then they attended and three approved roster hours are recorded
    signup.refresh_from_db()
    assert signup.status == S.ATTENDED
    assert (entry.hours, entry.status, entry.source) == (Decimal("3.00"), "approved", "roster")
    assert entry.date == shift.local_start.date()


def test_check_out_before_check_in_is_refused_and_writes_nothing():
    shift = make_shift(starts_in=dt.timedelta(hours=-1))
    signup = SignupFactory(shift=shift, constituent=volunteer(), status=S.SIGNED_UP)
    refused("not_checked_in", services.signup_check_out, signup=signup)
    services.signup_check_in(signup=signup, at=shift.starts_at)
    refused("checkout_before_checkin", services.signup_check_out, signup=signup, at=shift.starts_at)
    refused("already_checked_in", services.signup_check_in, signup=signup)
    assert not HoursEntry.objects.exists()


def _past_booking(hours: float = 3) -> Signup:
    shift = make_shift(starts_in=dt.timedelta(hours=-hours - 1), hours=hours)
    return SignupFactory(shift=shift, constituent=volunteer(), status=S.SIGNED_UP)


@pytest.mark.parametrize(
    ("hours", "code"),
    [
        ("-1", "hours_not_positive"),
        ("0", "hours_not_positive"),
        ("3.01", "hours_exceed_shift"),
        ("lots", "invalid_hours"),
    ],
)
def test_reported_hours_must_be_positive_and_within_the_shift(hours, code):
    signup = _past_booking(hours=3)
    refused(code, services.hours_report, signup=signup, hours=hours)
    assert not HoursEntry.objects.exists()


def test_reported_hours_wait_for_approval_once_per_shift():
    signup = _past_booking(hours=3)
    entry = services.hours_report(signup=signup, hours="2.5", note="  Sorted tins. ")
    assert (entry.status, entry.source, entry.hours, entry.note) == (
        "pending",
        "self_reported",
        Decimal("2.50"),
        "Sorted tins.",
    )
    refused("already_reported", services.hours_report, signup=signup, hours="1")
    assert HoursEntry.objects.count() == 1


def test_hours_for_a_shift_not_started_or_not_booked_are_refused():
    future = sign_up(make_shift())
    refused("shift_not_started", services.hours_report, signup=future, hours="1")
    waiting = _past_booking()
    Signup.objects.filter(pk=waiting.pk).update(status=S.WAITLISTED)
    waiting.refresh_from_db()
    refused("not_booked", services.hours_report, signup=waiting, hours="1")
    assert not HoursEntry.objects.exists()


def test_bulk_approval_approves_only_pending_hours_and_rejected_hours_can_be_reported_again(admin_user):
    entries = [services.hours_report(signup=_past_booking(), hours="2") for _ in range(3)]
    services.hours_reject(entry=entries[2], user=admin_user, reason="Not on the roster")
    approved = services.hours_approve(entry_ids=[entry.pk for entry in entries], user=admin_user)
    assert approved == 2
    assert sorted(HoursEntry.objects.values_list("status", flat=True)) == ["approved", "approved", "rejected"]
    assert HoursEntry.objects.get(pk=entries[0].pk).reviewed_by == admin_user
    refused("not_pending", services.hours_reject, entry=entries[0], user=admin_user)
    # the rejected one may be reported again
    assert services.hours_report(signup=entries[2].signup, hours="1").status == "pending"


# ---------------------------------------------------------------------------------------------------------
# Totals
# ---------------------------------------------------------------------------------------------------------


def _approved_hours(person, opportunity, day: dt.date, hours: str, status: str = "approved") -> HoursEntry:
    return HoursEntryFactory(
        constituent=person, opportunity=opportunity, date=day, hours=Decimal(hours), source="staff", status=status
    )


def test_totals_per_volunteer_opportunity_and_month_count_approved_hours_only(settings, django_assert_num_queries):
    settings.VOLUNTEER_HOURLY_RATE = (Decimal("20.00"), "EUR")
    ada, bob = volunteer(given_name="Ada"), volunteer(given_name="Bob")
    garden, kitchen = OpportunityFactory(title="Garden"), OpportunityFactory(title="Kitchen")
    _approved_hours(ada, garden, dt.date(2026, 1, 5), "3")
    _approved_hours(ada, kitchen, dt.date(2026, 1, 20), "2.5")
    _approved_hours(bob, garden, dt.date(2026, 2, 1), "4")
    _approved_hours(bob, garden, dt.date(2026, 2, 2), "9", status="pending")
    _approved_hours(bob, garden, dt.date(2026, 2, 3), "9", status="rejected")
    with django_assert_num_queries(1):
        by_volunteer = {row["constituent_id"]: row["hours"] for row in selectors.hours_by_volunteer()}
    assert by_volunteer == {ada.pk: Decimal("5.5"), bob.pk: Decimal("4")}
    with django_assert_num_queries(1):
        by_opportunity = {row["title"]: row["hours"] for row in selectors.hours_by_opportunity()}
    assert by_opportunity == {"Garden": Decimal("7"), "Kitchen": Decimal("2.5")}
    with django_assert_num_queries(1):
        by_month = selectors.hours_by_month()
    assert by_month == [(dt.date(2026, 1, 1), Decimal("5.5")), (dt.date(2026, 2, 1), Decimal("4"))]
    totals = selectors.volunteer_totals(constituent=bob)
    assert (totals.approved_hours, totals.pending_hours) == (Decimal("4"), Decimal("9"))
    assert (totals.value, totals.currency) == (Decimal("80.00"), "EUR")


def test_the_hourly_value_defaults_to_the_base_currency(settings):
    assert settings.VOLUNTEER_HOURLY_RATE[1] == settings.STEWARD_BASE_CURRENCY
    assert isinstance(settings.VOLUNTEER_HOURLY_RATE[0], Decimal)


def test_profile_save_validates_availability_and_the_check_expiry():
    person = volunteer()
    refused("invalid_availability", services.volunteer_profile_save, constituent=person, availability=["someday"])
    assert not VolunteerProfile.objects.filter(constituent=person).exists()
    profile = services.volunteer_profile_save(
        constituent=person,
        availability=["sat-morning"],
        background_check_status="pending",
        background_check_expires_on=dt.date(2030, 1, 1),
    )
    # an expiry date only belongs to a passed check
    assert profile.background_check_expires_on is None
    refused("unknown_field", services.volunteer_profile_save, constituent=person, shoe_size=44)
