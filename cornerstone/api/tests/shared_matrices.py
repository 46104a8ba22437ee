"""The API's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from cornerstone.accounts.roles import Role
from cornerstone.api import services
from cornerstone.api.models import ApiClient
from cornerstone.api.referral_answers import to_page_input
from cornerstone.api.tests.helpers import administrator_of, issue, referral_body
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.reference_data import load_reference_lists

ADMINISTRATOR = frozenset({Role.ORGANISATION_ADMINISTRATOR})

# The API's own addresses answer credentials, not signed-in sessions: tested in this app's
# test_access (every endpoint against every kind of credential and scope).
API_ENDPOINTS = {
    "api:referrals",
    "api:referral",
    "api:services",
    "api:providers",
    "api:national-return",
    "api:schema",
}
PUBLIC_PAGES = {"api:docs", *API_ENDPOINTS}


def _client(world: DemoWorld) -> ApiClient:
    existing = ApiClient.objects.filter(
        organisation=administrator_of(world).organisation, revoked_at=None
    ).first()
    return existing or issue(world).client


# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("api_clients:clients", lambda w: "/api-clients/", ADMINISTRATOR, ""),
    ("api_clients:client-new", lambda w: "/api-clients/new/", ADMINISTRATOR, ""),
    ("api_clients:client", lambda w: f"/api-clients/{_client(w).pk}/", ADMINISTRATOR, ""),
    ("api_clients:client-revoke", lambda w: f"/api-clients/{_client(w).pk}/revoke/", ADMINISTRATOR, ""),
)


def _submit_through_api(world: DemoWorld) -> Callable[[], Any]:
    load_reference_lists()  # the audit test is transactional: the migration's lists are flushed
    client = issue(world).client
    raw, errors = to_page_input(referral_body()["answers"])
    assert errors == []
    raw["attachments"] = {}
    return lambda: services.referral_submit_through_api(
        client=client, answers=raw, idempotency_key=str(uuid.uuid4()), fingerprint="f" * 64
    )


SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.api.services.api_client_create": lambda w: lambda: issue(w),
    "cornerstone.api.services.api_client_revoke": lambda w: (
        lambda client: (
            lambda: services.api_client_revoke(
                actor=administrator_of(w), client_id=client.pk, reason="Replaced by a new system"
            )
        )
    )(issue(w).client),
    "cornerstone.api.services.referral_submit_through_api": _submit_through_api,
}
# A submission's events are the person index's and the referral's own.
EVENTS_PER_CALL: dict[str, int] = {"cornerstone.api.services.referral_submit_through_api": 2}
