"""The forms of police screening. The case page itself is ``referrals:detail``; each form here
goes back to it. Views parse and render; every change goes through ``services``, and a refusal
(someone else moved the case first, or something is missing) is shown in the error summary with
nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.roles import Role
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.partners.selectors import current_services_visible_to
from cornerstone.referrals import services as referral_services
from cornerstone.referrals.models import Referral
from cornerstone.referrals.selectors import referrals_visible_to
from cornerstone.referrals.workflow import SCREENERS, SUPERVISORS, Status, TransitionNotAllowed
from cornerstone.screening import selectors, services
from cornerstone.screening.forms import (
    APPROVE,
    ApprovalForm,
    DecisionForm,
    DeconflictionForm,
    PolicyForm,
    ReasonForm,
)

POLICY_ROLES = frozenset({Role.POLICE_PREVENT_SUPERVISOR, Role.ORGANISATION_ADMINISTRATOR})


def _referral(actor: Actor, referral_id: int) -> Referral:
    return get_visible_or_403(referrals_visible_to(actor).select_related("routed_to"), pk=referral_id)


def _refused(form: forms.Form, error: Exception) -> int:
    """Put a service's refusal on the form; the status code to answer with."""
    if isinstance(error, ValidationError):
        add_service_errors(form, error)
        return 400
    form.add_error(None, str(error))
    return 409


def _page(
    request: HttpRequest,
    referral: Referral,
    *,
    title: str,
    form: forms.Form,
    button: str,
    available: bool,
    unavailable: str = "",
    intro: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "referral": referral,
        "title": title,
        "form": form,
        "button": button,
        "available": available,
        "unavailable": unavailable
        or f"This cannot be done now: the referral is '{referral.get_status_display()}'.",
        "intro": intro,
        **(extra or {}),
    }
    return render(request, "screening/form.html", context, status=status)


