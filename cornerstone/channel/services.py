"""Every write of the local authority's Channel work: picking up a case, information requests to
partners, listing for a panel and consent. Each public function is one transaction and leaves
exactly one audit event; state changes go through ``referral_transition``.

Timeline entries say what happened and who did it, never the restricted detail: no question or
answer of an information request, no consent detail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation, User
from cornerstone.accounts.roles import Role
from cornerstone.audit.services import audit_event_record
from cornerstone.channel.handover import channel_coordinators_for
from cornerstone.channel.models import (
    ChannelCase,
    ConsentDecision,
    ConsentMethod,
    ConsentRecord,
    InformationRequest,
)
from cornerstone.channel.selectors import (
    INFORMATION_REQUEST_STATES,
    PARTNER_ANSWERERS,
    channel_cases_visible_to,
    partner_answerers,
    partner_organisations,
    person_is_child,
    preliminary_assessment_completed,
)
from cornerstone.notifications.services import notify
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import CaseMovedOn, moved_on_message, referral_transition, timeline_add
from cornerstone.referrals.workflow import Guard, Status, status_label
from cornerstone.support.closing import end_open_interventions

MAX_QUESTION = 5000
MAX_ANSWER = 10000


def _case_path(referral: Referral) -> str:
    return reverse("channel:case", args=[referral.pk])


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise PermissionDenied
    return actor.user


def _locked_case_referral(actor: Actor, referral_id: int) -> Referral:
    """The referral of a Channel case the actor coordinates, locked for the change."""
    if actor.user is None or actor.role != Role.CHANNEL_COORDINATOR:
        raise PermissionDenied
    if not channel_cases_visible_to(actor).filter(referral_id=referral_id).exists():
        raise PermissionDenied
    return Referral.objects.select_for_update().get(pk=referral_id)


# Picking up a case --------------------------------------------------------------------------


def channel_case_accept(*, actor: Actor, referral_id: int) -> Referral:
    """The coordinator picks up a case progressed to Channel: information gathering starts."""

    def record(referral: Referral) -> dict[str, Any]:
        case = ChannelCase.objects.select_for_update().filter(referral=referral).first()
        if case is None:  # a case progressed before Channel cases were opened on progression
            assert referral.local_authority is not None  # every submitted referral has one  # noqa: S101
            case = ChannelCase.objects.create(referral=referral, local_authority=referral.local_authority)
        case.coordinator = actor.user
        case.accepted_at = timezone.now()
        case.save(update_fields=["coordinator", "accepted_at"])
        return {"coordinator": actor.label}

    return referral_transition(
        actor=actor,
        referral_id=referral_id,
        action="accept_case",
        record=record,
        timeline_title="Case picked up",
    )


# Information requests -----------------------------------------------------------------------


def information_request_send(
    *, actor: Actor, referral_id: int, organisation_id: int, question: str, due_on: dt.date
) -> InformationRequest:
    """Ask one partner organisation one question about a case, to answer by ``due_on``."""
    question = question.strip()
    with transaction.atomic():
        referral = _locked_case_referral(actor, referral_id)
        if referral.status not in INFORMATION_REQUEST_STATES:
            raise ValidationError(
                "Information requests can be sent only while the case is gathering information, "
                f"listed for a panel or in support. This case is now '{status_label(referral.status)}'."
            )
        errors: dict[str, str] = {}
        organisation = partner_organisations().filter(pk=organisation_id).first()
        if organisation is None:
            errors["organisation"] = "Select a partner organisation from the list"
        if not question:
            errors["question"] = "Enter the question for the partner"
        elif len(question) > MAX_QUESTION:
            errors["question"] = f"The question must be {MAX_QUESTION:,} characters or fewer"
        if due_on < timezone.localdate():
            errors["due_on"] = "The date to answer by must be today or in the future"
        if errors:
            raise ValidationError(errors)
        assert organisation is not None  # noqa: S101 - checked above
        case = ChannelCase.objects.get(referral=referral)
        request = InformationRequest.objects.create(
            case=case, organisation=organisation, question=question, due_on=due_on, sent_by=_user(actor)
        )
        notify(
            recipients=partner_answerers(organisation),
            kind="information_request",
            reference=referral.reference or "",
            path=reverse("channel:request", args=[request.pk]),
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind="information_request",
            title=f"Information request sent to {organisation.name}",
        )
        audit_event_record(
            actor=actor,
            action="information_request.send",
            target=request,
            person_ref=referral.person_ref,
            changes={"organisation": organisation.name, "due_on": due_on.isoformat()},
        )
    return request


def information_request_answer(*, actor: Actor, request_id: int, answer: str) -> InformationRequest:
    """A safeguarding lead or panel member of the organisation asked answers, once."""
    answer = answer.strip()
    if actor.user is None or actor.role not in PARTNER_ANSWERERS or actor.organisation is None:
        raise PermissionDenied
    with transaction.atomic():
        request = (
            InformationRequest.objects.select_for_update()
            .filter(pk=request_id, organisation=actor.organisation)
            .first()
        )
        if request is None:
            raise PermissionDenied
        if request.withdrawn_at is not None:
            raise ValidationError(
                "This request was withdrawn by the Channel coordinator: it needs no answer."
            )
        if request.answered_at is not None:
            answered_on = timezone.localtime(request.answered_at).strftime("%-d %B %Y")
            raise ValidationError(f"This request was already answered on {answered_on}. Nothing was changed.")
        if not answer:
            raise ValidationError({"answer": "Enter your answer"})
        if len(answer) > MAX_ANSWER:
            raise ValidationError({"answer": f"The answer must be {MAX_ANSWER:,} characters or fewer"})
        request.answer = answer
        request.answered_by = actor.user
        request.answered_at = timezone.now()
        request.save(update_fields=["answer", "answered_by", "answered_at"])
        case = ChannelCase.objects.select_related("referral", "coordinator", "local_authority").get(
            pk=request.case_id
        )
        referral = case.referral
        recipients = (
            [case.coordinator]
            if case.coordinator is not None
            else channel_coordinators_for(case.local_authority)
        )
        notify(
            recipients=recipients,
            kind="information_answered",
            reference=referral.reference or "",
            path=_case_path(referral),
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind="information_answered",
            title=f"Information request answered by {actor.organisation.name}",
        )
        audit_event_record(
            actor=actor,
            action="information_request.answer",
            target=request,
            person_ref=referral.person_ref,
            changes={"answered": True},
        )
    return request


def information_request_withdraw(*, actor: Actor, request_id: int, reason: str) -> InformationRequest:
    """The coordinator withdraws an unanswered request: the partner no longer sees it."""
    reason = reason.strip()
    if actor.user is None or actor.role != Role.CHANNEL_COORDINATOR:
        raise PermissionDenied
    with transaction.atomic():
        request = (
            InformationRequest.objects.select_for_update()
            .filter(pk=request_id, case__in=channel_cases_visible_to(actor))
            .first()
        )
        if request is None:
            raise PermissionDenied
        if request.withdrawn_at is not None:
            raise ValidationError("This request has already been withdrawn. Nothing was changed.")
        if request.answered_at is not None:
            raise ValidationError("This request has already been answered, so it cannot be withdrawn.")
        if not reason:
            raise ValidationError({"reason": "Enter why you are withdrawing the request"})
        request.withdrawn_at = timezone.now()
        request.withdrawn_by = actor.user
        request.withdrawn_reason = reason
        request.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        organisation = Organisation.objects.get(pk=request.organisation_id)
        referral = Referral.objects.get(channel_case__pk=request.case_id)
        timeline_add(
            actor=actor,
            referral=referral,
            kind="information_request_withdrawn",
            title=f"Information request to {organisation.name} withdrawn",
        )
        audit_event_record(
            actor=actor,
            action="information_request.withdraw",
            target=request,
            reason=reason,
            person_ref=referral.person_ref,
            changes={"organisation": organisation.name},
        )
    return request


# Listing for a panel ------------------------------------------------------------------------


def channel_case_list_for_panel(
    *, actor: Actor, referral_id: int, reason: str = "", seen_status: str = ""
) -> Referral:
    """List the case for a Channel panel: the panels app puts every listed case on the next
    agenda. Needs the preliminary assessment completed."""

    def assessed(referral: Referral) -> str | None:
        if preliminary_assessment_completed(referral):
            return None
        return "Complete the preliminary assessment before listing the case for a panel"

    return referral_transition(
        actor=actor,
        seen_status=seen_status,
        referral_id=referral_id,
        action="list_for_panel",
        guards={Guard.PRELIMINARY_ASSESSMENT: assessed},
        reason=reason,
        timeline_title="Listed for a Channel panel",
    )


# Consent ------------------------------------------------------------------------------------

CONSENT_ACTIONS = {
    ConsentDecision.GIVEN: "consent_given",
    ConsentDecision.DECLINED: "consent_declined",
    ConsentDecision.WITHDRAWN: "consent_withdrawn",
}
CONSENT_TITLES = {
    ConsentDecision.GIVEN: "Consent given",
    ConsentDecision.DECLINED: "Consent declined",
    ConsentDecision.WITHDRAWN: "Consent withdrawn",
}


def _right_person_problems(
    *, is_child: bool, capacity_considered: str, parent_name: str, parent_relationship: str, child_view: str
) -> dict[str, str]:
    if not is_child:
        if not capacity_considered:
            return {"capacity_considered": "Record how the person's capacity to decide was considered"}
        return {}
    problems = {}
    if not parent_name:
        problems["parent_name"] = "Enter the name of the person with parental responsibility"
    if not parent_relationship:
        problems["parent_relationship"] = "Enter their relationship to the child"
    if not child_view:
        problems["child_view"] = "Record the child's own view"
    return problems


def _state_problem(decision: str, status: str) -> str | None:
    """Which decision fits the case's state, in words (support starts only after consent given)."""
    if decision in (ConsentDecision.GIVEN, ConsentDecision.DECLINED) and status != Status.AWAITING_CONSENT:
        if status == Status.SUPPORT:
            return "Consent was already given. If the person has changed their mind, record that consent was withdrawn."
        return (
            "Consent can be given or declined only once the panel has adopted the case and it is waiting "
            f"for consent. This case is now '{status_label(status)}'."
        )
    if decision == ConsentDecision.WITHDRAWN and status != Status.SUPPORT:
        if status == Status.AWAITING_CONSENT:
            return "Consent has not been given yet, so it cannot be withdrawn. Record that it was declined instead."
        return f"Consent can be withdrawn only while support is under way. This case is now '{status_label(status)}'."
    return None


