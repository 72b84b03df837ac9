"""`manage.py stripe_reconcile --since DATE`: what the webhooks missed is repaired from Stripe (localstripe), and
a second run changes nothing."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from steward.donations import gifts
from steward.donations.models import Gift, StripeEvent
from steward.donations.money import to_minor_units
from steward.donations.reconcile import ReconcileReport, pending_gifts_reconcile
from steward.members.models import Membership
from tests.factories import FundFactory, IndividualFactory, MembershipLevelFactory
from tests.stripe_server import card, stripe_client

pytestmark = pytest.mark.django_db


def paid_behind_our_back(stripe_api, gift: Gift, number="4242424242424242") -> str:
    """The browser paid the gift's PaymentIntent and every webhook was lost: Stripe knows, Steward does not."""
    api = stripe_client(stripe_api)
    intent = api.v1.payment_intents.create(
        {
            "amount": to_minor_units(gift.amount, gift.currency),
            "currency": gift.currency.lower(),
            "payment_method": card(stripe_api, number),
            "payment_method_types": ["card"],
            "metadata": {"steward_gift_id": str(gift.pk)},
        }
    )
    gifts.gift_attach_payment_intent(gift=gift, payment_intent_id=intent.id)
    api.v1.payment_intents.confirm(intent.id)
    return intent.id


def reconcile() -> str:
    out = StringIO()
    call_command(
        "stripe_reconcile", "--since", (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)).isoformat(), stdout=out
    )
    return out.getvalue()


def pending(amount="45.00", **kwargs) -> Gift:
    return gifts.gift_create_pending(
        constituent=kwargs.pop("constituent", None) or IndividualFactory(),
        amount=Decimal(amount),
        currency="USD",
        fund=FundFactory(),
        **kwargs,
    )


def test_a_payment_whose_webhook_was_lost_is_recorded_once(stripe_api, django_capture_on_commit_callbacks):
    gift = pending()
    paid_behind_our_back(stripe_api, gift)
    with django_capture_on_commit_callbacks(execute=True):
        first = reconcile()
    gift.refresh_from_db()
    assert gift.status == Gift.Status.SUCCEEDED
    assert "1 were missing" in first
    assert StripeEvent.objects.filter(type="payment_intent.succeeded", status=StripeEvent.Status.PROCESSED).count() == 1
    succeeded_at = gift.succeeded_at
    second = reconcile()
    assert "Nothing to repair." in second
    gift.refresh_from_db()
    assert gift.succeeded_at == succeeded_at
    assert StripeEvent.objects.count() == 1


def test_a_paid_membership_whose_webhook_was_lost_becomes_a_membership(stripe_api):
    level = MembershipLevelFactory(price=Decimal("45.00"))
    gift = pending(purpose=Gift.Purpose.MEMBERSHIP, membership_level=level)
    paid_behind_our_back(stripe_api, gift)
    reconcile()
    membership = Membership.objects.get(constituent=gift.constituent)
    assert membership.terms.get().gift_id == gift.pk
    reconcile()
    assert Membership.objects.count() == 1
    assert membership.terms.count() == 1


def test_a_gift_wrongly_marked_failed_is_put_right(stripe_api):
    gift = pending()
    intent_id = paid_behind_our_back(stripe_api, gift)
    gifts.gift_mark_failed(payment_intent_id=intent_id, reason="A lost connection was taken for a decline.")
    reconcile()
    gift.refresh_from_db()
    assert (gift.status, gift.failure_reason) == (Gift.Status.SUCCEEDED, "")


def test_a_pending_gift_whose_events_are_gone_is_checked_against_its_payment_intent(stripe_api):
    gift = pending()
    paid_behind_our_back(stripe_api, gift)
    # Events older than Stripe keeps (30 days) are gone: only the pass over pending gifts can find this one.
    report = ReconcileReport()
    pending_gifts_reconcile(since=dt.datetime.now(dt.UTC) - dt.timedelta(days=1), report=report)
    gift.refresh_from_db()
    assert (report.gifts_succeeded, gift.status) == (1, Gift.Status.SUCCEEDED)
    again = ReconcileReport()
    pending_gifts_reconcile(since=dt.datetime.now(dt.UTC) - dt.timedelta(days=1), report=again)
    assert again.changes == 0


def test_the_since_date_must_be_a_past_date(stripe_api):
    with pytest.raises(CommandError, match="date like"):
        call_command("stripe_reconcile", "--since", "last tuesday")
    with pytest.raises(CommandError, match="future"):
        call_command("stripe_reconcile", "--since", (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=3)).isoformat())
