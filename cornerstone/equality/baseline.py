"""Reading a population baseline CSV: every row checked, every problem said in plain English.

The columns (a header row first, in any order, names in any case):

``area_code``
    a local authority register code (``WRT``), a Prevent region code (``north-west``) or
    ``national`` for England and Wales.
``characteristic``
    ``ethnicity``, ``religion``, ``sex`` or ``age_band``.
``group``
    one of the groups statistics report for that characteristic, as its code or its label
    (``white`` or ``White``; ``11 to 15``; ``no_religion`` or ``No religion``).
``count``
    a whole number of people, 0 or more.
``source``
    where the figures come from, for example ``ONS Census 2021 TS021``.
``year``
    the year the figures describe, for example ``2021``.

A file with any bad row is refused whole: ``BaselineErrors`` lists every problem found.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from cornerstone.equality.categories import groups_for, normalise
from cornerstone.equality.models import Characteristic
from cornerstone.geography.models import LocalAuthority, PreventRegion

COLUMNS = ("area_code", "characteristic", "group", "count", "source", "year")
NATIONAL = "national"
MAX_ROWS = 20000
MAX_ERRORS = 50


@dataclass(frozen=True)
class BaselineRow:
    area_code: str
    characteristic: str
    group: str
    count: int
    source: str
    year: int


class BaselineErrors(ValueError):
    """The file cannot be loaded; ``messages`` says why, row by row."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _group_code(characteristic: str, text: str) -> str | None:
    wanted = normalise(text)
    for code, label in groups_for(characteristic):
        if wanted in (code, normalise(label)):
            return code
    return None


def parse_baseline(content: bytes | str) -> list[BaselineRow]:
    """The rows of the file, or ``BaselineErrors`` naming every bad row."""
    if isinstance(content, bytes):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BaselineErrors(
                ["The file is not plain text in UTF-8: save it as 'CSV UTF-8' and try again."]
            ) from None
    else:
        text = content.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise BaselineErrors(["The file is empty: it needs a header row and at least one row of counts."])
    names = [cell.strip().lower().replace(" ", "_") for cell in header]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise BaselineErrors(
            [f"The header row is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}."]
        )
    position = {column: names.index(column) for column in COLUMNS}
    authorities = set(LocalAuthority.objects.values_list("code", flat=True))
    regions = set(PreventRegion.objects.values_list("code", flat=True))
    errors: list[str] = []
    rows: list[BaselineRow] = []
    seen: dict[tuple[str, str, str, int], int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are harmless
        if len(rows) >= MAX_ROWS:
            errors.append(f"The file has more than {MAX_ROWS:,} rows: split it into smaller files.")
            break
        problems: list[str] = []
        if len(cells) < len(names):
            problems.append(f"it has {len(cells)} values, not {len(names)}")
            cells = cells + [""] * (len(names) - len(cells))
        value = {column: cells[position[column]].strip() for column in COLUMNS}

        area = value["area_code"]
        if not area:
            problems.append("the area code is empty")
        elif area.lower() == NATIONAL:
            area = NATIONAL
        elif area.upper() in authorities:
            area = area.upper()
        elif area.lower() in regions:
            area = area.lower()
        else:
            problems.append(
                f"there is no local authority or Prevent region with the code '{area}' "
                "(use a register code such as WRT, a region code such as north-west, or national)"
            )

        characteristic = normalise(value["characteristic"])
        group = ""
        if characteristic not in Characteristic.values:
            problems.append(
                f"the characteristic '{value['characteristic']}' is not one of ethnicity, religion, sex or age_band"
            )
        else:
            found = _group_code(characteristic, value["group"])
            if found is None:
                offered = ", ".join(label for _, label in groups_for(characteristic))
                problems.append(
                    f"'{value['group']}' is not a group of {characteristic.replace('_', ' ')} (use one of: {offered})"
                )
            else:
                group = found

        count = -1
        if not value["count"].replace(",", "").isdigit():
            problems.append(f"the count '{value['count']}' is not a whole number of 0 or more")
        else:
            count = int(value["count"].replace(",", ""))

        source = value["source"]
        if not source:
            problems.append("the source is empty (say where the figures come from)")
        elif len(source) > 200:
            problems.append("the source is longer than 200 characters")

        year = 0
        if not (value["year"].isdigit() and 1900 <= int(value["year"]) <= 2100):
            problems.append(f"the year '{value['year']}' is not a year such as 2021")
        else:
            year = int(value["year"])

        if not problems:
            key = (area, characteristic, group, year)
            if key in seen:
                problems.append(f"it repeats row {seen[key]} (same area, characteristic, group and year)")
            else:
                seen[key] = line
        if problems:
            errors.append(f"Row {line}: {'; '.join(problems)}.")
            if len(errors) >= MAX_ERRORS:
                errors.append("Stopped after 50 rows with problems: correct these and try again.")
                break
            continue
        rows.append(BaselineRow(area, characteristic, group, count, source, year))
    if errors:
        raise BaselineErrors(errors)
    if not rows:
        raise BaselineErrors(["The file has a header row but no counts."])
    return rows
