"""Shifts are wall-clock times in an IANA time zone, stored as instants: lengths, hours and reminders stay right
across daylight-saving changes (America/New_York, 2027: clocks go forward on 14 March, back on 7 November)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from steward.volunteers import services
from steward.volunteers.models import Shift, Signup
from tests.utils import error_codes
from tests.volunteers.factories import OpportunityFactory, SignupFactory, volunteer

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"


def overnight_shift(day: dt.date, **kwargs) -> Shift:
    """22:00 on `day` to 06:00 the next morning, as New York clocks read them."""
    return services.shift_create(
        opportunity=OpportunityFactory(title="Night shelter"),
        starts_at=dt.datetime.combine(day, dt.time(22)),
        ends_at=dt.datetime.combine(day + dt.timedelta(days=1), dt.time(6)),
        time_zone=NEW_YORK,
        capacity=2,
        **kwargs,
    )


def test_the_night_the_clocks_go_back_is_nine_hours_long():
    # given the overnight shift when New York falls back (02:00 EDT becomes 01:00 EST)
    shift = overnight_shift(dt.date(2027, 11, 6))
    # then it starts at 22:00 EDT (02:00 UTC) and ends at 06:00 EST (11:00 UTC): nine real hours
    assert shift.starts_at == dt.datetime(2027, 11, 7, 2, tzinfo=dt.UTC)
    assert shift.ends_at == dt.datetime(2027, 11, 7, 11, tzinfo=dt.UTC)
    assert shift.duration_hours == Decimal("9.00")
    # and the wall clock still reads 22:00 and 06:00 there
    assert (shift.local_start.hour, shift.local_end.hour) == (22, 6)


def test_the_night_the_clocks_go_forward_is_seven_hours_long():
    shift = overnight_shift(dt.date(2027, 3, 13))
    assert shift.starts_at == dt.datetime(2027, 3, 14, 3, tzinfo=dt.UTC)  # 22:00 EST
    assert shift.ends_at == dt.datetime(2027, 3, 14, 10, tzinfo=dt.UTC)  # 06:00 EDT
    assert shift.duration_hours == Decimal("7.00")


def test_a_time_the_clocks_skip_is_refused():
    # given 02:30 on 14 March 2027, which New York clocks never show
    with pytest.raises(ValidationError) as caught:
        services.shift_create(
            opportunity=OpportunityFactory(),
            starts_at=dt.datetime(2027, 3, 14, 2, 30),
            ends_at=dt.datetime(2027, 3, 14, 5),
            time_zone=NEW_YORK,
            capacity=1,
        )
    assert error_codes(caught.value) == {"nonexistent_time"}
    assert not Shift.objects.exists()


@pytest.mark.parametrize(
    ("night", "allowed", "refused"), [(dt.date(2027, 11, 6), "9", "9.25"), (dt.date(2027, 3, 13), "7", "7.5")]
)
def test_hours_reported_for_a_daylight_saving_night_are_bounded_by_its_real_length(night, allowed, refused):
    shift = overnight_shift(night)
    signup = SignupFactory(shift=shift, constituent=volunteer(), status=Signup.Status.SIGNED_UP)
    after = shift.ends_at + dt.timedelta(hours=1)
    with pytest.raises(ValidationError) as caught:
        services.hours_report(signup=signup, hours=refused, now=after)
    assert error_codes(caught.value) == {"hours_exceed_shift"}
    entry = services.hours_report(signup=signup, hours=allowed, now=after)
    assert entry.hours == Decimal(allowed)
    # the day worked is the day the shift started on New York clocks (the UTC date is the next day)
    assert entry.date == night


def test_shifts_in_other_zones_do_not_overlap_by_wall_clock_but_by_instant():
    # given a volunteer on a 09:00–12:00 shift in Bangkok (02:00–05:00 UTC)
    person = volunteer()
    bangkok = services.shift_create(
        opportunity=OpportunityFactory(is_online=True, location=""),
        starts_at=dt.datetime(2027, 6, 1, 9),
        ends_at=dt.datetime(2027, 6, 1, 12),
        time_zone="Asia/Bangkok",
        capacity=1,
    )
    services.signup_create(shift=bangkok, constituent=person, now=dt.datetime(2027, 5, 1, tzinfo=dt.UTC))
    # when they take a London shift 09:00–12:00 the same day (08:00–11:00 UTC): same clock times, no overlap
    london = services.shift_create(
        opportunity=OpportunityFactory(is_online=True, location=""),
        starts_at=dt.datetime(2027, 6, 1, 9),
        ends_at=dt.datetime(2027, 6, 1, 12),
        time_zone="Europe/London",
        capacity=1,
    )
    signup = services.signup_create(shift=london, constituent=person, now=dt.datetime(2027, 5, 1, tzinfo=dt.UTC))
    assert signup.status == Signup.Status.SIGNED_UP
    # but a New York shift at 22:00 on 31 May (02:00–04:00 UTC on 1 June) overlaps the Bangkok one
    new_york = services.shift_create(
        opportunity=OpportunityFactory(is_online=True, location=""),
        starts_at=dt.datetime(2027, 5, 31, 22),
        ends_at=dt.datetime(2027, 6, 1, 0),
        time_zone=NEW_YORK,
        capacity=1,
    )
    with pytest.raises(ValidationError) as caught:
        services.signup_create(shift=new_york, constituent=person, now=dt.datetime(2027, 5, 1, tzinfo=dt.UTC))
    assert error_codes(caught.value) == {"overlapping_shift"}
