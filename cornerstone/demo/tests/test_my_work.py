"""Each role's home page lists what is waiting for them and what is overdue, over the demo's
cases at every stage (the same journeys ``seed_demo`` loads)."""

from __future__ import annotations

import pytest
from django.test import Client

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.demo.journeys import seed_demo_journeys
from cornerstone.partners.demo import seed_demo_directory
from cornerstone.referrals.demo import seed_demo_referrals
from cornerstone.referrals.reference_data import load_reference_lists

pytestmark = pytest.mark.django_db

# What each case role must find on its home page, and the sections in its navigation.
EXPECTED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Role.POLICE_PREVENT_OFFICER: (
        (
            "new referrals are waiting for receipt",
            "referral is being screened by your unit",
            "managed by police",
        ),
        ("Referrals", "People"),
    ),
    Role.CHANNEL_COORDINATOR: (
        (
            "case is waiting to be picked up",
            "information request you sent is overdue",
            "1 intervention overdue",
        ),
        ("Channel cases", "Channel panels"),
    ),
    Role.PANEL_CHAIR: (
        ("case is waiting to be picked up", "1 intervention overdue"),
        ("Channel cases", "Channel panels"),
    ),
    Role.SAFEGUARDING_LEAD: (
        ("2 information requests are waiting for an answer", "1 information request is overdue"),
        ("Information requests",),
    ),
    Role.INTERVENTION_PROVIDER: (("interventions to deliver",), ("Your cases",)),
}


@pytest.fixture
def journeys(world: DemoWorld) -> DemoWorld:
    load_reference_lists()
    seed_demo_referrals(world, seed=DEMO_SEED)
    seed_demo_directory(world, seed=DEMO_SEED)
    seed_demo_journeys(world, seed=DEMO_SEED)
    return world


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_case_role_sees_its_waiting_work(journeys: DemoWorld, role: str) -> None:
    member = journeys.memberships_by_role[role]
    page = sign_in(Client(), member.user, member).get("/").content.decode()
    waiting, sections = EXPECTED[role]
    for text in waiting:
        assert text in page, (role, text)
    for section in sections:
        assert f">{section}</a>" in page, (role, section)
    assert "Nothing is waiting for you" not in page


def test_roles_outside_casework_see_no_case_sections(journeys: DemoWorld) -> None:
    for role in (Role.COMMUNITY_ENGAGEMENT_OFFICER, Role.ANALYST, Role.REFERRER):
        member = journeys.memberships_by_role[role]
        page = sign_in(Client(), member.user, member).get("/").content.decode()
        for section in ("Channel cases", "Channel panels", "Your cases", "Information requests"):
            assert f">{section}</a>" not in page, (role, section)
