"""Disclosure control for published statistics: small-count suppression, secondary suppression
and rounding. Pure functions over plain numbers (no Django), so they can be tested on their own
and reasoned about apart from the database.

The model
---------
A set of published tables is a set of *entries* (every cell and every total is one entry, keyed
by anything hashable) and a set of *equations* ``total = part + part + ...`` that a reader knows
hold between them (a row adds up to its row total, a table adds up to its grand total, the same
count shown in two tables is one entry, or two entries joined by a one-part equation).

1. **Primary suppression**: every entry from 1 up to ``suppress_below - 1`` is withheld. Zero is
   shown: a true zero says nothing about an individual.
2. **Secondary suppression**: a withheld entry must not be recoverable by solving the published
   equations. An entry is recoverable exactly when its unit vector lies in the row space of the
   equations restricted to the withheld entries (the published values being known). While any
   withheld entry is recoverable, one more entry sharing an equation with it is withheld: the
   smallest cell that is nobody's total, non-zero first (a zero adds little uncertainty), then
   totals only if no cell is left. This is exact for any layout: for a one-dimensional table with
   a total it gives the familiar rule (never exactly one withheld cell: the next smallest goes
   too); for a table with row and column totals every row and column with a withheld cell ends
   with at least two withheld cells or a withheld total, and no chain of rows and columns gives
   one away either.
3. **Rounding**: every published entry is rounded to the nearest multiple of ``round_to`` (halves
   up). Totals are rounded from the true totals, so rounded cells need not add up to a rounded
   total; suppression is decided on the true values, treating published totals as exact (the
   cautious assumption).

Recoverability is decided by Gaussian elimination modulo the prime 2**61 - 1. The equations have
coefficients 0 and ±1, so the rank found equals the rational rank except in a case that would need
the prime to divide a minor of these small matrices; the tests check it against exact fractions.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

PRIME = (1 << 61) - 1

Key = Hashable


@dataclass(frozen=True)
class DisclosureRule:
    """``suppress_below``: counts from 1 to ``suppress_below - 1`` are withheld (1 turns it off).
    ``round_to``: published counts are rounded to a multiple of this (1 turns it off)."""

    suppress_below: int = 5
    round_to: int = 5

    def __post_init__(self) -> None:
        if self.suppress_below < 1:
            raise ValueError("The suppression threshold must be 1 or more (1 suppresses nothing).")
        if self.round_to < 1:
            raise ValueError("The rounding base must be 1 or more (1 rounds nothing).")

    def describe(self) -> str:
        parts = []
        if self.suppress_below > 1:
            parts.append(
                f"counts from 1 to {self.suppress_below - 1} are suppressed, with other cells where "
                "needed so that they cannot be worked out from totals"
            )
        if self.round_to > 1:
            parts.append(f"published counts are rounded to the nearest {self.round_to}")
        return "; ".join(parts).capitalize() + "." if parts else "No suppression or rounding is applied."


@dataclass(frozen=True)
class Equation:
    """``total`` is the sum of ``parts``, and a reader of the tables knows it."""

    total: Key
    parts: tuple[Key, ...]


def round_to_base(value: int, base: int) -> int:
    """The nearest multiple of ``base``, halves rounded up (2.5 -> 5 for base 5)."""
    if base <= 1:
        return value
    return (
        ((value + base // 2) // base) * base if base % 2 == 0 else ((2 * value + base) // (2 * base)) * base
    )


def primary_suppressed(values: Mapping[Key, int], rule: DisclosureRule) -> set[Key]:
    """The entries withheld because they are small (zero is shown)."""
    return {key for key, value in values.items() if 0 < value < rule.suppress_below}


def _rows(equations: Sequence[Equation], unknown: Sequence[Key]) -> list[dict[int, int]]:
    """Each equation as a sparse row over the withheld entries (published ones move to the
    other side, where their values do not matter for whether a withheld entry is determined)."""
    index = {key: n for n, key in enumerate(unknown)}
    rows = []
    for equation in equations:
        row: dict[int, int] = {}
        for key, sign in ((equation.total, 1), *((part, -1) for part in equation.parts)):
            if key in index:
                column = index[key]
                row[column] = (row.get(column, 0) + sign) % PRIME
                if row[column] == 0:
                    del row[column]
        if row:
            rows.append(row)
    return rows


def recoverable(equations: Sequence[Equation], withheld: set[Key], order: Sequence[Key]) -> list[Key]:
    """The withheld entries whose value the published entries and equations fix, in ``order``."""
    unknown = [key for key in order if key in withheld]
    rows = _rows(equations, unknown)
    pivots: list[tuple[int, dict[int, int]]] = []
    # Reduced row echelon form, column by column.
    for column in range(len(unknown)):
        found = next((n for n, row in enumerate(rows) if column in row), None)
        if found is None:
            continue
        pivot_row = rows.pop(found)
        inverse = pow(pivot_row[column], PRIME - 2, PRIME)
        pivot_row = {c: (v * inverse) % PRIME for c, v in pivot_row.items()}
        for others in (rows, [row for _, row in pivots]):
            for row in others:
                factor = row.get(column)
                if factor:
                    for c, v in pivot_row.items():
                        updated = (row.get(c, 0) - factor * v) % PRIME
                        if updated:
                            row[c] = updated
                        else:
                            row.pop(c, None)
        pivots.append((column, pivot_row))
    # A withheld entry is fixed when its reduced row mentions no other withheld entry.
    return [unknown[column] for column, row in pivots if len(row) == 1]


def secondary_suppressed(
    values: Mapping[Key, int], equations: Sequence[Equation], withheld: set[Key]
) -> set[Key]:
    """``withheld`` grown until no withheld entry can be worked out from the published ones."""
    order = list(values)
    position = {key: n for n, key in enumerate(order)}
    totals = {equation.total for equation in equations}
    neighbours: dict[Key, set[Key]] = {key: set() for key in order}
    for equation in equations:
        members = (equation.total, *equation.parts)
        for key in members:
            neighbours[key].update(members)
    result = set(withheld)
    while True:
        exposed = recoverable(equations, result, order)
        if not exposed:
            return result
        key = exposed[0]
        candidates = [other for other in neighbours[key] if other not in result]
        if not candidates:
            # Given away by a chain of equations, not its own: widen the choice to everything.
            candidates = [other for other in order if other not in result]
        if not candidates:  # pragma: no cover - with everything withheld nothing is recoverable
            return result
        # One entry at a time, then look again: one more withheld entry often protects several.
        result.add(min(candidates, key=lambda k: (k in totals, values[k] == 0, values[k], position[k])))


@dataclass(frozen=True)
class Protected:
    """The outcome of disclosure control: what to publish for each entry (None if withheld)."""

    published: dict[Key, int | None]
    primary: frozenset[Key]
    secondary: frozenset[Key]

    def is_suppressed(self, key: Key) -> bool:
        return self.published[key] is None


def protect(values: Mapping[Key, int], equations: Sequence[Equation], rule: DisclosureRule) -> Protected:
    """Apply the rule to every entry: primary suppression, secondary suppression, rounding.

    ``values`` holds every entry (cells and totals) in a fixed order; that order breaks ties, so
    the same input always gives the same output.
    """
    for equation in equations:
        for key in (equation.total, *equation.parts):
            if key not in values:
                raise KeyError(f"The equation for {equation.total!r} names an unknown entry {key!r}")
    primary = primary_suppressed(values, rule)
    withheld = secondary_suppressed(values, equations, primary) if primary else set()
    published: dict[Key, int | None] = {
        key: None if key in withheld else round_to_base(value, rule.round_to) for key, value in values.items()
    }
    return Protected(published=published, primary=frozenset(primary), secondary=frozenset(withheld - primary))


# Conveniences for the two common shapes ------------------------------------------------------


def protect_1d(cells: Sequence[int], rule: DisclosureRule) -> tuple[list[int | None], int | None]:
    """A list of counts and their total: the published cells and the published total."""
    values: dict[Key, int] = {("cell", n): value for n, value in enumerate(cells)}
    values["total"] = sum(cells)
    result = protect(values, [Equation("total", tuple(k for k in values if k != "total"))], rule)
    return [result.published[("cell", n)] for n in range(len(cells))], result.published["total"]


def table_2d_equations(rows: int, columns: int) -> tuple[list[Key], list[Equation]]:
    """The entries and equations of a table with row totals, column totals and a grand total.

    Keys: ``(r, c)`` for cells, ``(r, "total")``, ``("total", c)`` and ``("total", "total")``.
    """
    keys: list[Key] = []
    for r in range(rows):
        keys.extend((r, c) for c in range(columns))
        keys.append((r, "total"))
    keys.extend(("total", c) for c in range(columns))
    keys.append(("total", "total"))
    equations = [Equation((r, "total"), tuple((r, c) for c in range(columns))) for r in range(rows)]
    equations += [Equation(("total", c), tuple((r, c) for r in range(rows))) for c in range(columns)]
    equations.append(Equation(("total", "total"), tuple(("total", c) for c in range(columns))))
    equations.append(Equation(("total", "total"), tuple((r, "total") for r in range(rows))))
    return keys, equations


def protect_2d(matrix: Sequence[Sequence[int]], rule: DisclosureRule) -> Protected:
    """A table of counts with row, column and grand totals (keys as in ``table_2d_equations``)."""
    rows = len(matrix)
    columns = len(matrix[0]) if rows else 0
    keys, equations = table_2d_equations(rows, columns)
    values: dict[Key, int] = {}
    for r in range(rows):
        for c in range(columns):
            values[(r, c)] = matrix[r][c]
        values[(r, "total")] = sum(matrix[r])
    for c in range(columns):
        values[("total", c)] = sum(row[c] for row in matrix)
    values[("total", "total")] = sum(sum(row) for row in matrix)
    values = {key: values[key] for key in keys}  # in the documented order
    return protect(values, equations, rule)
