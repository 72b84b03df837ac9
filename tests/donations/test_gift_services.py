"""Gifts entered by hand, batches that must balance, soft credits and bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from steward.donations import gifts
from steward.donations.models import Gift, GiftBatch, Pledge, SoftCredit
from tests.factories import FundFactory, GiftBatchFactory, IndividualFactory, StaffUserFactory
from tests.utils import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


def record(donor, fund, amount="50.00", **kwargs):
    kwargs.setdefault("currency", "USD")
    kwargs.setdefault("method", Gift.Method.CHEQUE)
    # the amount goes in as text: the service itself turns it into a Decimal or refuses it
    return gifts.gift_record(constituent=donor, amount=amount, fund=fund, **kwargs)


def test_cheque_gift_is_recorded_succeeded_with_its_deductible_amount(fund):
    donor = IndividualFactory()
    gift = record(donor, fund, "120.00", benefit_value=Decimal("20.00"), reference="cheque 100234")
    assert gift.status == Gift.Status.SUCCEEDED
    assert gift.deductible_amount == Decimal("100.00")
    assert gift.net_amount == Decimal("120.00")
    assert gift.base_amount == Decimal("120.00")


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0", "not_positive"),
        ("-5", "not_positive"),
        ("abc", "invalid"),
        ("NaN", "invalid"),
        ("10.001", "bad_precision"),
    ],
)
def test_bad_amounts_are_refused(fund, amount, code):
    with pytest.raises(ValidationError) as error:
        record(IndividualFactory(), fund, amount)
    assert code in error_codes(error.value)
    assert Gift.objects.count() == 0


def test_absurd_amount_is_refused(fund):
    with pytest.raises(ValidationError) as error:
        record(IndividualFactory(), fund, "999999999999")
    assert "too_large" in error_codes(error.value)


def test_zero_decimal_currency_rejects_fractions(fund):
    with pytest.raises(ValidationError) as error:
        record(IndividualFactory(), fund, "1000.50", currency="JPY", base_amount=Decimal("7"))
    assert "bad_precision" in error_codes(error.value)
    gift = record(IndividualFactory(), fund, "1000", currency="JPY", base_amount=Decimal("6.70"))
    assert gift.amount == Decimal("1000")


def test_unsupported_currency_is_refused(fund):
    with pytest.raises(ValidationError) as error:
        record(IndividualFactory(), fund, currency="XYZ")
    assert "unsupported_currency" in error_codes(error.value)


def test_benefit_worth_more_than_the_gift_is_refused(fund):
    with pytest.raises(ValidationError):
        record(IndividualFactory(), fund, "50", benefit_value=Decimal("60"))


def test_closed_fund_is_refused():
    closed = FundFactory(code="closed", active=False)
    with pytest.raises(ValidationError) as error:
        record(IndividualFactory(), closed)
    assert "inactive_fund" in error_codes(error.value)


def test_tribute_needs_a_name(fund):
    with pytest.raises(ValidationError):
        record(IndividualFactory(), fund, tribute_type=Gift.Tribute.MEMORY)
    gift = record(IndividualFactory(), fund, tribute_type=Gift.Tribute.MEMORY, tribute_name="Grandma Nok")
    assert gift.get_tribute_type_display() == "In memory of"


def test_soft_credit(fund):
    donor, spouse = IndividualFactory(), IndividualFactory()
    gift = record(donor, fund, "100", soft_credits=[(spouse, Decimal("100"), SoftCredit.Kind.HOUSEHOLD)])
    assert SoftCredit.objects.get(gift=gift).constituent == spouse
    with pytest.raises(ValidationError):
        gifts.soft_credit_add(gift=gift, constituent=donor, amount=Decimal("1"))
    with pytest.raises(ValidationError):
        gifts.soft_credit_add(gift=gift, constituent=IndividualFactory(), amount=Decimal("101"))


def test_batch_posts_only_when_it_balances(fund):
    staff = StaffUserFactory()
    batch = GiftBatchFactory(
        name="Monday post", currency="USD", expected_total=Decimal("75.00"), expected_count=2, created_by=staff
    )
    first = record(IndividualFactory(), fund, "50.00", batch=batch, method=Gift.Method.CASH)
    # gifts in an open batch do not count yet
    assert first.status == Gift.Status.PENDING
    with pytest.raises(ValidationError) as error:
        gifts.gift_batch_post(batch=batch, user=staff)
    assert "unbalanced" in error_codes(error.value)
    assert "1 gift totalling 50.00 USD" in error.value.messages[0]
    record(IndividualFactory(), fund, "25.00", batch=batch)
    gifts.gift_batch_post(batch=batch, user=staff)
    batch.refresh_from_db()
    assert batch.status == GiftBatch.Status.POSTED
    assert set(batch.gifts.values_list("status", flat=True)) == {Gift.Status.SUCCEEDED}
    # a posted batch takes no more gifts
    with pytest.raises(ValidationError) as error:
        record(IndividualFactory(), fund, "5", batch=batch)
    assert "batch_posted" in error_codes(error.value)


def test_online_gift_succeeds_once_and_checks_the_amount(fund):
    donor = IndividualFactory()
    gift = gifts.gift_create_pending(constituent=donor, amount=Decimal("30.00"), currency="USD", fund=fund)
    gifts.gift_attach_payment_intent(gift=gift, payment_intent_id="pi_123")
    with pytest.raises(ValidationError) as error:
        gifts.gift_mark_succeeded(payment_intent_id="pi_123", amount=Decimal("3000"), currency="usd")
    assert "amount_mismatch" in error_codes(error.value)
    first = gifts.gift_mark_succeeded(payment_intent_id="pi_123", amount=Decimal("30.00"), currency="usd")
    stamp = first.succeeded_at
    again = gifts.gift_mark_succeeded(payment_intent_id="pi_123", amount=Decimal("30.00"), currency="usd")
    assert again.status == Gift.Status.SUCCEEDED
    assert again.succeeded_at == stamp


def test_failure_after_success_is_ignored_and_success_after_failure_wins(fund):
    donor = IndividualFactory()
    gift = gifts.gift_create_pending(constituent=donor, amount=Decimal("30.00"), currency="USD", fund=fund)
    gifts.gift_attach_payment_intent(gift=gift, payment_intent_id="pi_9")
    gifts.gift_mark_failed(payment_intent_id="pi_9", reason="card_declined")
    assert Gift.objects.get(pk=gift.pk).status == Gift.Status.FAILED
    gifts.gift_mark_succeeded(payment_intent_id="pi_9", amount=Decimal("30.00"), currency="USD")
    gifts.gift_mark_failed(payment_intent_id="pi_9", reason="late failure event")
    assert Gift.objects.get(pk=gift.pk).status == Gift.Status.SUCCEEDED


def test_a_refund_told_before_the_payment_is_kept_and_takes_effect_when_it_is_paid(fund):
    # Stripe's events come in any order: the refund of an unpaid gift is a fact to keep, not an error.
    gift = gifts.gift_create_pending(constituent=IndividualFactory(), amount=Decimal("9"), currency="USD", fund=fund)
    gifts.gift_attach_payment_intent(gift=gift, payment_intent_id="pi_unpaid")
    gifts.gift_record_refund(payment_intent_id="pi_unpaid", total_refunded=Decimal("4"))
    gift.refresh_from_db()
    assert (gift.status, gift.amount_refunded) == (Gift.Status.PENDING, Decimal("4"))
    gifts.gift_mark_succeeded(payment_intent_id="pi_unpaid", amount=Decimal("9"), currency="USD")
    gift.refresh_from_db()
    assert (gift.status, gift.amount_refunded) == (Gift.Status.PARTIALLY_REFUNDED, Decimal("4"))


def test_refund_of_an_unknown_charge_is_refused():
    with pytest.raises(ValidationError) as error:
        gifts.gift_record_refund(payment_intent_id="pi_nobody", total_refunded=Decimal("9"))
    assert "unknown_charge" in error_codes(error.value)


def test_gift_date_defaults_to_the_organisations_today(fund, settings):
    gift = record(IndividualFactory(), fund)
    from steward.core.dates import organisation_today

    assert gift.gift_date == organisation_today()
    assert isinstance(gift.gift_date, dt.date)


def test_constituent_with_gifts_cannot_be_deleted(fund):
    from steward.members import services as member_services
    from steward.members.models import Constituent

    donor = IndividualFactory()
    record(donor, fund)
    with pytest.raises(ValidationError) as error:
        member_services.constituent_delete(constituent=donor)
    assert "protected" in error_codes(error.value)
    assert "gifts" in error.value.messages[0]
    assert Constituent.objects.filter(pk=donor.pk).exists()


def test_pledge_payments_are_checked_and_a_refund_reopens_the_pledge():
    donor, fund = IndividualFactory(), FundFactory()
    pledge = gifts.pledge_create(constituent=donor, amount="100", currency="USD", fund=fund)
    for wrong, code in [
        ({"constituent": IndividualFactory()}, "not_yours"),
        ({"currency": "EUR", "base_amount": Decimal("100")}, "pledge_currency"),
    ]:
        with pytest.raises(ValidationError) as error:
            gifts.gift_record(
                **{"constituent": donor, "amount": "100", "currency": "USD", "fund": fund, "method": "cash", **wrong},
                pledge=pledge,
            )
        assert code in error_codes(error.value)
    gift = gifts.gift_record(constituent=donor, amount="100", currency="USD", fund=fund, method="cash", pledge=pledge)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.FULFILLED
    with pytest.raises(ValidationError) as closed:
        gifts.gift_record(constituent=donor, amount="5", currency="USD", fund=fund, method="cash", pledge=pledge)
    assert "pledge_closed" in error_codes(closed.value)
    gifts.gift_refund(gift=gift, amount="40")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.OPEN
    assert gifts.pledge_paid_total(pledge=pledge) == Decimal("60.00")
