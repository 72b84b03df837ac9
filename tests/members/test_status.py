"""The membership status rule: derived from the terms and the date, in one service."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from steward.core.dates import organisation_today
from steward.members import services
from steward.members.models import Membership, MembershipLevel, term_end_for
from tests.factories import HouseholdFactory, IndividualFactory, MembershipLevelFactory, make_membership
from tests.utils import error_codes

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("start", "term", "end"),
    [
        (D(2025, 1, 1), MembershipLevel.Term.ANNUAL, D(2025, 12, 31)),
        (D(2025, 3, 15), MembershipLevel.Term.ANNUAL, D(2026, 3, 14)),
        (D(2024, 2, 29), MembershipLevel.Term.ANNUAL, D(2025, 2, 28)),  # leap day start
        (D(2023, 3, 1), MembershipLevel.Term.ANNUAL, D(2024, 2, 29)),  # runs through a leap day
        (D(2024, 1, 31), MembershipLevel.Term.MONTHLY, D(2024, 2, 29)),
        (D(2023, 1, 31), MembershipLevel.Term.MONTHLY, D(2023, 2, 28)),
        (D(2024, 3, 1), MembershipLevel.Term.MONTHLY, D(2024, 3, 31)),
        (D(2024, 12, 15), MembershipLevel.Term.MONTHLY, D(2025, 1, 14)),
        (D(2024, 5, 1), MembershipLevel.Term.LIFETIME, None),
    ],
)
def test_term_end_dates(start, term, end):
    assert term_end_for(start=start, term=term) == end


def test_status_pending_current_grace_expired_over_time():
    # given an annual membership with 30 days' grace starting in the future
    level = MembershipLevelFactory(grace_days=30)
    membership = make_membership(level=level, start_date=D(2025, 6, 1), today=D(2025, 5, 20))

    def status_on(day):
        return services.membership_status(membership=membership, today=day)

    # then its status follows the calendar
    assert membership.status == Membership.Status.PENDING
    assert status_on(D(2025, 5, 31)) == Membership.Status.PENDING
    assert status_on(D(2025, 6, 1)) == Membership.Status.CURRENT
    assert status_on(D(2026, 5, 31)) == Membership.Status.CURRENT  # last day of the term
    assert status_on(D(2026, 6, 1)) == Membership.Status.GRACE
    assert status_on(D(2026, 6, 30)) == Membership.Status.GRACE  # 30th day of grace
    assert status_on(D(2026, 7, 1)) == Membership.Status.EXPIRED


def test_zero_grace_expires_the_day_after_the_end():
    level = MembershipLevelFactory(grace_days=0)
    membership = make_membership(level=level, start_date=D(2025, 1, 1))
    assert services.membership_status(membership=membership, today=D(2025, 12, 31)) == Membership.Status.CURRENT
    assert services.membership_status(membership=membership, today=D(2026, 1, 1)) == Membership.Status.EXPIRED


def test_lifetime_membership_never_expires():
    level = MembershipLevelFactory(term=MembershipLevel.Term.LIFETIME, grace_days=0)
    membership = make_membership(level=level, start_date=D(2000, 1, 1))
    assert membership.end_date is None
    assert services.membership_status(membership=membership, today=D(2100, 1, 1)) == Membership.Status.CURRENT


def test_cancelled_beats_a_paid_term():
    membership = make_membership(start_date=D(2025, 1, 1))
    services.membership_cancel(membership=membership, reason="moved away")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CANCELLED
    assert services.membership_status(membership=membership, today=D(2025, 6, 1)) == Membership.Status.CANCELLED
    with pytest.raises(ValidationError) as error:
        services.membership_renew(membership=membership, today=D(2025, 6, 1))
    assert "cancelled" in error_codes(error.value)


def test_renewal_in_grace_continues_without_a_gap():
    # given a membership that ended yesterday (in grace)
    membership = make_membership(start_date=D(2025, 1, 1))
    # when it is renewed on 10 January 2026
    term = services.membership_renew(membership=membership, today=D(2026, 1, 10))
    # then the new term starts the day after the old end, and the status is current again
    assert (term.start_date, term.end_date) == (D(2026, 1, 1), D(2026, 12, 31))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CURRENT
    assert (membership.start_date, membership.end_date) == (D(2025, 1, 1), D(2026, 12, 31))


def test_renewal_before_the_end_adds_the_next_term():
    membership = make_membership(start_date=D(2025, 1, 1))
    term = services.membership_renew(membership=membership, today=D(2025, 12, 1))
    assert term.start_date == D(2026, 1, 1)
    assert membership.terms.count() == 2


def test_renewal_after_expiry_starts_today():
    level = MembershipLevelFactory(grace_days=10)
    membership = make_membership(level=level, start_date=D(2024, 1, 1))
    term = services.membership_renew(membership=membership, today=D(2025, 3, 1))
    assert term.start_date == D(2025, 3, 1)
    assert term.end_date == D(2026, 2, 28)


def test_overlapping_term_is_refused_and_nothing_changes():
    membership = make_membership(start_date=D(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.membership_term_add(membership=membership, start_date=D(2025, 6, 1), today=D(2025, 6, 1))
    assert "overlap" in error_codes(error.value)
    assert membership.terms.count() == 1


def test_leap_day_membership_renews_on_first_of_march():
    membership = make_membership(start_date=D(2024, 2, 29))
    assert membership.end_date == D(2025, 2, 28)
    term = services.membership_renew(membership=membership, today=D(2025, 2, 1))
    assert (term.start_date, term.end_date) == (D(2025, 3, 1), D(2026, 2, 28))


def test_lifetime_membership_cannot_be_renewed():
    level = MembershipLevelFactory(term=MembershipLevel.Term.LIFETIME)
    membership = make_membership(level=level, start_date=D(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.membership_renew(membership=membership, today=D(2025, 1, 1))
    assert "lifetime" in error_codes(error.value)


def test_gift_membership_records_who_paid():
    # given a donor who buys a membership for a friend
    donor, friend = IndividualFactory(), IndividualFactory()
    membership = make_membership(constituent=friend, purchased_by=donor, start_date=D(2025, 1, 1))
    # then the friend is the member and the donor the purchaser
    assert membership.constituent == friend
    assert membership.is_gift
    assert friend in [m.constituent for m in donor.gift_memberships_bought.all()]
    assert services.membership_status(membership=membership, today=D(2025, 2, 1)) == Membership.Status.CURRENT


def test_household_membership_covers_its_individuals():
    from steward.members import selectors

    # given a household with two people and a household-level membership
    household = HouseholdFactory()
    alice, bob = IndividualFactory(household=household), IndividualFactory(household=household)
    outsider = IndividualFactory()
    level = MembershipLevelFactory(covers_household=True, slug="household")
    make_membership(constituent=household, level=level, start_date=organisation_today())
    # then both are members through the household, and the outsider is not
    assert selectors.is_member(constituent=alice)
    assert selectors.is_member(constituent=bob)
    assert not selectors.is_member(constituent=outsider)
    assert set(selectors.active_member_ids().values_list("pk", flat=True)) >= {alice.pk, bob.pk, household.pk}
    assert outsider.pk not in set(selectors.active_member_ids().values_list("pk", flat=True))


def test_individual_level_of_a_household_does_not_cover_the_others():
    from steward.members import selectors

    household = HouseholdFactory()
    alice = IndividualFactory(household=household)
    level = MembershipLevelFactory(covers_household=False, slug="individual")
    make_membership(constituent=household, level=level, start_date=organisation_today())
    assert not selectors.is_member(constituent=alice)


def test_inactive_level_cannot_be_joined():
    level = MembershipLevelFactory(active=False)
    with pytest.raises(ValidationError) as error:
        make_membership(level=level)
    assert "inactive_level" in error_codes(error.value)
    assert Membership.objects.count() == 0


def test_second_live_membership_of_the_same_level_is_refused():
    person = IndividualFactory()
    level = MembershipLevelFactory()
    make_membership(constituent=person, level=level)
    with pytest.raises(ValidationError) as error:
        make_membership(constituent=person, level=level)
    assert "duplicate" in error_codes(error.value)
    assert Membership.objects.count() == 1


def test_negative_amount_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError):
        make_membership(amount=Decimal("-1"))
    assert Membership.objects.count() == 0


@override_settings(ORGANISATION_TIME_ZONE="Asia/Bangkok")
def test_today_is_the_organisations_date_not_utcs(monkeypatch):
    # given 23:30 UTC on 31 December 2025, which is already 1 January 2026 in Bangkok (UTC+7)
    instant = dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)
    # then the organisation's today is 1 January, so a term that ended on 31 December is in grace
    assert organisation_today() == D(2026, 1, 1)
    membership = make_membership(start_date=D(2025, 1, 1), today=D(2025, 1, 1))
    assert services.membership_status(membership=membership) == Membership.Status.GRACE


@override_settings(ORGANISATION_TIME_ZONE="America/Los_Angeles")
def test_today_behind_utc(monkeypatch):
    # 03:00 UTC on 1 January is still 31 December in Los Angeles: the term is current
    instant = dt.datetime(2026, 1, 1, 3, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)
    membership = make_membership(start_date=D(2025, 1, 1), today=D(2025, 1, 1))
    assert services.membership_status(membership=membership) == Membership.Status.CURRENT


def test_statuses_refresh_stores_only_changes():
    # given memberships stored as current whose terms have since run out
    old = make_membership(start_date=D(2023, 1, 1), today=D(2023, 1, 1))
    fresh = make_membership(start_date=D(2025, 6, 1), today=D(2025, 6, 1))
    assert Membership.objects.get(pk=old.pk).status == Membership.Status.CURRENT
    # when the daily refresh runs on 1 July 2025
    changed = services.membership_statuses_refresh(today=D(2025, 7, 1))
    # then the old one is expired, the fresh one unchanged, and running again changes nothing
    assert changed == 1
    assert Membership.objects.get(pk=old.pk).status == Membership.Status.EXPIRED
    assert Membership.objects.get(pk=fresh.pk).status == Membership.Status.CURRENT
    assert services.membership_statuses_refresh(today=D(2025, 7, 1)) == 0
