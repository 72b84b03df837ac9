"""Refunds ask for a reason and are confirmed with the amount: the reason and the staff note are kept with the
refund (GiftRefund) and on the gift's history, and go to Stripe (localstripe) in the refund's metadata; Stripe's
own `reason` parameter is sent where the server takes it (settings.STRIPE_REFUND_SEND_REASON)."""

from decimal import Decimal

import pytest
import stripe
from django.core.exceptions import ValidationError
from django.urls import reverse

from steward.donations import gifts, online
from steward.donations.models import Gift, GiftRefund
from tests.factories import FundFactory, IndividualFactory, StaffUserFactory
from tests.stripe_server import card
from tests.utils import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


@pytest.fixture
def staff():
    return StaffUserFactory(groups=["Fundraising staff"])


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def card_gift(stripe_api, fund, amount="50.00"):
    donor = IndividualFactory(given_name="Jane", family_name="Doe")
    started = online.gift_start_online(
        constituent=donor,
        amount=amount,
        currency="USD",
        fund=fund,
        payment_method_id=card(stripe_api, "4242424242424242"),
        client_ip="203.0.113.7",
    )
    return started.gift


def stripe_refunds(stripe_api):
    return stripe.StripeClient("sk_test_steward", base_addresses={"api": stripe_api}).v1.refunds.list().data


def refund_url(gift):
    return reverse("donations_gifts:refund", args=(gift.pk,))


def test_a_card_refund_asks_then_confirms_with_the_amount_and_keeps_the_reason(stripe_api, fund, staff_client, staff):
    gift = card_gift(stripe_api, fund)
    typed = {"amount": "50.00", "reason": "duplicate", "note": "Gave twice by mistake"}
    # when staff ask for the refund
    page = staff_client.post(refund_url(gift), typed)
    # then they are asked, with the amount and currency, and Stripe has been asked for nothing
    html = page.content.decode()
    assert page.status_code == 200
    assert "Refund 50.00 USD to Jane Doe?" in html
    assert "Duplicate gift" in html
    assert "Gave twice by mistake" in html
    assert stripe_refunds(stripe_api) == []
    # when they confirm
    response = staff_client.post(refund_url(gift), {**typed, "confirmed": "yes"})
    assert response.status_code == 302
    # then Stripe refunded it, with the reason and the note in its metadata
    [refund] = stripe_refunds(stripe_api)
    assert (refund.amount, refund.currency) == (5000, "usd")
    assert refund.metadata.to_dict() == {
        "reason": "duplicate",
        "note": "Gave twice by mistake",
        "steward_gift": str(gift.pk),
    }
    # and the refund is kept with its reason, its Stripe id and who made it, once
    gift.refresh_from_db()
    assert (gift.status, gift.amount_refunded) == (Gift.Status.REFUNDED, Decimal("50.00"))
    [kept] = GiftRefund.objects.filter(gift=gift)
    assert (kept.amount, kept.currency, kept.reason, kept.note, kept.stripe_refund_id, kept.created_by) == (
        Decimal("50.00"),
        "USD",
        "duplicate",
        "Gave twice by mistake",
        refund.id,
        staff,
    )
    # and on the gift's history
    latest = gift.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "Refund of 50.00 USD: Duplicate gift (Gave twice by mistake)"
    assert latest.amount_refunded == Decimal("50.00")
    # and the gift's page lists it
    page = staff_client.get(reverse("donations_gifts:inspect", args=(gift.pk,))).content.decode()
    assert "Duplicate gift" in page
    assert "Gave twice by mistake" in page


