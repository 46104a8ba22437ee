"""The one-month time limit, worked by hand and checked as a property."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cornerstone.subject_access.dates import add_months, due_date, extended_due_date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 3), dt.date(2026, 4, 3)),
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),  # no 31 February: the last day
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2028, 1, 30), dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 28), dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (dt.date(2026, 8, 31), dt.date(2026, 9, 30)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),  # over the year end
        (dt.date(2026, 12, 31), dt.date(2027, 1, 31)),
        (dt.date(2026, 2, 28), dt.date(2026, 3, 28)),
    ],
)
def test_due_one_calendar_month_later(received: dt.date, due: dt.date) -> None:
    assert due_date(received) == due


def test_extensions_count_from_the_date_received() -> None:
    assert extended_due_date(dt.date(2025, 11, 30), 1) == dt.date(2026, 1, 30)
    assert extended_due_date(dt.date(2025, 11, 30), 2) == dt.date(2026, 2, 28)
    assert extended_due_date(dt.date(2026, 10, 31), 2) == dt.date(2027, 1, 31)
    for months in (0, 3):
        with pytest.raises(ValueError):
            extended_due_date(dt.date(2026, 1, 1), months)


days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@given(days)
def test_due_is_after_received_and_at_most_a_month_and_three_days_later(received: dt.date) -> None:
    due = due_date(received)
    assert received < due <= received + dt.timedelta(days=31)
    # The corresponding date of the next month, or the last day of that month.
    assert (due.year * 12 + due.month) - (received.year * 12 + received.month) == 1
    assert due.day == received.day or (due.day < received.day and (due + dt.timedelta(days=1)).day == 1)


@given(days, st.integers(min_value=1, max_value=2))
def test_an_extension_is_later_and_at_most_three_months_in_all(received: dt.date, extra: int) -> None:
    extended = extended_due_date(received, extra)
    assert due_date(received) < extended <= add_months(received, 3)
    assert extended <= received + dt.timedelta(days=92)


@given(days)
def test_due_dates_never_go_backwards(received: dt.date) -> None:
    assert due_date(received) <= due_date(received + dt.timedelta(days=1))
