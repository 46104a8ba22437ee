"""Who may do what to users, memberships and organisations. Views and services both ask these."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import (
    ADMINISTRATOR_ROLES,
    ROLES_FOR_ORGANISATION_TYPE,
    Role,
    role_level,
)


def _is_system_administrator(actor: Actor) -> bool:
    return actor.role == Role.SYSTEM_ADMINISTRATOR


def can_manage_users_of(actor: Actor, organisation: Organisation) -> bool:
    """Organisation administrators manage their own organisation; system administrators any."""
    if actor.user is None or actor.membership is None:
        return False
    if _is_system_administrator(actor):
        return True
    return (
        actor.role == Role.ORGANISATION_ADMINISTRATOR and actor.membership.organisation_id == organisation.pk
    )


def grantable_roles(actor: Actor, organisation: Organisation) -> list[str]:
    """The roles this actor may give to someone in the organisation, most senior last."""
    if not can_manage_users_of(actor, organisation):
        return []
    ceiling = role_level(actor.role)
    allowed = ROLES_FOR_ORGANISATION_TYPE[organisation.type]
    return [
        role
        for role in Role.values
        if role in allowed
        and role_level(role) <= ceiling
        # Only a system administrator makes another one.
        and (role != Role.SYSTEM_ADMINISTRATOR or _is_system_administrator(actor))
    ]


def can_grant_role(actor: Actor, organisation: Organisation, role: str) -> bool:
    return role in grantable_roles(actor, organisation)


def can_change_membership(actor: Actor, membership: Membership) -> bool:
    """Change or end someone's membership: never your own, never one above your level."""
    if actor.user is None or membership.user_id == actor.user.pk:
        return False
    return can_grant_role(actor, membership.organisation, membership.role)


def can_deactivate_user(actor: Actor, user: User) -> bool:
    """Deactivating an account ends every membership, so the actor must be able to end each."""
    if actor.user is None or user.pk == actor.user.pk:
        return False
    memberships = list(Membership.objects.filter(user=user, is_active=True).select_related("organisation"))
    if _is_system_administrator(actor):
        return True
    return bool(memberships) and all(can_change_membership(actor, m) for m in memberships)


def can_manage_organisations(actor: Actor) -> bool:
    return _is_system_administrator(actor)


def is_administrator(actor: Actor) -> bool:
    return actor.role in ADMINISTRATOR_ROLES
