"""Year-end giving statements: every counted gift of the tax year, totals per currency, and downloads."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from steward.donations import receipts
from steward.donations.models import Gift
from steward.site.models import OrganisationSettings
from tests.donations import pdf_text
from tests.factories import FundFactory, GiftFactory, IndividualFactory, StaffUserFactory
from tests.utils import error_codes

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def organisation():
    settings = OrganisationSettings.load()
    settings.legal_name = "Riverbank Conservation Trust Inc."
    settings.tax_id = "EIN 12-3456789"
    settings.save()
    return settings


@pytest.fixture
def donor_2025():
    """A donor with counted, uncounted and other-year gifts, and gifts from someone else."""
    donor = IndividualFactory(given_name="สมชาย", family_name="ใจดี")
    general = FundFactory(name="General Fund", code="general")
    library = FundFactory(name="Library Appeal", code="library")
    kept = [
        GiftFactory(constituent=donor, amount=Decimal("100.00"), gift_date=D(2025, 1, 1), fund=general),
        GiftFactory(
            constituent=donor,
            amount=Decimal("250.00"),
            benefit_value=Decimal("40.00"),
            gift_date=D(2025, 6, 30),
            fund=library,
        ),
        GiftFactory(
            constituent=donor,
            amount=Decimal("60.00"),
            amount_refunded=Decimal("10.00"),
            gift_date=D(2025, 12, 31),
            status=Gift.Status.PARTIALLY_REFUNDED,
            fund=general,
        ),
        GiftFactory(
            constituent=donor,
            amount=Decimal("5000"),
            currency="JPY",
            base_amount=Decimal("33.00"),
            gift_date=D(2025, 8, 8),
            fund=general,
        ),
    ]
    GiftFactory(constituent=donor, amount=Decimal("777.00"), gift_date=D(2024, 12, 31), fund=general)
    GiftFactory(constituent=donor, amount=Decimal("888.00"), gift_date=D(2026, 1, 1), fund=general)
    GiftFactory(constituent=donor, amount=Decimal("999.00"), gift_date=D(2025, 5, 5), status=Gift.Status.PENDING)
    GiftFactory(
        constituent=donor,
        amount=Decimal("555.00"),
        amount_refunded=Decimal("555.00"),
        gift_date=D(2025, 5, 6),
        status=Gift.Status.REFUNDED,
    )
    GiftFactory(amount=Decimal("444.00"), gift_date=D(2025, 3, 3))  # someone else's gift
    return donor, kept


def test_statement_lists_the_years_counted_gifts_and_totals(organisation, donor_2025):
    # given a donor whose first 2025 gift was receipted
    donor, kept = donor_2025
    receipt = receipts.receipt_issue(gift=kept[0])
    # when the 2025 statement is rendered
    text = pdf_text(receipts.statement_render_pdf(constituent=donor, tax_year=2025))
    # then it names the donor and the organisation and lists the counted 2025 gifts, net of refunds
    for expected in [
        "Giving statement 2025",
        "Riverbank Conservation Trust Inc.",
        "EIN 12-3456789",
        receipt.display_number,
        "1 January 2025",
        "Library Appeal",
        "100.00 USD",
        "250.00 USD",
        "210.00 USD",  # deductible after the 40.00 benefit
        "50.00 USD",  # 60.00 less 10.00 refunded
        "5,000 JPY",
    ]:
        assert expected in text
    # and it totals each currency: 100 + 250 + 50 = 400 given, 100 + 210 + 50 = 360 deductible
    squeezed = text.replace(" ", "")  # extractors differ on the spaces between table cells
    assert "TotalUSD400.00USD360.00USD" in squeezed
    assert "TotalJPY5,000JPY5,000JPY" in squeezed
    # and nothing from another year, another donor, or that does not count
    for absent in ["777.00", "888.00", "999.00", "555.00", "444.00"]:
        assert absent not in text


def test_statement_selects_only_the_tax_year(donor_2025):
    # given the donor's gifts
    donor, kept = donor_2025
    # when the gifts of 2025 are selected
    gifts = receipts.statement_gifts(constituent=donor, tax_year=2025)
    # then they are the four counted ones, oldest first
    assert [gift.pk for gift in gifts] == [kept[0].pk, kept[1].pk, kept[3].pk, kept[2].pk]


def test_statement_for_a_year_without_gifts_is_refused(donor_2025):
    # given a donor who gave nothing in 2023
    donor, _ = donor_2025
    # when a 2023 statement is asked for
    with pytest.raises(ValidationError) as error:
        receipts.statement_render_pdf(constituent=donor, tax_year=2023)
    # then it is refused with a code
    assert error_codes(error.value) == {"no_gifts"}


def test_signed_statement_link_downloads_the_statement(client, organisation, donor_2025):
    # given a statement link
    donor, _ = donor_2025
    url = receipts.statement_download_url(donor, 2025, max_age=600)
    # when the donor follows it
    response = client.get(url)
    # then they get their statement
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="giving-statement-2025-{donor.pk}.pdf"' in response["Content-Disposition"]
    assert "Giving statement 2025" in pdf_text(response.content)


def test_statement_link_cannot_be_used_for_a_receipt_or_changed(client, donor_2025):
    # given a statement link
    donor, _ = donor_2025
    token = receipts.statement_download_url(donor, 2025, max_age=600).rstrip("/").rsplit("/", 1)[1]
    # when it is used on the receipt address, or with a changed signature
    # then both are refused
    assert client.get(f"/donations/receipts/{token}/").status_code == 404
    assert client.get(f"/donations/statements/{token[:-1]}x/").status_code == 404


def test_statement_link_for_a_year_without_gifts_says_so(client, donor_2025):
    # given a link to a year without gifts
    donor, _ = donor_2025
    response = client.get(receipts.statement_download_url(donor, 2023, max_age=600))
    # then the page says so instead of failing
    assert response.status_code == 404
    assert b"no gifts" in response.content


def test_staff_statement_download_needs_the_permission(client, organisation, donor_2025):
    # given a staff user without gift permissions and one with them
    donor, _ = donor_2025
    url = f"/donations/staff/statements/{donor.pk}/2025/"
    without = StaffUserFactory()
    with_permission = StaffUserFactory()
    with_permission.user_permissions.add(
        Permission.objects.get(content_type__app_label="donations", codename="view_gift")
    )
    # when each asks for the donor's statement
    client.force_login(without)
    refused = client.get(url)
    client.force_login(with_permission)
    allowed = client.get(url)
    # then only the permitted user gets it
    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert "Giving statement 2025" in pdf_text(allowed.content)
