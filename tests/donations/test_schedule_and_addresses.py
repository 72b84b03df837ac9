"""The charge day of recurring gifts, the payment_intent.requires_action webhook, changing a membership's level,
and the client address behind the frontend's proxy."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from steward.core.client_address import client_address
from steward.donations import online, recurring
from steward.donations.models import Gift, RecurringCharge, RecurringGift
from steward.members import services as member_services
from steward.members.models import Membership
from tests.donations.stripe_helpers import deliver, payment_intent, signed_event
from tests.factories import (
    FundFactory,
    IndividualFactory,
    MembershipLevelFactory,
    RecurringChargeFactory,
    make_membership,
)
from tests.stripe_server import card
from tests.utils import error_codes

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2026, 1, 31), [D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 31)]),
        (D(2027, 12, 31), [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31)]),
        (D(2026, 1, 15), [D(2026, 2, 15), D(2026, 3, 15)]),
    ],
)
def test_monthly_charges_keep_their_day_through_short_months(start, expected):
    dates, day = [], start
    for _ in expected:
        day = recurring.next_due(day, RecurringGift.Frequency.MONTHLY, start.day)
        dates.append(day)
    assert dates == expected


def test_an_annual_gift_started_on_a_leap_day_comes_back_to_it():
    days, day = [], D(2024, 2, 29)
    for _ in range(4):
        day = recurring.next_due(day, RecurringGift.Frequency.ANNUAL, 29)
        days.append(day)
    assert days == [D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28), D(2028, 2, 29)]


def test_the_schedule_uses_the_charge_day(stripe_api):
    fund = FundFactory()
    charge = online.recurring_gift_start(
        constituent=IndividualFactory(),
        amount="10",
        currency="USD",
        frequency="monthly",
        fund=fund,
        payment_method_id=card(stripe_api),
        today=D(2026, 1, 31),
    )
    plan = RecurringGift.objects.get(pk=charge.recurring_gift_id)
    assert (plan.charge_day, plan.next_charge_date) == (31, D(2026, 2, 28))
    recurring.recurring_charges_schedule(today=D(2026, 3, 31))
    assert list(plan.charges.order_by("due_date").values_list("due_date", flat=True)) == [
        D(2026, 1, 31),
        D(2026, 2, 28),
        D(2026, 3, 31),
    ]
    plan.refresh_from_db()
    assert plan.next_charge_date == D(2026, 4, 30)


def test_requires_action_webhook_marks_the_installment_and_emails_the_donor_once(
    stripe_api, django_capture_on_commit_callbacks
):
    charge = online.recurring_gift_start(
        constituent=IndividualFactory(),
        amount="10",
        currency="USD",
        frequency="monthly",
        fund=FundFactory(),
        payment_method_id=card(stripe_api),
        today=D(2026, 1, 10),
    )
    plan = RecurringGift.objects.get(pk=charge.recurring_gift_id)
    address = plan.constituent.emails.get(is_primary=True).address
    later = RecurringChargeFactory(recurring_gift=plan, due_date=D(2026, 2, 10), amount=plan.amount, currency="USD")
    later.status = RecurringCharge.Status.CLAIMED
    later.save()
    gift = recurring.recurring_charge_gift(charge=later)
    gift.stripe_payment_intent_id = "pi_needs_action_1"
    gift.save()
    event = signed_event("payment_intent.requires_action", payment_intent(gift, status="requires_action"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(Client(), event).status_code == 200
        again = signed_event("payment_intent.requires_action", payment_intent(gift, status="requires_action"))
        assert deliver(Client(), again).status_code == 200
    later.refresh_from_db()
    assert later.status == RecurringCharge.Status.REQUIRES_ACTION
    assert [message.to for message in mail.outbox] == [[address]]


def test_a_one_time_gift_waiting_for_authentication_is_left_to_the_browser(
    stripe_api, make_pending_gift, django_capture_on_commit_callbacks
):
    gift = make_pending_gift()
    event = signed_event("payment_intent.requires_action", payment_intent(gift, status="requires_action"))
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(Client(), event).status_code == 200
    gift.refresh_from_db()
    assert gift.status == Gift.Status.PENDING
    assert mail.outbox == []


def test_changing_level_ends_the_current_term_yesterday_and_withdraws_future_ones():
    today = D(2026, 6, 15)
    basic = MembershipLevelFactory(slug="basic", price=Decimal("40"))
    patron = MembershipLevelFactory(slug="patron", price=Decimal("200"))
    membership = make_membership(level=basic, start_date=D(2025, 7, 1), today=today)
    member_services.membership_renew(membership=membership, today=today)  # a paid-ahead term from 1 Jul 2026
    term = member_services.membership_change_level(membership=membership, level=patron, today=today)
    membership.refresh_from_db()
    spans = list(membership.terms.order_by("start_date").values_list("start_date", "end_date", "level__slug"))
    assert spans == [(D(2025, 7, 1), D(2026, 6, 14), "basic"), (D(2026, 6, 15), D(2027, 6, 14), "patron")]
    assert (term.amount, membership.level, membership.status) == (Decimal("200"), patron, Membership.Status.CURRENT)


def test_changing_to_the_same_or_a_closed_level_is_refused():
    level = MembershipLevelFactory(slug="basic")
    membership = make_membership(level=level)
    with pytest.raises(ValidationError) as same:
        member_services.membership_change_level(membership=membership, level=level)
    assert "same_level" in error_codes(same.value)
    closed = MembershipLevelFactory(slug="old", active=False)
    with pytest.raises(ValidationError) as inactive:
        member_services.membership_change_level(membership=membership, level=closed)
    assert "inactive_level" in error_codes(inactive.value)
    assert membership.terms.count() == 1


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.20", None, "198.51.100.20"),  # no proxy
        ("198.51.100.20", "1.2.3.4", "198.51.100.20"),  # an untrusted sender's header is ignored
        ("127.0.0.1", "203.0.113.5", "203.0.113.5"),  # through the frontend
        ("127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged left part is not believed
        ("127.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two trusted hops
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", None, "127.0.0.1"),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    headers = {"REMOTE_ADDR": remote}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **headers)) == expected
