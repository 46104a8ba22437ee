"""A dot-and-whisker chart of relative rates and their 95% intervals, as server-rendered SVG
(the table beside it has the same numbers). The axis is logarithmic, so a ratio of 2 and one of
0.5 sit the same distance either side of the line at 1 (no difference from the reference)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from cornerstone.equality.disproportionality import Ratio

WIDTH = 640
LABEL_WIDTH = 200
RIGHT = 24
ROW_HEIGHT = 30
TOP = 10
AXIS_HEIGHT = 28
TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)


@dataclass(frozen=True)
class Point:
    label: str
    short_label: str
    y: float
    x: float
    low_x: float
    high_x: float
    text: str


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class DotChart:
    id: str
    title: str
    width: int
    height: float
    label_x: float
    plot_top: float
    plot_bottom: float
    one_x: float
    tick_label_y: float
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]


def _format(value: float) -> str:
    return f"{value:.2f}"


def dot_chart(title: str, ratios: Sequence[tuple[str, Ratio]]) -> DotChart | None:
    """None when there is nothing to draw."""
    if not ratios:
        return None
    low = min(min(r.low for _, r in ratios), 1.0)
    high = max(max(r.high for _, r in ratios), 1.0)
    # Pad to the ticks either side, so every whisker ends inside the plot.
    low = max([t for t in TICKS if t <= low] or [low])
    high = min([t for t in TICKS if t >= high] or [high])
    log_low, log_high = math.log10(low), math.log10(high)
    span = (log_high - log_low) or 1.0
    left, right = LABEL_WIDTH, WIDTH - RIGHT

    def x_of(value: float) -> float:
        clamped = min(max(value, low), high)
        return round(left + (math.log10(clamped) - log_low) / span * (right - left), 1)

    points = []
    for index, (label, ratio) in enumerate(ratios):
        y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
        points.append(
            Point(
                label=label,
                short_label=label if len(label) <= 28 else label[:27].rstrip() + "…",
                y=y,
                x=x_of(ratio.value),
                low_x=x_of(ratio.low),
                high_x=x_of(ratio.high),
                text=f"{_format(ratio.value)} ({_format(ratio.low)} to {_format(ratio.high)})",
            )
        )
    plot_bottom = TOP + len(ratios) * ROW_HEIGHT
    ticks = tuple(Tick(x_of(t), f"{t:g}") for t in TICKS if low <= t <= high)
    digest = hashlib.sha1(title.encode(), usedforsecurity=False).hexdigest()[:8]
    return DotChart(
        id=f"dot-{digest}",
        title=title,
        width=WIDTH,
        height=plot_bottom + AXIS_HEIGHT,
        label_x=LABEL_WIDTH - 8,
        plot_top=TOP,
        plot_bottom=plot_bottom,
        one_x=x_of(1.0),
        tick_label_y=plot_bottom + 18,
        points=tuple(points),
        ticks=ticks,
    )
