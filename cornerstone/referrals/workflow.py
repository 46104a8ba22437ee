"""The whole journey of a referral, as one declared table: from draft, through police screening
and the Channel panel, to the last post-closure review.

Every row says which action moves a referral from which states to which, who may take it, and
which guards must hold (checked by ``cornerstone.referrals.transitions``, which every service
goes through). ``manage.py lifecycle_diagram`` prints the table and draws it into
``docs/lifecycle.md``; the tests walk it.

The state lives on the referral (one column, one lock); what each stage records lives with its
own app (screening decisions, Channel cases, panel decisions, consent, interventions).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from cornerstone.accounts.roles import Role


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for receipt"
    IN_SCREENING = "in_screening", "Being screened"
    AWAITING_APPROVAL = "awaiting_approval", "Screening decision waiting for approval"
    POLICE_MANAGED = "police_managed", "Managed by police outside Channel"
    WITH_CHANNEL = "with_channel", "Progressed to Channel, waiting for the coordinator"
    INFORMATION_GATHERING = "information_gathering", "Channel: gathering information"
    LISTED = "listed", "Channel: listed for a panel"
    AWAITING_CONSENT = "awaiting_consent", "Channel case: waiting for consent"
    CONSENT_DECLINED = "consent_declined", "Channel case: consent declined or withdrawn"
    SUPPORT = "support", "Channel case: support under way"
    POST_CLOSURE = "post_closure", "Channel case closed: post-closure reviews"
    CLOSED = "closed", "Closed"


class Guard(models.TextChoices):
    """Conditions a transition needs beyond its state and role (checked by the services)."""

    SAME_UNIT = "same_unit", "the referral is routed to the actor's policing unit"
    SAME_AREA = "same_area", "the person lives in an area of the actor's local authority"
    SCREENING_COMPLETE = "screening_complete", "deconfliction recorded and gateway assessment completed"
    APPROVAL = "approval", "approved by another supervisor where the unit requires it"
    RATIONALE = "rationale", "a written rationale"
    PRELIMINARY_ASSESSMENT = "preliminary_assessment", "the preliminary assessment is completed"
    QUORUM = "quorum", "at a panel meeting with the chair and a police representative for the area present"
    CONSENT_GIVEN = "consent_given", "consent given by the right person (adult, or parent and child's view)"
    CONSENT_NOT_GIVEN = "consent_not_given", "consent declined or withdrawn, recorded with date and how"
    EXIT_REASON = "exit_reason", "the reason for exit"
    LAST_REVIEW = "last_review", "no further post-closure review is due"


SCREENERS = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
SUPERVISORS = frozenset({Role.POLICE_PREVENT_SUPERVISOR})
REFERRERS = frozenset({Role.REFERRER, Role.SAFEGUARDING_LEAD}) | SCREENERS
COORDINATORS = frozenset({Role.CHANNEL_COORDINATOR})
# Panel decisions are the panel's; the chair records them, or the coordinator taking the minutes.
PANEL_RECORDERS = frozenset({Role.PANEL_CHAIR, Role.CHANNEL_COORDINATOR})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: str
    guards: tuple[str, ...] = ()


def _t(
    action: str,
    sources: str | tuple[str, ...],
    target: str,
    roles: frozenset[str],
    label: str,
    *guards: str,
) -> Transition:
    source_set = frozenset({sources} if isinstance(sources, str) else sources)
    return Transition(action, source_set, target, roles, label, tuple(guards))


S, G = Status, Guard
_DECIDABLE = (S.IN_SCREENING, S.AWAITING_APPROVAL)
_SCREENING_DECISION = (G.SAME_UNIT, G.SCREENING_COMPLETE, G.RATIONALE, G.APPROVAL)
_PANEL = (G.SAME_AREA, G.QUORUM, G.RATIONALE)

TRANSITIONS: tuple[Transition, ...] = (
    # Referral and police screening (domain steps 2-3)
    _t("submit", S.DRAFT, S.SUBMITTED, REFERRERS, "Submit the referral"),
    _t("record_receipt", S.SUBMITTED, S.IN_SCREENING, SCREENERS, "Record receipt", G.SAME_UNIT),
    _t(
        "propose_decision",
        S.IN_SCREENING,
        S.AWAITING_APPROVAL,
        SCREENERS,
        "Propose a screening decision for approval",
        G.SAME_UNIT,
        G.SCREENING_COMPLETE,
        G.RATIONALE,
    ),
    _t(
        "return_decision",
        S.AWAITING_APPROVAL,
        S.IN_SCREENING,
        SUPERVISORS,
        "Return the proposed decision",
        G.SAME_UNIT,
        G.RATIONALE,
    ),
    _t("no_further_action", _DECIDABLE, S.CLOSED, SCREENERS, "No further action", *_SCREENING_DECISION),
    _t("signpost", _DECIDABLE, S.CLOSED, SCREENERS, "Signpost to another service", *_SCREENING_DECISION),
    _t(
        "police_manage",
        _DECIDABLE,
        S.POLICE_MANAGED,
        SCREENERS,
        "Manage by police outside Channel",
        *_SCREENING_DECISION,
    ),
    _t(
        "progress_to_channel",
        _DECIDABLE,
        S.WITH_CHANNEL,
        SCREENERS,
        "Progress to Channel",
        *_SCREENING_DECISION,
    ),
    _t(
        "refer_to_channel",
        S.POLICE_MANAGED,
        S.WITH_CHANNEL,
        SCREENERS,
        "Refer a police-managed case to Channel",
        G.SAME_UNIT,
        G.RATIONALE,
    ),
    _t(
        "close",
        S.POLICE_MANAGED,
        S.CLOSED,
        SCREENERS,
        "Close a police-managed case",
        G.SAME_UNIT,
        G.RATIONALE,
    ),
    # Channel (steps 4-5)
    _t("accept_case", S.WITH_CHANNEL, S.INFORMATION_GATHERING, COORDINATORS, "Pick up the case", G.SAME_AREA),
    _t(
        "list_for_panel",
        S.INFORMATION_GATHERING,
        S.LISTED,
        COORDINATORS,
        "List for a panel",
        G.SAME_AREA,
        G.PRELIMINARY_ASSESSMENT,
    ),
    _t("adopt", S.LISTED, S.AWAITING_CONSENT, PANEL_RECORDERS, "Adopt as a Channel case", *_PANEL),
    _t("not_adopt", S.LISTED, S.CLOSED, PANEL_RECORDERS, "Not adopt: no further action or signpost", *_PANEL),
    _t(
        "back_to_police",
        (S.LISTED, S.CONSENT_DECLINED),
        S.POLICE_MANAGED,
        PANEL_RECORDERS,
        "Back to police management",
        *_PANEL,
    ),
    _t("defer", S.LISTED, S.LISTED, PANEL_RECORDERS, "Defer to a later panel", *_PANEL),
    _t(
        "consent_given",
        S.AWAITING_CONSENT,
        S.SUPPORT,
        COORDINATORS,
        "Record consent given",
        G.SAME_AREA,
        G.CONSENT_GIVEN,
    ),
    _t(
        "consent_declined",
        S.AWAITING_CONSENT,
        S.CONSENT_DECLINED,
        COORDINATORS,
        "Record consent declined",
        G.SAME_AREA,
        G.CONSENT_NOT_GIVEN,
    ),
    _t(
        "consent_withdrawn",
        S.SUPPORT,
        S.CONSENT_DECLINED,
        COORDINATORS,
        "Record consent withdrawn",
        G.SAME_AREA,
        G.CONSENT_NOT_GIVEN,
    ),
    _t(
        "seek_consent_again",
        S.CONSENT_DECLINED,
        S.AWAITING_CONSENT,
        PANEL_RECORDERS,
        "Seek consent again",
        *_PANEL,
    ),
    # Support, reviews and exit (steps 6-8)
    _t("review", S.SUPPORT, S.SUPPORT, PANEL_RECORDERS, "Review the open case", *_PANEL),
    _t(
        "exit",
        (S.SUPPORT, S.CONSENT_DECLINED),
        S.POST_CLOSURE,
        PANEL_RECORDERS,
        "Exit Channel",
        *_PANEL,
        G.EXIT_REASON,
    ),
    _t(
        "post_closure_review", S.POST_CLOSURE, S.POST_CLOSURE, PANEL_RECORDERS, "Post-closure review", *_PANEL
    ),
    _t(
        "finish_post_closure",
        S.POST_CLOSURE,
        S.CLOSED,
        PANEL_RECORDERS,
        "Last post-closure review: close",
        *_PANEL,
        G.LAST_REVIEW,
    ),
    _t("reopen", S.POST_CLOSURE, S.AWAITING_CONSENT, PANEL_RECORDERS, "Reopen the case", *_PANEL),
)

INITIAL = Status.DRAFT
FINAL: frozenset[str] = frozenset({Status.CLOSED})
# States in which a Channel case exists (the local authority's part of the journey).
CHANNEL_STATES: frozenset[str] = frozenset(
    {
        Status.WITH_CHANNEL,
        Status.INFORMATION_GATHERING,
        Status.LISTED,
        Status.AWAITING_CONSENT,
        Status.CONSENT_DECLINED,
        Status.SUPPORT,
        Status.POST_CLOSURE,
    }
)
# Support (interventions and their sessions) happens only here: after consent was given.
SUPPORT_STATES: frozenset[str] = frozenset({Status.SUPPORT})


class TransitionNotAllowed(Exception):
    """A referral was asked to move in a way the workflow does not allow."""


def transitions_from(status: str) -> list[Transition]:
    return [transition for transition in TRANSITIONS if status in transition.sources]


def transition_named(action: str) -> Transition:
    for transition in TRANSITIONS:
        if transition.action == action:
            return transition
    raise KeyError(action)


def next_status(status: str, action: str) -> str:
    """The status a referral moves to when ``action`` is taken, or ``TransitionNotAllowed``."""
    for transition in transitions_from(status):
        if transition.action == action:
            return transition.target
    raise TransitionNotAllowed(f"cannot {action} a referral that is {status}")


def status_label(status: str) -> str:
    return str(Status(status).label)


# What the person who made a referral is told: never the outcome or any decision.
REFERRER_STATUS: dict[str, str] = {
    Status.SUBMITTED: "Received",
    Status.CLOSED: "Closed",
}


def referrer_status_label(status: str) -> str:
    """The plain-English status a referrer sees. Any state after receipt and before closing is
    "Being looked at", so screening and Channel never reveal more to the referrer."""
    if status == Status.DRAFT:
        return "Draft"
    return REFERRER_STATUS.get(status, "Being looked at")
