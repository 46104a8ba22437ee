"""The national return: the tables of the Home Office release "Individuals referred to and
supported through the Prevent Programme", for one financial year and one area, with disclosure
control already applied to every cell.

The interface other parts of the service (the partner API, the pages, the command) use::

    year = FinancialYear.parse("2025-26")          # ValueError, in plain English, if malformed
    result = national_return(year=year, area=ReturnArea.national())
    result.tables                                   # [Table, ...], in a fixed order
    result.as_json()                                # strings, ints, bools and None only

Counting rules (see docs/statistics.md):

- A referral counts in the financial year (April to March, UK time) of its ``submitted_at``;
  drafts never count. Referrals are counted, not people.
- The area is where the person lives (the referral's local authority): a region return counts the
  referrals of the region's authorities; referrals with no local authority count nationally only.
- Age is age at referral: from the date of birth, else from the approximate age (which ages with
  the record from the day it was given), else "Unknown".
- Screening outcome: the decision made (not proposed or returned) on the referral. Discussed at
  a Channel panel: on a panel agenda (not taken off it) with the panel's decision recorded.
  Imported history (``manage.py import_referrals``) counts as discussed when the source said so.
  Adopted as a Channel case: the Channel case has an adoption date.
- Type of concern: each taxonomy version present in the year gets its own tables; every table
  says which version it uses (``taxonomy_version``); other tables have ``None``.
- Ethnicity: the ONS high-level group from the equality monitoring record
  (``cornerstone.equality.selectors.ethnicity_groups_for``); "Not known" where none was given.

Nothing about an individual leaves this module: only counts, after disclosure control.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from cornerstone.equality.categories import ETHNIC_GROUPS
from cornerstone.equality.selectors import ethnicity_groups_for
from cornerstone.geography.models import PreventRegion
from cornerstone.panels.models import AgendaItem
from cornerstone.people.models import Gender
from cornerstone.referrals.models import ConcernTaxonomy, ImportedRecord, Referral, ReferralSector
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision, ScreeningOutcome
from cornerstone.statistics.disclosure import DisclosureRule, Equation, Key, protect
from cornerstone.statistics.selectors import LOCAL_AUTHORITY, REGION, ReturnArea, area_name

__all__ = [
    "FinancialYear",
    "NationalReturn",
    "ReturnArea",
    "Table",
    "TableCell",
    "TableRow",
    "national_return",
]

SUPPRESSED = "[c]"

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("10 or under", 0, 10),
    ("11 to 15", 11, 15),
    ("16 to 17", 16, 17),
    ("18 to 20", 18, 20),
    ("21 to 30", 21, 30),
    ("31 to 40", 31, 40),
    ("41 to 50", 41, 50),
    ("51 and over", 51, 200),
)
UNKNOWN_AGE = "Unknown"
QUARTERS = (
    "Q1 (April to June)",
    "Q2 (July to September)",
    "Q3 (October to December)",
    "Q4 (January to March)",
)
JOURNEY_OUTCOMES: tuple[tuple[str, str], ...] = (
    (ScreeningOutcome.NO_FURTHER_ACTION, "Screening: no further action"),
    (ScreeningOutcome.SIGNPOSTED, "Screening: signposted to another service"),
    (ScreeningOutcome.POLICE_MANAGED, "Screening: managed by police outside Channel"),
    (ScreeningOutcome.PROGRESSED, "Screening: progressed to Channel"),
    ("", "Screening decision not yet made"),
)
NOT_KNOWN = "Not known"
NOT_RECORDED = "not_recorded"

_YEAR = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")


# The year --------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class FinancialYear:
    """A financial year, April to March, written "2025-26"."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        match = _YEAR.match(text or "")
        if match is None:
            raise ValueError(
                f"Enter the financial year as two years with a dash, like 2025-26 (not {text!r})."
            )
        start, end = int(match.group(1)), match.group(2)
        expected = start + 1
        if int(end) != (expected if len(end) == 4 else expected % 100):
            raise ValueError(
                f"A financial year runs from April of one year to March of the next: {start}-{expected % 100:02d}, not {text!r}."
            )
        if not 2000 <= start <= 2100:
            raise ValueError("Enter a financial year between 2000-01 and 2100-01.")
        return cls(start)

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """From midnight UK time on 1 April to midnight on the next 1 April (exclusive)."""
        zone = timezone.get_default_timezone()
        start = dt.datetime(self.start_year, 4, 1, tzinfo=zone)
        return start, dt.datetime(self.start_year + 1, 4, 1, tzinfo=zone)

    def quarter_of(self, moment: dt.datetime) -> int:
        """1 to 4 (Q1 is April to June), by the date in UK time."""
        month = timezone.localtime(moment).month
        return ((month - 4) % 12) // 3 + 1


