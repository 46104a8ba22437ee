"""Who may write which assessment, and when.

A gateway assessment is police screening's: a Prevent officer or supervisor of the unit the
referral is routed to, while the referral is being screened. Preliminary and review assessments
are the Channel coordinator's, for a case of their area, while information is being gathered
(preliminary) or the case is listed or in support (review).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.assessments.models import AssessmentKind
from cornerstone.channel.selectors import channel_cases_visible_to
from cornerstone.referrals.models import Referral
from cornerstone.referrals.selectors import referrals_visible_to
from cornerstone.referrals.workflow import COORDINATORS, SCREENERS, Status, status_label

FRAMEWORK_ADMINS = frozenset({Role.SYSTEM_ADMINISTRATOR})
ASSESSORS = SCREENERS | COORDINATORS

# The states a referral must be in for each kind of assessment to be started or changed.
WORKING_STATES: dict[str, frozenset[str]] = {
    AssessmentKind.GATEWAY: frozenset({Status.IN_SCREENING}),
    AssessmentKind.PRELIMINARY: frozenset({Status.INFORMATION_GATHERING}),
    AssessmentKind.REVIEW: frozenset({Status.LISTED, Status.SUPPORT}),
}
WHEN: dict[str, str] = {
    AssessmentKind.GATEWAY: "while the referral is being screened",
    AssessmentKind.PRELIMINARY: "while the Channel coordinator is gathering information",
    AssessmentKind.REVIEW: "while the case is listed for a panel or support is under way",
}


A_KIND: dict[str, str] = {
    AssessmentKind.GATEWAY: "A gateway assessment",
    AssessmentKind.PRELIMINARY: "A Channel preliminary assessment",
    AssessmentKind.REVIEW: "A review assessment",
}


def may_assess(actor: Actor, referral: Referral, kind: str) -> bool:
    """The actor's role and organisation let them write this kind of assessment on this case
    (whatever stage the case is at)."""
    if actor.user is None:
        return False
    if kind == AssessmentKind.GATEWAY:
        return actor.role in SCREENERS and referrals_visible_to(actor).filter(pk=referral.pk).exists()
    if kind in (AssessmentKind.PRELIMINARY, AssessmentKind.REVIEW):
        return (
            actor.role in COORDINATORS
            and channel_cases_visible_to(actor).filter(referral_id=referral.pk).exists()
        )
    return False


def stage_problem(referral: Referral, kind: str) -> str | None:
    """None if the case is at a stage where this kind of assessment is made, else why not."""
    if referral.status in WORKING_STATES[kind]:
        return None
    return f"{A_KIND[kind]} can only be made {WHEN[kind]}. This case is now \u2018{status_label(referral.status)}\u2019."


def check_may_work(actor: Actor, referral: Referral, kind: str) -> None:
    """Raise PermissionDenied for someone who may not assess this case, ValidationError (with a
    plain sentence) when the case is not at the right stage."""
    if not may_assess(actor, referral, kind):
        raise PermissionDenied
    if (problem := stage_problem(referral, kind)) is not None:
        raise ValidationError(problem)


def can_work(actor: Actor, referral: Referral, kind: str) -> bool:
    return may_assess(actor, referral, kind) and stage_problem(referral, kind) is None


def can_administer_frameworks(actor: Actor) -> bool:
    return actor.user is not None and actor.role in FRAMEWORK_ADMINS