def _done(request: HttpRequest, referral: Referral, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("referrals:detail", referral.pk)


@acting(roles=SCREENERS)
def deconfliction(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _referral(actor, referral_id)
    existing = selectors.deconfliction_of(referral)
    initial = {}
    if existing is not None and selectors.can_see_deconfliction_outcome(actor):
        initial = {"outcome": existing.outcome, "outcome_note": existing.outcome_note}
    form = DeconflictionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.deconfliction_record(
                actor=actor,
                referral_id=referral.pk,
                outcome=form.cleaned_data["outcome"],
                outcome_note=form.cleaned_data["outcome_note"],
            )
        except (ValidationError, TransitionNotAllowed) as error:
            status = _refused(form, error)
        else:
            return _done(request, referral, "Deconfliction recorded")
    elif request.method == "POST":
        status = 400
    return _page(
        request,
        referral,
        title="Correct the deconfliction record" if existing else "Record deconfliction",
        form=form,
        button="Save deconfliction",
        available=referral.status == Status.IN_SCREENING,
        intro=(
            "Record that the deconfliction check was done in police systems, and its outcome. "
            "The person's timeline will show only that deconfliction was done."
        ),
        status=status,
    )


@acting(roles=SCREENERS)
def decide(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _referral(actor, referral_id)
    form = DecisionForm(request.POST or None, services=current_services_visible_to(actor))
    approval = selectors.approval_required(referral.routed_to_id)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = data.get("signposted_service")
        try:
            decision = services.screening_decide(
                actor=actor,
                referral_id=referral.pk,
                outcome=data["outcome"],
                rationale=data["rationale"],
                signposted_service_id=service.pk if service is not None else None,
                signposted_to=data.get("signposted_to") or "",
                passed_on=data.get("passed_on") or "",
                seen_status=request.POST.get("seen_status", ""),
            )
        except (ValidationError, TransitionNotAllowed) as error:
            status = _refused(form, error)
        else:
            if decision.state == "proposed":
                return _done(
                    request, referral, "Decision proposed: it is waiting for a supervisor's approval"
                )
            return _done(
                request,
                referral,
                f"Decision recorded: {selectors.outcome_phrase(decision.outcome, decision.signposted_to)}",
            )
    elif request.method == "POST":
        status = 400
    return _page(
        request,
        referral,
        title="Propose a screening decision" if approval else "Make a screening decision",
        form=form,
        button="Propose decision" if approval else "Record decision",
        available=referral.status == Status.IN_SCREENING,
        intro=(
            "Your unit needs a supervisor who did not propose it to approve each decision. "
            if approval
            else ""
        )
        + "Deconfliction must be recorded and the gateway assessment completed before deciding.",
        status=status,
    )


@acting(roles=SUPERVISORS)
def approval(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _referral(actor, referral_id)
    proposal = selectors.decisions_of(referral).filter(state="proposed").first()
    form = ApprovalForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["choice"] == APPROVE:
                made = services.screening_decision_approve(
                    actor=actor,
                    referral_id=referral.pk,
                    seen_status=request.POST.get("seen_status", ""),
                )
                message = f"Decision approved: {selectors.outcome_phrase(made.outcome, made.signposted_to)}"
            else:
                services.screening_decision_return(
                    actor=actor,
                    referral_id=referral.pk,
                    reason=form.cleaned_data["reason"],
                    seen_status=request.POST.get("seen_status", ""),
                )
                message = "Decision returned: the referral is being screened again"
        except (ValidationError, TransitionNotAllowed) as error:
            status = _refused(form, error)
        else:
            return _done(request, referral, message)
    elif request.method == "POST":
        status = 400
    own = proposal is not None and actor.user is not None and proposal.decided_by_id == actor.user.pk
    return _page(
        request,
        referral,
        title="Approve or return the screening decision",
        form=form,
        button="Continue",
        available=referral.status == Status.AWAITING_APPROVAL and proposal is not None,
        intro=(
            "You proposed this decision: another supervisor must approve it. You can return it to change it."
            if own
            else ""
        ),
        status=status,
        extra={"proposal": proposal, "show_deconfliction_outcome": False},
    )


def _police_managed_step(
    request: HttpRequest,
    referral_id: int,
    *,
    question: str,
    required: str,
    take: Callable[[Actor, Referral, str, str], Any],
    done: str,
    title: str,
    button: str,
) -> HttpResponse:
    """A police-managed case closed or referred on: one reason, one service call."""
    actor = request_actor(request)
    referral = _referral(actor, referral_id)
    form = ReasonForm(request.POST or None, label=question, required=required)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            take(actor, referral, form.cleaned_data["reason"], request.POST.get("seen_status", ""))
        except (ValidationError, TransitionNotAllowed) as error:
            status = _refused(form, error)
        else:
            return _done(request, referral, done)
    elif request.method == "POST":
        status = 400
    return _page(
        request,
        referral,
        title=title,
        form=form,
        button=button,
        available=referral.status == Status.POLICE_MANAGED,
        status=status,
    )


@acting(roles=SCREENERS)
def close(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _police_managed_step(
        request,
        referral_id,
        question="Why is the case being closed?",
        required="Enter why the case is being closed",
        take=lambda actor, referral, reason, seen: referral_services.referral_close(
            actor=actor, referral_id=referral.pk, reason=reason, seen_status=seen
        ),
        done="The police-managed case is closed",
        title="Close the police-managed case",
        button="Close the case",
    )


@acting(roles=SCREENERS)
def refer(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _police_managed_step(
        request,
        referral_id,
        question="Why is the case referred to Channel?",
        required="Enter why the case is referred to Channel",
        take=lambda actor, referral, reason, seen: services.police_managed_refer_to_channel(
            actor=actor, referral_id=referral.pk, rationale=reason, seen_status=seen
        ),
        done="Referred to Channel: the area's Channel coordinators have been told",
        title="Refer the police-managed case to Channel",
        button="Refer to Channel",
    )


@acting(roles=POLICY_ROLES)
def policy(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    unit = selectors.policy_unit_for(actor)
    if unit is None:
        raise PermissionDenied
    current = selectors.approval_required(unit)
    form = PolicyForm(
        request.POST or None, initial={"supervisor_approval_required": "yes" if current else "no"}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_policy_set(
                actor=actor, supervisor_approval_required=form.cleaned_data["supervisor_approval_required"]
            )
        except ValidationError as error:
            status = _refused(form, error)
        else:
            messages.success(request, "The screening policy has been saved")
            return redirect("screening:policy")
    elif request.method == "POST":
        status = 400
    return render(
        request, "screening/policy.html", {"form": form, "unit": unit, "current": current}, status=status
    )