# The tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableCell:
    """One published figure: ``value`` is None when ``suppressed``."""

    value: int | None
    suppressed: bool

    @property
    def display(self) -> str:
        return SUPPRESSED if self.suppressed or self.value is None else f"{self.value:,}"

    def as_json(self) -> dict[str, Any]:
        return {"value": self.value, "suppressed": self.suppressed}


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[TableCell, ...]
    is_total: bool = False


@dataclass(frozen=True)
class Table:
    """A table as published. ``columns`` names the value columns (the last is "Total" in a table
    with row totals); ``rows`` ends with the total row where the table has one."""

    slug: str
    title: str
    taxonomy_version: str | None
    row_heading: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    notes: tuple[str, ...] = ()

    @property
    def has_suppressed(self) -> bool:
        return any(cell.suppressed for row in self.rows for cell in row.cells)

    @property
    def body_rows(self) -> tuple[TableRow, ...]:
        return tuple(row for row in self.rows if not row.is_total)

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "taxonomy_version": self.taxonomy_version,
            "row_heading": self.row_heading,
            "columns": list(self.columns),
            "rows": [
                {
                    "label": row.label,
                    "is_total": row.is_total,
                    "cells": [cell.as_json() for cell in row.cells],
                }
                for row in self.rows
            ],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class NationalReturn:
    year: FinancialYear
    area: ReturnArea
    area_name: str
    rule: DisclosureRule
    tables: tuple[Table, ...]
    taxonomy_versions: tuple[str, ...]

    def table(self, slug: str) -> Table:
        for table in self.tables:
            if table.slug == slug:
                return table
        raise KeyError(slug)

    def as_json(self) -> dict[str, Any]:
        """JSON-ready. Each cell is ``{"value": int | null, "suppressed": bool}``: a suppressed
        cell has ``"value": null`` and ``"suppressed": true`` (shown as "[c]" in pages and files)."""
        return {
            "financial_year": self.year.label,
            "period": {"from": self.year.first_day.isoformat(), "to": self.year.last_day.isoformat()},
            "area": {"level": self.area.level, "code": self.area.code, "name": self.area_name},
            "disclosure_control": {
                "suppress_below": self.rule.suppress_below,
                "round_to": self.rule.round_to,
                "description": self.rule.describe(),
                "suppressed_marker": SUPPRESSED,
            },
            "taxonomy_versions": list(self.taxonomy_versions),
            "tables": [table.as_json() for table in self.tables],
        }


def configured_rule() -> DisclosureRule:
    return DisclosureRule(
        suppress_below=settings.CORNERSTONE_STATS_SUPPRESS_BELOW, round_to=settings.CORNERSTONE_STATS_ROUND_TO
    )


# Counting --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    """What one referral contributes: categories only, never who it is about."""

    quarter: int
    sector: str
    taxonomy: str
    concern: str
    region: str
    age_band: str
    gender: str
    outcome: str
    discussed: bool
    adopted: bool


def age_band(*, age: int | None) -> str:
    if age is None or age < 0:
        return UNKNOWN_AGE
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return UNKNOWN_AGE


def age_on(
    *,
    day: dt.date,
    date_of_birth: dt.date | None,
    approximate_age: int | None,
    approximate_age_on: dt.date | None,
) -> int | None:
    """Age in whole years on ``day``, from the date of birth or else the approximate age."""
    if date_of_birth is not None:
        return (
            day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
        )
    if approximate_age is not None:
        if approximate_age_on is None:
            return approximate_age
        years = (
            day.year
            - approximate_age_on.year
            - ((day.month, day.day) < (approximate_age_on.month, approximate_age_on.day))
        )
        return approximate_age + years
    return None


