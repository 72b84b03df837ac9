"""Notices donors are owed about automatic charges: the advance notice of each renewal and annual charge (once per
charge date, with the amount, the date, the card and a link that works), the level's current price on renewal,
and the message when a recurring gift's amount changes."""

import datetime as dt
import itertools
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils import timezone

from steward.core import tasks as outbox_tasks
from steward.core.models import OutboxMessage
from steward.donations import recurring, tasks
from steward.donations.models import PaymentMethod, RecurringCharge, RecurringGift
from steward.members.models import MembershipLevel
from tests.factories import (
    FundFactory,
    IndividualFactory,
    MembershipLevelFactory,
    PaymentMethodFactory,
    RecurringChargeFactory,
    RecurringGiftFactory,
    make_membership,
)

pytestmark = pytest.mark.django_db

D = dt.date
FRONTEND_APP = Path(__file__).resolve().parents[2] / "frontend" / "src" / "app"
_cards = itertools.count(1)


def assert_links_resolve(text: str) -> None:
    """Every link in an email leads somewhere: a frontend route with its own page, or a Django URL."""
    links = re.findall(r"https?://[^\s\"'<>]+", text)
    assert links, "no link in the email"
    for link in links:
        if link.startswith(settings.FRONTEND_URL):
            path = link[len(settings.FRONTEND_URL) :].split("?")[0].strip("/")
            assert (FRONTEND_APP / path / "page.tsx").is_file(), f"no frontend route for {link}"
        else:
            assert link.startswith(settings.WAGTAILADMIN_BASE_URL), link
            try:
                resolve(link[len(settings.WAGTAILADMIN_BASE_URL) :].split("?")[0])
            except Resolver404:  # pragma: no cover - the assertion says which
                pytest.fail(f"no Django URL for {link}")


def saved_card(constituent, brand="visa", last4="4242"):
    return PaymentMethodFactory(
        constituent=constituent,
        stripe_customer_id=f"cus_{constituent.pk}",
        stripe_payment_method_id=f"pm_test_{next(_cards)}",
        brand=brand,
        last4=last4,
        exp_month=12,
        exp_year=2031,
        is_default=True,
    )


MARCH_15 = D(2026, 3, 15)


def plan(*, frequency=RecurringGift.Frequency.ANNUAL, amount="120.00", next_charge=MARCH_15, **fields):
    """An active recurring gift on a saved card, as recurring_gift_start leaves it after its first charge."""
    constituent = fields.pop("constituent", None) or IndividualFactory(given_name="Ada", preferred_name="")
    fields.setdefault("status", RecurringGift.Status.ACTIVE)
    return RecurringGiftFactory(
        constituent=constituent,
        amount=Decimal(amount),
        currency="USD",
        frequency=frequency,
        fund=FundFactory(code="general", name="General fund"),
        payment_method=saved_card(constituent),
        next_charge_date=next_charge,
        charge_day=next_charge.day,
        **fields,
    )


@pytest.fixture
def notices_on(django_capture_on_commit_callbacks):
    """The daily notice task on `day`, the outbox sending after the commit; returns the emails sent."""

    def run(day):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            tasks.charge_notices_send.delay(day.isoformat())
        return list(mail.outbox)

    return run


def renewal_plan(*, price="50.00", last_charged="50.00"):
    """A membership renewing automatically on 1 January 2026, last renewed (charged) for `last_charged`."""
    level = MembershipLevelFactory(name="Friend", slug="friend", price=Decimal(price))
    membership = make_membership(level=level, start_date=D(2025, 1, 1), auto_renew=True)
    renewal = plan(
        constituent=membership.constituent, amount=last_charged, next_charge=D(2026, 1, 1), membership=membership
    )
    RecurringChargeFactory(
        recurring_gift=renewal,
        due_date=D(2025, 1, 1),
        amount=Decimal(last_charged),
        currency="USD",
        status=RecurringCharge.Status.SUCCEEDED,
    )
    return renewal


# ---------------------------------------------------------------------------------------------------------
# Advance notices
# ---------------------------------------------------------------------------------------------------------


def test_annual_gift_gets_one_notice_seven_days_before_its_charge(notices_on):
    # given an annual gift of 120.00 USD charged next on 15 March 2026 to a Visa ending 4242
    annual = plan()
    # when the daily task runs from 7 to 10 March
    sent = {day: notices_on(day) for day in [D(2026, 3, 7), D(2026, 3, 8), D(2026, 3, 9), D(2026, 3, 10)]}
    # then one notice went, on 8 March (7 days before), and none before or again
    assert [len(emails) for emails in sent.values()] == [0, 1, 0, 0]
    notice = sent[D(2026, 3, 8)][0]
    assert notice.to == [annual.constituent.emails.get(is_primary=True).address]
    assert notice.subject == "Your annual gift of 120.00 USD will be charged on 15 March 2026"
    for expected in ["120.00 USD", "15 March 2026", "Visa ending 4242", "General fund", "or to cancel the gift"]:
        assert expected in notice.body
    assert f"{settings.FRONTEND_URL}/portal/giving" in notice.body
    assert_links_resolve(notice.body)
    message = OutboxMessage.objects.get(kind="charge_notice")
    assert (message.key, message.status) == (f"charge-notice:{annual.pk}:2026-03-15", OutboxMessage.Status.SENT)


