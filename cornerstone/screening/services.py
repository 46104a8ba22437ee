"""Every write of police screening: deconfliction, the screening decision (made, or proposed for
a supervisor's approval where the unit requires it), approving or returning a proposal, referring
a police-managed case to Channel, and the unit's screening policy.

Each runs in one transaction and leaves exactly one audit event. Every change of a referral's
state goes through ``referral_transition`` (which writes the audit event and the timeline entry
of the change); the timeline never holds the deconfliction outcome.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation, User
from cornerstone.accounts.roles import Role
from cornerstone.audit.services import audit_event_record
from cornerstone.notifications.services import notify
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import CaseMovedOn, moved_on_message, referral_transition, timeline_add
from cornerstone.referrals.workflow import SUPERVISORS, Guard, Status
from cornerstone.screening import selectors
from cornerstone.screening.models import (
    DecisionState,
    Deconfliction,
    DeconflictionOutcome,
    ScreeningDecision,
    ScreeningOutcome,
    ScreeningPolicy,
)

# The transition each outcome takes.
OUTCOME_ACTIONS: dict[str, str] = {
    ScreeningOutcome.NO_FURTHER_ACTION: "no_further_action",
    ScreeningOutcome.SIGNPOSTED: "signpost",
    ScreeningOutcome.POLICE_MANAGED: "police_manage",
    ScreeningOutcome.PROGRESSED: "progress_to_channel",
}
MAX_TEXT = 10_000


def _unit_supervisors(unit_id: int | None, *, besides: User | None = None) -> list[User]:
    if unit_id is None:
        return []
    users = User.objects.filter(
        is_active=True,
        memberships__organisation_id=unit_id,
        memberships__is_active=True,
        memberships__role=Role.POLICE_PREVENT_SUPERVISOR,
    ).distinct()
    if besides is not None:
        users = users.exclude(pk=besides.pk)
    return list(users)


def _case_path(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


# Deconfliction -----------------------------------------------------------------------------


def deconfliction_record(
    *, actor: Actor, referral_id: int, outcome: str, outcome_note: str = ""
) -> Deconfliction:
    """Record that deconfliction was done, with its outcome (shown only to counter-terrorism
    policing roles). One record per referral: while the referral is being screened it may be
    corrected, and the correction replaces it (the audit trail keeps both)."""
    errors: dict[str, list[str]] = {}
    if outcome not in DeconflictionOutcome.values:
        errors["outcome"] = ["Select the outcome of deconfliction"]
    if len(outcome_note) > MAX_TEXT:
        errors["outcome_note"] = [f"The note must be {MAX_TEXT:,} characters or fewer"]
    if errors:
        raise ValidationError(errors)
    if actor.user is None:
        raise PermissionDenied
    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update().filter(pk=referral_id).exclude(status=Status.DRAFT).first()
        )
        if referral is None or not selectors.can_screen(actor, referral):
            raise PermissionDenied
        if referral.status != Status.IN_SCREENING:
            raise CaseMovedOn(moved_on_message(referral))
        existing = Deconfliction.objects.filter(referral=referral).first()
        now = timezone.now()
        if existing is None:
            record = Deconfliction.objects.create(
                referral=referral,
                outcome=outcome,
                outcome_note=outcome_note.strip(),
                recorded_by=actor.user,
                recorded_at=now,
            )
        else:
            record = existing
            record.outcome, record.outcome_note = outcome, outcome_note.strip()
            record.recorded_by, record.recorded_at = actor.user, now
            record.save()
        # The outcome stays out of the audit changes and the timeline: only that it was done.
        audit_event_record(
            actor=actor,
            action="screening.deconfliction_corrected" if existing else "screening.deconfliction_recorded",
            target=referral,
            person_ref=referral.person_ref,
            changes={"deconfliction": record.pk, "corrected": existing is not None},
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind="deconfliction",
            title="Deconfliction record corrected" if existing else "Deconfliction done",
        )
    return record


# The decision ------------------------------------------------------------------------------


def _decision_errors(
    *,
    actor: Actor,
    outcome: str,
    rationale: str,
    signposted_service_id: int | None,
    signposted_to: str,
    passed_on: str,
) -> tuple[dict[str, list[str]], Any]:
    errors: dict[str, list[str]] = {}
    service = None
    if outcome not in ScreeningOutcome.values:
        errors["outcome"] = ["Select the decision"]
    if not rationale.strip():
        errors["rationale"] = ["Enter the rationale for the decision"]
    elif len(rationale) > MAX_TEXT:
        errors["rationale"] = [f"The rationale must be {MAX_TEXT:,} characters or fewer"]
    if outcome == ScreeningOutcome.SIGNPOSTED:
        if signposted_service_id is not None:
            from cornerstone.partners.selectors import current_services_visible_to

            service = current_services_visible_to(actor).filter(pk=signposted_service_id).first()
            if service is None:
                errors["signposted_service"] = ["Select a service from the directory, or type its name"]
        if service is None and not signposted_to.strip() and "signposted_service" not in errors:
            errors["signposted_to"] = ["Enter the service the person is signposted to"]
        if not passed_on.strip():
            errors["passed_on"] = ["Enter what was passed on to the service"]
    return errors, service


def _record_decision(
    referral: Referral,
    *,
    actor: Actor,
    outcome: str,
    state: str,
    rationale: str,
    service: Any,
    signposted_to: str,
    passed_on: str,
) -> ScreeningDecision:
    assert actor.user is not None  # noqa: S101  (the engine refuses actors without a user)
    signposted = outcome == ScreeningOutcome.SIGNPOSTED
    name = (service.name if service is not None else "") or signposted_to.strip()
    return ScreeningDecision.objects.create(
        referral=referral,
        outcome=outcome,
        state=state,
        rationale=rationale.strip(),
        signposted_service=service if signposted else None,
        signposted_to=name[:200] if signposted else "",
        passed_on=passed_on.strip() if signposted else "",
        decided_by=actor.user,
        decided_at=timezone.now(),
        approved_at=timezone.now() if state == DecisionState.MADE else None,
    )


def _outcome_title(decision: ScreeningDecision) -> str:
    return f"Screening decision: {selectors.outcome_phrase(decision.outcome, decision.signposted_to)}"


def _follow_up(referral: Referral, decision: ScreeningDecision) -> None:
    if decision.outcome == ScreeningOutcome.PROGRESSED:
        from cornerstone.channel.handover import open_channel_case

        open_channel_case(referral)


def screening_decide(
    *,
    actor: Actor,
    referral_id: int,
    outcome: str,
    rationale: str,
    signposted_service_id: int | None = None,
    signposted_to: str = "",
    passed_on: str = "",
    seen_status: str = "",
) -> ScreeningDecision:
    """Decide the outcome of screening, with the rationale. Where the unit requires a
    supervisor's approval, the decision is proposed (and the unit's supervisors told);
    otherwise it is made at once. Signposting names the service and what was passed on."""
    errors, service = _decision_errors(
        actor=actor,
        outcome=outcome,
        rationale=rationale,
        signposted_service_id=signposted_service_id,
        signposted_to=signposted_to,
        passed_on=passed_on,
    )
    if errors:
        raise ValidationError(errors)
    routed_to = Referral.objects.filter(pk=referral_id).values_list("routed_to_id", flat=True).first()
    propose = selectors.approval_required(routed_to)
    made: list[ScreeningDecision] = []

    def record(referral: Referral) -> dict[str, Any]:
        decision = _record_decision(
            referral,
            actor=actor,
            outcome=outcome,
            state=DecisionState.PROPOSED if propose else DecisionState.MADE,
            rationale=rationale,
            service=service,
            signposted_to=signposted_to,
            passed_on=passed_on,
        )
        made.append(decision)
        if propose:
            notify(
                recipients=_unit_supervisors(referral.routed_to_id, besides=actor.user),
                kind="approval_needed",
                reference=referral.reference or "",
                path=_case_path(referral),
            )
        else:
            _follow_up(referral, decision)
        return {"decision": decision.pk, "outcome": outcome, "decision_state": decision.state}

    def not_requiring_approval(referral: Referral) -> str | None:
        if referral.status != Status.IN_SCREENING:
            return "A decision on this referral is already waiting for a supervisor's approval"
        if selectors.approval_required(referral.routed_to_id):
            return "Your unit needs a supervisor to approve screening decisions: propose the decision instead"
        return None

    signposted_name = (service.name if service is not None else signposted_to).strip()
    phrase = selectors.outcome_phrase(outcome, signposted_name)
    if propose:
        referral_transition(
            actor=actor,
            seen_status=seen_status,
            referral_id=referral_id,
            action="propose_decision",
            guards={Guard.SCREENING_COMPLETE: selectors.screening_complete},
            reason=rationale,
            record=record,
            timeline_title=f"Screening decision proposed for approval: {phrase}",
        )
    else:
        referral_transition(
            actor=actor,
            seen_status=seen_status,
            referral_id=referral_id,
            action=OUTCOME_ACTIONS[outcome],
            guards={
                Guard.SCREENING_COMPLETE: selectors.screening_complete,
                Guard.APPROVAL: not_requiring_approval,
            },
            reason=rationale,
            record=record,
            timeline_title=f"Screening decision: {phrase}",
        )
    return made[0]


def _proposal(referral_id: int) -> ScreeningDecision | None:
    return (
        ScreeningDecision.objects.filter(referral_id=referral_id, state=DecisionState.PROPOSED)
        .select_related("signposted_service")
        .first()
    )


def screening_decision_approve(*, actor: Actor, referral_id: int, seen_status: str = "") -> ScreeningDecision:
    """A supervisor who did not propose it approves the proposed decision: it is made, and the
    referral takes the proposed outcome's path."""
    if actor.role not in SUPERVISORS:
        raise PermissionDenied
    proposal = _proposal(referral_id)
    if proposal is None:
        referral = Referral.objects.filter(pk=referral_id).exclude(status=Status.DRAFT).first()
        if referral is None or not selectors.can_screen(actor, referral):
            raise PermissionDenied
        raise CaseMovedOn(moved_on_message(referral))

    def approved(referral: Referral) -> str | None:
        current = _proposal(referral.pk)
        if referral.status != Status.AWAITING_APPROVAL or current is None:
            return "There is no decision waiting for approval"
        if actor.role not in SUPERVISORS:
            return "Only a supervisor can approve a screening decision"
        if actor.user is not None and current.decided_by_id == actor.user.pk:
            return "Another supervisor must approve a decision you proposed"
        if current.pk != proposal.pk or current.outcome != proposal.outcome:
            return "The proposed decision has changed: check it again"
        return None

    def record(referral: Referral) -> dict[str, Any]:
        proposal.refresh_from_db()
        proposal.state = DecisionState.MADE
        proposal.approved_by = actor.user
        proposal.approved_at = timezone.now()
        proposal.save(update_fields=["state", "approved_by", "approved_at"])
        _follow_up(referral, proposal)
        return {"decision": proposal.pk, "outcome": proposal.outcome, "decision_state": proposal.state}

    referral_transition(
        actor=actor,
        seen_status=seen_status,
        referral_id=referral_id,
        action=OUTCOME_ACTIONS[proposal.outcome],
        guards={Guard.SCREENING_COMPLETE: selectors.screening_complete, Guard.APPROVAL: approved},
        reason=proposal.rationale,
        record=record,
        timeline_title=_outcome_title(proposal) + " (approved)",
    )
    return proposal