def referrals_in_scope(year: FinancialYear, area: ReturnArea) -> QuerySet[Referral]:
    """The submitted referrals a return for ``year`` and ``area`` counts: by referral date."""
    start, end = year.bounds()
    referrals = Referral.objects.exclude(status=Status.DRAFT).filter(
        submitted_at__gte=start, submitted_at__lt=end
    )
    if area.level == REGION:
        referrals = referrals.filter(local_authority__prevent_region__code=area.code)
    elif area.level == LOCAL_AUTHORITY:
        referrals = referrals.filter(local_authority__code=area.code.upper())
    return referrals


def _records(year: FinancialYear, area: ReturnArea) -> list[_Record]:
    referrals = referrals_in_scope(year, area)
    made = ScreeningDecision.objects.filter(referral=OuterRef("pk"), state=DecisionState.MADE).order_by(
        "-decided_at", "-pk"
    )
    discussed = AgendaItem.objects.filter(referral=OuterRef("pk"), removed=False).exclude(decision="")
    # Imported history says whether it was discussed but has no meeting to list it on.
    imported_discussed = ImportedRecord.objects.filter(referral=OuterRef("pk"), discussed_at_panel=True)
    rows = (
        referrals.annotate(
            outcome=Subquery(made.values("outcome")[:1]),
            discussed=Exists(discussed),
            imported_discussed=Exists(imported_discussed),
        )
        .order_by()
        .values_list(
            "submitted_at",
            "sector__code",
            "taxonomy__version",
            "concern_type__code",
            "local_authority__prevent_region__code",
            "person__date_of_birth",
            "person__approximate_age",
            "person__approximate_age_on",
            "person__gender",
            "outcome",
            "discussed",
            "imported_discussed",
            "channel_case__adopted_at",
        )
    )
    records = []
    for (
        submitted_at,
        sector,
        taxonomy,
        concern,
        region,
        date_of_birth,
        approximate_age,
        approximate_age_on,
        gender,
        outcome,
        was_discussed,
        was_discussed_before_import,
        adopted_at,
    ) in rows.iterator(chunk_size=2000):
        age = age_on(
            day=timezone.localtime(submitted_at).date(),  # type: ignore[arg-type]
            date_of_birth=date_of_birth,
            approximate_age=approximate_age,
            approximate_age_on=approximate_age_on,
        )
        records.append(
            _Record(
                quarter=year.quarter_of(submitted_at),  # type: ignore[arg-type]
                sector=sector or "unknown",
                taxonomy=taxonomy,
                concern=concern or NOT_RECORDED,
                region=region or "",
                age_band=age_band(age=age),
                gender=gender if gender in Gender.values else Gender.NOT_KNOWN,
                outcome=outcome or "",
                discussed=bool(was_discussed or was_discussed_before_import),
                adopted=adopted_at is not None,
            )
        )
    return records


# Building the tables ---------------------------------------------------------------------------


Layout = list[tuple[str, tuple[Key, ...], bool]]


@dataclass
class _Builder:
    """Entries (every cell and total, by key, in publishing order), the equations between them,
    and the layout of each table; disclosure control runs once over the lot, so that no figure
    suppressed in one table can be worked out from another."""

    values: dict[Key, int] = field(default_factory=dict)
    equations: list[Equation] = field(default_factory=list)
    layouts: list[
        tuple[str, str, str | None, str, tuple[str, ...], list[tuple[str, tuple[Key, ...], bool]]]
    ] = field(default_factory=list)

    def entry(self, key: Key, value: int) -> Key:
        if key in self.values and self.values[key] != value:
            raise ValueError(f"Entry {key!r} counted twice with different values")
        self.values[key] = value
        return key

    def one_way(
        self,
        *,
        slug: str,
        title: str,
        row_heading: str,
        column: str,
        rows: Sequence[tuple[str, Key, int]],
        total: Key,
        taxonomy_version: str | None = None,
    ) -> None:
        """A list of counts adding up to ``total`` (an entry already made)."""
        keys = tuple(self.entry(key, value) for _, key, value in rows)
        self.equations.append(Equation(total, keys))
        layout: Layout = [(label, (key,), False) for label, key, _ in rows]
        layout.append(("Total", (total,), True))
        self.layouts.append((slug, title, taxonomy_version, row_heading, (column,), layout))

    def add_layout(
        self,
        slug: str,
        title: str,
        taxonomy_version: str | None,
        row_heading: str,
        columns: tuple[str, ...],
        rows: Sequence[tuple[str, tuple[Key, ...], bool]],
    ) -> None:
        self.layouts.append((slug, title, taxonomy_version, row_heading, columns, list(rows)))


