"""Who may manage API clients, and what a client's scopes let it do."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import Role
from cornerstone.api.models import ApiClient


def can_manage_api_clients(actor: Actor, organisation: Organisation) -> bool:
    """An organisation's administrator manages its own clients; nobody else does, so a system
    administrator cannot mint a credential that speaks for a school."""
    return (
        actor.user is not None
        and actor.role == Role.ORGANISATION_ADMINISTRATOR
        and actor.organisation is not None
        and actor.organisation.pk == organisation.pk
    )


def can_revoke_api_client(actor: Actor, client: ApiClient) -> bool:
    return can_manage_api_clients(actor, client.organisation) and client.revoked_at is None


class HasScope(BasePermission):
    """The calling client holds the scope the view names in ``required_scope``."""

    message = "Your credential does not have the scope this needs. Ask your organisation administrator."

    def has_permission(self, request: Request, view: Any) -> bool:
        client = getattr(request, "api_client", None)
        needed = getattr(view, "required_scope", None)
        return client is not None and (needed is None or needed in client.scopes)