def test_stripes_own_reason_is_sent_where_the_server_takes_it(stripe_api, fund, settings):
    # localstripe refuses the `reason` parameter ("Unexpected reason"): with it turned on, the refund is refused,
    # which shows it is sent; nothing is recorded.
    gift = card_gift(stripe_api, fund)
    settings.STRIPE_REFUND_SEND_REASON = True
    with pytest.raises(ValidationError) as error:
        gifts.gift_refund(gift=gift, amount="10.00", reason="requested_by_customer")
    assert error_codes(error.value) == {"stripe_refused"}
    assert "Unexpected reason" in str(error.value)
    gift.refresh_from_db()
    assert gift.amount_refunded == Decimal("0")
    assert not GiftRefund.objects.exists()
    # by default, against a stand-in for Stripe, it goes in the metadata only
    settings.STRIPE_REFUND_SEND_REASON = None
    gifts.gift_refund(gift=gift, amount="10.00", reason="requested_by_customer")
    [refund] = stripe_refunds(stripe_api)
    assert refund.metadata["reason"] == "requested_by_customer"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", "The amount must be more than zero."),
        ("-5", "The amount must be more than zero."),
        ("60.00", "At most 50.00 USD is left to refund."),
        ("1.005", "USD amounts cannot have that many decimal places."),
    ],
)
def test_a_bad_amount_is_refused_before_the_confirmation(stripe_api, fund, staff_client, amount, message):
    gift = card_gift(stripe_api, fund)
    page = staff_client.post(refund_url(gift), {"amount": amount, "reason": "requested_by_customer"})
    assert page.status_code == 200
    assert message in page.context["form"].errors["amount"]
    assert "Refund" not in page.context.get("question", "")
    assert stripe_refunds(stripe_api) == []


def test_a_reason_is_required_and_must_be_stripes(stripe_api, fund, staff_client):
    gift = card_gift(stripe_api, fund)
    for reason in ["", "because"]:
        page = staff_client.post(refund_url(gift), {"amount": "5.00", "reason": reason, "confirmed": "yes"})
        assert page.status_code == 200
        assert page.context["form"].errors["reason"]
    with pytest.raises(ValidationError) as error:
        gifts.gift_refund(gift=gift, amount="5.00", reason="because")
    assert error_codes(error.value) == {"invalid_choice"}
    assert stripe_refunds(stripe_api) == []


def test_a_partial_refund_then_what_is_left(stripe_api, fund, staff_client):
    gift = card_gift(stripe_api, fund)
    staff_client.post(refund_url(gift), {"amount": "20.00", "reason": "requested_by_customer", "confirmed": "yes"})
    page = staff_client.post(refund_url(gift), {"amount": "30.01", "reason": "requested_by_customer"})
    assert "At most 30.00 USD is left to refund." in page.context["form"].errors["amount"]
    page = staff_client.post(refund_url(gift), {"amount": "30.00", "reason": "requested_by_customer"})
    assert "Refund 30.00 USD to Jane Doe?" in page.content.decode()
    assert "0.00 USD" in page.content.decode()  # left to refund afterwards
    staff_client.post(refund_url(gift), {"amount": "30.00", "reason": "requested_by_customer", "confirmed": "yes"})
    gift.refresh_from_db()
    assert gift.amount_refunded == Decimal("50.00")
    assert sorted(r.amount for r in stripe_refunds(stripe_api)) == [2000, 3000]
    assert list(GiftRefund.objects.values_list("amount", flat=True)) == [Decimal("20.00"), Decimal("30.00")]


def test_change_goes_back_to_the_form_with_what_was_typed(stripe_api, fund, staff_client):
    gift = card_gift(stripe_api, fund)
    typed = {"amount": "12.00", "reason": "fraudulent", "note": "Stolen card", "confirmed": "yes", "change": "yes"}
    page = staff_client.post(refund_url(gift), typed)
    assert page.status_code == 200
    assert page.context["form"].data["amount"] == "12.00"
    assert "question" not in page.context
    assert stripe_refunds(stripe_api) == []


def test_a_cheque_refund_keeps_its_reason_on_the_history(fund, staff):
    gift = gifts.gift_record(
        constituent=IndividualFactory(), amount="100.00", currency="USD", fund=fund, method="cheque"
    )
    gifts.gift_refund(gift=gift, amount="40.00", reason="requested_by_customer", note="", user=staff)
    latest = gift.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "Refund of 40.00 USD: Requested by the donor"
    assert GiftRefund.objects.get().reason == "requested_by_customer"


def test_a_posted_batchs_gift_can_still_be_refunded(fund):
    from steward.donations.models import GiftBatch

    batch = GiftBatch.objects.create(name="B", currency="USD", expected_count=1, expected_total=Decimal("25.00"))
    gift = gifts.gift_record(
        constituent=IndividualFactory(), amount="25.00", currency="USD", fund=fund, method="cash", batch=batch
    )
    gifts.gift_batch_post(batch=batch)
    gifts.gift_refund(gift=gift, amount="25.00", reason="duplicate")
    gift.refresh_from_db()
    assert gift.status == Gift.Status.REFUNDED