def _gender_rows(counts: Counter[str], prefix: str) -> list[tuple[str, Key, int]]:
    return [(str(label), (prefix, value), counts[value]) for value, label in Gender.choices]


def _age_rows(counts: Counter[str], prefix: str) -> list[tuple[str, Key, int]]:
    labels = [label for label, _, _ in AGE_BANDS] + [UNKNOWN_AGE]
    return [(label, (prefix, label), counts[label]) for label in labels]


def _sector_rows(
    counts: Counter[str], sectors: Sequence[tuple[str, str]], prefix: str
) -> list[tuple[str, Key, int]]:
    known = {code for code, _ in sectors}
    rows: list[tuple[str, Key, int]] = [(label, (prefix, code), counts[code]) for code, label in sectors]
    stray = sum(count for code, count in counts.items() if code not in known)
    if stray:  # a sector no longer in the list (kept so the table still adds up)
        rows.append(("Other sectors no longer listed", (prefix, "retired"), stray))
    return rows


def _concern_labels(version: str) -> list[tuple[str, str]]:
    taxonomy = ConcernTaxonomy.objects.get(version=version)
    return [(concern.code, concern.label) for concern in taxonomy.types.order_by("order", "pk")]


def _concern_rows(
    version: str, counts: Counter[str], labels: Sequence[tuple[str, str]]
) -> list[tuple[str, str, int]]:
    rows = [(code, label, counts[code]) for code, label in labels]
    known = {code for code, _ in labels}
    stray = sum(count for code, count in counts.items() if code not in known)
    if stray:
        rows.append((NOT_RECORDED, "Not recorded", stray))
    return rows


def _versions(records: Iterable[_Record]) -> list[str]:
    present = {record.taxonomy for record in records}
    ordered = ConcernTaxonomy.objects.filter(version__in=present).order_by("in_use_from", "version")
    return [taxonomy.version for taxonomy in ordered]


