"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status
from cornerstone.screening import services
from cornerstone.screening.tests.helpers import actor, ready_to_decide, require_approval

SCREENERS = frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
SUPERVISORS = frozenset({Role.POLICE_PREVENT_SUPERVISOR})


def referral_in(world: DemoWorld, status: str) -> Referral:
    """A referral by the demo referrer, routed to the demo CT unit, at ``status`` (made once)."""
    from cornerstone.referrals.tests.stages import referral_at

    found = Referral.objects.filter(
        status=status, created_by=world.users_by_role[Role.REFERRER], routed_to=world.organisations["ctp"]
    ).first()
    return found or referral_at(world, status)


def _path(status: str, form: str) -> Callable[[DemoWorld], str]:
    return lambda w: f"/screening/{referral_in(w, status).pk}/{form}/"


# (url name, path, roles allowed, note) for test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("screening:deconfliction", _path(Status.IN_SCREENING, "deconfliction"), SCREENERS, ""),
    ("screening:decide", _path(Status.IN_SCREENING, "decision"), SCREENERS, ""),
    ("screening:approval", _path(Status.AWAITING_APPROVAL, "approval"), SUPERVISORS, "supervisors approve"),
    ("screening:close", _path(Status.POLICE_MANAGED, "close"), SCREENERS, ""),
    ("screening:refer", _path(Status.POLICE_MANAGED, "refer-to-channel"), SCREENERS, ""),
    # The demo organisation administrator is at a local authority: not a policing organisation.
    ("screening:policy", lambda w: "/screening/policy/", SUPERVISORS, "the unit's supervisors"),
)
# Named URLs anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset()


def _proposed(world: DemoWorld) -> Referral:
    require_approval(world)
    referral = ready_to_decide(world)
    services.screening_decide(
        actor=actor(world), referral_id=referral.pk, outcome="police_managed", rationale="Scenario"
    )
    return referral


def _police_managed(world: DemoWorld) -> Referral:
    referral = ready_to_decide(world)
    services.screening_decide(
        actor=actor(world), referral_id=referral.pk, outcome="police_managed", rationale="Scenario"
    )
    return referral


def _deconfliction(world: DemoWorld) -> Callable[[], Any]:
    from cornerstone.screening.tests.helpers import received

    referral = received(world)
    return lambda: services.deconfliction_record(
        actor=actor(world), referral_id=referral.pk, outcome="no_interest"
    )


def _decide(world: DemoWorld) -> Callable[[], Any]:
    referral = ready_to_decide(world)
    return lambda: services.screening_decide(
        actor=actor(world), referral_id=referral.pk, outcome="progressed", rationale="Scenario"
    )


def _approve(world: DemoWorld) -> Callable[[], Any]:
    referral = _proposed(world)
    return lambda: services.screening_decision_approve(
        actor=actor(world, Role.POLICE_PREVENT_SUPERVISOR), referral_id=referral.pk
    )


def _return(world: DemoWorld) -> Callable[[], Any]:
    referral = _proposed(world)
    return lambda: services.screening_decision_return(
        actor=actor(world, Role.POLICE_PREVENT_SUPERVISOR), referral_id=referral.pk, reason="Scenario"
    )


def _refer(world: DemoWorld) -> Callable[[], Any]:
    referral = _police_managed(world)
    return lambda: services.police_managed_refer_to_channel(
        actor=actor(world), referral_id=referral.pk, rationale="Scenario"
    )


def _policy(world: DemoWorld) -> Callable[[], Any]:
    supervisor: Actor = actor(world, Role.POLICE_PREVENT_SUPERVISOR)
    return lambda: services.screening_policy_set(actor=supervisor, supervisor_approval_required=True)


# service path: scenario that returns the call to make, for test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.screening.services.deconfliction_record": _deconfliction,
    "cornerstone.screening.services.screening_decide": _decide,
    "cornerstone.screening.services.screening_decision_approve": _approve,
    "cornerstone.screening.services.screening_decision_return": _return,
    "cornerstone.screening.services.police_managed_refer_to_channel": _refer,
    "cornerstone.screening.services.screening_policy_set": _policy,
}
# Services that call other audited services, and how many audit events one call leaves.
EVENTS_PER_CALL: dict[str, int] = {}
