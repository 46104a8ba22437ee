"""Table exports as CSV and ODS (OpenDocument Spreadsheet, the UK government open standard).

Any app can use these for a list or a statistics table:

    headers = ["Date", "Area", "People"]
    rows = [[dt.date(2026, 3, 2), "Warrington", 40], ...]
    return csv_response("engagements", headers, rows, classification="OFFICIAL")
    return ods_response("engagements", headers, rows, classification="OFFICIAL", sheet="Engagements")

CSV cells are made safe from formula injection: a spreadsheet would run a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so such a cell gets a single
quote in front (OWASP's advice). Numbers stay numbers. ODS cells are typed (text, number, date),
so text is never read as a formula there; the same quoting is applied anyway, so both files say
the same thing.

When a ``classification`` is given, the first row of the file is the security classification on
its own (every export carries its classification), then the headers, then the rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from odf.namespaces import TABLENS
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

Cell = str | int | float | Decimal | dt.date | dt.datetime | bool | None

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text a spreadsheet will show as text: a leading formula character gets a quote in front."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def cell_text(value: Cell) -> str:
    """How a cell is written in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, negative ones too, is data, not a formula
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return safe_text(str(value))


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, classification: str = "") -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens accented names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if classification:
        writer.writerow([safe_text(classification)])
    writer.writerow([safe_text(h) for h in headers])
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _ods_cell(value: Cell, style: Style | None = None) -> TableCell:
    attributes = {"stylename": style} if style is not None else {}
    if value is None:
        return TableCell(**attributes)
    if isinstance(value, bool):
        text = "Yes" if value else "No"
        cell = TableCell(valuetype="string", **attributes)
    elif isinstance(value, int | float | Decimal):
        text = str(value)
        cell = TableCell(valuetype="float", value=text, **attributes)
    elif isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ", timespec="minutes")
        cell = TableCell(valuetype="string", **attributes)
    elif isinstance(value, dt.date):
        text = value.isoformat()
        cell = TableCell(valuetype="date", datevalue=text, **attributes)
    else:
        text = safe_text(str(value))
        cell = TableCell(valuetype="string", **attributes)
    for line in text.split("\n"):
        cell.addElement(P(text=line))
    return cell


_SHEET_NAME_UNSAFE = re.compile(r"[\[\]*?:/\\']")


def write_ods(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet: str = "Sheet1",
    classification: str = "",
) -> bytes:
    """A one-sheet spreadsheet with a bold header row."""
    return write_ods_sheets([(sheet, headers, rows)], classification=classification)


def write_ods_sheets(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]], *, classification: str = ""
) -> bytes:
    """A spreadsheet of several sheets, each ``(name, headers, rows)`` with a bold header row
    (and the classification above it on every sheet, as each may be printed alone)."""
    document = OpenDocumentSpreadsheet()
    bold = Style(name="Heading", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    wide = Style(name="Column", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="4cm"))
    document.automaticstyles.addElement(wide)

    for sheet, headers, rows in sheets:
        table = Table(name=_SHEET_NAME_UNSAFE.sub(" ", sheet)[:31] or "Sheet1")
        table.addElement(TableColumn(numbercolumnsrepeated=max(len(headers), 1), stylename=wide))
        if classification:
            row = TableRow()
            row.addElement(_ods_cell(classification, bold))
            table.addElement(row)
        header_row = TableRow()
        for header in headers:
            header_row.addElement(_ods_cell(header, bold))
        table.addElement(header_row)
        for values in rows:
            row = TableRow()
            for value in values:
                row.addElement(_ods_cell(value))
            table.addElement(row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def read_ods(content: bytes, sheet: int = 0) -> list[list[str]]:
    """The text of every cell of one sheet (the first by default), row by row (for tests and checks)."""
    from odf.opendocument import load

    document = load(io.BytesIO(content))
    table = document.spreadsheet.getElementsByType(Table)[sheet]
    result = []
    for row in table.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
            text = "\n".join(str(p) for p in cell.getElementsByType(P))
            cells.extend([text] * repeat)
        result.append(cells)
    return result


_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_FILENAME_UNSAFE.sub("-", filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A download of bytes already made (for example a file built by an app's own exporter)."""
    return _attachment(content, content_type, filename)


def csv_response(
    name: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, classification: str = ""
) -> HttpResponse:
    """A CSV download called ``<name>.csv``."""
    return _attachment(
        write_csv(headers, rows, classification=classification), CSV_CONTENT_TYPE, f"{name}.csv"
    )


def ods_response(
    name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    sheet: str = "Sheet1",
    classification: str = "",
) -> HttpResponse:
    """An ODS download called ``<name>.ods``."""
    return _attachment(
        write_ods(headers, rows, sheet=sheet, classification=classification), ODS_CONTENT_TYPE, f"{name}.ods"
    )
