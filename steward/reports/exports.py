"""Streamed exports of a segment's members: CSV through StreamingHttpResponse, XLSX written by openpyxl in
write-only mode to a temporary file and then streamed from it. Memory stays flat however many rows there are:
rows come from the database in chunks (a server-side cursor on PostgreSQL) and are never all held at once."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from steward.core.money import quantize, spreadsheet_number_format
from steward.donations.models import GivingSummary
from steward.donations.money import base_currency
from steward.members.models import Address, Constituent, Email, Membership, Phone

CHUNK = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportColumn:
    key: str
    label: str
    personal: bool  # names and contact details: an export holding any of them is personal data
    money: bool = False  # an amount in the organisation's currency: the heading names it


def column_heading(key: str) -> str:
    """A column's heading in an export: its label, and for amounts the currency they are in."""
    column = COLUMNS[key][0]
    return f"{column.label} ({base_currency()})" if column.money else column.label


def _primary(model: Any, column: str) -> Subquery:
    return Subquery(model.objects.filter(constituent=OuterRef("pk"), is_primary=True).values(column)[:1])


def _membership(column: str) -> Subquery:
    latest = Membership.objects.filter(constituent=OuterRef("pk")).order_by("-end_date", "-id")
    return Subquery(latest.values(column)[:1])


def _summary(column: str) -> Subquery:
    return Subquery(GivingSummary.objects.filter(constituent=OuterRef("pk")).values(column)[:1])


COLUMNS: dict[str, tuple[ExportColumn, Any]] = {
    column.key: (column, expression)
    for column, expression in [
        (ExportColumn("id", "Constituent id", False), F("pk")),
        (ExportColumn("kind", "Kind", False), F("kind")),
        (ExportColumn("display_name", "Name", True), F("display_name")),
        (ExportColumn("given_name", "Given name", True), F("given_name")),
        (ExportColumn("family_name", "Family name", True), F("family_name")),
        (ExportColumn("email", "Email", True), _primary(Email, "address")),
        (ExportColumn("phone", "Phone", True), _primary(Phone, "number")),
        (ExportColumn("address_line1", "Address line 1", True), _primary(Address, "line1")),
        (ExportColumn("city", "City", True), _primary(Address, "city")),
        (ExportColumn("region", "Region", False), _primary(Address, "region")),
        (ExportColumn("postal_code", "Postcode", True), _primary(Address, "postal_code")),
        (ExportColumn("country", "Country", False), _primary(Address, "country")),
        (ExportColumn("membership_level", "Membership level", False), _membership("level__name")),
        (ExportColumn("membership_status", "Membership status", False), _membership("status")),
        (ExportColumn("membership_end", "Membership ends", False), _membership("end_date")),
        (ExportColumn("lifetime_total", "Lifetime giving", False, money=True), _summary("lifetime_total")),
        (ExportColumn("this_fy_total", "Giving this FY", False, money=True), _summary("this_fy_total")),
        (ExportColumn("last_fy_total", "Giving last FY", False, money=True), _summary("last_fy_total")),
        (ExportColumn("last_gift_date", "Last gift", False), _summary("last_gift_date")),
        (ExportColumn("do_not_contact", "Do not contact", False), F("do_not_contact")),
        (ExportColumn("do_not_email", "Do not email", False), F("do_not_email")),
    ]
}
DEFAULT_COLUMNS = ["id", "display_name", "email", "city", "country", "membership_status", "lifetime_total"]


def column_choices() -> list[tuple[str, str]]:
    return [(key, column.label) for key, (column, _) in COLUMNS.items()]


def holds_personal_data(columns: Iterable[str]) -> bool:
    return any(COLUMNS[key][0].personal for key in columns)


def export_rows(queryset: QuerySet[Constituent], columns: list[str]) -> Iterator[tuple]:
    """The rows of an export, fetched in chunks (a server-side cursor on PostgreSQL)."""
    aliases = {f"export_{key}": COLUMNS[key][1] for key in columns}
    rows = queryset.order_by("pk").annotate(**aliases).values_list(*aliases)
    yield from rows.iterator(chunk_size=CHUNK)


def spreadsheet_safe(value: Any) -> Any:
    """A cell value that a spreadsheet will not run as a formula, and that openpyxl accepts."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if not isinstance(value, (int, float, bool, dt.date)) and value.__class__.__name__ != "Decimal":
        return str(value)
    return value


def _money_columns(columns: list[str]) -> set[int]:
    return {index for index, key in enumerate(columns) if COLUMNS[key][0].money}


def _amount(value: Any) -> Any:
    """An amount in the organisation's currency, to its cents (the database may give more places)."""
    return quantize(Decimal(value), base_currency()) if value is not None else None


def _cell(sheet: Any, value: Any) -> Any:
    """Amounts stay numbers, shown with their thousands separated."""
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = spreadsheet_number_format(value)
        return cell
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def stream_csv(
    *, queryset: QuerySet[Constituent], columns: list[str], filename: str, on_done: Any
) -> StreamingHttpResponse:
    """A CSV download streamed row by row; `on_done(row_count)` is called once the last row went out."""
    lines = csv_lines(rows=export_rows(queryset, columns), columns=columns, on_done=on_done)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "export"}.csv"'
    return response


def csv_lines(*, rows: Iterable[tuple], columns: list[str], on_done: Any) -> Iterator[str]:
    """CSV lines (a header, then one per row) produced as the rows arrive; `on_done(count)` after the last."""
    money = _money_columns(columns)
    count = 0

    def amounts() -> Iterator[list[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield [_amount(value) if index in money else value for index, value in enumerate(row)]

    yield from csv_rows(headings=[column_heading(key) for key in columns], rows=amounts())
    on_done(count)


def csv_rows(*, headings: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines, a header then one per row, as the rows arrive; every cell made safe for spreadsheets (a BOM
    first, so that spreadsheet programs read UTF-8)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(list(headings))
    for row in rows:
        yield writer.writerow([spreadsheet_safe(value) for value in row])


def write_xlsx(*, queryset: QuerySet[Constituent], columns: list[str], target: IO[bytes]) -> int:
    """Write a queryset's export to an XLSX file; returns how many rows were written."""
    return xlsx_write_rows(rows=export_rows(queryset, columns), columns=columns, target=target)


def xlsx_write_rows(*, rows: Iterable[tuple], columns: list[str], target: IO[bytes]) -> int:
    """Write rows to an XLSX file in openpyxl's write-only mode (rows go to disk as they come)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Export")
    sheet.append([column_heading(key) for key in columns])
    money = _money_columns(columns)
    count = 0
    for row in rows:
        sheet.append(
            [
                _cell(sheet, spreadsheet_safe(_amount(value) if index in money else value))
                for index, value in enumerate(row)
            ]
        )
        count += 1
    workbook.save(target)
    return count


def xlsx_response(*, queryset: QuerySet[Constituent], columns: list[str], filename: str) -> tuple[FileResponse, int]:
    """An XLSX download: written to a temporary file first (a workbook is a zip), then streamed from it."""
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it when sent
    count = write_xlsx(queryset=queryset, columns=columns, target=target)
    target.seek(0)
    response = FileResponse(
        target,
        as_attachment=True,
        filename=f"{slugify(filename) or 'export'}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )
    return response, count
