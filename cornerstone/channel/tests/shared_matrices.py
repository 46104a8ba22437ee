"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status

COORDINATOR = frozenset({Role.CHANNEL_COORDINATOR})
CASE_READERS = frozenset({Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR})
PARTNERS = frozenset({Role.SAFEGUARDING_LEAD, Role.PANEL_MEMBER})
# The demo safeguarding lead is at the school the matrix's request is sent to.
ASKED_PARTNER = frozenset({Role.SAFEGUARDING_LEAD})


def _case(world: DemoWorld, status: str = Status.INFORMATION_GATHERING) -> Referral:
    """A Warrington Channel case at ``status`` (the same one each time the matrix asks)."""
    from cornerstone.referrals.tests.stages import referral_at

    existing = (
        Referral.objects.filter(status=status, channel_case__local_authority__code="WRT")
        .order_by("pk")
        .first()
    )
    return existing if existing is not None else referral_at(world, status)


def _request_id(world: DemoWorld) -> int:
    from cornerstone.channel.models import InformationRequest
    from cornerstone.channel.tests.factories import send_request

    referral = _case(world)
    existing = InformationRequest.objects.filter(
        case__referral=referral, organisation=world.organisations["secondary"], answered_at__isnull=True
    ).first()
    return (existing or send_request(world, referral)).pk


# (url name, path, roles allowed, note) for test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("channel:cases", lambda w: "/channel/", CASE_READERS, ""),
    ("channel:case", lambda w: f"/channel/{_case(w).pk}/", CASE_READERS, ""),
    ("channel:request-new", lambda w: f"/channel/{_case(w).pk}/information-requests/new/", COORDINATOR, ""),
    ("channel:list-for-panel", lambda w: f"/channel/{_case(w).pk}/list-for-panel/", COORDINATOR, ""),
    (
        "channel:consent",
        lambda w: f"/channel/{_case(w, Status.AWAITING_CONSENT).pk}/consent/",
        COORDINATOR,
        "",
    ),
    ("channel:inbox", lambda w: "/channel/information-requests/", PARTNERS, ""),
    ("channel:request", lambda w: f"/channel/information-requests/{_request_id(w)}/", ASKED_PARTNER, ""),
    (
        "channel:request-withdraw",
        lambda w: f"/channel/information-requests/{_request_id(w)}/withdraw/",
        COORDINATOR,
        "",
    ),
)
# Named URLs anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset({"channel:accept"})


def _actor(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def _accept(world: DemoWorld) -> Callable[[], Any]:
    from cornerstone.channel import services

    referral = _case(world, Status.WITH_CHANNEL)
    return lambda: services.channel_case_accept(
        actor=_actor(world, Role.CHANNEL_COORDINATOR), referral_id=referral.pk
    )


def _send(world: DemoWorld) -> Callable[[], Any]:
    from cornerstone.channel import services

    referral = _case(world)
    return lambda: services.information_request_send(
        actor=_actor(world, Role.CHANNEL_COORDINATOR),
        referral_id=referral.pk,
        organisation_id=world.organisations["health"].pk,
        question="Is the person known to the trust?",
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )


def _answer(world: DemoWorld) -> Callable[[], Any]:
    from cornerstone.channel import services

    request_id = _request_id(world)
    return lambda: services.information_request_answer(
        actor=_actor(world, Role.SAFEGUARDING_LEAD), request_id=request_id, answer="Known to pastoral staff"
    )


def _withdraw(world: DemoWorld) -> Callable[[], Any]:
    from cornerstone.channel import services

    request_id = _request_id(world)
    return lambda: services.information_request_withdraw(
        actor=_actor(world, Role.CHANNEL_COORDINATOR), request_id=request_id, reason="Asked in error"
    )


def _list(world: DemoWorld) -> Callable[[], Any]:
    from cornerstone.channel import services
    from cornerstone.channel.tests.factories import complete_preliminary_assessment

    referral = _case(world)
    complete_preliminary_assessment(world, referral)
    return lambda: services.channel_case_list_for_panel(
        actor=_actor(world, Role.CHANNEL_COORDINATOR), referral_id=referral.pk, reason="Ready for the panel"
    )


def _consent(world: DemoWorld) -> Callable[[], Any]:
    from cornerstone.channel import services

    referral = _case(world, Status.AWAITING_CONSENT)
    return lambda: services.consent_record(
        actor=_actor(world, Role.CHANNEL_COORDINATOR),
        referral_id=referral.pk,
        decision="given",
        decided_on=timezone.localdate(),
        method="in_person",
        parent_name="Alex Taylor",
        parent_relationship="Mother",
        child_view="Willing to meet a mentor",
    )


# service path: scenario that returns the call to make, for test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.channel.services.channel_case_accept": _accept,
    "cornerstone.channel.services.information_request_send": _send,
    "cornerstone.channel.services.information_request_answer": _answer,
    "cornerstone.channel.services.information_request_withdraw": _withdraw,
    "cornerstone.channel.services.channel_case_list_for_panel": _list,
    "cornerstone.channel.services.consent_record": _consent,
}
# Services that call other audited services, and how many audit events one call leaves.
EVENTS_PER_CALL: dict[str, int] = {}
