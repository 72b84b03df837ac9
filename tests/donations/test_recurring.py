"""Recurring gifts on Steward's own schedule, against localstripe, with the clock moved rather than waited for."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from steward.core import tasks as core_tasks
from steward.core.models import OutboxMessage
from steward.donations import online, payments, purchases, recurring, tasks
from steward.donations.models import Gift, PaymentMethod, RecurringCharge, RecurringGift
from steward.members.models import Membership, MembershipLevel
from tests.factories import FundFactory, IndividualFactory, MembershipLevelFactory, make_membership
from tests.stripe_server import card, payment_intents

pytestmark = pytest.mark.django_db

D = dt.date
VISA = "4242424242424242"
DECLINES_WHEN_CHARGED = "4000000000000341"
NEEDS_3DS = "4000002500003155"


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


def start_monthly(stripe_api, fund, number=VISA, day=None, amount="20.00", **kwargs):
    return online.recurring_gift_start(
        constituent=kwargs.pop("constituent", None) or IndividualFactory(),
        amount=amount,
        currency="USD",
        frequency=RecurringGift.Frequency.MONTHLY,
        fund=fund,
        payment_method_id=card(stripe_api, number),
        today=day or D(2026, 1, 15),
        **kwargs,
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the hourly schedule as if on `day`, with after-commit work (donor emails) done as in production."""

    def run_on(day):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.recurring_charges_run.delay(day.isoformat())

    return run_on


def test_monthly_gift_lifecycle_through_several_installments(stripe_api, fund, run):
    # given a monthly gift started on 15 January
    first = start_monthly(stripe_api, fund)
    plan = first.recurring_gift
    plan.refresh_from_db()
    assert first.status == RecurringCharge.Status.SUCCEEDED
    assert plan.status == RecurringGift.Status.ACTIVE
    assert plan.next_charge_date == D(2026, 2, 15)
    assert PaymentMethod.objects.get().last4 == "4242"
    # when the schedule runs on the next two due dates, twice each, and on days in between
    for day in [D(2026, 2, 1), D(2026, 2, 15), D(2026, 2, 15), D(2026, 3, 10), D(2026, 3, 15), D(2026, 3, 15)]:
        run(day)
    # then exactly three gifts were charged, one per due date, each by one PaymentIntent
    gifts = Gift.objects.filter(recurring_gift=plan).order_by("gift_date")
    assert gifts.count() == 3
    assert set(gifts.values_list("status", flat=True)) == {Gift.Status.SUCCEEDED}
    assert list(plan.charges.order_by("due_date").values_list("due_date", flat=True)) == [
        D(2026, 1, 15),
        D(2026, 2, 15),
        D(2026, 3, 15),
    ]
    assert len(payment_intents(stripe_api)) == 3
    assert sum(intent.amount for intent in payment_intents(stripe_api)) == 6000
    plan.refresh_from_db()
    assert plan.next_charge_date == D(2026, 4, 15)


def test_missed_days_are_caught_up_once(stripe_api, fund, run):
    plan = start_monthly(stripe_api, fund).recurring_gift
    # the scheduler did not run for three months
    run(D(2026, 4, 20))
    assert list(plan.charges.order_by("due_date").values_list("due_date", "status")) == [
        (D(2026, 1, 15), "succeeded"),
        (D(2026, 2, 15), "succeeded"),
        (D(2026, 3, 15), "succeeded"),
        (D(2026, 4, 15), "succeeded"),
    ]
    run(D(2026, 4, 20))
    assert plan.charges.count() == 4


