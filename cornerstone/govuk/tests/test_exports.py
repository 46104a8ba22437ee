from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cornerstone.govuk.exports import (
    FORMULA_STARTS,
    cell_text,
    csv_response,
    ods_response,
    read_ods,
    safe_text,
    write_csv,
    write_ods,
)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_characters_get_a_quote(start: str) -> None:
    assert safe_text(f"{start}SUM(A1:A2)") == f"'{start}SUM(A1:A2)"


def test_ordinary_text_and_numbers_are_left_alone() -> None:
    assert safe_text("Warrington") == "Warrington"
    assert safe_text("") == ""
    assert cell_text(-3) == "-3"
    assert cell_text(Decimal("-2.5")) == "-2.5"
    assert cell_text(None) == ""
    assert cell_text(True) == "Yes"
    assert cell_text(dt.date(2026, 3, 2)) == "2026-03-02"
    assert cell_text(dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)) == "2026-03-02 09:30+00:00"
    assert cell_text("-3") == "'-3"  # text that looks like a formula stays text


@given(st.text())
def test_no_csv_cell_can_start_a_formula(text: str) -> None:
    content = write_csv(["Header"], [[text]])
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    value = rows[1][0] if len(rows) > 1 and rows[1] else ""
    assert not value.startswith(FORMULA_STARTS)
    assert value in (text, f"'{text}")


def test_csv_has_the_classification_headers_and_rows() -> None:
    content = write_csv(
        ["Name", "Count", "=Header"], [['Caf\u00e9, "quoted"', 3, "@x"]], classification="OFFICIAL"
    )
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["OFFICIAL"], ["Name", "Count", "'=Header"], ['Caf\u00e9, "quoted"', "3", "'@x"]]


def test_ods_opens_with_typed_cells() -> None:
    content = write_ods(
        ["Name", "Count", "Date", "Empty"],
        [["=1+1", 3, dt.date(2026, 3, 2), None], ["two\nlines", Decimal("1.5"), None, "x"]],
        sheet="Engagement log: 2026/27",
        classification="OFFICIAL",
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        body = archive.read("content.xml").decode()
    assert 'office:value-type="float"' in body and 'office:value="3"' in body
    assert 'office:date-value="2026-03-02"' in body
    assert 'table:name="Engagement log  2026 27"' in body
    assert read_ods(content) == [
        ["OFFICIAL"],
        ["Name", "Count", "Date", "Empty"],
        ["'=1+1", "3", "2026-03-02", ""],
        ["two\nlines", "1.5", "", "x"],
    ]


def test_responses_are_downloads() -> None:
    response = csv_response("my log/2026", ["A"], [[1]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-log-2026.csv"'
    assert response["Cache-Control"] == "no-store"
    response = ods_response("log", ["A"], [[1]], sheet="Log")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == 'attachment; filename="log.ods"'
    assert read_ods(response.content) == [["A"], ["1"]]
