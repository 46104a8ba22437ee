"""What the screening case page (``referrals:detail``) shows of police screening: each step with
its status, and the actions this actor may take now. Reads only; no access logging here (the
page logs its own view)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.assessments.selectors import latest_for
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import SUPERVISORS, Status
from cornerstone.screening import selectors
from cornerstone.screening.models import DecisionState

SCREENING_STATES = frozenset({Status.IN_SCREENING, Status.AWAITING_APPROVAL})


@dataclass(frozen=True)
class Action:
    label: str
    url_name: str
    secondary: bool = False


def screening_context(actor: Actor, referral: Referral) -> dict[str, Any]:
    """The "Screening" section of the case page, for this actor."""
    deconfliction = selectors.deconfliction_of(referral)
    decisions = list(selectors.decisions_of(referral))
    proposal = next((d for d in decisions if d.state == DecisionState.PROPOSED), None)
    made = next((d for d in decisions if d.state == DecisionState.MADE), None)
    returned = [d for d in decisions if d.state == DecisionState.RETURNED]
    gateway = latest_for(referral, "gateway")
    gateway_done = gateway is not None and gateway.state == "completed"
    screener = selectors.can_screen(actor, referral)
    status = referral.status
    actions: list[Action] = []
    if screener and status == Status.IN_SCREENING:
        actions.append(
            Action(
                "Correct the deconfliction record" if deconfliction else "Record deconfliction",
                "screening:deconfliction",
                secondary=deconfliction is not None,
            )
        )
        if deconfliction is not None and gateway_done:
            approval = selectors.approval_required(referral.routed_to_id)
            actions.append(
                Action("Propose a decision" if approval else "Make a decision", "screening:decide")
            )
    if screener and status == Status.AWAITING_APPROVAL and actor.role in SUPERVISORS and proposal is not None:
        actions.append(Action("Approve or return the decision", "screening:approval"))
    if screener and status == Status.POLICE_MANAGED:
        actions.append(Action("Refer to Channel", "screening:refer"))
        actions.append(Action("Close the case", "screening:close", secondary=True))
    own_proposal = proposal is not None and actor.user is not None and proposal.decided_by_id == actor.user.pk
    return {
        "deconfliction": deconfliction,
        "show_deconfliction_outcome": selectors.can_see_deconfliction_outcome(actor),
        "gateway": gateway,
        "gateway_done": gateway_done,
        # The gateway assessment is worked while the referral is being screened, by its screeners.
        "gateway_hide_start": not (screener and status == Status.IN_SCREENING),
        "decisions": decisions,
        "proposal": proposal,
        "own_proposal": own_proposal,
        "made_decision": made,
        "returned_decisions": returned,
        "screening_actions": actions,
        "approval_required": selectors.approval_required(referral.routed_to_id),
        "in_screening": status in SCREENING_STATES,
    }
