"""Money as staff and the board read it: one formatter (separators, the currency's own decimals, the currency
named), the admin's tables, and exports whose amounts stay numbers (XLSX with a separated number format,
CSV a plain decimal) beside their currency. Countries by name."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from steward.core.countries import country_name
from steward.core.money import format_money, spreadsheet_number_format
from steward.donations.models import Gift
from steward.donations.rollups import giving_summaries_rebuild
from tests.admin_helpers import signed_in
from tests.factories import (
    CampaignFactory,
    FundFactory,
    GiftFactory,
    IndividualFactory,
    MembershipLevelFactory,
    SegmentFactory,
    SuperuserFactory,
)


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (Decimal("1000"), "USD", "1,000.00 USD"),
        (Decimal("1234567.5"), "usd", "1,234,567.50 USD"),
        (Decimal("-25.5"), "EUR", "-25.50 EUR"),
        (Decimal("10000"), "JPY", "10,000 JPY"),
        (Decimal("1234.5675"), "KWD", "1,234.568 KWD"),  # three decimals, rounded half up
        (Decimal("0.005"), "USD", "0.01 USD"),
        (250, "THB", "250.00 THB"),
        (None, "USD", "—"),
    ],
)
def test_money_is_written_with_separators_and_its_currency(amount, currency, shown):
    assert format_money(amount, currency) == shown


@pytest.mark.parametrize(
    ("value", "number_format"),
    [
        (Decimal("1000.00"), "#,##0.00"),
        (Decimal("10000"), "#,##0"),
        (Decimal("1.234567"), "#,##0.000000"),
        (Decimal("1234.50000000"), "#,##0.00"),  # a sum with the database's trailing zeros
        (Decimal("12.3"), "#,##0.0"),
    ],
)
def test_spreadsheet_amounts_keep_their_places_and_separate_thousands(value, number_format):
    assert spreadsheet_number_format(value) == number_format


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("TW", "en", "Taiwan"),
        ("tw", "en", "Taiwan"),
        ("GB", "en", "United Kingdom"),
        ("TW", "zh-Hant", "台灣"),
        ("TH", "th", "ไทย"),
        ("MN", "en-GB", "Mongolia"),
        ("XX", "en", "XX"),  # a code CLDR does not know stays as it was
        ("", "en", ""),
        ("TW", "not-a-language", "Taiwan"),  # an unknown language falls back to English
    ],
)
def test_countries_are_named_in_the_documents_language(code, language, name):
    assert country_name(code, language) == name


@pytest.fixture
def gifts(db):
    donor = IndividualFactory(given_name="Mali", family_name="Srisuk")
    fund = FundFactory(code="general", name="General fund")
    common = {"constituent": donor, "fund": fund, "status": Gift.Status.SUCCEEDED, "gift_date": dt.date(2026, 3, 2)}
    return [
        GiftFactory(amount=Decimal("1234567.50"), currency="USD", base_amount=Decimal("1234567.50"), **common),
        GiftFactory(amount=Decimal("10000"), currency="JPY", base_amount=Decimal("66.40"), **common),
    ]


def test_the_gift_listing_shows_amounts_with_separators_and_currency(client, gifts):
    client.force_login(SuperuserFactory())
    html = client.get(reverse("donations_gifts:index")).content.decode()
    assert "1,234,567.50 USD" in html
    assert "10,000 JPY" in html
    assert "1234567.50" not in html


def test_the_membership_level_listing_shows_prices_the_same_way(client, db):
    MembershipLevelFactory(name="Patron", slug="patron", price=Decimal("1500"), currency="USD")
    client.force_login(SuperuserFactory())
    html = client.get(reverse("members_levels:index")).content.decode()
    assert "1,500.00 USD" in html


def test_a_gift_export_to_xlsx_keeps_amounts_numeric_and_shows_separators(client, gifts, settings):
    settings.STEWARD_BASE_CURRENCY = "USD"
    client.force_login(SuperuserFactory())
    response = client.get(reverse("donations_gifts:index") + "?export=xlsx")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[0]]
    amount, currency, base = headings.index("Amount"), headings.index("Currency"), headings.index("Base amount (USD)")
    by_currency = {row[currency].value: row for row in rows[1:]}
    usd, jpy = by_currency["USD"], by_currency["JPY"]
    assert usd[amount].value == pytest.approx(1234567.5)  # a number, not "1,234,567.50"
    assert isinstance(usd[amount].value, (int, float))
    assert usd[amount].number_format == "#,##0.00"
    assert jpy[amount].value == pytest.approx(10000)
    assert jpy[base].value == pytest.approx(66.4)
    assert jpy[base].number_format == "#,##0.00"


def test_a_gift_export_to_csv_writes_plain_decimals(client, gifts):
    client.force_login(SuperuserFactory())
    response = client.get(reverse("donations_gifts:index") + "?export=csv")
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    amounts = {row["Currency"]: row["Amount"] for row in rows}
    assert amounts["USD"] == "1234567.50"
    assert amounts["JPY"] in {"10000", "10000.00"}
    assert "Base amount (USD)" in rows[0]


def test_a_campaign_export_names_the_goals_currency_and_raised_in_the_base_currency(client, db):
    CampaignFactory(name="Roof", slug="roof", goal_amount=Decimal("20000"), currency="EUR")
    client.force_login(SuperuserFactory())
    text = b"".join(client.get(reverse("donations_campaigns:index") + "?export=csv").streaming_content).decode()
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["Goal"] == "20000.00"
    assert row["Goal currency"] == "EUR"
    assert "Raised (USD)" in row


def test_a_segment_export_keeps_giving_numeric_under_a_heading_naming_the_currency(client, gifts):
    giving_summaries_rebuild()
    signed_in(client, "Fundraising staff")
    segment = SegmentFactory(name="Givers", conditions={"all": []})
    url = reverse("reports_segment_export", args=(segment.pk,)) + "?columns=id&columns=lifetime_total&file_format="
    sheet = load_workbook(io.BytesIO(b"".join(client.get(url + "xlsx").streaming_content))).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == ["Constituent id", "Lifetime giving (USD)"]
    (donor,) = [row for row in rows[1:] if row[1].value]
    assert donor[1].value == pytest.approx(1234633.90)  # 1,234,567.50 + the yen gift's 66.40
    assert donor[1].number_format == "#,##0.00"
    lines = list(csv.reader(io.StringIO(b"".join(client.get(url + "csv").streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["Constituent id", "Lifetime giving (USD)"]
    assert "1234633.90" in [line[1] for line in lines[1:]]