def test_a_missed_day_is_caught_up_while_the_charge_is_ahead(notices_on):
    plan()
    # the task did not run from 8 to 11 March: on the 12th the notice still goes, once
    assert len(notices_on(D(2026, 3, 12))) == 1
    assert len(notices_on(D(2026, 3, 14))) == 0
    # and none for the next year's charge until its own week
    assert OutboxMessage.objects.filter(kind="charge_notice").count() == 1


def test_each_charge_date_gets_its_own_notice(notices_on):
    annual = plan()
    notices_on(D(2026, 3, 8))
    # the charge went and the next one is a year on
    RecurringGift.objects.filter(pk=annual.pk).update(next_charge_date=D(2027, 3, 15))
    assert notices_on(D(2027, 3, 8))[0].subject == "Your annual gift of 120.00 USD will be charged on 15 March 2027"
    assert OutboxMessage.objects.filter(kind="charge_notice").count() == 2


@pytest.mark.parametrize("days_before", [1, 7])
def test_notice_days_are_a_setting(notices_on, settings, days_before):
    settings.NOTICE_DAYS_BEFORE_CHARGE = days_before
    plan()
    assert len(notices_on(D(2026, 3, 15) - dt.timedelta(days=days_before + 1))) == 0
    assert len(notices_on(D(2026, 3, 15) - dt.timedelta(days=days_before))) == 1


def test_monthly_gifts_paused_and_cancelled_plans_get_no_notice(notices_on):
    plan(frequency=RecurringGift.Frequency.MONTHLY, amount="20.00")
    plan(status=RecurringGift.Status.PAUSED)  # paused with no end
    plan(status=RecurringGift.Status.CANCELLED)
    assert notices_on(D(2026, 3, 8)) == []
    assert not OutboxMessage.objects.filter(kind="charge_notice").exists()


def test_a_pause_ending_before_the_charge_still_gets_the_notice(notices_on):
    plan(status=RecurringGift.Status.PAUSED, paused_until=D(2026, 3, 10))
    assert len(notices_on(D(2026, 3, 8))) == 1


def test_a_notice_owed_for_a_charge_that_was_then_skipped_is_not_sent():
    # given a notice owed but not yet sent (the queue was unreachable)
    annual = plan()
    tasks.charge_notices_send.delay("2026-03-08")
    # when the donor skips that charge before the sweeper sends it
    recurring.recurring_gift_skip_next(recurring_gift=annual)
    outbox_tasks.outbox_sweep()
    # then nothing is sent, and the outbox says why
    assert mail.outbox == []
    message = OutboxMessage.objects.get(kind="charge_notice")
    assert message.status == OutboxMessage.Status.CANCELLED
    assert "no longer due on that date" in message.last_error


def test_renewal_notice_gives_the_price_and_the_membership_link(notices_on):
    # given a Friend membership (50.00 USD, unchanged since the last renewal) renewing on 1 January 2026
    renewal_plan()
    # when the notice goes, 7 days before
    [notice] = notices_on(D(2025, 12, 25))
    # then it gives the amount, the date and the card, and where to turn renewal off or change the card
    assert notice.subject == "Your Friend membership renews on 1 January 2026 for 50.00 USD"
    assert "On 1 January 2026 we will charge 50.00 USD to your Visa ending 4242" in notice.body
    assert "has changed" not in notice.body
    assert f"{settings.FRONTEND_URL}/portal\n" in notice.body
    assert_links_resolve(notice.body)


def test_renewal_notice_says_when_the_price_changed(notices_on):
    # given the last renewal charged 50.00 USD and the level now costs 65.00 USD
    renewal_plan(price="65.00", last_charged="50.00")
    # when the notice goes
    [notice] = notices_on(D(2025, 12, 25))
    # then it announces the new price and says it changed
    assert notice.subject == "Your Friend membership renews on 1 January 2026 for 65.00 USD"
    assert (
        "The price of Friend membership has changed: your last renewal was 50.00 USD, this one will be 65.00 USD."
        in notice.body
    )


def test_notice_without_a_usable_card_asks_for_one(notices_on):
    annual = plan()
    PaymentMethod.objects.filter(pk=annual.payment_method_id).update(detached_at=timezone.now())
    [notice] = notices_on(D(2026, 3, 8))
    assert "to your saved card" in notice.body
    assert "We have no usable card on file for this payment" in notice.body


# ---------------------------------------------------------------------------------------------------------
# Renewals charge the level's current price
# ---------------------------------------------------------------------------------------------------------


