"""A national return as files: CSV (one row per published figure), ODS (a notes sheet, then one
sheet per table) and JSON. Built with the shared helpers in ``cornerstone.govuk.exports`` (CSV
cells safe from formula injection).

Reproducible: the same data and settings give byte-identical CSV and JSON. Nothing in them says
when they were made; tables, rows and columns are always in the same order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from cornerstone.accounts.actor import Actor
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.govuk.exports import Cell, write_csv, write_ods_sheets
from cornerstone.statistics.national_return import SUPPRESSED, NationalReturn, Table

# Figures after disclosure control, with nothing about any individual.
CLASSIFICATION = "OFFICIAL"
CSV_HEADERS = (
    "Table",
    "Title",
    "Taxonomy version",
    "Financial year",
    "Area",
    "Row",
    "Column",
    "Value",
)
FORMATS = ("csv", "ods", "json")


def file_name(result: NationalReturn) -> str:
    return f"national-return-{result.year.label}-{result.area.slug}"


def csv_rows(result: NationalReturn) -> Iterator[list[Cell]]:
    for table in result.tables:
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=True):
                yield [
                    table.slug,
                    table.title,
                    table.taxonomy_version or "",
                    result.year.label,
                    result.area_name,
                    row.label,
                    column,
                    SUPPRESSED if cell.suppressed else cell.value,
                ]


def to_csv(result: NationalReturn) -> bytes:
    return write_csv(CSV_HEADERS, csv_rows(result), classification=CLASSIFICATION)


def _sheet(table: Table) -> tuple[str, list[str], list[list[Cell]]]:
    rows: list[list[Cell]] = [
        [row.label, *(SUPPRESSED if cell.suppressed else cell.value for cell in row.cells)]
        for row in table.rows
    ]
    if table.taxonomy_version:
        rows.append([f"Type of concern list: version {table.taxonomy_version}"])
    rows.extend([note] for note in table.notes)
    return table.slug, [table.row_heading, *table.columns], rows


def to_ods(result: NationalReturn) -> bytes:
    about: list[list[Cell]] = [
        ["Financial year", result.year.label],
        ["Period", f"{result.year.first_day:%d %B %Y} to {result.year.last_day:%d %B %Y}"],
        ["Area", result.area_name],
        ["Disclosure control", result.rule.describe()],
        ["Suppressed figures", f"shown as {SUPPRESSED}"],
        ["Type of concern lists", ", ".join(result.taxonomy_versions) or "none in this period"],
    ]
    about += [[table.slug, table.title] for table in result.tables]
    sheets = [("Notes", ["About this return", ""], about), *(_sheet(table) for table in result.tables)]
    return write_ods_sheets(sheets, classification=CLASSIFICATION)


def to_json(result: NationalReturn) -> bytes:
    return (json.dumps(result.as_json(), indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()


def render(result: NationalReturn, file_format: str) -> bytes:
    if file_format == "csv":
        return to_csv(result)
    if file_format == "ods":
        return to_ods(result)
    if file_format == "json":
        return to_json(result)
    raise ValueError(f"Unknown format {file_format!r}: use one of {', '.join(FORMATS)}.")


def export_logged(*, actor: Actor, result: NationalReturn, file_format: str, path: str = "") -> None:
    """Downloads are disclosures: the access log records who took which return (no person)."""
    access_log_record(
        actor=actor,
        kind=AccessKind.EXPORT,
        description=f"National return {result.year.label}, {result.area_name}, {file_format.upper()}",
        path=path,
    )
