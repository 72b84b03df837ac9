"""CSV injection: a name that a spreadsheet would run as a formula arrives as text from every export Steward
writes (the admin listings and the segment exports); in XLSX such a value is stored as a string, not a formula."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from steward.members.models import Constituent
from steward.reports import exports
from steward.reports.models import Segment
from tests.factories import GiftFactory, IndividualFactory, InteractionFactory, make_membership

# Each payload, and the cell a spreadsheet must receive: text with a leading apostrophe.
PAYLOADS = {
    '=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")',
    "+1": "'+1",
    "-1": "'-1",
    "@SUM(1)": "'@SUM(1)",
}
# Names are stripped when saved, so values led by a tab or a carriage return are tried in free text.
WHITESPACE_PAYLOADS = {"\t=1+1": "'\t=1+1", "\r=1+1": "'\r=1+1"}


@pytest.fixture
def people(db) -> list[Constituent]:
    """One person per payload, named with it (family name empty, so the payload leads the display name)."""
    made = []
    for payload in PAYLOADS:
        person = IndividualFactory(given_name=payload, family_name="")
        make_membership(constituent=person)
        InteractionFactory(constituent=person)
        GiftFactory(constituent=person)
        made.append(person)
    for payload in WHITESPACE_PAYLOADS:
        InteractionFactory(constituent=made[0], subject=payload)
    return made


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline="")))


def _cells(rows: list[list[str]]) -> set[str]:
    return {cell for row in rows[1:] for cell in row}


# The admin listings that show constituents' names, by their URL name.
LISTINGS = [
    "members_constituents:index",
    "members_memberships:index",
    "members_interactions:index",
    "donations_gifts:index",
]


@pytest.mark.parametrize("listing", LISTINGS)
def test_admin_listing_csv_exports_escape_formulas(admin_client, people, listing):
    # when the listing is exported as CSV
    response = admin_client.get(reverse(listing) + "?export=csv")
    assert response.status_code == 200
    cells = _cells(_csv(response))
    # then every name arrives as text, never as a formula
    for payload, escaped in PAYLOADS.items():
        assert escaped in cells, (payload, sorted(cells))
        assert payload not in cells


def test_values_led_by_a_tab_or_a_carriage_return_are_escaped_and_numbers_left_alone(admin_client, people):
    # when a listing with such free text is exported, and a listing of amounts, and a segment's rows
    interactions = _cells(_csv(admin_client.get(reverse("members_interactions:index") + "?export=csv")))
    levels = _cells(_csv(admin_client.get(reverse("members_levels:index") + "?export=csv")))
    rows = [(payload,) for payload in WHITESPACE_PAYLOADS]
    body = "".join(exports.csv_lines(rows=rows, columns=["display_name"], on_done=lambda count: None))
    segment = _cells(list(csv.reader(io.StringIO(body.lstrip("\ufeff"), newline=""))))
    # then the text is escaped everywhere and the amounts are not touched
    for payload, escaped in WHITESPACE_PAYLOADS.items():
        assert escaped in interactions
        assert payload not in interactions
    assert segment == set(WHITESPACE_PAYLOADS.values())
    assert not any(cell.startswith("'") for cell in levels)


@pytest.fixture
def everyone(db) -> Segment:
    return Segment.objects.create(name="Everyone", conditions={"all": []})


def _xlsx_cells(response) -> list:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [cell for row in workbook.active.iter_rows(min_row=2) for cell in row]


def test_the_same_names_are_escaped_in_every_format_of_every_export(admin_client, people, everyone):
    # when the people are exported from the constituents listing and from a segment, as CSV and XLSX
    listing = reverse("members_constituents:index")
    segment = reverse("reports_segment_export", args=(everyone.pk,))
    columns = {"columns": ["id", "display_name"]}
    listing_csv = _cells(_csv(admin_client.get(listing + "?export=csv")))
    segment_csv = _cells(_csv(admin_client.get(segment, {**columns, "file_format": "csv"})))
    listing_xlsx = _xlsx_cells(admin_client.get(listing + "?export=xlsx"))
    segment_xlsx = _xlsx_cells(admin_client.get(segment, {**columns, "file_format": "xlsx"}))
    # then CSV cells are escaped text in both
    for payload, escaped in PAYLOADS.items():
        assert escaped in listing_csv
        assert escaped in segment_csv
        assert payload not in listing_csv | segment_csv
    # and no XLSX cell is a formula: a formula-looking name is a string cell
    assert not any(cell.data_type == "f" for cell in listing_xlsx + segment_xlsx)
    names = [cell for cell in listing_xlsx if cell.value == '=HYPERLINK("http://x","y")']
    assert names
    assert {cell.data_type for cell in names} == {"s"}