def national_return(
    *, year: FinancialYear, area: ReturnArea, rule: DisclosureRule | None = None
) -> NationalReturn:
    """Every table of the return for ``year`` and ``area``, disclosure-controlled by ``rule``
    (the configured one by default). ValueError if the area does not exist."""
    name = area_name(area)
    rule = rule or configured_rule()
    records = _records(year, area)
    versions = _versions(records)
    sectors = [(sector.code, sector.label) for sector in ReferralSector.objects.order_by("order", "pk")]
    b = _Builder()
    total = b.entry(("referrals",), len(records))
    column = "Referrals"

    b.one_way(
        slug="referrals-by-sector",
        title="Referrals by sector of referral",
        row_heading="Referral sector",
        column=column,
        rows=_sector_rows(Counter(r.sector for r in records), sectors, "sector"),
        total=total,
    )

    # Type of concern, by quarter, per taxonomy version: one grid whose margins are also the
    # "by type of concern" and "by quarter" tables, so those say nothing the grid does not.
    version_totals = []
    quarter_parts: dict[int, list[Key]] = {q: [] for q in range(1, 5)}
    grids = []
    for version in versions:
        in_version = [r for r in records if r.taxonomy == version]
        labels = _concern_labels(version)
        concern_rows = _concern_rows(version, Counter(r.concern for r in in_version), labels)
        by_cell = Counter((r.concern, r.quarter) for r in in_version)
        version_total = b.entry(("concern-version", version), len(in_version))
        version_totals.append(version_total)
        row_keys = []
        for code, _, count in concern_rows:
            row_total = b.entry(("concern", version, code), count)
            row_keys.append(row_total)
            if code == NOT_RECORDED:
                known = {c for c, _ in labels}
                cells = [
                    sum(n for (c, q), n in by_cell.items() if q == quarter and c not in known)
                    for quarter in range(1, 5)
                ]
            else:
                cells = [by_cell[(code, quarter)] for quarter in range(1, 5)]
            cell_keys = [b.entry(("concern", version, code, q), cells[q - 1]) for q in range(1, 5)]
            b.equations.append(Equation(row_total, tuple(cell_keys)))
        column_keys = []
        for quarter in range(1, 5):
            key = b.entry(
                ("concern-quarter", version, quarter), sum(1 for r in in_version if r.quarter == quarter)
            )
            column_keys.append(key)
            quarter_parts[quarter].append(key)
            b.equations.append(
                Equation(key, tuple(("concern", version, code, quarter) for code, _, _ in concern_rows))
            )
        b.equations.append(Equation(version_total, tuple(row_keys)))
        b.equations.append(Equation(version_total, tuple(column_keys)))
        grids.append((version, concern_rows, version_total))
    b.equations.append(Equation(total, tuple(version_totals)))

    for version, concern_rows, version_total in grids:
        b.add_layout(
            f"referrals-by-concern-{version}",
            f"Referrals by type of concern (taxonomy {version})",
            version,
            "Type of concern",
            (column,),
            [(label, (("concern", version, code),), False) for code, label, _ in concern_rows]
            + [("Total", (version_total,), True)],
        )

    b.one_way(
        slug="referrals-by-age",
        title="Referrals by age at referral",
        row_heading="Age at referral",
        column=column,
        rows=_age_rows(Counter(r.age_band for r in records), "age"),
        total=total,
    )
    b.one_way(
        slug="referrals-by-gender",
        title="Referrals by gender",
        row_heading="Gender",
        column=column,
        rows=_gender_rows(Counter(r.gender for r in records), "gender"),
        total=total,
    )
    # Ethnicity from the equality monitoring records (kept apart; read in bulk, counts only).
    ethnicity = Counter(
        ethnicity_groups_for(referrals_in_scope(year, area).values_list("pk", flat=True)).values()
    )
    b.one_way(
        slug="referrals-by-ethnicity",
        title="Referrals by ethnicity",
        row_heading="Ethnicity",
        column=column,
        rows=[(label, ("ethnicity", code), ethnicity[code]) for code, label in ETHNIC_GROUPS]
        + [(NOT_KNOWN, ("ethnicity", "not_known"), max(0, len(records) - sum(ethnicity.values())))],
        total=total,
    )
    region_counts = Counter(r.region for r in records)
    regions = PreventRegion.objects.order_by("name")
    if area.level == REGION:
        regions = regions.filter(code=area.code)
    elif area.level == LOCAL_AUTHORITY:
        regions = regions.filter(local_authorities__code=area.code.upper())
    region_rows: list[tuple[str, Key, int]] = [
        (region.name, ("region", region.code), region_counts[region.code]) for region in regions
    ]
    if area.level == "national":
        region_rows.append((NOT_KNOWN, ("region", ""), region_counts[""]))
    b.one_way(
        slug="referrals-by-region",
        title="Referrals by Prevent region of residence",
        row_heading="Prevent region",
        column=column,
        rows=region_rows,
        total=total,
    )

    quarter_counts = Counter(r.quarter for r in records)
    b.one_way(
        slug="referrals-by-quarter",
        title="Referrals by quarter",
        row_heading="Quarter",
        column=column,
        rows=[(QUARTERS[q - 1], ("quarter", q), quarter_counts[q]) for q in range(1, 5)],
        total=total,
    )
    for quarter in range(1, 5):
        b.equations.append(Equation(("quarter", quarter), tuple(quarter_parts[quarter])))

    for version, concern_rows, version_total in grids:
        b.add_layout(
            f"concern-by-quarter-{version}",
            f"Referrals by type of concern and quarter (taxonomy {version})",
            version,
            "Type of concern",
            (*QUARTERS, "Total"),
            [
                (
                    label,
                    (*(("concern", version, code, q) for q in range(1, 5)), ("concern", version, code)),
                    False,
                )
                for code, label, _ in concern_rows
            ]
            + [("Total", (*(("concern-quarter", version, q) for q in range(1, 5)), version_total), True)],
        )

    # The journey: screening outcomes add up to the referrals; later stages are subsets.
    outcome_counts = Counter(r.outcome for r in records)
    known_outcomes = {code for code, _ in JOURNEY_OUTCOMES if code}
    outcome_keys = []
    for code, _ in JOURNEY_OUTCOMES:
        count = (
            outcome_counts[code]
            if code
            else sum(n for o, n in outcome_counts.items() if o not in known_outcomes)
        )
        outcome_keys.append(b.entry(("journey", code or "undecided"), count))
    b.equations.append(Equation(total, tuple(outcome_keys)))
    discussed = b.entry(("journey", "discussed"), sum(1 for r in records if r.discussed))
    adopted_records = [r for r in records if r.adopted]
    adopted = b.entry(("adopted",), len(adopted_records))
    b.add_layout(
        "journey",
        "Referrals through the programme",
        None,
        "Stage",
        (column,),
        [("Referrals", (total,), False)]
        + [(label, (key,), False) for (_, label), key in zip(JOURNEY_OUTCOMES, outcome_keys, strict=True)]
        + [
            ("Discussed at a Channel panel", (discussed,), False),
            ("Adopted as a Channel case", (adopted,), False),
        ],
    )

    # Channel cases: the referrals of the year adopted as Channel cases.
    cases = "Channel cases"
    channel_versions = []
    for version in versions:
        in_version = [r for r in adopted_records if r.taxonomy == version]
        version_key = b.entry(("channel-version", version), len(in_version))
        channel_versions.append(version_key)
        counts = Counter(r.concern for r in in_version)
        rows = [
            (label, ("channel-concern", version, code), count)
            for code, label, count in _concern_rows(version, counts, _concern_labels(version))
        ]
        b.one_way(
            slug=f"channel-by-concern-{version}",
            title=f"Channel cases by type of concern (taxonomy {version})",
            row_heading="Type of concern",
            column=cases,
            rows=rows,
            total=version_key,
            taxonomy_version=version,
        )
    b.equations.append(Equation(adopted, tuple(channel_versions)))
    b.one_way(
        slug="channel-by-age",
        title="Channel cases by age at referral",
        row_heading="Age at referral",
        column=cases,
        rows=_age_rows(Counter(r.age_band for r in adopted_records), "channel-age"),
        total=adopted,
    )
    b.one_way(
        slug="channel-by-gender",
        title="Channel cases by gender",
        row_heading="Gender",
        column=cases,
        rows=_gender_rows(Counter(r.gender for r in adopted_records), "channel-gender"),
        total=adopted,
    )
    b.one_way(
        slug="channel-by-sector",
        title="Channel cases by sector of referral",
        row_heading="Referral sector",
        column=cases,
        rows=_sector_rows(Counter(r.sector for r in adopted_records), sectors, "channel-sector"),
        total=adopted,
    )

    protected = protect(b.values, b.equations, rule)
    tables = []
    for slug, title, taxonomy_version, heading, columns, layout in b.layouts:
        rows_out = tuple(
            TableRow(
                label=label,
                cells=tuple(
                    TableCell(protected.published[key], protected.is_suppressed(key)) for key in keys
                ),
                is_total=is_total,
            )
            for label, keys, is_total in layout
        )
        tables.append(
            Table(slug, title, taxonomy_version, heading, columns, rows_out, _notes(slug, rows_out, rule))
        )
    return NationalReturn(
        year=year,
        area=area,
        area_name=name,
        rule=rule,
        tables=tuple(tables),
        taxonomy_versions=tuple(versions),
    )


def _notes(slug: str, rows: Sequence[TableRow], rule: DisclosureRule) -> tuple[str, ...]:
    notes = []
    if any(cell.suppressed for row in rows for cell in row.cells):
        notes.append(
            f"{SUPPRESSED}: suppressed, because the count is small or because it could be worked out "
            "from other figures, so that no individual can be identified."
        )
    if rule.round_to > 1:
        notes.append(
            f"Figures are rounded to the nearest {rule.round_to}; totals are rounded from the true totals, "
            "so they may not equal the sum of the rounded figures."
        )
    if slug == "referrals-by-ethnicity":
        notes.append(
            "Ethnic groups are the ONS 2021 census high-level groups, from equality monitoring. Not known: "
            "no answer recorded, or the person preferred not to say."
        )
    if slug == "journey":
        notes.append(
            "Discussed at a Channel panel: on a panel agenda with the panel's decision recorded. "
            "The screening rows add up to the referrals; the Channel rows are part of those progressed."
        )
    if slug.startswith(("referrals-by-concern-", "concern-by-quarter-", "channel-by-concern-")):
        notes.append(
            "Referrals are reported under the type-of-concern list they were recorded against; "
            "a year with referrals under two lists has one table per list."
        )
    return tuple(notes)
