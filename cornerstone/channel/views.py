"""Channel pages: the coordinator's case list and case page with its actions, and the partner's
information-request inbox. Views parse and render; records come from ``selectors`` through
``get_visible_or_403``; every change goes through ``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.accounts.roles import Role
from cornerstone.assessments.views import assessment_panel
from cornerstone.audit.disclosures.permissions import can_record_disclosure
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record
from cornerstone.channel import selectors, services
from cornerstone.channel.forms import (
    AnswerForm,
    ConsentForm,
    InformationRequestForm,
    ListForPanelForm,
    WithdrawForm,
)
from cornerstone.channel.models import ChannelCase, ConsentDecision, InformationRequest
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.govuk.pagination import pagination_context
from cornerstone.people.models import NameKind, PersonName
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import refusal_message
from cornerstone.referrals.views import waiting_time
from cornerstone.referrals.workflow import Status, TransitionNotAllowed
from cornerstone.support.selectors import case_support

COORDINATOR = frozenset({Role.CHANNEL_COORDINATOR})
CASE_READERS = selectors.CASE_HOLDERS
PARTNERS = selectors.PARTNER_ANSWERERS
PAGE_SIZE = 25

# The list page's tabs, in the order of the journey.
LIST_STATES: tuple[tuple[str, str], ...] = (
    (Status.WITH_CHANNEL, "Waiting for pick-up"),
    (Status.INFORMATION_GATHERING, "Gathering information"),
    (Status.LISTED, "Listed for a panel"),
    (Status.AWAITING_CONSENT, "Waiting for consent"),
    (Status.CONSENT_DECLINED, "Consent declined or withdrawn"),
    (Status.SUPPORT, "Support under way"),
    (Status.POST_CLOSURE, "Post-closure reviews"),
)


def _primary_names() -> Prefetch[Any]:
    return Prefetch(
        "referral__person__names",
        queryset=PersonName.objects.filter(kind=NameKind.PRIMARY).order_by("pk"),
        to_attr="primary_names",
    )


def _name_of(case: ChannelCase) -> str:
    person = case.referral.person
    names = getattr(person, "primary_names", []) if person is not None else []
    return names[0].full_name if names else "Not known"


# The coordinator's list -----------------------------------------------------------------------


@acting(roles=CASE_READERS)
def case_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    cases = selectors.channel_cases_visible_to(actor)
    counts = dict(cases.values_list("referral__status").annotate(n=Count("pk")).order_by())
    state = request.GET.get("state", Status.WITH_CHANNEL)
    if state not in dict(LIST_STATES):
        state = Status.WITH_CHANNEL
    chosen = (
        cases.filter(referral__status=state)
        .select_related("referral", "referral__local_authority", "referral__person", "coordinator")
        .prefetch_related(_primary_names())
        .order_by("progressed_at", "pk")
    )
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "case": case,
            "referral": case.referral,
            "name": _name_of(case),
            "waiting": waiting_time(case.progressed_at, now),
        }
        for case in page.object_list
    ]
    tabs = [
        {"state": value, "label": label, "count": counts.get(value, 0), "current": value == state}
        for value, label in LIST_STATES
    ]
    return render(
        request,
        "channel/cases.html",
        {
            "rows": rows,
            "tabs": tabs,
            "state": state,
            "state_label": dict(LIST_STATES)[state],
            "waiting_state": state == Status.WITH_CHANNEL,
            **pagination_context(page, request.GET),
        },
    )


# The case page -------------------------------------------------------------------------------


def _case_referral(actor: Actor, referral_id: int) -> Referral:
    return get_visible_or_403(
        selectors.case_referrals_visible_to(actor).select_related(
            "person", "local_authority", "concern_type", "channel_case", "channel_case__coordinator"
        ),
        pk=referral_id,
    )


def _request_rows(referral: Referral) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for info in InformationRequest.objects.filter(case__referral=referral).select_related(
        "organisation", "sent_by", "answered_by"
    ):
        if info.withdrawn_at is not None:
            status, colour = "Withdrawn", "grey"
        elif info.answered_at is not None:
            status, colour = "Answered", "green"
        elif selectors.is_overdue(info, today):
            status, colour = "Overdue", "red"
        else:
            status, colour = "Waiting for an answer", "blue"
        rows.append({"request": info, "status": status, "colour": colour})
    return rows


def _screening_rationale(referral: Referral) -> str:
    from cornerstone.screening.models import ScreeningDecision

    decision = (
        ScreeningDecision.objects.filter(referral=referral, state="made")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return decision.rationale if decision is not None else ""


def _case_context(request: HttpRequest, actor: Actor, referral: Referral) -> dict[str, Any]:
    case = referral.channel_case  # type: ignore[attr-defined]
    is_coordinator = actor.role == Role.CHANNEL_COORDINATOR
    status = referral.status
    support = case_support(actor, referral, timezone.localdate())
    return {
        "referral": referral,
        "case": case,
        "detail": selectors.identifying_detail(referral),
        "screening_rationale": _screening_rationale(referral),
        "is_coordinator": is_coordinator,
        "can_record_disclosure": is_coordinator and can_record_disclosure(actor, referral),
        "can_accept": is_coordinator and status == Status.WITH_CHANNEL,
        "can_request": is_coordinator and status in selectors.INFORMATION_REQUEST_STATES,
        "can_list": is_coordinator and status == Status.INFORMATION_GATHERING,
        "can_consent": is_coordinator and status in (Status.AWAITING_CONSENT, Status.SUPPORT),
        "requests": _request_rows(referral),
        **assessment_panel(actor, referral, "preliminary"),
        "interventions": support["interventions"],
        "can_manage": support["can_manage"],
        "assessment_completed": selectors.preliminary_assessment_completed(referral),
        "consents": case.consents.select_related("recorded_by"),
        "timeline": selectors.timeline_for(actor, referral),
        "current": referral,
    }


@acting(roles=CASE_READERS)
def case_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _case_referral(actor, referral_id)
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=referral,
        person_ref=referral.person_ref,
        description="Viewed the Channel case",
        path=request.path,
    )
    return render(request, "channel/case.html", _case_context(request, actor, referral))


def _refused(request: HttpRequest, error: ValidationError | TransitionNotAllowed) -> None:
    messages.error(request, refusal_message(error))


@require_POST
@acting(roles=COORDINATOR)
def case_accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _case_referral(actor, referral_id)
    try:
        services.channel_case_accept(actor=actor, referral_id=referral.pk)
    except (ValidationError, TransitionNotAllowed) as error:
        _refused(request, error)
    else:
        messages.success(request, f"You picked up {referral.reference}: information gathering has started")
    return redirect("channel:case", referral.pk)


@acting(roles=COORDINATOR)
def request_new(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _case_referral(actor, referral_id)
    form = InformationRequestForm(request.POST or None, organisations=selectors.partner_organisations())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.information_request_send(
                actor=actor,
                referral_id=referral.pk,
                organisation_id=data["organisation"].pk,
                question=data["question"],
                due_on=data["due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Information request sent to {data['organisation'].name}")
            return redirect("channel:case", referral.pk)
    return render(request, "channel/request_new.html", {"form": form, "referral": referral})


@acting(roles=COORDINATOR)
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request_actor(request)
    info = get_visible_or_403(selectors.information_requests_visible_to(actor), pk=request_id)
    referral = info.case.referral
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.information_request_withdraw(
                actor=actor, request_id=info.pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Information request to {info.organisation.name} withdrawn")
            return redirect("channel:case", referral.pk)
    return render(
        request, "channel/request_withdraw.html", {"form": form, "info": info, "referral": referral}
    )


@acting(roles=COORDINATOR)
def list_for_panel(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _case_referral(actor, referral_id)
    form = ListForPanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_case_list_for_panel(
                actor=actor,
                referral_id=referral.pk,
                reason=form.cleaned_data["reason"],
                seen_status=request.POST.get("seen_status", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionNotAllowed as error:
            form.add_error(None, refusal_message(error))
        else:
            messages.success(request, f"{referral.reference} is listed: it goes on the next panel agenda")
            return redirect("channel:case", referral.pk)
    return render(
        request,
        "channel/list_for_panel.html",
        {
            "form": form,
            "referral": referral,
            "assessment_completed": selectors.preliminary_assessment_completed(referral),
        },
    )


def _consent_decisions(status: str) -> list[str]:
    if status == Status.SUPPORT:
        return [ConsentDecision.WITHDRAWN]
    return [ConsentDecision.GIVEN, ConsentDecision.DECLINED]


@acting(roles=COORDINATOR)
def consent(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request_actor(request)
    referral = _case_referral(actor, referral_id)
    is_child = selectors.person_is_child(referral, timezone.localdate())
    form = ConsentForm(request.POST or None, decisions=_consent_decisions(referral.status), is_child=is_child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=actor,
                referral_id=referral.pk,
                decision=data["decision"],
                decided_on=data["decided_on"],
                method=data["method"],
                method_detail=data.get("method_detail", ""),
                capacity_considered=data.get("capacity_considered", ""),
                parent_name=data.get("parent_name", ""),
                parent_relationship=data.get("parent_relationship", ""),
                child_view=data.get("child_view", ""),
                is_child=None if "is_child" not in data else data["is_child"] == "yes",
                seen_status=request.POST.get("seen_status", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except TransitionNotAllowed as error:
            form.add_error(None, refusal_message(error))
        else:
            decision = ConsentDecision(data["decision"]).label.lower()
            messages.success(request, f"Consent {decision} recorded for {referral.reference}")
            return redirect("channel:case", referral.pk)
    return render(
        request,
        "channel/consent.html",
        {
            "form": form,
            "referral": referral,
            "is_child": is_child,
            "open": referral.status in (Status.AWAITING_CONSENT, Status.SUPPORT),
        },
    )


# The partner's inbox -------------------------------------------------------------------------


@acting(roles=PARTNERS)
def inbox(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    today = timezone.localdate()
    requests = selectors.information_requests_for_partner(actor)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "request": info,
            "reference": info.case.referral.reference,
            "overdue": selectors.is_overdue(info, today),
        }
        for info in page.object_list
    ]
    return render(request, "channel/inbox.html", {"rows": rows, **pagination_context(page, request.GET)})


@acting(roles=PARTNERS)
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request_actor(request)
    info = get_visible_or_403(
        selectors.information_requests_for_partner(actor).select_related(
            "case__referral__person", "case__referral__local_authority"
        ),
        pk=request_id,
    )
    referral = info.case.referral
    form = AnswerForm(request.POST or None) if info.answered_at is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.information_request_answer(
                actor=actor, request_id=info.pk, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your answer has been sent to the Channel coordinator")
            return redirect("channel:inbox")
    # The page shows who the question is about: every showing is logged.
    access_log_record(
        actor=actor,
        kind=AccessKind.VIEW,
        target=info,
        person_ref=referral.person_ref,
        description="Viewed an information request",
        path=request.path,
    )
    return render(
        request,
        "channel/request.html",
        {
            "info": info,
            "reference": referral.reference,
            "detail": selectors.identifying_detail(referral),
            "overdue": selectors.is_overdue(info),
            "form": form,
        },
    )
