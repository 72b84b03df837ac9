"""startDonation with an appeal code (a donate link's `source`): the gift, a monthly gift and each of its
installments carry the open appeal of that code; an unknown or closed code is ignored and the gift still goes."""

import pytest
from django.core import mail

from steward.donations import online, recurring
from steward.donations.models import Gift, RecurringGift
from tests.factories import AppealFactory
from tests.graphql.conftest import member_with_account
from tests.graphql.donations.conftest import request_key
from tests.stripe_server import card

pytestmark = pytest.mark.django_db

START = """
mutation Start($input: StartDonationInput!) {
  startDonation(input: $input) {
    __typename
    ... on PaymentStarted { status gift { id } recurringGift { id } }
    ... on OperationInfo { messages { field code message } }
  }
}
"""

DONOR = {"email": "oyuna@example.mn", "givenName": "Oyuna", "familyName": "Bat"}


def give(graphql, stripe_api, **fields):
    values = {
        "amount": "30.00",
        "currency": "USD",
        "paymentMethodId": card(stripe_api),
        "requestKey": request_key(),
        **fields,
    }
    return graphql(START, {"input": values}).data["startDonation"]


def test_a_one_time_gift_carries_the_appeal_of_its_source_code(graphql, stripe_api, fund):
    # given an open appeal, and another one
    appeal = AppealFactory(code="SPRING26")
    AppealFactory(code="AUTUMN26")
    # when a signed-out donor gives once from a link carrying its code
    result = give(graphql, stripe_api, donor=DONOR, appealCode="SPRING26")
    # then the gift is paid and recorded under that appeal
    assert result["status"] == "SUCCEEDED"
    gift = Gift.objects.get()
    assert gift.status == Gift.Status.SUCCEEDED
    assert gift.appeal == appeal


def test_a_monthly_gift_and_each_installment_carry_the_appeal(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks
):
    # given a signed-in member following a link with an appeal's code
    appeal = AppealFactory(code="SPRING26")
    graphql.login(member_with_account().user)
    # when they give monthly
    result = give(graphql, stripe_api, frequency="MONTHLY", appealCode="SPRING26")
    assert result["status"] == "SUCCEEDED"
    # then the plan and its first installment's gift carry the appeal
    plan = RecurringGift.objects.get()
    assert plan.appeal == appeal
    # and so does the next installment's, charged a month later (even once the appeal has closed)
    appeal.active = False
    appeal.save(update_fields=["active"])
    with django_capture_on_commit_callbacks(execute=True):
        recurring.recurring_charges_schedule(today=plan.next_charge_date)
        for charge_id in recurring.recurring_charges_due_ids(today=plan.next_charge_date):
            online.recurring_charge_run(charge_id=charge_id, today=plan.next_charge_date)
    gifts = list(Gift.objects.filter(recurring_gift=plan).order_by("pk"))
    assert [gift.status for gift in gifts] == [Gift.Status.SUCCEEDED, Gift.Status.SUCCEEDED]
    assert [gift.appeal for gift in gifts] == [appeal, appeal]


@pytest.mark.parametrize("frequency", ["ONCE", "MONTHLY"])
@pytest.mark.parametrize(
    "code",
    [
        pytest.param("NO-SUCH-CODE", id="unknown"),
        pytest.param("CLOSED", id="closed appeal"),
        pytest.param("", id="empty"),
        pytest.param(None, id="null"),
    ],
)
def test_an_unknown_or_closed_code_is_ignored_and_the_gift_still_goes(
    graphql, stripe_api, fund, django_capture_on_commit_callbacks, frequency, code
):
    # given a stale link: its code names no open appeal
    AppealFactory(code="SPRING26")
    AppealFactory(code="CLOSED", active=False)
    # when the donor gives from it
    with django_capture_on_commit_callbacks(execute=True):
        result = give(graphql, stripe_api, donor=DONOR, frequency=frequency, appealCode=code)
    # then the gift goes as any other, with no appeal, and is receipted
    assert result["__typename"] == "PaymentStarted", result
    assert result["status"] == "SUCCEEDED"
    gift = Gift.objects.get()
    assert gift.status == Gift.Status.SUCCEEDED
    assert gift.appeal is None
    if frequency == "MONTHLY":
        assert RecurringGift.objects.get().appeal is None
    assert [DONOR["email"]] in [message.to for message in mail.outbox]  # the receipt