def test_renewal_charges_the_levels_current_price():
    # given auto-renewal set up at 50.00 USD, and the level's price raised to 65.00 USD since
    renewal = renewal_plan(price="65.00", last_charged="50.00")
    # when the schedule creates the renewal charge on 1 January 2026
    created = recurring.recurring_charges_schedule(today=D(2026, 1, 1))
    # then the charge is for 65.00 USD and the plan keeps the new price
    assert created == 1
    charge = RecurringCharge.objects.get(recurring_gift=renewal, due_date=D(2026, 1, 1))
    assert (charge.amount, charge.currency, charge.status) == (Decimal("65.00"), "USD", "scheduled")
    renewal.refresh_from_db()
    assert (renewal.amount, renewal.next_charge_date) == (Decimal("65.00"), D(2027, 1, 1))


def test_a_renewal_takes_the_price_its_notice_announced(notices_on):
    # given the notice of the 1 January renewal went out at 50.00 USD
    renewal = renewal_plan(price="50.00")
    [notice] = notices_on(D(2025, 12, 25))
    assert "50.00 USD" in notice.subject
    # when staff raise the level's price before the charge is made
    MembershipLevel.objects.filter(pk=renewal.membership.level_id).update(price=Decimal("70.00"))
    recurring.recurring_charges_schedule(today=D(2026, 1, 1))
    # then the donor is charged what they were told (the next renewal's notice will tell of the new price)
    charge = RecurringCharge.objects.get(recurring_gift=renewal, due_date=D(2026, 1, 1))
    assert (charge.amount, charge.currency) == (Decimal("50.00"), "USD")


def test_a_late_renewal_is_charged_at_the_price_of_the_day_it_is_made():
    # given a renewal due on 1 December 2025 that the schedule missed, and the price changed since to 55.50 USD
    renewal = renewal_plan(price="50.00")
    RecurringGift.objects.filter(pk=renewal.pk).update(next_charge_date=D(2025, 12, 1))
    MembershipLevel.objects.filter(pk=renewal.membership.level_id).update(price=Decimal("55.50"))
    # when the schedule catches up on 5 January 2026
    recurring.recurring_charges_schedule(today=D(2026, 1, 5))
    # then the missed charge is made at today's price
    assert list(
        RecurringCharge.objects.filter(recurring_gift=renewal, due_date__gte=D(2025, 12, 1))
        .order_by("due_date")
        .values_list("due_date", "amount")
    ) == [(D(2025, 12, 1), Decimal("55.50"))]


def test_a_gift_that_is_not_a_renewal_keeps_its_amount():
    annual = plan(next_charge=D(2026, 1, 1))
    recurring.recurring_charges_schedule(today=D(2026, 1, 1))
    assert RecurringCharge.objects.get(recurring_gift=annual).amount == Decimal("120.00")


# ---------------------------------------------------------------------------------------------------------
# A recurring gift's amount changed
# ---------------------------------------------------------------------------------------------------------


def test_monthly_donor_is_told_when_the_amount_changes(django_capture_on_commit_callbacks):
    # given a monthly gift of 20.00 USD, next charged on 15 March 2026
    monthly = plan(frequency=RecurringGift.Frequency.MONTHLY, amount="20.00")
    # when the donor changes it to 25.00 USD
    with django_capture_on_commit_callbacks(execute=True):
        recurring.recurring_gift_update(recurring_gift=monthly, amount="25.00", today=D(2026, 3, 1))
    # then they are told, once
    [message] = mail.outbox
    assert message.subject == "Your monthly gift is now 25.00 USD"
    assert "has changed from 20.00 USD to 25.00 USD" in message.body
    assert "The next charge, of 25.00 USD, is on 15 March 2026 to your Visa ending 4242." in message.body
    assert_links_resolve(message.body)


def test_no_message_when_the_amount_stays_the_same(django_capture_on_commit_callbacks):
    monthly = plan(frequency=RecurringGift.Frequency.MONTHLY, amount="20.00")
    with django_capture_on_commit_callbacks(execute=True):
        recurring.recurring_gift_update(recurring_gift=monthly, amount="20", today=D(2026, 3, 1))
        recurring.recurring_gift_update(recurring_gift=monthly, next_charge_date=D(2026, 3, 20), today=D(2026, 3, 1))
    assert mail.outbox == []
    assert not OutboxMessage.objects.filter(kind="recurring_amount_changed").exists()


def test_a_refused_change_owes_nothing():
    monthly = plan(frequency=RecurringGift.Frequency.MONTHLY, amount="20.00")
    with pytest.raises(ValidationError, match="after today"):
        recurring.recurring_gift_update(
            recurring_gift=monthly, amount="30.00", next_charge_date=D(2026, 2, 1), today=D(2026, 3, 1)
        )
    assert not OutboxMessage.objects.filter(kind="recurring_amount_changed").exists()
