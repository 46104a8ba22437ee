"""Who may search the audit trail and the access log."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role

AUDITOR_ROLES = frozenset({Role.DATA_PROTECTION_OFFICER})


def can_search_audit(actor: Actor | None) -> bool:
    """Only a person acting as their organisation's data protection officer or auditor."""
    return (
        actor is not None
        and actor.user is not None
        and actor.membership is not None
        and actor.role in AUDITOR_ROLES
    )
