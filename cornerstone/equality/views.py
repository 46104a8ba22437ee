"""The equality monitoring pages: recording a referral's answers (police screeners of its unit),
the disproportionality tables (statistics readers), and loading a population baseline
(analysts). Views parse and render; writes go through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.equality import selectors, services
from cornerstone.equality.baseline import BaselineErrors, parse_baseline
from cornerstone.equality.charts import dot_chart
from cornerstone.equality.disproportionality import OUTCOMES, disproportionality
from cornerstone.equality.forms import BaselineUploadForm, EqualityForm
from cornerstone.equality.permissions import (
    BASELINE_LOADERS,
    DISPROPORTIONALITY_READERS,
    RECORDERS,
    can_record_equality,
)
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.govuk.uploads import safe_name
from cornerstone.referrals.selectors import referrals_visible_to
from cornerstone.statistics.forms import ReturnForm
from cornerstone.statistics.national_return import FinancialYear
from cornerstone.statistics.selectors import areas_allowed_for


@acting(roles=RECORDERS)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = get_visible_or_403(referrals_visible_to(actor).select_related("person"), pk=referral_id)
    if not can_record_equality(actor, referral):
        raise PermissionDenied
    existing = selectors.equality_record_of(actor, referral.pk)
    initial = (
        {
            "ethnicity": existing.ethnicity,
            "religion": existing.religion,
            "sex": existing.sex,
            "condition_recorded": existing.condition_recorded,
        }
        if existing
        else {}
    )
    status = 200
    form = EqualityForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.equality_record_save(actor=actor, referral_id=referral.pk, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
        else:
            messages.success(request, "Equality monitoring answers saved.")
            return redirect("referrals:detail", referral.pk)
    elif request.method == "POST":
        status = 400
    if existing is not None and request.method == "GET":
        access_log_record(
            actor=actor,
            kind=AccessKind.VIEW,
            target=existing,
            person_ref=referral.person.reference or "" if referral.person else "",
            description="Equality monitoring answers viewed",
            path=request.get_full_path(),
        )
    return render(
        request,
        "equality/record.html",
        {"referral": referral, "form": form, "existing": existing},
        status=status,
    )


@acting(roles=DISPROPORTIONALITY_READERS)
@require_GET
def disproportionality_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    allowed = areas_allowed_for(actor)
    current = FinancialYear.containing(timezone.localdate())
    form = ReturnForm(
        request.GET or None,
        allowed=allowed,
        current=current,
        initial={"year": current.label, "area": "national"},
    )
    report = None
    sections: list[dict[str, Any]] = []
    if form.is_bound and form.is_valid():
        area = form.cleaned_area()
        if not allowed.allows(area):
            raise PermissionDenied
        report = disproportionality(year=form.cleaned_year(), area=area)
        sections = [
            {
                "section": section,
                "chart": dot_chart(
                    f"{section.title}: relative rate of referral against {section.reference}", section.ratios
                ),
            }
            for section in report.sections
        ]
    return render(
        request,
        "equality/disproportionality.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "outcomes": OUTCOMES,
            "can_load_baseline": actor.role in BASELINE_LOADERS,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@acting(roles=BASELINE_LOADERS)
@require_http_methods(["GET", "POST"])
def baseline_upload(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    form = BaselineUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = parse_baseline(upload.read())
            except BaselineErrors as error:
                problems = error.messages
                form.add_error("file", "The file was not loaded: correct the rows listed and try again")
            else:
                baseline = services.population_baseline_load(
                    actor=actor, file_name=safe_name(upload.name, fallback="baseline.csv"), rows=rows
                )
                messages.success(request, f"Population baseline loaded: {baseline.row_count:,} rows.")
                return redirect("equality:baseline")
    return render(
        request,
        "equality/baseline.html",
        {"form": form, "problems": problems, "baselines": selectors.baselines()[:20]},
        status=status,
    )
