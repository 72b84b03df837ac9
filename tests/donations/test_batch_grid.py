"""A batch's entry grid (donations/admin/batch_grid.py): the donor search, rows saved, corrected and removed as
JSON through the gift services, per-field errors that write nothing, and posted batches locked everywhere."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from steward.donations import gifts
from steward.donations.admin.batch_grid import money_figure
from steward.donations.models import Gift, GiftBatch
from tests.admin_helpers import assert_denied
from tests.factories import FundFactory, GiftBatchFactory, IndividualFactory, StaffUserFactory, SuperuserFactory
from tests.utils import error_codes

pytestmark = pytest.mark.django_db

SEARCH = reverse("donations_batches:donor_search")


@pytest.fixture
def fundraiser():
    return StaffUserFactory(groups=["Fundraising staff"])


@pytest.fixture
def fundraiser_client(client, fundraiser):
    client.force_login(fundraiser)
    return client


@pytest.fixture
def fund():
    return FundFactory(code="general", name="General fund")


@pytest.fixture
def batch():
    return GiftBatchFactory(
        name="Tuesday cheques",
        currency="USD",
        expected_count=2,
        expected_total=Decimal("2000.00"),
        gift_date=dt.date(2026, 11, 2),
    )


def create_url(batch):
    return reverse("donations_batches:row_create", args=(batch.pk,))


def update_url(gift):
    return reverse("donations_batches:row_update", args=(gift.pk,))


def remove_url(gift):
    return reverse("donations_batches:row_remove", args=(gift.pk,))


def row(donor, fund, amount="1250.00", **fields):
    return {
        "constituent": donor.pk,
        "amount": amount,
        "gift_date": "",
        "fund": fund.pk,
        "method": "cheque",
        "reference": "",
        **fields,
    }


def entered(batch, donor, fund, amount="50.00"):
    return gifts.gift_record(constituent=donor, amount=amount, currency="USD", fund=fund, method="cheque", batch=batch)


# ---------------------------------------------------------------------------------------------------------
# The donor search
# ---------------------------------------------------------------------------------------------------------


def test_donor_search_finds_by_name_email_and_number(fundraiser_client):
    jane = IndividualFactory(given_name="Jocasta", family_name="Wetherby", email="jw@example.net")
    other = IndividualFactory(given_name="Bartholomew", family_name="Ng")
    for query in ["Jocasta", "wetherby", "jw@example.net", str(jane.pk)]:
        results = fundraiser_client.get(SEARCH, {"q": query}).json()["results"]
        assert [result["id"] for result in results] == [jane.pk], query
        assert results[0]["label"] == f"Jocasta Wetherby · jw@example.net · #{jane.pk}"
    assert fundraiser_client.get(SEARCH, {"q": ""}).json() == {"results": []}
    assert other.pk not in [r["id"] for r in fundraiser_client.get(SEARCH, {"q": "Jocasta"}).json()["results"]]


def test_donor_search_leaves_out_merged_records(fundraiser_client):
    kept = IndividualFactory(given_name="Ottoline", family_name="Marsh")
    IndividualFactory(given_name="Ottoline", family_name="Marsh", merged_into=kept)
    results = fundraiser_client.get(SEARCH, {"q": "Ottoline"}).json()["results"]
    assert [result["id"] for result in results] == [kept.pk]


@pytest.mark.parametrize("group", ["Volunteer coordinators", "Board", "Membership staff"])
def test_donor_search_is_for_staff_who_enter_gifts(client, group):
    IndividualFactory(given_name="Jocasta", family_name="Wetherby")
    client.force_login(StaffUserFactory(groups=[group]))
    response = client.get(SEARCH, {"q": "Jocasta"})
    assert_denied(response)
    assert "Jocasta" not in response.content.decode()


def test_donor_search_needs_a_signed_in_admin_user(client):
    IndividualFactory(given_name="Jocasta", family_name="Wetherby")
    response = client.get(SEARCH, {"q": "Jocasta"})
    assert response.status_code == 302
    assert "Jocasta" not in response.content.decode()


# ---------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------


def test_a_row_is_saved_through_the_service_with_the_batch_date_and_the_figures_follow(fundraiser_client, batch, fund):
    donor = IndividualFactory(given_name="Jocasta", family_name="Wetherby")
    # when a row is saved with no date
    response = fundraiser_client.post(create_url(batch), row(donor, fund, reference="CHQ 1"))
    # then the gift is pending in the batch, received on the batch's date
    assert response.status_code == 201
    gift = Gift.objects.get()
    assert (gift.batch, gift.status, gift.amount, gift.gift_date) == (
        batch,
        Gift.Status.PENDING,
        Decimal("1250.00"),
        dt.date(2026, 11, 2),
    )
    body = response.json()
    assert body["row"]["constituent_label"] == "Jocasta Wetherby"
    assert body["row"]["reference"] == "CHQ 1"
    assert body["row"]["save_url"] == update_url(gift)
    # and the figures say what is entered against what is expected, and the difference
    assert body["figures"]["summary"] == "$1,250.00 of $2,000.00 expected · 1 of 2 gifts"
    assert body["figures"]["difference"] == "$750.00 still to enter; 1 gift still to enter"
    assert body["figures"]["balances"] is False


def test_the_batch_page_shows_the_grid_data_and_the_figures(fundraiser_client, batch, fund):
    entered(batch, IndividualFactory(given_name="Jocasta", family_name="Wetherby"), fund, "1250.00")
    page = fundraiser_client.get(reverse("donations_batches:inspect", args=(batch.pk,)))
    html = page.content.decode()
    assert "$1,250.00 of $2,000.00 expected · 1 of 2 gifts" in html
    assert 'src="/static/donations/admin/batch-grid.js"' in html
    config = page.context["grid"]
    assert config["editable"] is True
    assert config["default_date"] == "2026-11-02"
    assert [r["constituent_label"] for r in config["rows"]] == ["Jocasta Wetherby"]
    assert '<script id="batch-grid-config" type="application/json">' in html


def test_a_bad_row_answers_errors_per_field_and_writes_nothing(fundraiser_client, batch, fund):
    response = fundraiser_client.post(create_url(batch), row(IndividualFactory(), fund, amount="0", constituent=""))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["constituent"] == ["Choose the donor."]
    assert "amount" not in errors  # the form's checks first; the service's once the donor is chosen
    response = fundraiser_client.post(create_url(batch), row(IndividualFactory(), fund, amount="0"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"amount": ["The amount must be more than zero."]}
    response = fundraiser_client.post(create_url(batch), row(IndividualFactory(), fund, amount="12.345"))
    assert response.json()["errors"] == {"amount": ["USD amounts cannot have that many decimal places."]}
    response = fundraiser_client.post(create_url(batch), row(IndividualFactory(), fund, amount="lots"))
    assert list(response.json()["errors"]) == ["amount"]
    assert Gift.objects.count() == 0


def test_a_row_is_corrected_and_another_removed(fundraiser_client, batch, fund):
    first, second = IndividualFactory(), IndividualFactory()
    gift = entered(batch, first, fund, "100.00")
    mistake = entered(batch, first, fund, "5.00")
    # when the first row gets another donor, amount, date and cheque number
    response = fundraiser_client.post(
        update_url(gift), row(second, fund, amount="1500.00", gift_date="2026-10-30", reference="CHQ 7")
    )
    assert response.status_code == 200
    gift.refresh_from_db()
    assert (gift.constituent, gift.amount, gift.gift_date, gift.reference, gift.status) == (
        second,
        Decimal("1500.00"),
        dt.date(2026, 10, 30),
        "CHQ 7",
        Gift.Status.PENDING,
    )
    assert response.json()["figures"]["summary"] == "$1,505.00 of $2,000.00 expected · 2 of 2 gifts"
    # and the second is removed
    response = fundraiser_client.post(remove_url(mistake))
    assert response.status_code == 200
    assert not Gift.objects.filter(pk=mistake.pk).exists()
    assert response.json()["figures"]["summary"] == "$1,500.00 of $2,000.00 expected · 1 of 2 gifts"
    assert "row" not in response.json()


def test_a_bad_correction_changes_nothing(fundraiser_client, batch, fund):
    gift = entered(batch, IndividualFactory(), fund, "100.00")
    response = fundraiser_client.post(update_url(gift), row(gift.constituent, fund, amount="-3"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"amount": ["The amount must be more than zero."]}
    gift.refresh_from_db()
    assert gift.amount == Decimal("100.00")


def test_a_gift_outside_any_batch_is_not_the_grids(fundraiser_client, fund):
    gift = gifts.gift_record(constituent=IndividualFactory(), amount="50.00", currency="USD", fund=fund, method="cash")
    assert fundraiser_client.post(update_url(gift), row(gift.constituent, fund, amount="9.00")).status_code == 404
    assert fundraiser_client.post(remove_url(gift)).status_code == 404
    gift.refresh_from_db()
    assert gift.amount == Decimal("50.00")


def test_staff_who_may_only_see_gifts_cannot_save_or_remove_rows(client, batch, fund):
    gift = entered(batch, IndividualFactory(), fund)
    client.force_login(StaffUserFactory(groups=["Membership staff"]))
    assert_denied(client.post(create_url(batch), row(IndividualFactory(), fund)))
    assert_denied(client.post(update_url(gift), row(gift.constituent, fund, amount="9.00")))
    assert_denied(client.post(remove_url(gift)))
    assert list(Gift.objects.values_list("amount", flat=True)) == [Decimal("50.00")]


def test_rows_need_the_csrf_token(fundraiser, batch, fund):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fundraiser)
    assert client.post(create_url(batch), row(IndividualFactory(), fund)).status_code == 403
    assert Gift.objects.count() == 0


def test_figures_are_written_with_the_currency_symbol_or_code():
    assert money_figure(Decimal("1250"), "GBP") == "£1,250.00"
    assert money_figure(Decimal("1250"), "JPY") == "¥1,250"
    assert money_figure(Decimal("99.5"), "THB") == "99.50 THB"
    assert money_figure(Decimal("-3"), "USD") == "-$3.00"


# ---------------------------------------------------------------------------------------------------------
# A posted batch is locked
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def posted(batch, fund):
    batch.expected_total = Decimal("150.00")
    batch.save()
    first = entered(batch, IndividualFactory(), fund, "100.00")
    second = entered(batch, IndividualFactory(), fund, "50.00")
    gifts.gift_batch_post(batch=batch)
    return batch, first, second


def test_a_posted_batchs_rows_are_refused_with_a_message_and_nothing_changes(fundraiser_client, posted, fund):
    batch, first, second = posted
    message = "This batch has been posted: its gifts can no longer be changed, removed or moved."
    response = fundraiser_client.post(update_url(first), row(IndividualFactory(), fund, amount="1.00"))
    assert (response.status_code, response.json()) == (409, {"errors": {"__all__": [message]}})
    response = fundraiser_client.post(remove_url(second))
    assert (response.status_code, response.json()) == (409, {"errors": {"__all__": [message]}})
    response = fundraiser_client.post(create_url(batch), row(IndividualFactory(), fund))
    assert response.status_code == 409
    assert sorted(Gift.objects.values_list("amount", "status", "constituent_id")) == sorted(
        [
            (Decimal("100.00"), Gift.Status.SUCCEEDED, first.constituent_id),
            (Decimal("50.00"), Gift.Status.SUCCEEDED, second.constituent_id),
        ]
    )


def test_the_posted_batch_page_says_it_is_locked_and_offers_no_grid(fundraiser_client, posted):
    batch, _, _ = posted
    page = fundraiser_client.get(reverse("donations_batches:inspect", args=(batch.pk,)))
    html = page.content.decode()
    assert "This batch has been posted: its gifts can no longer be changed" in html
    assert "batch-grid-config" not in html
    assert page.context["grid"]["editable"] is False
    assert all("save_url" not in r for r in page.context["grid"]["rows"])


def test_the_services_refuse_to_change_a_posted_batchs_gifts(posted, fund):
    batch, first, second = posted
    with pytest.raises(ValidationError) as error:
        gifts.gift_batch_entry_update(
            gift=first, constituent=IndividualFactory(), amount="1.00", fund=fund, method="cash"
        )
    assert error_codes(error.value) == {"batch_posted"}
    with pytest.raises(ValidationError) as error:
        gifts.gift_batch_entry_remove(gift=second)
    assert error_codes(error.value) == {"batch_posted"}
    with pytest.raises(ValidationError) as error:
        gifts.gift_change_check(first)
    assert error_codes(error.value) == {"batch_posted"}
    assert Gift.objects.filter(batch=batch, status=Gift.Status.SUCCEEDED).count() == 2


def test_a_gift_outside_an_open_batch_is_not_changed_by_the_batch_services(fund):
    gift = gifts.gift_record(constituent=IndividualFactory(), amount="10.00", currency="USD", fund=fund, method="cash")
    with pytest.raises(ValidationError) as error:
        gifts.gift_batch_entry_remove(gift=gift)
    assert error_codes(error.value) == {"not_in_batch"}
    assert Gift.objects.filter(pk=gift.pk).exists()


def test_gifts_have_no_edit_delete_or_bulk_action_views_in_the_admin(client, posted):
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    _, first, _ = posted
    client.force_login(SuperuserFactory())
    for name in ["edit", "delete"]:
        with pytest.raises(NoReverseMatch):
            reverse(f"donations_gifts:{name}", args=(first.pk,))
        assert client.get(f"/admin/donations/gifts/{name}/{first.pk}/").status_code == 404
    assert list(bulk_action_registry.get_bulk_actions_for_model("donations", "gift")) == []


def test_batch_json_answers_are_json(fundraiser_client, batch, fund):
    response = fundraiser_client.post(create_url(batch), row(IndividualFactory(), fund))
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["figures"]["count"] == 1
    assert GiftBatch.objects.get().status == GiftBatch.Status.OPEN
