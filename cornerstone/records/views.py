"""Retention pages for data protection officers and system administrators: the reviews that
are due, each decided by reference only; the rules; the deletion certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.records import selectors, services
from cornerstone.records.forms import KEEP, ReviewDecisionForm, RuleForm
from cornerstone.records.models import RetentionRule, ReviewState
from cornerstone.records.permissions import RETENTION_ROLES


@acting(roles=RETENTION_ROLES)
def reviews(request: HttpRequest) -> HttpResponse:
    visible = selectors.retention_reviews_visible_to(request_actor(request))
    return render(
        request,
        "records/reviews.html",
        {
            "pending": list(visible.filter(state=ReviewState.PENDING)[:500]),
            "decided": list(visible.exclude(state=ReviewState.PENDING).order_by("-decided_at", "-pk")[:50]),
        },
    )


@acting(roles=RETENTION_ROLES)
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    actor = request_actor(request)
    found = get_visible_or_403(selectors.retention_reviews_visible_to(actor), pk=review_id)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and found.state == ReviewState.PENDING and form.is_valid():
        try:
            if form.cleaned_data["decision"] == KEEP:
                services.retention_review_keep(
                    actor=actor,
                    review_id=found.pk,
                    reason=form.cleaned_data["reason"],
                    review_again_on=form.cleaned_data["review_again_on"],
                )
            else:
                certificate = services.retention_review_confirm(actor=actor, review_id=found.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["decision"] == KEEP:
                messages.success(request, f"The records of {found.person_reference} will be kept longer")
                return redirect("records:reviews")
            messages.success(request, f"The records were deleted: certificate {certificate.number}")
            return redirect("records:certificate", certificate.number)
    if request.method == "GET":
        access_log_record(
            actor=actor,
            kind=AccessKind.VIEW,
            target=found,
            person_ref=found.person_reference,
            description="Viewed a retention review",
            path=request.path,
        )
    return render(request, "records/review.html", {"review": found, "form": form})


@acting(roles=RETENTION_ROLES)
def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "records/rules.html", {"rules": RetentionRule.objects.all()})


@acting(roles=RETENTION_ROLES)
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    actor = request_actor(request)
    rule = get_visible_or_403(RetentionRule.objects.all(), pk=rule_id)
    form = RuleForm(request.POST or None, initial={"years": rule.years})
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_rule_update(actor=actor, rule_id=rule.pk, years=form.cleaned_data["years"])
        except ValidationError as error:
            form.add_error("years", error)
        else:
            messages.success(request, "Retention rule changed")
            return redirect("records:rules")
    return render(request, "records/rule_form.html", {"rule": rule, "form": form})


@acting(roles=RETENTION_ROLES)
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    found = get_visible_or_403(selectors.certificates_visible_to(request_actor(request)), number=number)
    return render(request, "records/certificate.html", {"certificate": found})
