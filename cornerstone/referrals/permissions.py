"""Who may do what to a referral. Views and services both ask these."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.referrals import selectors
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status


def can_start_referral(actor: Actor) -> bool:
    return actor.user is not None and actor.role in selectors.REFERRING_ROLES


def can_record_on_behalf(actor: Actor) -> bool:
    return actor.user is not None and actor.role in selectors.SCREENING_ROLES


def can_edit_draft(actor: Actor, referral: Referral) -> bool:
    return (
        referral.status == Status.DRAFT
        and actor.user is not None
        and referral.created_by_id == actor.user.pk
        and actor.membership is not None
        and referral.created_by_membership_id == actor.membership.pk
        and actor.role in selectors.REFERRING_ROLES
    )


def can_view_referral(actor: Actor, referral: Referral) -> bool:
    return selectors.referrals_visible_to(actor).filter(pk=referral.pk).exists()


def can_record_receipt(actor: Actor, referral: Referral) -> bool:
    return (
        referral.status == Status.SUBMITTED
        and actor.role in (Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR)
        and actor.organisation is not None
        and referral.routed_to_id == actor.organisation.pk
    )