def test_declined_off_session_charge_is_retried_then_past_due(stripe_api, fund, run):
    # given an active monthly gift whose card starts to decline
    plan = start_monthly(stripe_api, fund).recurring_gift
    failing = payments.payment_method_save(
        constituent=plan.constituent, payment_method_id=card(stripe_api, DECLINES_WHEN_CHARGED)
    )
    recurring.recurring_gift_update(recurring_gift=plan, payment_method=failing, today=D(2026, 1, 20))
    mail.outbox.clear()
    # when the charge is due on 15 February and the retries come 1, 3 and 7 days after each failure
    run(D(2026, 2, 15))
    charge = RecurringCharge.objects.get(recurring_gift=plan, due_date=D(2026, 2, 15))
    assert (charge.status, charge.next_attempt_on, charge.attempts) == ("retrying", D(2026, 2, 16), 1)
    run(D(2026, 2, 15))  # not yet due again: nothing happens
    assert RecurringCharge.objects.get(pk=charge.pk).attempts == 1
    run(D(2026, 2, 16))
    assert RecurringCharge.objects.get(pk=charge.pk).next_attempt_on == D(2026, 2, 19)
    run(D(2026, 2, 19))
    assert RecurringCharge.objects.get(pk=charge.pk).next_attempt_on == D(2026, 2, 26)
    run(D(2026, 2, 26))
    # then after the last retry the charge has failed and the gift is past due, and the donor was told each time
    charge.refresh_from_db()
    plan.refresh_from_db()
    assert (charge.status, charge.attempts) == ("failed", 4)
    assert plan.status == RecurringGift.Status.PAST_DUE
    assert plan.failed_payment_count == 4
    assert Gift.objects.get(recurring_charge=charge).status == Gift.Status.FAILED
    subjects = [message.subject for message in mail.outbox]
    assert subjects.count("Your monthly gift did not go through") == 3
    assert subjects[-1] == "We could not take your monthly gift"
    # a past-due gift is not charged again until the card is updated
    run(D(2026, 3, 15))
    assert plan.charges.filter(status="succeeded").count() == 1
    # when the donor adds a good card, the failed charge is tried again on the next run and succeeds
    good = payments.payment_method_save(constituent=plan.constituent, payment_method_id=card(stripe_api))
    recurring.recurring_gift_update(recurring_gift=plan, payment_method=good, today=D(2026, 3, 16))
    run(D(2026, 3, 16))
    plan.refresh_from_db()
    assert plan.status == RecurringGift.Status.ACTIVE
    assert Gift.objects.get(recurring_charge=charge).status == Gift.Status.SUCCEEDED


def test_charge_needing_authentication_emails_a_link(stripe_api, fund, run):
    plan = start_monthly(stripe_api, fund).recurring_gift
    needs_3ds = payments.payment_method_save(
        constituent=plan.constituent, payment_method_id=card(stripe_api, NEEDS_3DS)
    )
    recurring.recurring_gift_update(recurring_gift=plan, payment_method=needs_3ds, today=D(2026, 1, 20))
    mail.outbox.clear()
    run(D(2026, 2, 15))
    charge = RecurringCharge.objects.get(recurring_gift=plan, due_date=D(2026, 2, 15))
    assert charge.status == RecurringCharge.Status.REQUIRES_ACTION
    assert mail.outbox[0].subject == "Please confirm your monthly gift"
    assert "/giving/authenticate/" in mail.outbox[0].body


def test_first_payment_declined_cancels_the_plan(stripe_api, fund):
    first = start_monthly(stripe_api, fund, number=DECLINES_WHEN_CHARGED)
    assert first.status == RecurringCharge.Status.RETRYING
    assert first.recurring_gift.status == RecurringGift.Status.PENDING


def test_two_runs_claiming_the_same_charge_charge_once(stripe_api, fund):
    plan = start_monthly(stripe_api, fund).recurring_gift
    recurring.recurring_charges_schedule(today=D(2026, 2, 15))
    charge = RecurringCharge.objects.get(recurring_gift=plan, due_date=D(2026, 2, 15))
    assert recurring.recurring_charge_claim(charge_id=charge.pk, today=D(2026, 2, 15)) is True
    assert recurring.recurring_charge_claim(charge_id=charge.pk, today=D(2026, 2, 15)) is False
    # a run that lost the claim does nothing
    assert online.recurring_charge_run(charge_id=charge.pk, today=D(2026, 2, 15)) == "claimed"
    assert len(payment_intents(stripe_api)) == 1


def test_pause_skip_resume_change_and_cancel(stripe_api, fund, run):
    plan = start_monthly(stripe_api, fund).recurring_gift
    recurring.recurring_gift_update(recurring_gift=plan, amount="35.00", today=D(2026, 1, 20))
    recurring.recurring_gift_skip_next(recurring_gift=plan)
    plan.refresh_from_db()
    assert plan.next_charge_date == D(2026, 3, 15)
    recurring.recurring_gift_pause(recurring_gift=plan)
    run(D(2026, 3, 15))
    assert plan.charges.count() == 1
    recurring.recurring_gift_resume(recurring_gift=plan, today=D(2026, 3, 20))
    plan.refresh_from_db()
    assert (plan.status, plan.next_charge_date) == ("active", D(2026, 4, 15))
    run(D(2026, 4, 15))
    assert plan.charges.get(due_date=D(2026, 4, 15)).amount == Decimal("35.00")
    recurring.recurring_gift_cancel(recurring_gift=plan, reason="moving abroad")
    run(D(2026, 5, 15))
    assert plan.charges.count() == 2


