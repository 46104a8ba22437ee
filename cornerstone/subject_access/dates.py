"""The one-month time limit for answering a subject access request (UK GDPR Article 12(3)).

The ICO's rule: the request is due on the corresponding calendar date of the next month; where
that month has no such date (31 January: there is no 31 February) it is due on the last day of
that month. It may be extended by up to two further months, with a reason, where the request is
complex or one of several from the same person.
"""

from __future__ import annotations

import calendar
import datetime as dt

MAX_EXTENSION_MONTHS = 2


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date ``months`` calendar months later, or that month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(received_on: dt.date) -> dt.date:
    return add_months(received_on, 1)


def extended_due_date(received_on: dt.date, extra_months: int) -> dt.date:
    if not 1 <= extra_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("an extension is one or two further months")
    return add_months(received_on, 1 + extra_months)
