"""The national return pages: choose a year and an area, see every table with a chart beside
it, download the return as CSV, ODS or JSON. Views parse and render; the figures come from
``national_return``, already disclosure-controlled."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from cornerstone.accounts.actor import request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.govuk.charts import BarChart, bar_chart
from cornerstone.govuk.exports import CSV_CONTENT_TYPE, ODS_CONTENT_TYPE, file_response
from cornerstone.statistics import exports
from cornerstone.statistics.forms import OversightForm, ReturnForm
from cornerstone.statistics.national_return import FinancialYear, NationalReturn, Table, national_return
from cornerstone.statistics.oversight import (
    ALL,
    OVERSIGHT_READERS,
    OversightTable,
    oversight_areas_for,
    oversight_dashboard,
)
from cornerstone.statistics.permissions import STATISTICS_READERS
from cornerstone.statistics.selectors import ReturnArea, areas_allowed_for

CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "ods": ODS_CONTENT_TYPE, "json": "application/json"}


def _chosen(request: HttpRequest) -> tuple[ReturnForm, NationalReturn | None]:
    actor = request_actor(request)
    allowed = areas_allowed_for(actor)
    current = FinancialYear.containing(timezone.localdate())
    form = ReturnForm(
        request.GET or None,
        allowed=allowed,
        current=current,
        initial={"year": current.label, "area": "national"},
    )
    if not form.is_bound or not form.is_valid():
        return form, None
    area = form.cleaned_area()
    if not allowed.allows(area):  # the choices already say so; checked again where it matters
        raise PermissionDenied
    return form, national_return(year=form.cleaned_year(), area=area)


def _chart(table: Table) -> BarChart | None:
    """The published figures of the table (totals column of a grid); suppressed ones are left
    out of the chart (the table beside it shows them as [c])."""
    shown = [(row.label, row.cells[-1].value) for row in table.body_rows if not row.cells[-1].suppressed]
    if not any(value for _, value in shown):  # all withheld or zero: an empty axis says nothing
        return None
    return bar_chart(
        table.title, [label for label, _ in shown], [(table.columns[-1], [value or 0 for _, value in shown])]
    )


@acting(roles=STATISTICS_READERS)
@require_GET
def national_return_page(request: HttpRequest) -> HttpResponse:
    form, result = _chosen(request)
    sections: list[dict[str, Any]] = []
    if result is not None:
        sections = [{"table": table, "chart": _chart(table)} for table in result.tables]
    return render(
        request,
        "statistics/national_return.html",
        {
            "form": form,
            "result": result,
            "sections": sections,
            "query": request.GET.urlencode() if result is not None else "",
        },
    )


@acting(roles=STATISTICS_READERS)
@require_GET
def national_return_download(request: HttpRequest, file_format: str) -> HttpResponse:
    form, result = _chosen(request)
    if result is None:
        if form.is_bound:  # invalid: the page says what to correct
            return redirect(f"{reverse('statistics:index')}?{request.GET.urlencode()}")
        # Nothing chosen: this year's national return, which every reader may see.
        result = national_return(
            year=FinancialYear.containing(timezone.localdate()), area=ReturnArea.national()
        )
    content = exports.render(result, file_format)
    exports.export_logged(
        actor=request_actor(request), result=result, file_format=file_format, path=request.get_full_path()
    )
    return file_response(content, CONTENT_TYPES[file_format], f"{exports.file_name(result)}.{file_format}")


def _oversight_chart(table: OversightTable) -> BarChart | None:
    """The table's chart column, published figures only (rates as percentages)."""
    column = table.chart_column
    shown = [
        (row.label, row.cells[column])
        for row in table.rows
        if not row.is_total and not row.cells[column].suppressed
    ]
    if not any(cell.value for _, cell in shown):  # nothing but zeros and withheld figures
        return None
    scale = 100.0 if shown[0][1].kind == "rate" else 1.0
    return bar_chart(
        table.title,
        [label for label, _ in shown],
        [(table.columns[column], [(cell.value or 0) * scale for _, cell in shown])],
        unit="%" if scale == 100.0 else "",
    )


@acting(roles=OVERSIGHT_READERS)
@require_GET
def oversight_page(request: HttpRequest) -> HttpResponse:
    """The oversight dashboard of one year and one area the viewer oversees: counts and rates
    only. With nothing chosen it shows this year, everywhere the viewer's organisation covers."""
    areas = oversight_areas_for(request_actor(request))
    scopes = areas.choices()
    current = FinancialYear.containing(timezone.localdate())
    form = OversightForm(
        request.GET or {"year": current.label, "area": ALL},
        scopes=[(scope.param, scope.name) for scope in scopes],
        current=current,
    )
    dashboard = None
    sections: list[dict[str, Any]] = []
    if scopes and form.is_valid():
        scope = areas.scope(form.cleaned_data["area"])
        if scope is None:  # the choices already say so; checked again where it matters
            raise PermissionDenied
        dashboard = oversight_dashboard(period=form.cleaned_year(), scope=scope)
        sections = [{"table": table, "chart": _oversight_chart(table)} for table in dashboard.tables]
    return render(
        request,
        "statistics/oversight.html",
        {"form": form, "dashboard": dashboard, "sections": sections, "has_areas": bool(scopes)},
    )
