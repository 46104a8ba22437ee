"""Every scoped read of police screening: the unit's lists, the decisions of a referral, and who
may see the outcome of deconfliction (counter-terrorism policing roles only)."""

from __future__ import annotations

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.assessments.selectors import gateway_assessment_completed
from cornerstone.referrals.models import Referral
from cornerstone.referrals.selectors import referrals_visible_to
from cornerstone.referrals.workflow import SCREENERS, SUPERVISORS, Status
from cornerstone.screening.models import (
    DecisionState,
    Deconfliction,
    ScreeningDecision,
    ScreeningOutcome,
    ScreeningPolicy,
)

# Organisation types whose administrator may set a unit's screening policy.
POLICING_TYPES = frozenset({OrganisationType.CT_POLICING_UNIT, OrganisationType.POLICE_FORCE})


OUTCOME_PHRASES: dict[str, str] = {
    ScreeningOutcome.NO_FURTHER_ACTION: "no further action",
    ScreeningOutcome.SIGNPOSTED: "signposted to another service",
    ScreeningOutcome.POLICE_MANAGED: "managed by police outside Channel",
    ScreeningOutcome.PROGRESSED: "progressed to Channel",
}


def outcome_phrase(outcome: str, signposted_to: str = "") -> str:
    """The outcome in a sentence: "progressed to Channel", "signposted to Early Help"."""
    if outcome == ScreeningOutcome.SIGNPOSTED and signposted_to:
        return f"signposted to {signposted_to}"
    return OUTCOME_PHRASES.get(outcome, outcome)


def can_see_deconfliction_outcome(actor: Actor) -> bool:
    """Counter-terrorism policing roles: a police Prevent officer or supervisor acting for a
    counter-terrorism policing unit. Everyone else sees only that deconfliction was done."""
    return (
        actor.user is not None
        and actor.role in SCREENERS
        and actor.organisation is not None
        and actor.organisation.type == OrganisationType.CT_POLICING_UNIT
    )


def can_screen(actor: Actor, referral: Referral) -> bool:
    """A police Prevent officer or supervisor of the unit the referral is routed to."""
    return (
        actor.user is not None
        and actor.role in SCREENERS
        and actor.organisation is not None
        and referral.routed_to_id == actor.organisation.pk
    )


def can_supervise(actor: Actor, referral: Referral) -> bool:
    return can_screen(actor, referral) and actor.role in SUPERVISORS


def approval_required(unit: Organisation | int | None) -> bool:
    """Whether the unit has set that a supervisor must approve each screening decision."""
    if unit is None:
        return False
    unit_id = unit if isinstance(unit, int) else unit.pk
    return ScreeningPolicy.objects.filter(organisation_id=unit_id, supervisor_approval_required=True).exists()


def policy_unit_for(actor: Actor) -> Organisation | None:
    """The unit whose screening policy this actor may set: a police Prevent supervisor's unit, or
    the organisation of an administrator of a policing organisation."""
    organisation = actor.organisation
    if actor.user is None or organisation is None:
        return None
    if actor.role == Role.POLICE_PREVENT_SUPERVISOR:
        return organisation
    if actor.role == Role.ORGANISATION_ADMINISTRATOR and organisation.type in POLICING_TYPES:
        return organisation
    return None


def screening_complete(referral: Referral) -> str | None:
    """The SCREENING_COMPLETE guard: what is missing before a decision, in plain English."""
    missing = []
    if not Deconfliction.objects.filter(referral=referral).exists():
        missing.append("Record that deconfliction was done")
    if not gateway_assessment_completed(referral):
        missing.append("Complete the gateway assessment")
    return " and ".join(missing) + " before deciding" if missing else None


def deconfliction_of(referral: Referral) -> Deconfliction | None:
    """The deconfliction record. Show its outcome only where ``can_see_deconfliction_outcome``."""
    return Deconfliction.objects.filter(referral=referral).select_related("recorded_by").first()


def decisions_of(referral: Referral) -> QuerySet[ScreeningDecision]:
    """Every screening decision of the referral, oldest first: returned proposals are kept."""
    return (
        ScreeningDecision.objects.filter(referral=referral)
        .select_related("decided_by", "approved_by", "signposted_service")
        .order_by("decided_at", "id")
    )


def live_decision_of(referral: Referral) -> ScreeningDecision | None:
    """The decision proposed or made (at most one), or None."""
    return decisions_of(referral).filter(state__in=(DecisionState.PROPOSED, DecisionState.MADE)).last()


def _unit_list(actor: Actor, status: str) -> QuerySet[Referral]:
    return (
        referrals_visible_to(actor)
        .filter(status=status)
        .select_related("local_authority", "organisation")
        .order_by("updated_at", "id")
    )


def being_screened_for(actor: Actor) -> QuerySet[Referral]:
    """Referrals the unit has received and is screening, longest waiting first."""
    return _unit_list(actor, Status.IN_SCREENING).order_by("receipt_recorded_at", "id")


def awaiting_approval_for(actor: Actor) -> QuerySet[Referral]:
    """Referrals with a screening decision waiting for a supervisor, oldest proposal first."""
    return _unit_list(actor, Status.AWAITING_APPROVAL)


def police_managed_for(actor: Actor) -> QuerySet[Referral]:
    """Referrals police are managing outside Channel."""
    return _unit_list(actor, Status.POLICE_MANAGED)


def approvals_waiting_for(actor: Actor) -> QuerySet[Referral]:
    """Proposals a supervisor may approve: of their unit, proposed by someone else."""
    if actor.role not in SUPERVISORS or actor.user is None:
        return Referral.objects.none()
    own = ScreeningDecision.objects.filter(state=DecisionState.PROPOSED, decided_by=actor.user)
    return awaiting_approval_for(actor).exclude(pk__in=own.values("referral_id"))
