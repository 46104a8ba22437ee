"""Support plan pages. Views parse and render; services write; selectors decide what is seen.
Every page that shows a person's case writes to the access log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.channel.selectors import CASE_HOLDERS, case_referrals_visible_to
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.partners.selectors import current_services_visible_to
from cornerstone.referrals.models import Referral
from cornerstone.support import selectors, services
from cornerstone.support.forms import ChangeForm, EndForm, PlanForm, ProviderForm, SessionForm
from cornerstone.support.models import Intervention, InterventionType

COORDINATORS = frozenset({Role.CHANNEL_COORDINATOR})


def _log(request: HttpRequest, actor: Actor, target: Any, person_ref: str, description: str) -> None:
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=target,
        person_ref=person_ref,
        description=description,
        path=request.path,
    )


def _case_referral(actor: Actor, referral_id: int) -> Referral:
    return get_visible_or_403(
        case_referrals_visible_to(actor).select_related("person", "local_authority", "channel_case"),
        pk=referral_id,
    )


# Providers ------------------------------------------------------------------------------------


@acting(roles={Role.INTERVENTION_PROVIDER})
def provider_cases(request: HttpRequest) -> HttpResponse:
    """The provider's cases: only the interventions assigned to their organisation or to them,
    with name, age and area, and nothing of the referral, screening or panel."""
    actor = request_actor(request)
    today = timezone.localdate()
    interventions = selectors.mark_overdue(
        list(
            selectors.with_drift(selectors.provider_interventions(actor).filter(ended_at__isnull=True))
            .prefetch_related("case__referral__person__names")
            .select_related("case__referral__local_authority")
            .order_by("starts_on", "id")
        ),
        today,
    )
    rows = [
        {"intervention": i, "person": selectors.person_summary(i.case.referral, today)} for i in interventions
    ]
    _log(request, actor, None, "", f"Viewed their support cases ({len(rows)})")
    return render(
        request,
        "support/provider_cases.html",
        {"rows": rows, "overdue_count": sum(1 for i in interventions if getattr(i, "overdue", False))},
    )


# Coordinators and chairs -------------------------------------------------------------------------


@acting(roles=CASE_HOLDERS)
def overdue(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    today = timezone.localdate()
    drifting = list(
        selectors.drifting_interventions(selectors.interventions_visible_to(actor), today)
        .select_related("case__referral__local_authority")
        .order_by("due_by", "id")  # type: ignore[misc]
    )
    selectors.mark_overdue(drifting, today)
    _log(request, actor, None, "", f"Viewed support overdue ({len(drifting)})")
    return render(request, "support/overdue.html", {"interventions": drifting, "today": today})


@acting(roles=COORDINATORS)
def intervention_new(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Two steps on one page: the type and provider (by GET), then the owner and plan (POST)."""
    actor = request_actor(request)
    referral = _case_referral(actor, referral_id)
    _log(request, actor, referral, referral.person_ref, "Viewed the support plan to add an intervention")
    context: dict[str, Any] = {"referral": referral, "in_support": selectors.can_manage_plan(actor, referral)}
    if not context["in_support"]:
        context["refusal"] = services.NOT_IN_SUPPORT
        return render(request, "support/intervention_new.html", context)
    provider_ids = {org.pk for org in selectors.allowed_providers(actor, InterventionType.OTHER)}
    provider_form = ProviderForm(
        request.GET if {"type", "provider"} & set(request.GET) else None,
        providers=Organisation.objects.filter(pk__in=provider_ids).order_by("name"),
        services=current_services_visible_to(actor).order_by("name"),
    )
    context["provider_form"] = provider_form
    if not provider_form.is_bound or not provider_form.is_valid():
        return render(request, "support/intervention_new.html", context)
    choice = provider_form.cleaned_data
    if choice["type"] == InterventionType.MENTORING:
        approved = {org.pk for org in selectors.allowed_providers(actor, InterventionType.MENTORING)}
        if choice["provider"].pk not in approved:
            provider_form.add_error(
                "provider", "Mentoring must be given by an approved intervention provider"
            )
            return render(request, "support/intervention_new.html", context)
        if choice["provider_service"] is not None:
            provider_form.add_error(
                "provider_service", "Mentoring is chosen from the approved providers, not the directory"
            )
            return render(request, "support/intervention_new.html", context)
    owners = selectors.allowed_owners(referral, choice["provider"])
    form = PlanForm(request.POST if request.method == "POST" else None, owners=owners)
    context.update({"form": form, "choice": choice, "type_label": InterventionType(choice["type"]).label})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            intervention = services.intervention_add(
                actor=actor,
                referral_id=referral.pk,
                type=choice["type"],
                description=data["description"],
                provider_id=choice["provider"].pk,
                provider_service_id=choice["provider_service"].pk if choice["provider_service"] else None,
                owner_id=data["owner"].pk,
                frequency_days=data["frequency_days"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{intervention.get_type_display()} added to the support plan")
            return redirect("support:intervention", intervention.pk)
    return render(request, "support/intervention_new.html", context)


# One intervention -------------------------------------------------------------------------------


def _intervention(actor: Actor, intervention_id: int) -> Intervention:
    return get_visible_or_403(
        selectors.with_drift(selectors.interventions_visible_to(actor)).select_related(
            "case__referral__person", "case__referral__local_authority"
        ),
        pk=intervention_id,
    )


@acting()
def intervention_detail(request: HttpRequest, intervention_id: int) -> HttpResponse:
    """The intervention, its sessions and the form to log one (POST logs a session)."""
    actor = request_actor(request)
    intervention = _intervention(actor, intervention_id)
    referral = intervention.case.referral
    today = timezone.localdate()
    selectors.mark_overdue([intervention], today)
    can_work = selectors.can_work_on(actor, intervention)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_work:
            messages.error(request, "You cannot log sessions for this intervention")
            return redirect("support:intervention", intervention.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.session_log(
                    actor=actor,
                    intervention_id=intervention.pk,
                    held_on=data["held_on"],
                    status=data["status"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Session logged")
                return redirect("support:intervention", intervention.pk)
    _log(request, actor, referral, referral.person_ref, "Viewed an intervention and its sessions")
    return render(
        request,
        "support/intervention_detail.html",
        {
            "intervention": intervention,
            "referral": referral,
            "person": selectors.person_summary(referral, today),
            "sessions": list(intervention.sessions.select_related("logged_by").order_by("-held_on", "-id")),
            "form": form,
            "can_log": can_work and intervention.ended_at is None and referral.status == "support",
            "can_change": can_work and intervention.ended_at is None and referral.status == "support",
            "is_case_holder": actor.role in CASE_HOLDERS,
            "grace_days": selectors.drift_grace_days(),
        },
    )


@acting()
def intervention_change(request: HttpRequest, intervention_id: int) -> HttpResponse:
    actor = request_actor(request)
    intervention = _intervention(actor, intervention_id)
    referral = intervention.case.referral
    if not selectors.can_work_on(actor, intervention):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    owners = selectors.allowed_owners(referral, intervention.provider)
    initial = {
        "owner": intervention.owner,
        "frequency_days": intervention.frequency_days,
        "ends_on": intervention.ends_on,
        "description": intervention.description,
    }
    form = ChangeForm(request.POST if request.method == "POST" else None, owners=owners, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.intervention_change(
                actor=actor,
                intervention_id=intervention.pk,
                description=data["description"],
                owner_id=data["owner"].pk,
                frequency_days=data["frequency_days"],
                ends_on=data["ends_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Intervention changed")
            return redirect("support:intervention", intervention.pk)
    _log(request, actor, referral, referral.person_ref, "Viewed an intervention to change it")
    return render(request, "support/intervention_change.html", {"intervention": intervention, "form": form})


@acting()
def intervention_end(request: HttpRequest, intervention_id: int) -> HttpResponse:
    actor = request_actor(request)
    intervention = _intervention(actor, intervention_id)
    referral = intervention.case.referral
    if not selectors.can_work_on(actor, intervention):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = EndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_end(
                actor=actor, intervention_id=intervention.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Intervention ended")
            return redirect("support:intervention", intervention.pk)
    _log(request, actor, referral, referral.person_ref, "Viewed an intervention to end it")
    return render(request, "support/intervention_end.html", {"intervention": intervention, "form": form})
