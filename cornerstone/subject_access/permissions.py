"""Who may handle subject access requests.

Only data protection officers: a request names a person and its bundle holds everything about
them. System administrators are left out on purpose, as for the onward-disclosure register: they
run the service, they do not read case content. A data protection officer sees the requests of
their own organisation.
"""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.subject_access.models import SubjectAccessRequest

HANDLERS = frozenset({Role.DATA_PROTECTION_OFFICER})


def can_handle_requests(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.user is not None
        and actor.membership is not None
        and actor.organisation is not None
        and actor.role in HANDLERS
    )


def can_handle_request(actor: Actor, request: SubjectAccessRequest) -> bool:
    return (
        can_handle_requests(actor)
        and actor.organisation is not None
        and request.organisation_id == actor.organisation.pk
    )