def screening_decision_return(
    *, actor: Actor, referral_id: int, reason: str, seen_status: str = ""
) -> ScreeningDecision:
    """A supervisor returns the proposed decision with the reason: the referral is being
    screened again, the proposal is kept (returned), and whoever proposed it is told."""
    if not reason.strip():
        raise ValidationError({"reason": ["Enter why the decision is returned"]})
    if len(reason) > MAX_TEXT:
        raise ValidationError({"reason": [f"The reason must be {MAX_TEXT:,} characters or fewer"]})
    returned: list[ScreeningDecision] = []

    def record(referral: Referral) -> dict[str, Any]:
        proposal = _proposal(referral.pk)
        if proposal is None:  # the state says otherwise: a broken record, refuse
            raise CaseMovedOn(moved_on_message(referral))
        proposal.state = DecisionState.RETURNED
        proposal.returned_reason = reason.strip()
        proposal.save(update_fields=["state", "returned_reason"])
        notify(
            recipients=[proposal.decided_by],
            kind="decision_returned",
            reference=referral.reference or "",
            path=_case_path(referral),
        )
        returned.append(proposal)
        return {"decision": proposal.pk, "outcome": proposal.outcome, "decision_state": proposal.state}

    referral_transition(
        actor=actor,
        seen_status=seen_status,
        referral_id=referral_id,
        action="return_decision",
        reason=reason,
        record=record,
        timeline_title="Proposed screening decision returned",
    )
    return returned[0]


