"""Query budgets: the main casework pages make the same number of SQL queries however much
history there is (the benchmark, bench/casework.py, times them with a million referrals)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.casework_history import build
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels.models import Meeting
from cornerstone.referrals.models import Referral
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def _warrington(world: DemoWorld) -> list[int]:
    return list(world.organisations["warrington"].local_authorities.values_list("pk", flat=True))


def _case(world: DemoWorld) -> int:
    return (
        Referral.objects.filter(local_authority_id__in=_warrington(world), channel_case__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
        or 0
    )


def _police_referral(world: DemoWorld) -> int:
    return (
        Referral.objects.filter(routed_to=world.organisations["ctp"], status=Status.CLOSED)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
        or 0
    )


def _meeting(world: DemoWorld) -> int:
    return (
        Meeting.objects.filter(panel__organisation=world.organisations["warrington"]).latest("starts_at").pk
    )


PAGES: list[tuple[str, str, Callable[[DemoWorld], str]]] = [
    ("screening queue", Role.POLICE_PREVENT_OFFICER, lambda w: reverse("referrals:queue")),
    (
        "police referral page",
        Role.POLICE_PREVENT_OFFICER,
        lambda w: reverse("referrals:detail", args=[_police_referral(w)]),
    ),
    ("Channel case page", Role.CHANNEL_COORDINATOR, lambda w: reverse("channel:case", args=[_case(w)])),
    ("panel agenda", Role.CHANNEL_COORDINATOR, lambda w: reverse("panels:meeting", args=[_meeting(w)])),
    ("my work: officer", Role.POLICE_PREVENT_OFFICER, lambda w: reverse("accounts:home")),
    ("my work: coordinator", Role.CHANNEL_COORDINATOR, lambda w: reverse("accounts:home")),
    ("my work: chair", Role.PANEL_CHAIR, lambda w: reverse("accounts:home")),
    ("my work: provider", Role.INTERVENTION_PROVIDER, lambda w: reverse("accounts:home")),
]


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.mark.parametrize(("name", "role", "path_for"), PAGES, ids=[page[0] for page in PAGES])
def test_page_queries_do_not_grow_with_history(
    world: DemoWorld, name: str, role: str, path_for: Callable[[DemoWorld], str]
) -> None:
    load_reference_lists()
    client = sign_in(Client(), world.users_by_role[role], world.memberships_by_role[role])
    # A tenth of the history in the demo council's areas, so its pages have plenty to show.
    build(world, referrals=1200, channel_cases=400, seed=1, home_share=0.1)
    path = path_for(world)
    client.get(path)  # the first request of a session does one-off work (session, device)
    small = _queries(client, path)
    build(world, referrals=2400, channel_cases=800, seed=2, home_share=0.1)
    # The same page again, with three times the history (and, for the case page, the same case).
    assert _queries(client, path) == small, name
