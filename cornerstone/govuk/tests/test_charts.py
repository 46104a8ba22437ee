"""The SVG bar charts: bars in proportion to their values, either side of zero, every value
written as text, and drawn without scripts or inline styles."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from cornerstone.govuk.charts import LABEL_WIDTH, WIDTH, bar_chart


def test_bars_are_in_proportion_and_carry_their_values() -> None:
    chart = bar_chart("Engagements by type", ["Faith forum", "Training"], [("Engagements", [10, 5])])
    forum, training = (row.bars[0] for row in chart.rows)
    assert forum.width == pytest.approx(2 * training.width)
    assert (forum.value_text, training.value_text) == ("10", "5")
    assert [tick.text for tick in chart.ticks] == ["0", "2.5", "5", "7.5", "10"]


def test_negative_values_run_left_of_zero() -> None:
    chart = bar_chart("Change in trust", ["Warrington", "Halton"], [("Change", [-0.5, 1.5])], unit=" points")
    fall, rise = (row.bars[0] for row in chart.rows)
    assert fall.x + fall.width == pytest.approx(chart.zero_x)
    assert rise.x == chart.zero_x
    assert (fall.value_anchor, fall.value_text) == ("end", "-0.5 points")


@given(
    st.lists(
        st.lists(st.integers(min_value=-10_000, max_value=10_000), min_size=3, max_size=3),
        min_size=1,
        max_size=4,
    )
)
def test_every_bar_stays_inside_the_plot(series_values: list[list[int]]) -> None:
    chart = bar_chart("Any", ["a", "b", "c"], [(f"s{n}", values) for n, values in enumerate(series_values)])
    for row in chart.rows:
        for bar in row.bars:
            assert bar.x >= LABEL_WIDTH - 0.1 and bar.x + bar.width <= WIDTH + 0.1


def test_a_series_with_the_wrong_number_of_values_is_refused() -> None:
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        bar_chart("Broken", ["a", "b"], [("s", [1])])


def test_the_chart_renders_as_an_accessible_image_with_a_legend() -> None:
    chart = bar_chart(
        "Trust before and after", ["Session one"], [("Before", [2.5]), ("After", [3.75])], unit=""
    )
    html = Template("{% load govuk_charts %}{% bar_chart chart %}").render(Context({"chart": chart}))
    assert 'role="img"' in html and "<title id=" in html
    assert ">2.5<" in html and ">3.8<" in html
    assert "Before" in html and "After" in html
    assert "<script" not in html and "style=" not in html


def test_an_empty_chart_says_so() -> None:
    html = Template("{% load govuk_charts %}{% bar_chart chart %}").render(
        Context({"chart": bar_chart("Nothing yet", [], [("Engagements", [])])})
    )
    assert "There is nothing to show for this period." in html and "<svg" not in html
