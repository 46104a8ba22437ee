"""Who may use the person index. Views and services both ask these."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import OrganisationType, Role

INDEX_ROLES = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
INDEX_ORGANISATION_TYPES = frozenset({OrganisationType.CT_POLICING_UNIT, OrganisationType.POLICE_FORCE})


def can_use_index(actor: Actor) -> bool:
    """Police Prevent staff search the index and decide matches; the index is national, because
    a person referred again may be referred somewhere else. Every read is logged."""
    organisation = actor.organisation
    return (
        actor.user is not None
        and actor.role in INDEX_ROLES
        and organisation is not None
        and organisation.type in INDEX_ORGANISATION_TYPES
    )


def can_decide_matches(actor: Actor) -> bool:
    return can_use_index(actor)
