"""``{% bar_chart chart %}``: draws a chart from ``cornerstone.govuk.charts.bar_chart``."""

from __future__ import annotations

from typing import Any

from django import template

from cornerstone.govuk.charts import BarChart

register = template.Library()


@register.inclusion_tag("govuk/charts/bar.html")
def bar_chart(chart: BarChart) -> dict[str, Any]:
    return {"chart": chart}
