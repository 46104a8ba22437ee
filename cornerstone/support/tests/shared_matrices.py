"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from cornerstone.accounts.roles import Role
from cornerstone.channel.selectors import CASE_HOLDERS
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.support import services
from cornerstone.support.models import Intervention
from cornerstone.support.tests.factories import coordinator, in_support, mentoring, provider_actor

PROVIDERS = frozenset({Role.INTERVENTION_PROVIDER})
COORDINATORS = frozenset({Role.CHANNEL_COORDINATOR})
WORKERS = frozenset({Role.CHANNEL_COORDINATOR, Role.INTERVENTION_PROVIDER})


def _referral(world: DemoWorld) -> Referral:
    """One case in support per test database (the matrix asks for the path once per role)."""
    return Referral.objects.filter(status="support").order_by("pk").first() or in_support(world)


def _intervention(world: DemoWorld) -> Intervention:
    found = Intervention.objects.filter(ended_at__isnull=True).order_by("pk").first()
    return found or mentoring(world, _referral(world))


# (url name, path, roles allowed, note) for test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("support:cases", lambda w: "/support/", PROVIDERS, ""),
    ("support:overdue", lambda w: "/support/overdue/", frozenset(CASE_HOLDERS), ""),
    (
        "support:intervention-new",
        lambda w: f"/support/case/{_referral(w).pk}/interventions/new/",
        COORDINATORS,
        "",
    ),
    (
        "support:intervention",
        lambda w: f"/support/interventions/{_intervention(w).pk}/",
        frozenset(CASE_HOLDERS) | PROVIDERS,
        "the demo provider owns it",
    ),
    (
        "support:intervention-change",
        lambda w: f"/support/interventions/{_intervention(w).pk}/change/",
        WORKERS,
        "",
    ),
    (
        "support:intervention-end",
        lambda w: f"/support/interventions/{_intervention(w).pk}/end/",
        WORKERS,
        "",
    ),
)
# Named URLs anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset()


def _add(world: DemoWorld) -> Callable[[], Any]:
    mentoring(world)  # approves the demo provider
    referral = in_support(world)
    return lambda: services.intervention_add(
        actor=coordinator(world),
        referral_id=referral.pk,
        type="mentoring",
        description="",
        provider_id=world.organisations["mentoring"].pk,
        owner_id=world.users_by_role[Role.INTERVENTION_PROVIDER].pk,
        frequency_days=7,
        starts_on=timezone.localdate(),
    )


def _change(world: DemoWorld) -> Callable[[], Any]:
    intervention = mentoring(world)
    return lambda: services.intervention_change(
        actor=coordinator(world),
        intervention_id=intervention.pk,
        description="Changed",
        owner_id=intervention.owner_id,
        frequency_days=14,
    )


def _end(world: DemoWorld) -> Callable[[], Any]:
    intervention = mentoring(world)
    return lambda: services.intervention_end(
        actor=provider_actor(world), intervention_id=intervention.pk, reason="Completed"
    )


def _session(world: DemoWorld) -> Callable[[], Any]:
    intervention = mentoring(world)
    return lambda: services.session_log(
        actor=provider_actor(world),
        intervention_id=intervention.pk,
        held_on=timezone.localdate() - dt.timedelta(days=1),
        status="delivered",
        note="",
    )


# service path: scenario that returns the call to make, for test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.support.services.intervention_add": _add,
    "cornerstone.support.services.intervention_change": _change,
    "cornerstone.support.services.intervention_end": _end,
    "cornerstone.support.services.session_log": _session,
}
# Services that call other audited services, and how many audit events one call leaves.
EVENTS_PER_CALL: dict[str, int] = {}
