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
from cornerstone.statistics.forms import ReturnForm
from cornerstone.statistics.national_return import FinancialYear, NationalReturn, Table, national_return
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
