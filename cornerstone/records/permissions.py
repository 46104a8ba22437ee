"""Who may change retention rules, review what is due and see deletion certificates."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role

RETENTION_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER, Role.SYSTEM_ADMINISTRATOR})


def can_manage_retention(actor: Actor) -> bool:
    return actor.user is not None and actor.role in RETENTION_ROLES
