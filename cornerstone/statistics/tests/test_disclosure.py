"""Disclosure control: small-count suppression, secondary suppression, rounding.

The property tests check the guarantee itself with exact arithmetic: for random tables, no
suppressed figure can be worked out by solving the published row and column totals.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cornerstone.statistics.disclosure import (
    DisclosureRule,
    Equation,
    protect,
    protect_1d,
    protect_2d,
    round_to_base,
    table_2d_equations,
)

NO_ROUNDING = DisclosureRule(suppress_below=5, round_to=1)


# Rounding and the rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        (0, 5, 0),
        (2, 5, 0),
        (3, 5, 5),
        (7, 5, 5),
        (8, 5, 10),
        (12, 5, 10),
        (13, 5, 15),
        (5, 10, 10),
        (4, 10, 0),
        (7, 1, 7),
    ],
)
def test_rounding_to_the_nearest_multiple_halves_up(value: int, base: int, expected: int) -> None:
    assert round_to_base(value, base) == expected


def test_the_rule_refuses_nonsense_and_describes_itself() -> None:
    with pytest.raises(ValueError, match="threshold"):
        DisclosureRule(suppress_below=0)
    with pytest.raises(ValueError, match="rounding"):
        DisclosureRule(round_to=0)
    assert DisclosureRule(1, 1).describe() == "No suppression or rounding is applied."
    assert "1 to 4" in DisclosureRule(5, 1).describe()
    assert "nearest 5" in DisclosureRule(5, 5).describe()


# One-way tables ------------------------------------------------------------------------------


def test_nothing_small_nothing_suppressed() -> None:
    assert protect_1d([10, 20, 0, 7], NO_ROUNDING) == ([10, 20, 0, 7], 37)


def test_one_small_cell_takes_the_next_smallest_with_it() -> None:
    # 3 is suppressed; alone it would be the total minus the rest, so 7 (the next smallest
    # non-zero cell) goes too. The zero stays: suppressing it would hide nothing.
    assert protect_1d([10, 3, 0, 7, 20], NO_ROUNDING) == ([10, None, 0, None, 20], 40)


def test_two_small_cells_protect_each_other() -> None:
    assert protect_1d([10, 3, 2, 20], NO_ROUNDING) == ([10, None, None, 20], 35)


def test_a_small_cell_with_only_zeros_beside_it_takes_the_total() -> None:
    # 0 + 0 + x = total: withholding a zero would not help, the total must go.
    cells, total = protect_1d([0, 3, 0], NO_ROUNDING)
    assert total is None
    assert cells[1] is None


def test_a_single_small_cell_is_its_total() -> None:
    assert protect_1d([3], NO_ROUNDING) == ([None], None)


def test_a_small_total_is_suppressed_too() -> None:
    cells, total = protect_1d([1, 1, 1], NO_ROUNDING)
    assert total is None
    assert cells == [None, None, None]


def test_a_threshold_of_one_suppresses_nothing() -> None:
    assert protect_1d([1, 2, 3], DisclosureRule(1, 1)) == ([1, 2, 3], 6)


def test_rounding_applies_to_published_cells_and_totals() -> None:
    assert protect_1d([12, 18, 3, 6], DisclosureRule(5, 5)) == ([10, 20, None, None], 40)


def test_same_input_same_output() -> None:
    cells = [9, 4, 4, 9, 12, 4]
    assert protect_1d(cells, NO_ROUNDING) == protect_1d(list(cells), NO_ROUNDING)


# Two-way tables ------------------------------------------------------------------------------


def test_one_small_cell_in_a_grid_takes_a_rectangle() -> None:
    result = protect_2d([[10, 3, 20], [12, 15, 30], [8, 9, 40]], NO_ROUNDING)
    withheld = {key for key, value in result.published.items() if value is None}
    assert (0, 1) in withheld
    # Every row and column with a withheld cell has two of them.
    for r in range(3):
        assert sum((r, c) in withheld for c in range(3)) in (0, 2)
    for c in range(3):
        assert sum((r, c) in withheld for r in range(3)) in (0, 2)
    assert not any(isinstance(key[0], int) and key[1] == "total" and key in withheld for key in withheld)


def test_a_grid_with_a_single_row_suppresses_down_to_the_totals() -> None:
    result = protect_2d([[2, 30, 40]], NO_ROUNDING)
    # Column 0's total equals its only cell: it goes too, and then the row needs a second cell.
    assert result.published[(0, 0)] is None
    assert result.published[("total", 0)] is None
    assert (
        sum(result.published[(0, c)] is None for c in range(3)) + (result.published[(0, "total")] is None)
        >= 2
    )


def test_equations_must_name_known_entries() -> None:
    with pytest.raises(KeyError, match="unknown entry"):
        protect({"a": 1}, [Equation("a", ("b",))], NO_ROUNDING)


def test_the_same_figure_in_two_tables_is_suppressed_in_both() -> None:
    # "x" and "y" are the same count published twice (a one-part equation): if one is
    # withheld, so is the other.
    values = {"x": 7, "y": 7, "a": 3, "b": 4}
    equations = [Equation("x", ("a", "b")), Equation("y", ("x",))]
    result = protect(values, equations, NO_ROUNDING)
    assert result.published["a"] is None and result.published["b"] is None
    assert (result.published["x"] is None) == (result.published["y"] is None)


# The guarantee, checked exactly --------------------------------------------------------------


def determined(
    values: dict[Hashable, int], equations: Sequence[Equation], withheld: set[Hashable]
) -> set[Hashable]:
    """Withheld entries fixed by the published ones, by exact rational elimination (independent
    of the modular arithmetic the module uses)."""
    unknown = [key for key in values if key in withheld]
    index = {key: n for n, key in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for equation in equations:
        row = [Fraction(0)] * len(unknown)
        for key, sign in ((equation.total, 1), *((part, -1) for part in equation.parts)):
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    pivot_rows: list[tuple[int, list[Fraction]]] = []
    for column in range(len(unknown)):
        found = next((n for n, row in enumerate(rows) if row[column] != 0), None)
        if found is None:
            continue
        pivot = rows.pop(found)
        pivot = [value / pivot[column] for value in pivot]
        for row in rows + [r for _, r in pivot_rows]:
            factor = row[column]
            if factor:
                for n in range(len(unknown)):
                    row[n] -= factor * pivot[n]
        pivot_rows.append((column, pivot))
    return {unknown[column] for column, row in pivot_rows if sum(1 for value in row if value != 0) == 1}


grids = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda columns: st.lists(
            st.lists(
                st.one_of(st.integers(0, 6), st.integers(0, 60)),
                min_size=columns,
                max_size=columns,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(matrix=grids, threshold=st.integers(min_value=2, max_value=8))
def test_no_suppressed_cell_can_be_recovered_from_the_margins(
    matrix: list[list[int]], threshold: int
) -> None:
    rule = DisclosureRule(suppress_below=threshold, round_to=1)
    result = protect_2d(matrix, rule)
    keys, equations = table_2d_equations(len(matrix), len(matrix[0]))
    values = dict.fromkeys(keys, 0)  # only the pattern matters for recoverability
    withheld = {key for key, value in result.published.items() if value is None}
    assert determined(values, equations, withheld) == set()
    # Every small count is withheld, and published figures are the true ones.
    for r, row in enumerate(matrix):
        for c, value in enumerate(row):
            if 0 < value < threshold:
                assert (r, c) in withheld
            elif (r, c) not in withheld:
                assert result.published[(r, c)] == value
    # The familiar line rule follows: a row or column (with its total) never has exactly one
    # withheld entry.
    rows, columns = len(matrix), len(matrix[0])
    for r in [*range(rows), "total"]:
        line = [(r, c) for c in [*range(columns), "total"]]
        assert sum(key in withheld for key in line) != 1
    for c in [*range(columns), "total"]:
        line = [(r, c) for r in [*range(rows), "total"]]
        assert sum(key in withheld for key in line) != 1


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.integers(0, 30), min_size=1, max_size=12), threshold=st.integers(2, 8))
def test_no_suppressed_cell_can_be_recovered_from_a_one_way_total(cells: list[int], threshold: int) -> None:
    published, total = protect_1d(cells, DisclosureRule(threshold, 1))
    withheld = sum(value is None for value in published) + (total is None)
    assert withheld != 1
    assert all(value is None for value, true in zip(published, cells, strict=True) if 0 < true < threshold)


@settings(max_examples=100, deadline=None)
@given(matrix=grids, other=st.lists(st.integers(0, 20), min_size=1, max_size=6), threshold=st.integers(2, 8))
def test_no_suppressed_figure_can_be_recovered_across_linked_tables(
    matrix: list[list[int]], other: list[int], threshold: int
) -> None:
    """As in a national return: a grid, its margins published again as one-way tables, and a
    second breakdown of the same total. Nothing withheld anywhere can be worked out."""
    keys, equations = table_2d_equations(len(matrix), len(matrix[0]))
    total = sum(map(sum, matrix))
    values: dict[Hashable, int] = {}
    for r, row in enumerate(matrix):
        for c, value in enumerate(row):
            values[(r, c)] = value
        values[(r, "total")] = sum(row)
    for c in range(len(matrix[0])):
        values[("total", c)] = sum(row[c] for row in matrix)
    values[("total", "total")] = total
    values = {key: values[key] for key in keys}
    # A second breakdown of the same total: the last part makes it add up.
    parts = [min(value, total) for value in other]
    while sum(parts) > total:
        parts[parts.index(max(parts))] -= 1
    parts.append(total - sum(parts))
    for n, value in enumerate(parts):
        values[("other", n)] = value
    values["all"] = total
    equations = [
        *equations,
        Equation("all", tuple(("other", n) for n in range(len(parts)))),
        Equation("all", (("total", "total"),)),
    ]
    result = protect(values, equations, DisclosureRule(threshold, 1))
    withheld = {key for key, value in result.published.items() if value is None}
    assert determined(values, equations, withheld) == set()
    assert all(key in withheld for key, value in values.items() if 0 < value < threshold)
