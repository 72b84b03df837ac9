"""Racing sign-ups never overfill a shift: the Shift row is locked (select_for_update) for the whole sign-up.

The threads use their own database connections and really run at once. On PostgreSQL this is the lock at work;
on SQLite (a file database in the tests) the database serialises writers itself, and the test checks the same
outcome there.
"""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from steward.volunteers import services
from steward.volunteers.models import HOLDING_STATUSES, Signup
from tests.races import race
from tests.utils import error_codes
from tests.volunteers.factories import make_shift, volunteer

# Real transactions (each thread commits on its own connection). pytest-django runs transactional tests after
# all the others, so the flush that follows does not take data-migration rows from any test that needs them
# (a serialized rollback here collided with content types recreated by earlier transactional tests' flushes).
pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8


def _race(shift, people) -> tuple[list[Signup], list[ValidationError]]:
    """Every person signs up for the shift at the same moment, each in their own thread and connection."""
    return race([lambda person=person: services.signup_create(shift=shift, constituent=person) for person in people])


def test_racing_sign_ups_fill_the_places_and_queue_the_rest():
    # given a shift with three places and eight people
    shift = make_shift(capacity=3)
    people = [volunteer() for _ in range(RACERS)]
    # when they all sign up at once
    results, errors = _race(shift, people)
    # then everyone got an answer: three places, five on the waitlist, never a fourth place
    assert errors == []
    assert len(results) == RACERS
    assert Signup.objects.filter(shift=shift, status__in=HOLDING_STATUSES).count() == 3
    assert Signup.objects.filter(shift=shift, status=Signup.Status.WAITLISTED).count() == RACERS - 3


def test_racing_for_the_last_place_without_a_waitlist_lets_exactly_one_in():
    # given a shift with one place left and no waitlist
    shift = make_shift(capacity=2, waitlist_enabled=False)
    services.signup_create(shift=shift, constituent=volunteer())
    people = [volunteer() for _ in range(RACERS)]
    # when eight people race for the last place
    results, errors = _race(shift, people)
    # then exactly one got it and everyone else was told it is full
    assert len(results) == 1
    assert len(errors) == RACERS - 1
    assert all(error_codes(error) == {"shift_full"} for error in errors)
    assert Signup.objects.filter(shift=shift).count() == 2


def test_one_person_booking_two_overlapping_shifts_at_once_gets_one():
    # given two overlapping shifts with room, and one volunteer booking both at the same moment (two tabs)
    person = volunteer()
    first = make_shift(capacity=5, starts_in=dt.timedelta(days=3))
    second = make_shift(capacity=5, starts_in=dt.timedelta(days=3, hours=1))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(shift) -> None:
        try:
            barrier.wait()
            services.signup_create(shift=shift, constituent=person)
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.extend(sorted(error_codes(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(shift,)) for shift in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then one booking went through and the other was refused as overlapping
    assert sorted(outcomes) == ["booked", "overlapping_shift"]
    assert Signup.objects.filter(constituent=person).count() == 1