def test_bad_changes_are_refused(stripe_api, fund):
    plan = start_monthly(stripe_api, fund).recurring_gift
    other_card = payments.payment_method_save(constituent=IndividualFactory(), payment_method_id=card(stripe_api))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        recurring.recurring_gift_update(recurring_gift=plan, amount="-5")
    with pytest.raises(ValidationError):
        recurring.recurring_gift_update(recurring_gift=plan, payment_method=other_card)
    with pytest.raises(ValidationError):
        recurring.recurring_gift_update(recurring_gift=plan, next_charge_date=D(2020, 1, 1), today=D(2026, 1, 20))
    plan.refresh_from_db()
    assert plan.amount == Decimal("20.00")


def test_membership_auto_renewal_is_paid_by_its_installment(stripe_api, fund, run):
    # given an annual membership ending on 14 January 2027, renewed automatically by an annual plan
    level = MembershipLevelFactory(price=Decimal("60.00"), slug="supporter", term=MembershipLevel.Term.ANNUAL)
    membership = make_membership(level=level, start_date=D(2026, 1, 15))
    plan = purchases.membership_auto_renew_setup(
        membership=membership, payment_method_id=card(stripe_api), fund=fund, today=D(2026, 6, 1)
    )
    assert (plan.amount, plan.frequency, plan.next_charge_date) == (Decimal("60.00"), "annual", D(2027, 1, 15))
    # when the renewal falls due the day after the paid term
    run(D(2027, 1, 15))
    membership.refresh_from_db()
    gift = Gift.objects.filter(recurring_gift=plan).latest("pk")
    assert gift.status == Gift.Status.SUCCEEDED
    assert membership.terms.filter(gift_id=gift.pk, start_date=D(2027, 1, 15), end_date=D(2028, 1, 14)).exists()
    assert membership.end_date == D(2028, 1, 14)


def test_membership_renewal_failing_turns_auto_renew_off(stripe_api, fund, run):
    level = MembershipLevelFactory(price=Decimal("60.00"), slug="supporter", term=MembershipLevel.Term.ANNUAL)
    membership = make_membership(level=level, start_date=D(2026, 1, 15))
    plan = purchases.membership_auto_renew_setup(
        membership=membership, payment_method_id=card(stripe_api), fund=fund, today=D(2026, 6, 1)
    )
    failing = payments.payment_method_save(
        constituent=plan.constituent, payment_method_id=card(stripe_api, DECLINES_WHEN_CHARGED)
    )
    recurring.recurring_gift_update(recurring_gift=plan, payment_method=failing, today=D(2026, 6, 2))
    for day in [D(2027, 1, 15), D(2027, 1, 16), D(2027, 1, 19), D(2027, 1, 26)]:
        run(day)
    membership.refresh_from_db()
    assert membership.auto_renew is False
    assert membership.end_date == D(2027, 1, 14)
    from steward.members import services as member_services

    # it is in grace for the level's grace period, then lapses
    assert member_services.membership_status(membership=membership, today=D(2027, 1, 26)) == Membership.Status.GRACE


def test_card_expiring_before_the_next_charge_gets_one_notice(stripe_api, fund, django_capture_on_commit_callbacks):
    plan = start_monthly(stripe_api, fund).recurring_gift
    PaymentMethod.objects.filter(pk=plan.payment_method_id).update(exp_month=1, exp_year=2026)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert recurring.card_expiry_notices_send(today=D(2026, 2, 1)) == 1
        assert recurring.card_expiry_notices_send(today=D(2026, 2, 2)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Your card expires before your next gift"


def test_a_card_expiry_notice_is_owed_with_its_mark_and_not_sent_once_the_card_is_changed(stripe_api, fund):
    # given a monthly gift whose card expires before the next charge
    plan = start_monthly(stripe_api, fund).recurring_gift
    PaymentMethod.objects.filter(pk=plan.payment_method_id).update(exp_month=1, exp_year=2026)
    mail.outbox.clear()
    # when the daily check runs (the queue unreachable: its after-commit queueing never runs in this test)
    assert recurring.card_expiry_notices_send(today=D(2026, 2, 1)) == 1
    # then the notice is an outbox row, owed once
    owed = OutboxMessage.objects.get(kind="card_expiring")
    assert owed.status == OutboxMessage.Status.PENDING
    assert recurring.card_expiry_notices_send(today=D(2026, 2, 1)) == 0
    assert OutboxMessage.objects.filter(kind="card_expiring").count() == 1
    # and when the donor puts in a card that lasts before the sweeper gets to it, nothing is sent
    PaymentMethod.objects.filter(pk=plan.payment_method_id).update(exp_month=12, exp_year=2030)
    core_tasks.outbox_sweep.delay().get()
    owed.refresh_from_db()
    assert owed.status == OutboxMessage.Status.CANCELLED
    assert [m.subject for m in mail.outbox if "card" in m.subject] == []
