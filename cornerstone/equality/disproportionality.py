"""Disproportionality monitoring: are some groups referred, screened out, progressed or adopted
at different rates from others? Monitoring of the programme, never of individuals: only counts
leave this module, after the same disclosure control as the national return.

The arithmetic (see docs/statistics.md, "Disproportionality"):

- **Referral rate** of a group: referrals / population * 100,000, the population from the
  latest loaded baseline for the area.
- **Relative rate** (RR) of a group: its referral rate / the reference group's. The reference
  group is the largest group in the population baseline (for ethnicity in most areas "White";
  we report the 5 ONS high-level groups, so the ONS practice of comparing with "White British"
  would need the 19 categories, which are too fine to publish for areas of this size).
- **95% confidence interval** of a relative rate of two counts ``a`` and ``b`` over fixed
  populations (each count taken as Poisson): ``RR * exp(±1.96 * √(1/a + 1/b))``, the usual log
  method (the standard error of log RR is √(1/a + 1/b) by the delta method).
- **Outcome rate** of a group: referrals with that outcome / the group's referrals. Its ratio to
  the reference group is a ratio of two proportions, so its interval uses Katz's log method,
  ``RR * exp(±1.96 * √(1/a - 1/n1 + 1/b - 1/n2))``, which is the formula above corrected for
  the counts being part of a known whole (with large denominators the two agree).
- No rate or ratio is worked out from a withheld count, and every figure uses the *published*
  (suppressed and rounded) counts, so nothing shown reveals a withheld one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cornerstone.equality import selectors
from cornerstone.equality.categories import NOT_KNOWN, PREFER_NOT_TO_SAY, groups_for, normalise
from cornerstone.screening.models import DecisionState, ScreeningDecision, ScreeningOutcome
from cornerstone.statistics.disclosure import DisclosureRule, Equation, Key, protect
from cornerstone.statistics.national_return import (
    SUPPRESSED,
    FinancialYear,
    age_band,
    age_on,
    configured_rule,
    referrals_in_scope,
)
from cornerstone.statistics.selectors import NATIONAL, ReturnArea, area_name

Z_95 = 1.96
PER = 100_000

# Characteristic code, title, whether a population baseline can be loaded for it.
CHARACTERISTICS: tuple[tuple[str, str, bool], ...] = (
    ("ethnicity", "Ethnicity", True),
    ("religion", "Religion", True),
    ("age_band", "Age at referral", True),
    ("sex", "Sex", True),
    ("condition", "Neurodivergent or mental health condition recorded", False),
)
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("screened_out", "Screened out (no further action)"),
    ("progressed", "Progressed to Channel"),
    ("adopted", "Adopted as a Channel case"),
)


# The arithmetic -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """A ratio with its 95% confidence interval."""

    value: float
    low: float
    high: float

    def contains(self, x: float) -> bool:
        return self.low <= x <= self.high


def _interval(ratio: float, standard_error: float) -> Ratio:
    spread = math.exp(Z_95 * standard_error)
    return Ratio(ratio, ratio / spread, ratio * spread)


def rate_ratio(a: int, population_a: int, b: int, population_b: int) -> Ratio | None:
    """The ratio of the rates a/population_a and b/population_b with its log-method 95% interval,
    or None where it cannot be worked out (a zero count or population)."""
    if min(a, b, population_a, population_b) <= 0:
        return None
    ratio = (a / population_a) / (b / population_b)
    return _interval(ratio, math.sqrt(1 / a + 1 / b))


def proportion_ratio(a: int, n_a: int, b: int, n_b: int) -> Ratio | None:
    """The ratio of the proportions a/n_a and b/n_b with Katz's log-method 95% interval, or None
    where it cannot be worked out (a zero count, or a count larger than its whole)."""
    if min(a, b) <= 0 or a > n_a or b > n_b:
        return None
    ratio = (a / n_a) / (b / n_b)
    return _interval(ratio, math.sqrt(max(0.0, 1 / a - 1 / n_a + 1 / b - 1 / n_b)))


# The report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeCell:
    count: int | None  # None: withheld
    rate: float | None  # per cent of the group's referrals
    ratio: Ratio | None

    @property
    def count_display(self) -> str:
        return SUPPRESSED if self.count is None else f"{self.count:,}"


@dataclass(frozen=True)
class GroupRow:
    code: str
    label: str
    referrals: int | None  # None: withheld
    population: int | None
    rate: float | None  # per 100,000
    ratio: Ratio | None
    is_reference: bool
    outcomes: tuple[OutcomeCell, ...]

    @property
    def referrals_display(self) -> str:
        return SUPPRESSED if self.referrals is None else f"{self.referrals:,}"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    rows: tuple[GroupRow, ...]
    reference: str  # the reference group's label, "" if none
    outcome_reference: str
    population_source: str
    population_year: int | None
    has_baseline: bool
    cautions: tuple[str, ...]

    @property
    def ratios(self) -> list[tuple[str, Ratio]]:
        return [(row.label, row.ratio) for row in self.rows if row.ratio is not None]


@dataclass(frozen=True)
class Report:
    year: FinancialYear
    area: ReturnArea
    area_name: str
    rule: DisclosureRule
    referrals: int | None
    sections: tuple[Section, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Referral:
    groups: dict[str, str]
    outcomes: frozenset[str]


def _referrals(year: FinancialYear, area: ReturnArea) -> list[_Referral]:
    referrals = referrals_in_scope(year, area)
    made = ScreeningDecision.objects.filter(referral=OuterRef("pk"), state=DecisionState.MADE).order_by(
        "-decided_at", "-pk"
    )
    rows = list(
        referrals.annotate(outcome=Subquery(made.values("outcome")[:1]))
        .order_by()
        .values_list(
            "pk",
            "submitted_at",
            "person__date_of_birth",
            "person__approximate_age",
            "person__approximate_age_on",
            "outcome",
            "channel_case__adopted_at",
        )
    )
    answers = selectors.characteristics_for(row[0] for row in rows)
    result = []
    for pk, submitted_at, born, approximate, approximate_on, outcome, adopted_at in rows:
        given = answers.get(pk, {})
        age = age_on(
            day=timezone.localtime(submitted_at).date(),
            date_of_birth=born,
            approximate_age=approximate,
            approximate_age_on=approximate_on,
        )
        band = age_band(age=age)
        groups = {
            "ethnicity": given.get("ethnicity") or NOT_KNOWN,
            "religion": given.get("religion") or NOT_KNOWN,
            "sex": given.get("sex") or NOT_KNOWN,
            "condition": given.get("condition") or NOT_KNOWN,
            "age_band": NOT_KNOWN if band == "Unknown" else normalise(band),
        }
        outcomes = set()
        if outcome == ScreeningOutcome.NO_FURTHER_ACTION:
            outcomes.add("screened_out")
        if outcome == ScreeningOutcome.PROGRESSED:
            outcomes.add("progressed")
        if adopted_at is not None:
            outcomes.add("adopted")
        result.append(_Referral(groups, frozenset(outcomes)))
    return result


def _display_groups(characteristic: str) -> list[tuple[str, str, bool]]:
    """(code, label, has a population) in display order, with the not-known answers last."""
    rows = [(code, label, True) for code, label in groups_for(characteristic)]
    if characteristic == "condition":
        rows = [(code, label, False) for code, label, _ in rows]
    if characteristic != "age_band":
        rows.append((PREFER_NOT_TO_SAY, "Prefer not to say", False))
    rows.append((NOT_KNOWN, "Not known", False))
    return rows


def _population_area_code(area: ReturnArea) -> str:
    return "national" if area.level == NATIONAL else area.code


def disproportionality(
    *, year: FinancialYear, area: ReturnArea, rule: DisclosureRule | None = None
) -> Report:
    """The disproportionality tables for ``year`` and ``area`` (ValueError if the area does not
    exist), disclosure-controlled by ``rule`` (the configured one by default)."""
    name = area_name(area)
    rule = rule or configured_rule()
    records = _referrals(year, area)

    # Every count and its totals, protected together so no withheld count can be worked out from
    # another table (the totals are also the national return's).
    values: dict[Key, int] = {("referrals",): len(records)}
    for outcome, _ in OUTCOMES:
        values[(outcome,)] = sum(1 for r in records if outcome in r.outcomes)
    equations: list[Equation] = []
    for characteristic, _, _ in CHARACTERISTICS:
        codes = [code for code, _, _ in _display_groups(characteristic)]
        counts = Counter(r.groups[characteristic] for r in records)
        for code in codes:
            values[("referrals", characteristic, code)] = counts[code]
        equations.append(Equation(("referrals",), tuple(("referrals", characteristic, c) for c in codes)))
        for outcome, _ in OUTCOMES:
            by_group = Counter(r.groups[characteristic] for r in records if outcome in r.outcomes)
            for code in codes:
                values[(outcome, characteristic, code)] = by_group[code]
            equations.append(Equation((outcome,), tuple((outcome, characteristic, c) for c in codes)))
    protected = protect(values, equations, rule)
    shown = protected.published

    sections = []
    for characteristic, title, can_have_baseline in CHARACTERISTICS:
        population: dict[str, int] = {}
        source, population_year = "", None
        if can_have_baseline:
            population, source, population_year = selectors.population_for(
                _population_area_code(area), characteristic
            )
        sections.append(_section(characteristic, title, shown, population, source, population_year, rule))
    return Report(
        year=year,
        area=area,
        area_name=name,
        rule=rule,
        referrals=shown[("referrals",)],
        sections=tuple(sections),
    )


def _section(
    characteristic: str,
    title: str,
    shown: dict[Key, int | None],
    population: dict[str, int],
    source: str,
    population_year: int | None,
    rule: DisclosureRule,
) -> Section:
    groups = _display_groups(characteristic)
    referrals = {code: shown[("referrals", characteristic, code)] for code, _, _ in groups}
    labels = {code: label for code, label, _ in groups}

    # Reference for referral rates: the largest group in the population.
    reference = max(
        (code for code, _, has in groups if has and population.get(code)),
        key=lambda code: (population[code], code),
        default="",
    )
    # Reference for outcome rates: the same group, or without a baseline the known group with
    # the most referrals ("No" for the condition question, in practice).
    known = [code for code, _, has in groups if code not in (NOT_KNOWN, PREFER_NOT_TO_SAY)]
    outcome_reference = reference or max(
        (code for code in known if referrals[code]), key=lambda code: (referrals[code] or 0, code), default=""
    )
    ref_count = referrals.get(reference) if reference else None
    rows = []
    withheld = False
    for code, label, has_population in groups:
        count = referrals[code]
        withheld = withheld or count is None
        people = population.get(code) if has_population else None
        rate = count / people * PER if count is not None and people else None
        ratio = None
        if reference and count is not None and people and ref_count is not None:
            ratio = rate_ratio(count, people, ref_count, population[reference])
        cells = []
        for outcome, _ in OUTCOMES:
            k = shown[(outcome, characteristic, code)]
            withheld = withheld or k is None
            share = k / count * 100 if k is not None and count else None
            outcome_ratio = None
            ref_k = shown[(outcome, characteristic, outcome_reference)] if outcome_reference else None
            ref_n = referrals.get(outcome_reference) if outcome_reference else None
            if (
                code not in (NOT_KNOWN, PREFER_NOT_TO_SAY)
                and k is not None
                and count
                and ref_k is not None
                and ref_n
            ):
                outcome_ratio = proportion_ratio(k, count, ref_k, ref_n)
            cells.append(OutcomeCell(k, share, outcome_ratio))
        rows.append(
            GroupRow(
                code=code,
                label=label,
                referrals=count,
                population=people,
                rate=rate,
                ratio=ratio,
                is_reference=code == reference,
                outcomes=tuple(cells),
            )
        )
    return Section(
        slug=characteristic.replace("_", "-"),
        title=title,
        rows=tuple(rows),
        reference=labels.get(reference, ""),
        outcome_reference=labels.get(outcome_reference, ""),
        population_source=source,
        population_year=population_year,
        has_baseline=bool(population),
        cautions=_cautions(rows, withheld, rule, bool(population), characteristic),
    )


def _cautions(
    rows: Sequence[GroupRow], withheld: bool, rule: DisclosureRule, has_baseline: bool, characteristic: str
) -> tuple[str, ...]:
    cautions = []
    if withheld:
        cautions.append(
            f"Some counts are fewer than {rule.suppress_below}, or could be worked out from other "
            f"figures, so they are hidden ({SUPPRESSED}) and no rate or ratio is given for them. "
            "Numbers this small cannot support a conclusion about a group, and could identify someone."
        )
    small = [
        row.label
        for row in rows
        if row.referrals is not None
        and 0 < row.referrals < 20
        and row.code not in (NOT_KNOWN, PREFER_NOT_TO_SAY)
    ]
    if small and not withheld:
        cautions.append(
            "Some groups have fewer than 20 referrals. Rates from small counts change a lot from "
            "year to year by chance: read the confidence intervals, not only the ratios."
        )
    elif small:
        cautions.append(
            "Rates from counts under 20 change a lot from year to year by chance: read the "
            "confidence intervals, not only the ratios."
        )
    if characteristic == "condition":
        cautions.append(
            "There is no population baseline for recorded conditions, so only outcome rates among "
            "referrals are compared."
        )
    elif not has_baseline:
        cautions.append(
            "No population baseline is loaded for this area and characteristic, so referral rates "
            "and relative rates cannot be worked out. An analyst can load one."
        )
    return tuple(cautions)