def consent_record(
    *,
    actor: Actor,
    referral_id: int,
    decision: str,
    decided_on: dt.date,
    method: str,
    method_detail: str = "",
    capacity_considered: str = "",
    parent_name: str = "",
    parent_relationship: str = "",
    child_view: str = "",
    is_child: bool | None = None,
    seen_status: str = "",
) -> ConsentRecord:
    """Record consent to Channel support given, declined or withdrawn. Given starts support;
    declined or withdrawn sends the case back to the panel to record the alternative.

    Adult or child is decided from the person's date of birth on ``decided_on``; ``is_child`` is
    used only when the person index does not know the date of birth."""
    method_detail = method_detail.strip()
    capacity_considered = capacity_considered.strip()
    parent_name = parent_name.strip()
    parent_relationship = parent_relationship.strip()
    child_view = child_view.strip()
    if decision not in CONSENT_ACTIONS:
        raise ValidationError({"decision": "Select whether consent was given, declined or withdrawn"})
    with transaction.atomic():
        referral = _locked_case_referral(actor, referral_id)
        if seen_status and referral.status != seen_status:
            raise CaseMovedOn(moved_on_message(referral))
        state_problem = _state_problem(decision, referral.status)
        if state_problem is not None:
            raise ValidationError(state_problem)
        errors: dict[str, str] = {}
        if decided_on > timezone.localdate():
            errors["decided_on"] = "The date of the decision must be today or in the past"
        if method not in ConsentMethod.values:
            errors["method"] = "Select how the decision was obtained"
        elif method == ConsentMethod.OTHER and not method_detail:
            errors["method_detail"] = "Say how the decision was obtained"
        child = person_is_child(referral, decided_on)
        if child is None:
            child = is_child
        if child is None:
            errors["is_child"] = (
                "Select whether the person was under 18 when they decided: their date of birth is not known"
            )
        else:
            errors.update(
                _right_person_problems(
                    is_child=child,
                    capacity_considered=capacity_considered,
                    parent_name=parent_name,
                    parent_relationship=parent_relationship,
                    child_view=child_view,
                )
            )
        if errors:
            raise ValidationError(errors)
        assert child is not None  # noqa: S101 - checked above
        made: list[ConsentRecord] = []

        def right_person(_: Referral) -> str | None:
            problems = _right_person_problems(
                is_child=bool(child),
                capacity_considered=capacity_considered,
                parent_name=parent_name,
                parent_relationship=parent_relationship,
                child_view=child_view,
            )
            return next(iter(problems.values()), None)

        def date_and_method(_: Referral) -> str | None:
            if decided_on is None or not method:
                return "Record the date of the decision and how it was obtained"
            return right_person(_)

        def record(locked: Referral) -> dict[str, Any]:
            made.append(
                ConsentRecord.objects.create(
                    case=ChannelCase.objects.get(referral=locked),
                    decision=decision,
                    decided_on=decided_on,
                    method=method,
                    method_detail=method_detail,
                    is_child=bool(child),
                    capacity_considered=capacity_considered if not child else "",
                    parent_name=parent_name if child else "",
                    parent_relationship=parent_relationship if child else "",
                    child_view=child_view if child else "",
                    recorded_by=_user(actor),
                )
            )
            changes: dict[str, Any] = {
                "consent": decision,
                "decided_on": decided_on.isoformat(),
                "is_child": bool(child),
            }
            if decision == ConsentDecision.WITHDRAWN:
                changes["interventions_ended"] = end_open_interventions(locked)
            return changes

        referral_transition(
            actor=actor,
            seen_status=seen_status,
            referral_id=referral.pk,
            action=CONSENT_ACTIONS[ConsentDecision(decision)],
            guards={Guard.CONSENT_GIVEN: right_person, Guard.CONSENT_NOT_GIVEN: date_and_method},
            record=record,
            timeline_title=CONSENT_TITLES[ConsentDecision(decision)],
        )
    return made[0]
