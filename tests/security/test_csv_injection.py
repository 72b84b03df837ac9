"""CSV injection: a name that a spreadsheet would run as a formula arrives as text from every export Steward
writes (the admin listings and the segment exports); in XLSX such a value is stored as a string, not a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.urls import get_resolver, reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from steward.donations.models import Fund
from steward.members.models import Constituent
from steward.reports import exports
from steward.reports.models import Segment
from tests.factories import (
    GiftFactory,
    IndividualFactory,
    InteractionFactory,
    PledgeFactory,
    RecurringGiftFactory,
    SegmentFactory,
    make_membership,
)

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
    return SegmentFactory(name="Everyone", conditions={"all": []})


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


# ---------------------------------------------------------------------------------------------------------
# Every listing that offers an export, found in Wagtail's registry (so a viewset added later is walked too)
# ---------------------------------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil","x")'


def exporting_viewsets() -> list[tuple[ModelViewSet, list[str]]]:
    """(viewset, its export columns) of every registered model viewset whose listing offers CSV/XLSX export."""
    get_resolver().url_patterns  # noqa: B018 - building the URLs registers the viewsets
    found = []
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet):
            continue
        # The listing as Wagtail builds it: the viewset's `list_export` lands on the view (or the view's own).
        columns = viewset.index_view_class(**viewset.get_index_view_kwargs()).list_export
        if isinstance(columns, (list, tuple)) and columns:
            found.append((viewset, list(columns)))
    return found


def _free_text(model: type[models.Model], names: list[str]) -> list[str]:
    """The named fields that hold free text: plain text long enough for the formula, no choices, no validator
    reading it (a time zone, a slug, an email address would refuse or be read as something else)."""
    plain = (MaxLengthValidator, ProhibitNullCharactersValidator)
    found = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a computed column (an annotation, an `export_` accessor)
        if (
            type(field) in (models.CharField, models.TextField)
            and not field.choices
            and (field.max_length is None or field.max_length >= len(FORMULA))
            and all(isinstance(validator, plain) for validator in field.validators)
        ):
            found.append(name)
    return found


def _plant(viewset: ModelViewSet, columns: list[str]) -> None:
    """Write the formula into the free text the listing exports: the record's own columns, or else the free text
    of the records its columns point to (a pledge shows its constituent's name)."""
    queryset = viewset.model.objects.order_by("pk")
    kind = getattr(viewset, "kind", None)
    if kind:
        queryset = queryset.filter(kind=kind)
    record = queryset.first()
    assert record is not None, f"no {viewset.model.__name__} to export: make one in the fixture"
    own = _free_text(viewset.model, columns)
    if own:
        queryset.filter(pk=record.pk).update(**dict.fromkeys(own, FORMULA))
        return
    for name in columns:
        try:
            field = viewset.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        related = getattr(record, name, None) if field.is_relation and (field.many_to_one or field.one_to_one) else None
        if isinstance(related, models.Model):
            texts = _free_text(type(related), [f.name for f in related._meta.concrete_fields])
            type(related).objects.filter(pk=related.pk).update(**dict.fromkeys(texts, FORMULA))


@pytest.fixture
def demo(db) -> None:
    """The demo data (a record of most models), plus one of each exported model the demo does not make."""
    call_command("seed_demo", constituents=50, verbosity=0)
    person = Constituent.objects.filter(kind=Constituent.Kind.INDIVIDUAL).first()
    fund = Fund.objects.first()
    RecurringGiftFactory(constituent=person, amount=Decimal("5.00"), currency="USD", fund=fund)
    PledgeFactory(constituent=person, amount=Decimal("50.00"), currency="USD", fund=fund)


def test_every_listing_that_offers_an_export_escapes_formulas(admin_client, demo):
    # given every registered listing that offers an export, each with a record holding a formula in its text
    listings = exporting_viewsets()
    names = {viewset.url_namespace for viewset, _ in listings}
    # (the walk found Steward's listings, among them those once exported raw; a broken walk would pass vacuously)
    assert {
        "members_constituents",
        "members_relationship_types",
        "members_custom_fields",
        "donations_funds",
        "volunteers_skills",
        "volunteers_interests",
    } <= names
    wrong: list[str] = []
    for viewset, columns in listings:
        _plant(viewset, columns)
        index = reverse(viewset.get_url_name("index"))
        # when a superuser downloads the listing as CSV and as XLSX
        csv_response = admin_client.get(index + "?export=csv")
        xlsx_response = admin_client.get(index + "?export=xlsx")
        if csv_response.status_code != 200 or xlsx_response.status_code != 200:
            wrong.append(f"{viewset.url_namespace}: export answered {csv_response.status_code}")
            continue
        cells = _cells(_csv(csv_response))
        # then the formula arrives as text: no CSV cell starts with "=", no XLSX cell is a formula
        if "'" + FORMULA not in cells:
            wrong.append(f"{viewset.url_namespace}: the planted formula is not in the export as text")
        wrong.extend(f"{viewset.url_namespace}: {cell!r}" for cell in cells if cell.startswith("="))
        if any(cell.data_type == "f" for cell in _xlsx_cells(xlsx_response)):
            wrong.append(f"{viewset.url_namespace}: an XLSX cell is a formula")
    assert wrong == [], "\n".join(wrong)
