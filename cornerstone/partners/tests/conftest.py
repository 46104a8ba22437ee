from __future__ import annotations

import datetime as dt

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.partners.demo import seed_demo_directory
from cornerstone.partners.models import PartnerService

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def directory(world: DemoWorld) -> list[PartnerService]:
    return seed_demo_directory(world, seed=1, now=NOW)


@pytest.fixture
def coordinator(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR])


@pytest.fixture
def referrer(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.REFERRER])
