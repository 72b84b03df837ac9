"""The staff groups' permissions on the fundraising admin (donations 0002 data migration)."""

import pytest
from django.urls import reverse

from steward.donations.models import Gift
from tests.admin_helpers import HOME, assert_denied, codenames, signed_in
from tests.donations.test_admin import gift_data, make_gift
from tests.factories import CampaignFactory, FundFactory, GiftBatchFactory, IndividualFactory

pytestmark = pytest.mark.django_db

GIFTS = reverse("donations_gifts:index")
ADD_GIFT = reverse("donations_gifts:add")


def test_fundraising_staff_add_change_and_view_donations_but_delete_nothing():
    granted = codenames("Fundraising staff")
    for model in ["gift", "giftbatch", "softcredit", "pledge", "recurringgift", "fund", "campaign", "appeal"]:
        for action in ["add", "change", "view"]:
            assert f"donations.{action}_{model}" in granted
    for model in ["receipt", "stripeevent", "paymentattempt", "givingsummary", "paymentmethod"]:
        assert f"donations.view_{model}" in granted
    assert not {codename for codename in granted if codename.startswith("donations.delete_")}


def test_membership_staff_view_gifts_only():
    donations = {c for c in codenames("Membership staff") if c.startswith("donations.")}
    assert donations == {"donations.view_gift"}


def test_board_views_funds_campaigns_and_appeals_only():
    donations = {c for c in codenames("Board") if c.startswith("donations.")}
    assert donations == {"donations.view_fund", "donations.view_campaign", "donations.view_appeal"}


def test_volunteer_coordinators_have_no_donations_permission():
    assert not {c for c in codenames("Volunteer coordinators") if c.startswith("donations.")}


def test_fundraising_staff_can_list_and_add_gifts(client):
    signed_in(client, "Fundraising staff")
    make_gift()
    donor, fund = IndividualFactory(), FundFactory()
    assert client.get(GIFTS).status_code == 200
    response = client.post(ADD_GIFT, gift_data(donor, fund))
    assert response.status_code == 302
    assert Gift.objects.filter(constituent=donor).exists()


@pytest.mark.parametrize("group", ["Volunteer coordinators", "Board"])
def test_volunteer_coordinators_and_board_cannot_see_or_add_gifts(client, group):
    signed_in(client, group)
    gift = make_gift()
    assert_denied(client.get(GIFTS))
    assert_denied(client.get(reverse("donations_gifts:inspect", args=(gift.pk,))))
    assert_denied(client.get(GIFTS, {"export": "csv"}))
    assert_denied(client.post(ADD_GIFT, gift_data(IndividualFactory(), FundFactory())))
    assert Gift.objects.count() == 1


def test_membership_staff_see_gifts_but_cannot_add_them(client):
    signed_in(client, "Membership staff")
    gift = make_gift()
    assert client.get(GIFTS).status_code == 200
    assert client.get(reverse("donations_gifts:inspect", args=(gift.pk,))).status_code == 200
    assert_denied(client.get(ADD_GIFT))


def test_board_sees_campaign_progress_but_not_the_gifts_in_it(client):
    signed_in(client, "Board")
    campaign = CampaignFactory()
    make_gift(campaign=campaign, amount="123.00")
    assert client.get(reverse("donations_campaigns:index")).status_code == 200
    page = client.get(reverse("donations_campaigns:inspect", args=(campaign.pk,)))
    assert page.status_code == 200
    assert page.context["gifts"] is None
    assert_denied(client.get(reverse("donations_campaigns:add")))


def test_only_staff_who_may_post_batches_see_the_post_button(client):
    from steward.donations.models import GiftBatch

    batch = GiftBatchFactory(name="B", currency="USD", expected_count=0, expected_total=0)
    signed_in(client, "Membership staff")
    url = reverse("donations_batches:inspect", args=(batch.pk,))
    assert_denied(client.get(url))
    assert_denied(client.post(url, {"action": "post"}))
    batch.refresh_from_db()
    assert batch.status == GiftBatch.Status.OPEN


def test_the_fundraising_menu_is_shown_to_fundraising_staff_only(client):
    signed_in(client, "Fundraising staff")
    assert "Fundraising" in client.get(HOME).content.decode()
    client.logout()
    signed_in(client, "Volunteer coordinators")
    assert reverse("donations_gifts:index") not in client.get(HOME).content.decode()