def police_managed_refer_to_channel(
    *, actor: Actor, referral_id: int, rationale: str, seen_status: str = ""
) -> Referral:
    """Refer a case police have been managing outside Channel to Channel, with the rationale:
    its Channel case opens and the area's coordinators are told."""
    if not rationale.strip():
        raise ValidationError({"rationale": ["Enter why the case is referred to Channel"]})

    def record(referral: Referral) -> dict[str, Any]:
        from cornerstone.channel.handover import open_channel_case

        case = open_channel_case(referral)
        return {"channel_case": case.pk}

    return referral_transition(
        actor=actor,
        seen_status=seen_status,
        referral_id=referral_id,
        action="refer_to_channel",
        reason=rationale,
        record=record,
        timeline_title="Police-managed case referred to Channel",
    )


# The unit's policy -------------------------------------------------------------------------


def screening_policy_set(
    *, actor: Actor, supervisor_approval_required: bool, organisation_id: int | None = None
) -> ScreeningPolicy:
    """Set whether a supervisor must approve each screening decision of the unit. A police
    Prevent supervisor sets it for their own unit; an organisation administrator of a policing
    organisation for that organisation. Decisions already proposed stay waiting for approval."""
    unit = selectors.policy_unit_for(actor)
    if unit is None or (organisation_id is not None and organisation_id != unit.pk):
        raise PermissionDenied
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=unit.pk).first()
        policy, _ = ScreeningPolicy.objects.get_or_create(organisation=unit)
        previous = policy.supervisor_approval_required
        policy.supervisor_approval_required = bool(supervisor_approval_required)
        policy.updated_at = timezone.now()
        policy.updated_by = actor.user
        policy.save()
        audit_event_record(
            actor=actor,
            action="screening.policy_set",
            target=policy,
            changes={"supervisor_approval_required": [previous, policy.supervisor_approval_required]},
        )
    return policy
