"""Assessment pages and the administration of assessment frameworks. Views parse and render;
services write; selectors decide what is seen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.roles import Role
from cornerstone.assessments import permissions, selectors, services
from cornerstone.assessments.forms import AssessmentForm, FrameworkVersionForm, PublishForm
from cornerstone.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentState,
    Framework,
    FrameworkVersion,
    VersionStatus,
)
from cornerstone.assessments.structure import format_scale, format_structure
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.channel.selectors import CASE_HOLDERS, case_referrals_visible_to
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import refusal_message

ADMINS = permissions.FRAMEWORK_ADMINS
ASSESSORS = permissions.ASSESSORS
# Who may read an assessment: whoever may open the case.
READERS = ASSESSORS | frozenset({Role.PANEL_CHAIR})


def case_url(actor: Actor, referral: Referral) -> str:
    """The case page this actor came from: the Channel case for Channel staff, else the referral."""
    if actor.role in CASE_HOLDERS:
        try:
            return reverse("channel:case", args=[referral.pk])
        except NoReverseMatch:  # pragma: no cover - the Channel pages are always installed
            return "/"
    return referral.get_absolute_url()


# Assessments ------------------------------------------------------------------------------


def assessment_panel(actor: Actor, referral: Referral, kind: str) -> dict[str, Any]:
    """Context for ``assessments/_assessment_summary.html`` on a case page: the assessment of
    this kind in progress (or else the latest completed), and whether this actor may start or
    continue one now."""
    return {
        "assessment": selectors.latest_for(referral, kind),
        "referral": referral,
        "kind": kind,
        "hide_start": not permissions.can_work(actor, referral, kind),
    }


@acting(roles=ASSESSORS)
@require_POST
def start(request: HttpRequest, referral_id: int, kind: str) -> HttpResponse:
    actor = request_actor(request)
    if kind not in AssessmentKind.values:
        raise Http404
    referral = get_visible_or_403(case_referrals_visible_to(actor), pk=referral_id)
    if not permissions.may_assess(actor, referral, kind):
        raise PermissionDenied
    if (draft := selectors.draft_for(referral, kind)) is not None:
        return redirect("assessments:edit", draft.pk)
    try:
        assessment = services.assessment_start(actor=actor, referral_id=referral.pk, kind=kind)
    except ValidationError as error:
        if (draft := selectors.draft_for(referral, kind)) is not None:
            return redirect("assessments:edit", draft.pk)
        messages.error(request, refusal_message(error))
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
            back = case_url(actor, referral)
        return redirect(back or case_url(actor, referral))
    return redirect("assessments:edit", assessment.pk)


def _sections(assessment: Assessment) -> list[dict[str, Any]]:
    ratings = selectors.ratings_by_factor(assessment)
    return [
        {
            "dimension": dimension,
            "factors": [(factor, ratings.get(factor.pk)) for factor in dimension.factors.all()],
        }
        for dimension in selectors.version_structure(assessment.version)
    ]


def _visible(actor: Actor, assessment_id: int) -> Assessment:
    return get_visible_or_403(
        selectors.assessments_visible_to(actor).select_related(
            "referral", "referral__person", "version__framework", "started_by", "completed_by"
        ),
        pk=assessment_id,
    )


@acting(roles=READERS)
@require_GET
def assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = request_actor(request)
    found = _visible(actor, assessment_id)
    referral = found.referral
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=found,
        person_ref=referral.person_ref,
        description=f"Viewed the {found.get_kind_display().lower()} of referral {referral.reference}",
        path=request.path,
    )
    previous = selectors.previous_completed_for_person(referral, actor=actor, exclude=found)
    return render(
        request,
        "assessments/assessment.html",
        {
            "assessment": found,
            "referral": referral,
            "sections": _sections(found),
            "previous": previous,
            "can_edit": found.state == AssessmentState.DRAFT
            and permissions.can_work(actor, referral, found.kind),
            "back_url": case_url(actor, referral),
        },
    )


@acting(roles=ASSESSORS)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    actor = request_actor(request)
    found = _visible(actor, assessment_id)
    referral = found.referral
    if not permissions.may_assess(actor, referral, found.kind):
        raise PermissionDenied
    if found.state != AssessmentState.DRAFT:
        messages.info(request, "This assessment has been completed, so it cannot be changed.")
        return redirect("assessments:assessment", found.pk)
    dimensions = selectors.version_structure(found.version)
    previous = selectors.previous_completed_for_person(referral, actor=actor, exclude=found)
    form_kwargs = {"dimensions": dimensions, "scale": list(found.version.rating_scale)}
    if request.method == "POST":
        form = AssessmentForm(request.POST, **form_kwargs)  # type: ignore[arg-type]
        if form.is_valid():
            completing = request.POST.get("action") == "complete"
            try:
                # Save and complete is all or nothing: a refused completion leaves the draft as it was.
                with transaction.atomic():
                    services.assessment_save(
                        actor=actor,
                        assessment_id=found.pk,
                        ratings=form.ratings(),
                        summary=form.cleaned_data["summary"],
                        management_plan=form.cleaned_data["management_plan"],
                        what_changed=form.cleaned_data["what_changed"],
                    )
                    if completing:
                        services.assessment_complete(actor=actor, assessment_id=found.pk)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                label = found.get_kind_display()
                if completing:
                    messages.success(request, f"{label} completed")
                    return redirect("assessments:assessment", found.pk)
                messages.success(request, f"{label} saved as a draft")
                return redirect("assessments:edit", found.pk)
    else:
        form = AssessmentForm(
            initial=AssessmentForm.initial_for(found, selectors.ratings_by_factor(found)),
            **form_kwargs,  # type: ignore[arg-type]
        )
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=found,
        person_ref=referral.person_ref,
        description=f"Opened the {found.get_kind_display().lower()} of referral {referral.reference} to edit",
        path=request.path,
    )
    return render(
        request,
        "assessments/edit.html",
        {
            "form": form,
            "assessment": found,
            "referral": referral,
            "sections": form.sections(),
            "previous": previous,
            "stage_problem": permissions.stage_problem(referral, found.kind),
            "back_url": case_url(actor, referral),
        },
    )


# Framework administration -----------------------------------------------------------------


@acting(roles=ADMINS)
@require_GET
def frameworks(request: HttpRequest) -> HttpResponse:
    found = selectors.frameworks_with_versions()
    rows = [
        {
            "framework": framework,
            "versions": list(framework.versions.all()),
            "draft": next((v for v in framework.versions.all() if v.status == VersionStatus.DRAFT), None),
        }
        for framework in found
    ]
    return render(request, "assessments/frameworks.html", {"rows": rows})


@acting(roles=ADMINS)
@require_POST
def version_start(request: HttpRequest, framework_id: int) -> HttpResponse:
    actor = request_actor(request)
    framework = get_visible_or_403(Framework.objects.all(), pk=framework_id)
    try:
        version = services.framework_version_draft_start(actor=actor, framework_id=framework.pk)
    except ValidationError as error:
        messages.error(request, refusal_message(error))
        return redirect("assessments:frameworks")
    messages.success(request, f"Version {version.number} started as a draft, copied from the version in use")
    return redirect("assessments:version-edit", version.pk)


def _version(version_id: int) -> FrameworkVersion:
    return get_visible_or_403(
        FrameworkVersion.objects.select_related("framework", "published_by", "created_by"), pk=version_id
    )


@acting(roles=ADMINS)
@require_GET
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    found = _version(version_id)
    return render(
        request,
        "assessments/version.html",
        {"version": found, "dimensions": selectors.version_structure(found)},
    )


@acting(roles=ADMINS)
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = request_actor(request)
    found = _version(version_id)
    if found.status != VersionStatus.DRAFT:
        messages.info(request, f"Version {found.number} is not a draft, so it cannot be changed")
        return redirect("assessments:version", found.pk)
    if request.method == "POST":
        form = FrameworkVersionForm(request.POST)
        if form.is_valid():
            try:
                services.framework_version_draft_save(
                    actor=actor,
                    version_id=found.pk,
                    rating_scale=form.cleaned_data["rating_scale"],
                    dimensions=form.cleaned_data["structure"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Draft version {found.number} saved")
                return redirect("assessments:version", found.pk)
    else:
        form = FrameworkVersionForm(
            initial={
                "rating_scale": format_scale(list(found.rating_scale)),
                "structure": format_structure(selectors.version_specs(found)),
            }
        )
    return render(request, "assessments/version_edit.html", {"form": form, "version": found})


@acting(roles=ADMINS)
@require_http_methods(["GET", "POST"])
def version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = request_actor(request)
    found = _version(version_id)
    if found.status != VersionStatus.DRAFT:
        messages.info(request, f"Version {found.number} is not a draft, so it cannot be published")
        return redirect("assessments:version", found.pk)
    in_use = found.framework.versions.filter(status=VersionStatus.PUBLISHED).first()
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.framework_version_publish(
                actor=actor, version_id=found.pk, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {found.number} is now in use for new assessments")
            return redirect("assessments:frameworks")
    return render(
        request, "assessments/version_publish.html", {"form": form, "version": found, "in_use": in_use}
    )
