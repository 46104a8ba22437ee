"""Server-rendered SVG bar charts, always shown beside a table of the same numbers.

No JavaScript and no inline CSS (the CSP forbids both): the geometry is worked out here and the
template ``govuk/charts/bar.html`` draws it with SVG presentation attributes. Colour is never the
only way to tell series apart: every bar carries its value as text and the legend names each
series in order.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

# GOV.UK Design System colours with enough contrast against white for bars and text.
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#28a197", "#505a5f", "#912b88")

WIDTH = 640
LABEL_WIDTH = 190
VALUE_GAP = 48  # room after the longest bar for its value
BAR_HEIGHT = 18
BAR_GAP = 4
GROUP_GAP = 14
TOP = 8
AXIS_HEIGHT = 24
LABEL_CHARACTERS = 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    text_y: float
    value_text: str
    value_x: float
    value_anchor: str
    colour: str
    series: str


@dataclass(frozen=True)
class Row:
    label: str
    short_label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class LegendEntry:
    name: str
    colour: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    width: int
    height: float
    plot_top: float
    plot_bottom: float
    zero_x: float
    label_x: float
    tick_label_y: float
    bar_height: int
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[LegendEntry, ...]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value``."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    unit: str = "",
) -> BarChart:
    """A horizontal bar chart: one row per category, one bar per series in each row.

    ``series`` is ``[(name, values)]`` with one value per category, in category order. Values may
    be negative (a fall, for example); the axis then runs either side of zero.
    """
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"Series {name!r} has {len(values)} values for {len(categories)} categories")
    values = [float(v) for _, vs in series for v in vs]
    high = _nice_ceiling(max([0.0, *values]))
    low = -_nice_ceiling(-min([0.0, *values]))
    span = (high - low) or 1.0
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_GAP
    scale = (plot_right - plot_left) / span
    zero_x = plot_left + (-low) * scale
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP

    rows = []
    y = float(TOP)
    for index, category in enumerate(categories):
        bars = []
        for number, (name, series_values) in enumerate(series):
            value = float(series_values[index])
            bar_y = y + number * (BAR_HEIGHT + BAR_GAP)
            length = abs(value) * scale
            left = zero_x if value >= 0 else zero_x - length
            text = f"{_format(value)}{unit}"
            bars.append(
                Bar(
                    x=round(left, 1),
                    y=round(bar_y, 1),
                    width=round(length, 1),
                    text_y=round(bar_y + BAR_HEIGHT - 5, 1),
                    value_text=text,
                    value_x=round(zero_x + length + 4 if value >= 0 else zero_x - length - 4, 1),
                    value_anchor="start" if value >= 0 else "end",
                    colour=PALETTE[number % len(PALETTE)],
                    series=name,
                )
            )
        rows.append(
            Row(
                label=category,
                short_label=_shorten(category),
                label_y=round(y + group_height / 2, 1),
                bars=tuple(bars),
            )
        )
        y += group_height + GROUP_GAP

    plot_bottom = y - GROUP_GAP + 4 if rows else float(TOP)
    ticks = tuple(
        Tick(x=round(plot_left + (value - low) * scale, 1), text=_format(value))
        for value in (low + span * step / 4 for step in range(5))
    )
    digest = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    return BarChart(
        id=f"chart-{digest}",
        title=title,
        width=WIDTH,
        height=round(plot_bottom + AXIS_HEIGHT, 1),
        plot_top=float(TOP) - 4,
        plot_bottom=round(plot_bottom, 1),
        zero_x=round(zero_x, 1),
        label_x=LABEL_WIDTH - 6,
        tick_label_y=round(plot_bottom + 16, 1),
        bar_height=BAR_HEIGHT,
        rows=tuple(rows),
        ticks=ticks,
        legend=tuple(LegendEntry(name, PALETTE[n % len(PALETTE)]) for n, (name, _) in enumerate(series)),
    )
