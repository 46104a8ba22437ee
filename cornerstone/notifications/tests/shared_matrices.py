"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.notifications import services

EVERY_ROLE = frozenset(Role.values)

# (url name, path, roles allowed, note) for test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("notifications:preferences", lambda w: "/notifications/", EVERY_ROLE, "each user's own"),
)
# Named URLs anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset()
# service path: scenario that returns the call to make, for test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.notifications.services.notification_preference_set": lambda w: (
        lambda: services.notification_preference_set(
            actor=Actor.for_membership(w.memberships_by_role[Role.REFERRER]), daily_digest=True
        )
    ),
}
# Services that call other audited services, and how many audit events one call leaves.
EVENTS_PER_CALL: dict[str, int] = {}
