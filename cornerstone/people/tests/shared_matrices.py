"""The person index services, for the shared one-audit-event-per-service test in
``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.people import services
from cornerstone.people.models import Decision, MatchProposal, Person
from cornerstone.people.types import PersonDetails

_BORN = dt.date(2010, 6, 9)


def _officer(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])


def _add(given_names: str) -> Person:
    details = PersonDetails(given_names, "Oduya", date_of_birth=_BORN, postcode="L1 8JQ")
    return services.person_create(actor=Actor.system("tests"), details=details, source="tests")


def _proposal() -> MatchProposal:
    """Katherine is in the index; Kate, added after, is proposed as possibly her."""
    known = _add("Katherine")
    return MatchProposal.objects.get(person=_add("Kate"), candidate=known)


def _unmerge(world: DemoWorld) -> Callable[[], Any]:
    proposal = _proposal()
    merge = services.person_merge(
        actor=_officer(world), source=proposal.person, target=proposal.candidate, reason="Same pupil"
    )
    return lambda: services.person_unmerge(actor=_officer(world), merge=merge, reason="Twins after all")


# service path: scenario, for cornerstone/accounts/tests/test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.people.services.person_create": lambda w: lambda: _add("Katherine"),
    "cornerstone.people.services.match_decide": lambda w: (
        lambda proposal: (
            lambda: services.match_decide(
                actor=_officer(w), proposal=proposal, decision=Decision.SAME, reason="Same pupil number"
            )
        )
    )(_proposal()),
    "cornerstone.people.services.person_merge": lambda w: (
        lambda proposal: (
            lambda: services.person_merge(
                actor=_officer(w), source=proposal.person, target=proposal.candidate, reason="Same pupil"
            )
        )
    )(_proposal()),
    "cornerstone.people.services.person_unmerge": _unmerge,
}
