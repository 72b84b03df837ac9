"""Claims have leases: an installment left claimed by a worker that died is finished by the sweeper, charging
nothing twice — whether the worker died before Stripe was asked, after the PaymentIntent was created, or after
it was confirmed (charged at Stripe, not yet recorded). The database state each test starts from is exactly
what a `kill -9` at that point leaves (the claim's UPDATE committed, nothing after it)."""

import datetime as dt

import pytest
from django.utils import timezone

from steward.donations import online, recurring, tasks
from steward.donations.models import Gift, RecurringCharge, RecurringGift
from steward.donations.stripe import client
from tests.factories import FundFactory, IndividualFactory
from tests.stripe_server import card, payment_intents

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def plan(stripe_api):
    first = online.recurring_gift_start(
        constituent=IndividualFactory(email="monthly@example.org"),
        amount="20.00",
        currency="USD",
        frequency=RecurringGift.Frequency.MONTHLY,
        fund=FundFactory(),
        payment_method_id=card(stripe_api),
        today=D(2026, 1, 15),
    )
    assert first.status == RecurringCharge.Status.SUCCEEDED
    return first.recurring_gift


def _due_charge_claimed_long_ago(plan) -> RecurringCharge:
    """The February installment, claimed by a worker 20 minutes ago (the lease is 15)."""
    recurring.recurring_charges_schedule(today=D(2026, 2, 15))
    charge = plan.charges.get(due_date=D(2026, 2, 15))
    assert recurring.recurring_charge_claim(charge_id=charge.pk, today=D(2026, 2, 15))
    RecurringCharge.objects.filter(pk=charge.pk).update(claimed_at=timezone.now() - dt.timedelta(minutes=20))
    charge.refresh_from_db()
    return charge


def _payment_intent_created_and_stored(plan, charge):
    """What the worker did before dying: create the PaymentIntent (with the attempt's key) and store its id."""
    method = plan.payment_method
    intent = client.payment_intent_create(
        amount=charge.amount,
        currency=charge.currency,
        customer_id=method.stripe_customer_id,
        payment_method_id=method.stripe_payment_method_id,
        metadata={"steward_recurring_charge_id": charge.pk},
        idempotency_key=f"{charge.idempotency_key}-create",
    )
    gift = recurring.recurring_charge_gift(charge=charge)
    Gift.objects.filter(pk=gift.pk).update(stripe_payment_intent_id=intent.id)
    RecurringCharge.objects.filter(pk=charge.pk).update(stripe_payment_intent_id=intent.id)
    return intent


def _paid_intents(stripe_api) -> list:
    return [intent for intent in payment_intents(stripe_api) if intent.status == "succeeded"]


def test_a_claim_within_its_lease_is_left_alone(plan, stripe_api):
    recurring.recurring_charges_schedule(today=D(2026, 2, 15))
    charge = plan.charges.get(due_date=D(2026, 2, 15))
    assert recurring.recurring_charge_claim(charge_id=charge.pk, today=D(2026, 2, 15))
    # a worker is still charging it (claimed a minute ago): the sweeper does not touch it
    RecurringCharge.objects.filter(pk=charge.pk).update(claimed_at=timezone.now() - dt.timedelta(minutes=1))
    assert tasks.recurring_claims_recover.delay().get() == 0
    assert RecurringCharge.objects.get(pk=charge.pk).status == RecurringCharge.Status.CLAIMED
    assert len(_paid_intents(stripe_api)) == 1


def test_worker_died_before_asking_stripe(plan, stripe_api):
    charge = _due_charge_claimed_long_ago(plan)
    # when the sweeper runs (twice: the second finds nothing left)
    assert tasks.recurring_claims_recover.delay().get() == 1
    assert tasks.recurring_claims_recover.delay().get() == 0
    # then the installment was charged once, with the keys of its first attempt
    charge.refresh_from_db()
    assert (charge.status, charge.attempts) == (RecurringCharge.Status.SUCCEEDED, 1)
    assert Gift.objects.get(recurring_charge=charge).status == Gift.Status.SUCCEEDED
    assert len(_paid_intents(stripe_api)) == 2  # January's and February's


def test_worker_died_after_creating_the_payment_intent(plan, stripe_api):
    charge = _due_charge_claimed_long_ago(plan)
    # given the worker created (and stored) the PaymentIntent, then died before confirming it
    intent = _payment_intent_created_and_stored(plan, charge)
    # when the sweeper runs
    assert tasks.recurring_claims_recover.delay().get() == 1
    # then that PaymentIntent was confirmed (no second one made) and the gift recorded
    charge.refresh_from_db()
    assert charge.status == RecurringCharge.Status.SUCCEEDED
    assert Gift.objects.get(recurring_charge=charge).stripe_payment_intent_id == intent.id
    assert len(payment_intents(stripe_api)) == 2
    assert len(_paid_intents(stripe_api)) == 2


def test_worker_died_after_stripe_charged_the_card(plan, stripe_api):
    charge = _due_charge_claimed_long_ago(plan)
    # given the card was charged at Stripe, but the worker died before recording it
    intent = _payment_intent_created_and_stored(plan, charge)
    client.payment_intent_confirm(payment_intent_id=intent.id, idempotency_key=f"{charge.idempotency_key}-confirm")
    assert len(_paid_intents(stripe_api)) == 2
    # when the redelivered task runs, it finds the charge claimed and leaves it; then the sweeper runs
    assert tasks.recurring_charge_run.delay(charge.pk, "2026-02-15").get() == RecurringCharge.Status.CLAIMED
    assert tasks.recurring_claims_recover.delay().get() == 1
    # then the payment Stripe took is recorded, once, and nothing more was charged
    charge.refresh_from_db()
    assert charge.status == RecurringCharge.Status.SUCCEEDED
    paid = Gift.objects.get(recurring_charge=charge)
    assert (paid.status, paid.stripe_payment_intent_id) == (Gift.Status.SUCCEEDED, intent.id)
    assert len(_paid_intents(stripe_api)) == 2
    plan.refresh_from_db()
    assert plan.next_charge_date == D(2026, 3, 15)
