"""The fundraising admin: gift listings (filters, sorting, exports, query counts), hand entry and batches,
campaign progress, the read-only listings, and the giving section of the constituent page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from steward.core.dates import organisation_today
from steward.donations import gifts, rollups
from steward.donations.models import Gift, GiftBatch, GivingSummary, Pledge, SoftCredit
from tests.admin_helpers import csv_rows, xlsx_rows
from tests.factories import (
    AppealFactory,
    CampaignFactory,
    ExchangeRateFactory,
    FundFactory,
    GiftBatchFactory,
    GiftFactory,
    IndividualFactory,
    PaymentAttemptFactory,
    PledgeFactory,
    RecurringGiftFactory,
    SoftCreditFactory,
    StaffUserFactory,
    StripeEventFactory,
    SuperuserFactory,
)
from tests.utils import page_query_count

pytestmark = pytest.mark.django_db

GIFTS = reverse("donations_gifts:index")
ADD_GIFT = reverse("donations_gifts:add")
CAMPAIGNS = reverse("donations_campaigns:index")
BATCHES = reverse("donations_batches:index")


def make_gift(**fields) -> Gift:
    """A gift written straight to the table (already paid unless told): for tests of what the admin shows."""
    amount = Decimal(fields.pop("amount", "100.00"))
    currency = fields.pop("currency", "USD")
    values = {
        "constituent": fields.pop("constituent", None) or IndividualFactory(),
        "amount": amount,
        "currency": currency,
        "base_amount": amount if currency == "USD" else None,
        "gift_date": organisation_today(),
        "status": Gift.Status.SUCCEEDED,
        "method": Gift.Method.CHEQUE,
        "fund": fields.pop("fund", None) or FundFactory(code="general", name="General fund"),
    }
    values.update(fields)
    return GiftFactory(**values)


@pytest.fixture
def admin_client(client):
    client.force_login(SuperuserFactory())
    return client


@pytest.fixture
def fundraiser_client(client):
    client.force_login(StaffUserFactory(groups=["Fundraising staff"]))
    return client


def listed(response) -> list[Gift]:
    return list(response.context["object_list"])


# ---------------------------------------------------------------------------------------------------------
# Gift listing: filters, sorting, exports
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def three_gifts():
    today = organisation_today()
    building = FundFactory(code="building", name="Building fund")
    spring = CampaignFactory(slug="spring", name="Spring appeal")
    small = make_gift(amount="20.00", gift_date=today - dt.timedelta(days=40), method=Gift.Method.CASH)
    big = make_gift(amount="500.00", gift_date=today - dt.timedelta(days=5), fund=building, campaign=spring)
    failed = make_gift(amount="75.00", gift_date=today, status=Gift.Status.FAILED, method=Gift.Method.CARD)
    return {"small": small, "big": big, "failed": failed, "building": building, "spring": spring, "today": today}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"small", "big", "failed"}),
        ({"status": "succeeded"}, {"small", "big"}),
        ({"status": ["failed", "succeeded"]}, {"small", "big", "failed"}),
        ({"method": "cash"}, {"small"}),
        ({"amount_min": "50", "amount_max": "100"}, {"failed"}),
        ({"amount_min": "100"}, {"big"}),
        ("fund", {"big"}),
        ("campaign", {"big"}),
        ("last_30_days", {"big", "failed"}),
    ],
)
def test_gift_listing_filters(admin_client, three_gifts, params, expected):
    # given three gifts of different dates, amounts, funds, statuses and methods
    today = three_gifts["today"]
    if params == "fund":
        params = {"fund": three_gifts["building"].pk}
    elif params == "campaign":
        params = {"campaign": three_gifts["spring"].pk}
    elif params == "last_30_days":
        params = {"gift_date_from": (today - dt.timedelta(days=30)).isoformat(), "gift_date_to": today.isoformat()}
    # when staff filter the gift listing
    response = admin_client.get(GIFTS, params)
    # then exactly the matching gifts are listed
    assert response.status_code == 200
    names = {name for name in ("small", "big", "failed") if three_gifts[name] in listed(response)}
    assert names == expected
    assert len(listed(response)) == len(expected)


def test_gift_listing_sorts_by_amount(admin_client, three_gifts):
    # when staff sort by amount, largest first
    response = admin_client.get(GIFTS, {"ordering": "-amount"})
    # then the gifts come in that order
    assert [gift.amount for gift in listed(response)] == [Decimal("500.00"), Decimal("75.00"), Decimal("20.00")]


def test_gift_listing_narrows_to_one_donor(admin_client, three_gifts):
    donor = three_gifts["big"].constituent
    response = admin_client.get(GIFTS, {"constituent": donor.pk})
    assert listed(response) == [three_gifts["big"]]


def test_gift_csv_export_contains_the_filtered_gifts(admin_client, three_gifts):
    # when staff export the succeeded gifts as CSV
    response = admin_client.get(GIFTS, {"status": "succeeded", "export": "csv"})
    rows = csv_rows(response)
    # then the file holds those gifts, with readable values
    assert response.status_code == 200
    assert {row["Amount"] for row in rows} == {"20.00", "500.00"}
    big = next(row for row in rows if row["Amount"] == "500.00")
    assert big["Fund"] == "Building fund"
    assert big["Campaign"] == "Spring appeal"
    assert big["Status"] == "Succeeded"
    assert big["Donor"] == str(three_gifts["big"].constituent)


def test_gift_xlsx_export_contains_the_filtered_gifts(admin_client, three_gifts):
    # when staff export cheque gifts as XLSX
    response = admin_client.get(GIFTS, {"method": "cheque", "export": "xlsx"})
    rows = xlsx_rows(response)
    # then the workbook holds exactly that gift
    assert len(rows) == 1
    assert Decimal(str(rows[0]["Amount"])) == Decimal("500.00")
    assert rows[0]["Method"] == "Cheque"
    assert rows[0]["Donor ID"] == three_gifts["big"].constituent_id


# ---------------------------------------------------------------------------------------------------------
# Gift page
# ---------------------------------------------------------------------------------------------------------


def test_gift_page_shows_soft_credits_tribute_stripe_ids(admin_client):
    # given a card gift in memory of someone, soft-credited to a spouse
    spouse = IndividualFactory(given_name="Grace", family_name="Hopper")
    gift = make_gift(
        method=Gift.Method.CARD,
        tribute_type=Gift.Tribute.MEMORY,
        tribute_name="Alan Turing",
        stripe_payment_intent_id="pi_123",
        stripe_charge_id="ch_456",
    )
    SoftCreditFactory(gift=gift, constituent=spouse, amount=Decimal("50.00"), kind=SoftCredit.Kind.HOUSEHOLD)
    # when staff open it
    response = admin_client.get(reverse("donations_gifts:inspect", args=(gift.pk,)))
    html = response.content.decode()
    # then everything about it is shown
    assert response.status_code == 200
    assert "Grace Hopper" in html
    assert "In memory of Alan Turing" in html
    assert "pi_123" in html
    assert "ch_456" in html


def test_gifts_cannot_be_edited_or_deleted_in_the_admin(admin_client):
    gift = make_gift()
    response = admin_client.get(GIFTS)
    html = response.content.decode()
    assert f"/admin/donations/gifts/delete/{gift.pk}/" not in html
    assert admin_client.get(f"/admin/donations/gifts/delete/{gift.pk}/").status_code == 404
    assert admin_client.get(f"/admin/donations/gifts/edit/{gift.pk}/").status_code == 404


# ---------------------------------------------------------------------------------------------------------
# Hand entry
# ---------------------------------------------------------------------------------------------------------


def gift_data(donor, fund, **overrides) -> dict:
    data = {
        "constituent": donor.pk,
        "amount": "120.00",
        "currency": "USD",
        "base_amount": "",
        "gift_date": "",
        "method": "cheque",
        "reference": "001234",
        "fund": fund.pk,
        "campaign": "",
        "appeal": "",
        "benefit_value": "0",
        "tribute_type": "",
        "tribute_name": "",
        "tribute_notify_name": "",
        "tribute_notify_email": "",
        "tribute_message": "",
        "soft_credit_to": "",
        "soft_credit_amount": "",
        "soft_credit_kind": "household",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_hand_entry_records_a_succeeded_gift_and_its_rollups(fundraiser_client):
    # given a donor and a fund
    donor = IndividualFactory()
    spouse = IndividualFactory()
    fund = FundFactory()
    # when fundraising staff enter a cheque with a soft credit
    response = fundraiser_client.post(
        ADD_GIFT, gift_data(donor, fund, soft_credit_to=spouse.pk, soft_credit_amount="60.00")
    )
    # then a succeeded gift is recorded through the service, with its soft credit and the donor's rollups
    gift = Gift.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("donations_gifts:inspect", args=(gift.pk,))
    assert (gift.amount, gift.currency, gift.status, gift.method) == (Decimal("120.00"), "USD", "succeeded", "cheque")
    assert gift.reference == "001234"
    assert gift.soft_credits.get().constituent == spouse
    assert GivingSummary.objects.get(constituent=donor).lifetime_total == Decimal("120.00")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "10.005"}, "amount"),
        ({"currency": "XYZ"}, "currency"),
        ({"currency": "EUR"}, "base_amount"),
        ({"tribute_type": "memory"}, "tribute_name"),
        ({"benefit_value": "500"}, "benefit_value"),
        ({"method": "card"}, "method"),
    ],
)
def test_hand_entry_rejects_bad_input_with_field_errors_and_writes_nothing(fundraiser_client, overrides, field):
    # given a donor and a fund
    donor, fund = IndividualFactory(), FundFactory()
    # when staff enter a gift with something wrong
    response = fundraiser_client.post(ADD_GIFT, gift_data(donor, fund, **overrides))
    # then the form comes back with the error on the field, and nothing is written
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not Gift.objects.exists()


def test_hand_entry_in_a_foreign_currency_with_its_base_amount(fundraiser_client):
    donor, fund = IndividualFactory(), FundFactory()
    response = fundraiser_client.post(ADD_GIFT, gift_data(donor, fund, currency="EUR", base_amount="130.00"))
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert (gift.currency, gift.base_amount) == ("EUR", Decimal("130.00"))


def test_hand_entry_form_opened_from_a_constituent_page_has_the_donor_chosen(fundraiser_client):
    donor = IndividualFactory()
    response = fundraiser_client.get(ADD_GIFT, {"constituent": donor.pk})
    assert response.status_code == 200
    assert response.context["form"].initial["constituent"] == str(donor.pk)


# ---------------------------------------------------------------------------------------------------------
# Batches
# ---------------------------------------------------------------------------------------------------------


def batch_url(batch: GiftBatch) -> str:
    return reverse("donations_batches:inspect", args=(batch.pk,))


def batch_gift(donor, fund, amount) -> dict:
    data = gift_data(donor, fund, amount=amount)
    data.pop("currency")
    return {"action": "add", **{f"gift-{key}": value for key, value in data.items()}}


def test_batch_is_created_then_filled_then_refused_until_it_balances_then_posted(fundraiser_client):
    # given fundraising staff create a batch of two cheques worth 150 USD
    response = fundraiser_client.post(
        reverse("donations_batches:add"),
        {"name": "Monday post", "currency": "USD", "expected_count": "2", "expected_total": "150.00"},
    )
    batch = GiftBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == batch_url(batch)
    donor, fund = IndividualFactory(), FundFactory()
    # when they enter one gift of 100
    response = fundraiser_client.post(batch_url(batch), batch_gift(donor, fund, "100.00"))
    assert response.status_code == 302
    # then it is pending in the batch, and the page shows the running totals against the expected ones
    gift = Gift.objects.get()
    assert (gift.batch, gift.status) == (batch, Gift.Status.PENDING)
    page = fundraiser_client.get(batch_url(batch))
    assert page.context["entered_count"] == 1
    assert page.context["entered_total"] == Decimal("100.00")
    assert not page.context["balances"]
    # when they try to post it before it balances
    response = fundraiser_client.post(batch_url(batch), {"action": "post"}, follow=True)
    # then it is refused with the service's message, and nothing counts yet
    assert "The batch does not balance: 1 gift totalling 100.00 USD" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == GiftBatch.Status.OPEN
    assert not GivingSummary.objects.filter(constituent=donor).exists()
    # when they enter the second gift (50) and post
    fundraiser_client.post(batch_url(batch), batch_gift(donor, fund, "50.00"))
    assert fundraiser_client.get(batch_url(batch)).context["balances"]
    response = fundraiser_client.post(batch_url(batch), {"action": "post"}, follow=True)
    # then the batch is posted and its gifts count
    assert "posted" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == GiftBatch.Status.POSTED
    assert set(Gift.objects.values_list("status", flat=True)) == {Gift.Status.SUCCEEDED}
    assert GivingSummary.objects.get(constituent=donor).lifetime_total == Decimal("150.00")
    # and a posted batch takes no more gifts and has no Post button
    page = fundraiser_client.get(batch_url(batch))
    assert page.context["entry_form"] is None
    assert not page.context["can_post"]
    assert fundraiser_client.post(batch_url(batch), batch_gift(donor, fund, "5.00")).status_code == 302
    assert Gift.objects.count() == 2


def test_a_bad_gift_in_a_batch_is_shown_on_the_form_and_not_added(fundraiser_client):
    batch = GiftBatchFactory(name="B", currency="USD", expected_count=1, expected_total=Decimal("10"))
    response = fundraiser_client.post(batch_url(batch), batch_gift(IndividualFactory(), FundFactory(), "0"))
    assert response.status_code == 200
    assert response.context["entry_form"].errors["amount"]
    assert not Gift.objects.exists()


# ---------------------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------------------


def test_campaign_listing_and_page_show_progress_computed_from_the_gifts(admin_client):
    # given a campaign with a 1,000 goal: two gifts from one donor, one from another, a partial refund,
    # a failed gift, a refunded gift, a foreign gift, and a gift to another campaign
    campaign = CampaignFactory(goal_amount=Decimal("1000.00"))
    other = CampaignFactory()
    ada, grace = IndividualFactory(), IndividualFactory()
    gifts = [
        make_gift(constituent=ada, amount="100.00", campaign=campaign),
        make_gift(constituent=ada, amount="50.00", campaign=campaign),
        make_gift(
            constituent=grace,
            amount="200.00",
            campaign=campaign,
            status=Gift.Status.PARTIALLY_REFUNDED,
            amount_refunded=Decimal("50.00"),
        ),
        make_gift(amount="300.00", campaign=campaign, status=Gift.Status.FAILED),
        make_gift(amount="80.00", campaign=campaign, status=Gift.Status.REFUNDED, amount_refunded=Decimal("80.00")),
        make_gift(amount="40.00", currency="EUR", campaign=campaign, base_amount=Decimal("44.00")),
        make_gift(amount="999.00", campaign=other),
    ]
    counted = [g for g in gifts if g.campaign == campaign and g.status in ("succeeded", "partially_refunded")]
    expected_raised = sum(g.base_amount - g.amount_refunded * g.base_amount / g.amount for g in counted)
    expected_donors = len({g.constituent_id for g in counted})
    # when staff open the campaigns listing and the campaign's page
    listing = admin_client.get(CAMPAIGNS)
    page = admin_client.get(reverse("donations_campaigns:inspect", args=(campaign.pk,)))
    # then both show what was raised, from how many donors, against the goal
    row = next(c for c in listed(listing) if c.pk == campaign.pk)
    assert row.raised == expected_raised == Decimal("344.00")
    assert row.donor_count == expected_donors == 3
    assert page.status_code == 200
    assert page.context["campaign"].raised == expected_raised
    assert page.context["progress"] == 34
    assert "344.00" in page.content.decode()


def _populate(count: int) -> None:
    """`count` rows of every fundraising listing. The names are fixed, not Faker's: every donor matches the
    search "a" at both sizes (with random names the few could match none and the many some)."""
    fund = FundFactory(code="general", name="General fund")
    for number in range(count):
        campaign = CampaignFactory()
        donor = IndividualFactory(given_name="Ada", family_name=f"Lovelace {count}-{number}")
        gift = make_gift(constituent=donor, fund=fund, campaign=campaign, amount=f"{number + 10}.00")
        credited = IndividualFactory(given_name="Grace", family_name=f"Hopper {count}-{number}")
        SoftCreditFactory(gift=gift, constituent=credited, amount=Decimal("1.00"))
        RecurringGiftFactory(constituent=donor, amount=Decimal("10.00"), fund=fund, campaign=campaign, status="active")
        PledgeFactory(constituent=donor, amount=Decimal("500.00"), fund=fund, campaign=campaign)
        AppealFactory(campaign=campaign)
        FundFactory()
        ExchangeRateFactory(currency="EUR", valid_from=dt.date(2020, 1, 1) + dt.timedelta(days=count * 100 + number))
    GiftBatchFactory(name=f"Batch {count}", currency="USD", expected_count=1, expected_total=Decimal("1"))
    PaymentAttemptFactory(kind="start", blocked=True, client_ip="10.0.0.1", reason="too many")
    StripeEventFactory(event_id=f"evt_{count}", type="charge.refunded", payload={}, status="failed")


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("donations_gifts:index", {}),
        ("donations_gifts:index", {"status": "succeeded", "ordering": "-amount", "q": "a"}),
        ("donations_campaigns:index", {}),
        ("donations_campaigns:index", {"ordering": "-raised"}),
        ("donations_batches:index", {}),
        ("donations_recurring:index", {}),
        ("donations_pledges:index", {}),
        ("donations_appeals:index", {}),
        ("donations_stripe_events:index", {}),
        ("donations_blocked_attempts:index", {}),
        ("donations_funds:index", {}),
        ("donations_exchange_rates:index", {}),
    ],
)
def test_listing_query_count_does_not_grow_with_rows(admin_client, url_name, params):
    # given a small database
    _populate(2)
    url = reverse(url_name)
    admin_client.get(url, params)  # warm the content type and site caches
    small = page_query_count(admin_client, url, params)
    assert listed(admin_client.get(url, params)), "the listing must show rows, or the count proves nothing"
    # when it grows beyond a page of rows
    _populate(30)
    large = page_query_count(admin_client, url, params)
    # then a listing page costs the same number of queries
    assert large == small
    assert small <= 20


# ---------------------------------------------------------------------------------------------------------
# Read-only listings
# ---------------------------------------------------------------------------------------------------------


def test_failed_stripe_events_are_listed_with_their_error_and_cannot_be_added(admin_client):
    StripeEventFactory(event_id="evt_ok", type="payment_intent.succeeded", payload={}, status="processed")
    failed = StripeEventFactory(
        event_id="evt_bad", type="charge.refunded", payload={}, status="failed", last_error="No gift is paid by that"
    )
    response = admin_client.get(reverse("donations_stripe_events:index"), {"status": "failed"})
    assert listed(response) == [failed]
    assert "No gift is paid by that" in response.content.decode()
    assert admin_client.get(reverse("donations_stripe_events:inspect", args=(failed.pk,))).status_code == 200
    assert admin_client.get("/admin/donations/stripe-events/new/").status_code == 404


def test_blocked_payment_attempts_lists_only_blocked_ones(admin_client):
    PaymentAttemptFactory(kind="start", client_ip="10.0.0.1", blocked=False)
    blocked = PaymentAttemptFactory(kind="start", client_ip="10.0.0.2", blocked=True, reason="Too many tries")
    response = admin_client.get(reverse("donations_blocked_attempts:index"))
    assert listed(response) == [blocked]
    assert "Too many tries" in response.content.decode()


def _one_row_of(url_name: str) -> str:
    """One row of the listing with a value found nowhere else on the page; returns that value."""
    donor = IndividualFactory(given_name="Zenobia", family_name="Quackenbush")
    fund = FundFactory(code="lighthouse", name="Lighthouse fund")
    if url_name == "donations_recurring:index":
        RecurringGiftFactory(constituent=donor, amount=Decimal("10.00"), fund=fund, status="active")
        return "Zenobia Quackenbush"
    if url_name == "donations_pledges:index":
        PledgeFactory(constituent=donor, amount=Decimal("500.00"), fund=fund)
        return "Zenobia Quackenbush"
    if url_name == "donations_funds:index":
        return "Lighthouse fund"
    AppealFactory(name="Winter lantern appeal", code="winter-lantern")
    return "Winter lantern appeal"


OTHER_LISTINGS = {
    "donations_recurring:index": "recurring gifts",
    "donations_pledges:index": "pledges",
    "donations_funds:index": "funds",
    "donations_appeals:index": "appeals",
}


@pytest.mark.parametrize("url_name", list(OTHER_LISTINGS))
def test_other_listings_open(admin_client, url_name):
    make_gift()
    shown = _one_row_of(url_name)
    response = admin_client.get(reverse(url_name))
    assert response.status_code == 200
    # and the page lists the row
    assert shown in response.content.decode()
    assert len(listed(response)) >= 1


@pytest.mark.parametrize(("url_name", "plural"), list(OTHER_LISTINGS.items()))
def test_other_listings_say_when_they_are_empty(admin_client, url_name, plural):
    response = admin_client.get(reverse(url_name))
    assert response.status_code == 200
    assert listed(response) == []
    assert f"There are no {plural} to display." in response.content.decode()


# ---------------------------------------------------------------------------------------------------------
# The constituent page
# ---------------------------------------------------------------------------------------------------------


def constituent_page(constituent) -> str:
    return reverse("members_constituents:inspect", args=(constituent.pk,))


def test_constituent_page_shows_giving_rollups_and_history_to_fundraising_staff(fundraiser_client):
    # given a donor who gave last fiscal year and not this one, plus a failed attempt today
    today = organisation_today()
    last_fy = rollups.fiscal_year_start(today) - dt.timedelta(days=10)
    donor = IndividualFactory()
    make_gift(constituent=donor, amount="250.00", gift_date=last_fy)
    make_gift(constituent=donor, amount="75.00", gift_date=today, status=Gift.Status.FAILED)
    rollups.giving_summary_refresh(constituent_ids=[donor.pk])
    # when fundraising staff open the donor's page
    response = fundraiser_client.get(constituent_page(donor))
    html = response.content.decode()
    # then the giving section shows the rollups, the LYBUNT badge and both gifts with their status
    assert response.status_code == 200
    assert "giving" in [section.section_id for section in response.context["sections"]]
    assert 'data-figure="lifetime">250.00 USD' in html
    assert 'data-figure="last-fy">250.00 USD' in html
    assert 'data-badge="lybunt"' in html
    assert "Failed" in html
    assert f"{GIFTS}?constituent={donor.pk}" in html


def test_constituent_page_caps_the_history_and_links_to_the_listing(fundraiser_client):
    donor = IndividualFactory()
    for day in range(12):
        make_gift(constituent=donor, gift_date=organisation_today() - dt.timedelta(days=day))
    response = fundraiser_client.get(constituent_page(donor))
    section = next(s for s in response.context["sections"] if s.section_id == "giving")
    context = section.get_section_context()
    assert len(context["gifts"]) == 10
    assert context["more_gifts"]


def test_volunteer_coordinators_do_not_see_giving_on_the_constituent_page(client):
    donor = IndividualFactory()
    make_gift(constituent=donor, amount="250.00")
    rollups.giving_summary_refresh(constituent_ids=[donor.pk])
    client.force_login(StaffUserFactory(groups=["Volunteer coordinators"]))
    response = client.get(constituent_page(donor))
    assert response.status_code == 200
    assert "giving" not in [section.section_id for section in response.context["sections"]]
    assert "250.00" not in response.content.decode()


def test_hand_entry_succeeds_through_the_service_used_by_the_form(fundraiser_client):
    # the form's save is gifts.gift_record: a gift recorded either way looks the same
    donor, fund = IndividualFactory(), FundFactory()
    direct = gifts.gift_record(constituent=donor, amount="5.00", currency="USD", fund=fund, method="cash")
    fundraiser_client.post(ADD_GIFT, gift_data(donor, fund, amount="5.00", method="cash", reference=""))
    entered = Gift.objects.exclude(pk=direct.pk).get()
    fields = ["amount", "currency", "base_amount", "status", "method", "fund_id", "constituent_id"]
    assert [getattr(entered, f) for f in fields] == [getattr(direct, f) for f in fields]


# ---------------------------------------------------------------------------------------------------------
# Refunds from the admin (card gifts go through Stripe)
# ---------------------------------------------------------------------------------------------------------


def test_staff_refund_part_of_a_cheque_gift(fundraiser_client):
    # given a recorded cheque gift of 100
    gift = gifts.gift_record(
        constituent=IndividualFactory(), amount="100.00", currency="USD", fund=FundFactory(), method="cheque"
    )
    refund_url = reverse("donations_gifts:refund", args=(gift.pk,))
    assert refund_url in fundraiser_client.get(reverse("donations_gifts:inspect", args=(gift.pk,))).content.decode()
    # when staff ask to refund 40 of it, for a reason
    typed = {"amount": "40.00", "reason": "requested_by_customer", "note": "Gave twice"}
    response = fundraiser_client.post(refund_url, typed)
    # then they are asked to confirm, with the amount and currency, and nothing is refunded yet
    assert response.status_code == 200
    assert f"Refund 40.00 USD to {gift.constituent}?" in response.content.decode()
    gift.refresh_from_db()
    assert gift.amount_refunded == Decimal("0")
    # and once they confirm, the gift is partially refunded and the donor's rollups follow
    response = fundraiser_client.post(refund_url, {**typed, "confirmed": "yes"})
    assert response.status_code == 302
    gift.refresh_from_db()
    assert (gift.amount_refunded, gift.status) == (Decimal("40.00"), Gift.Status.PARTIALLY_REFUNDED)
    assert GivingSummary.objects.get(constituent=gift.constituent).lifetime_total == Decimal("60.00")


def test_refunding_more_than_the_gift_is_a_field_error(fundraiser_client):
    gift = gifts.gift_record(
        constituent=IndividualFactory(), amount="100.00", currency="USD", fund=FundFactory(), method="cash"
    )
    response = fundraiser_client.post(
        reverse("donations_gifts:refund", args=(gift.pk,)),
        {"amount": "150.00", "reason": "duplicate", "confirmed": "yes"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    gift.refresh_from_db()
    assert gift.amount_refunded == Decimal("0")


def test_every_fundraising_page_opens(admin_client):
    # given one of each record, each with a value found nowhere else
    donor = IndividualFactory(given_name="Zenobia", family_name="Quackenbush")
    gift = make_gift(
        constituent=donor,
        campaign=CampaignFactory(slug="harbour", name="Harbour appeal"),
        fund=FundFactory(code="lighthouse", name="Lighthouse fund"),
    )
    recurring = RecurringGiftFactory(
        constituent=gift.constituent, amount=Decimal("10"), currency="USD", fund=gift.fund, status="active"
    )
    pledge = PledgeFactory(
        constituent=gift.constituent, amount=Decimal("500"), currency="USD", fund=gift.fund, notes="Paid by the estate"
    )
    attempt = PaymentAttemptFactory(kind="start", client_ip="10.0.0.9", blocked=True)
    batch = GiftBatchFactory(name="Tuesday cheques", currency="USD", expected_count=1, expected_total=Decimal("1"))
    # (url, what the page must show): a form shows its fields, a record page its values
    pages = [
        (reverse("donations_gifts:add"), ['name="amount"', 'name="fund"', "Lighthouse fund"]),
        (reverse("donations_batches:add"), ['name="expected_total"', 'name="expected_count"']),
        (reverse("donations_batches:inspect", args=(batch.pk,)), ["Tuesday cheques", 'name="gift-amount"']),
        (reverse("donations_recurring:inspect", args=(recurring.pk,)), ["Zenobia Quackenbush", "Lighthouse fund"]),
        (reverse("donations_pledges:add"), ['name="amount"', 'name="pledged_on"']),
        (reverse("donations_pledges:inspect", args=(pledge.pk,)), ["Zenobia Quackenbush", "Paid by the estate"]),
        (reverse("donations_pledges:edit", args=(pledge.pk,)), ['name="amount"', "Paid by the estate"]),
        (reverse("donations_funds:add"), ['name="name"', 'name="code"']),
        (reverse("donations_funds:edit", args=(gift.fund.pk,)), ['value="Lighthouse fund"', 'value="lighthouse"']),
        (reverse("donations_campaigns:add"), ['name="goal_amount"']),
        (reverse("donations_campaigns:edit", args=(gift.campaign.pk,)), ['value="Harbour appeal"']),
        (reverse("donations_appeals:add"), ['name="code"', 'name="channel"']),
        (reverse("donations_blocked_attempts:inspect", args=(attempt.pk,)), ["10.0.0.9"]),
        (reverse("wagtailadmin_home"), ['id="fundraising-figures-section"', 'data-figure="mrr"']),
    ]
    urls = [url for url, _ in pages]
    # then every page opens
    for url in urls:
        assert admin_client.get(url).status_code == 200, url
    # and shows what it is about
    for url, expected in pages:
        html = admin_client.get(url).content.decode()
        for text in expected:
            assert text in html, (url, text)


def test_pledges_are_created_in_the_admin(fundraiser_client):
    donor, fund = IndividualFactory(), FundFactory()
    response = fundraiser_client.post(
        reverse("donations_pledges:add"),
        {
            "constituent": donor.pk,
            "amount": "1200.00",
            "currency": "USD",
            "fund": fund.pk,
            "campaign": "",
            "pledged_on": organisation_today().isoformat(),
            "status": "open",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert Pledge.objects.get().amount == Decimal("1200.00")


def test_a_pledge_made_in_the_admin_gets_its_installment_schedule(fundraiser_client):
    donor, fund = IndividualFactory(), FundFactory()
    form = {
        "constituent": donor.pk,
        "amount": "1000.00",
        "currency": "USD",
        "fund": fund.pk,
        "campaign": "",
        "pledged_on": "2026-01-31",
        "status": "open",
        "installments": "3",
        "frequency": "monthly",
        "first_due": "2026-01-31",
        "notes": "",
    }
    response = fundraiser_client.post(reverse("donations_pledges:add"), form)
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    schedule = list(pledge.installments.values_list("due_date", "amount"))
    assert schedule == [
        (dt.date(2026, 1, 31), Decimal("333.33")),
        (dt.date(2026, 2, 28), Decimal("333.33")),
        (dt.date(2026, 3, 31), Decimal("333.34")),
    ]
    # A schedule that cannot be: a clear message on the form, nothing saved
    bad = fundraiser_client.post(reverse("donations_pledges:add"), {**form, "first_due": "2025-12-01"})
    assert bad.status_code == 200
    assert "cannot be due before the pledge" in bad.content.decode()
    assert Pledge.objects.count() == 1


def test_a_gift_entered_against_a_pledge_fulfils_it(fundraiser_client):
    donor, fund = IndividualFactory(), FundFactory()
    pledge = gifts.pledge_create(constituent=donor, amount="300", currency="USD", fund=fund, installments=2)
    for amount in ("150.00", "150.00"):
        response = fundraiser_client.post(
            reverse("donations_gifts:add"),
            {
                "constituent": donor.pk,
                "amount": amount,
                "currency": "USD",
                "fund": fund.pk,
                "method": "cheque",
                "pledge": pledge.pk,
                "benefit_value": "0",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.FULFILLED
    assert gifts.pledge_paid_total(pledge=pledge) == Decimal("300.00")


def test_exports_write_yes_and_no_for_true_and_false(admin_client, db):
    # given an open restricted fund and a closed unrestricted one
    FundFactory(name="Roof appeal", code="roof", restricted=True, active=True)
    FundFactory(name="Old fund", code="old", restricted=False, active=False)
    funds = reverse("donations_funds:index")
    for file_format, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        # when the funds are exported
        rows = {row["Name"]: row for row in read(admin_client.get(funds, {"export": file_format}))}
        # then the yes/no columns read as the listing shows them, not as True/False
        assert (rows["Roof appeal"]["Restricted"], rows["Roof appeal"]["Active"]) == ("Yes", "Yes"), file_format
        assert (rows["Old fund"]["Restricted"], rows["Old fund"]["Active"]) == ("No", "No"), file_format


def test_a_funds_page_says_yes_and_no(admin_client, db):
    fund = FundFactory(name="Roof appeal", code="roof", restricted=True, active=False)
    html = admin_client.get(reverse("donations_funds:inspect", args=[fund.pk])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Restricted Yes" in text
    assert "Active No" in text
    assert "True" not in text
    assert "False" not in text


def test_hand_entry_offers_the_currencies_as_a_choice_defaulting_to_the_organisations(fundraiser_client, settings):
    # given the organisation counts in euros
    settings.STEWARD_BASE_CURRENCY = "EUR"
    # when staff open the gift entry form
    form = fundraiser_client.get(ADD_GIFT).content.decode()
    # then the currency is a select of the currencies Steward knows, the organisation's chosen
    start = form.index('<select name="currency"')
    select = form[start : form.index("</select>", start)]
    assert '<option value="EUR" selected>' in select
    assert '<option value="USD">' in select
    assert '<option value="THB">' in select
