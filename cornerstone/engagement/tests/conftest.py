from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.engagement import services
from cornerstone.engagement.models import Engagement, EngagementType, Theme
from cornerstone.engagement.themes import ensure_themes
from cornerstone.geography.models import LocalAuthority

TODAY = timezone.localdate()


@pytest.fixture
def themes(world: DemoWorld) -> dict[str, Theme]:
    ensure_themes()
    return {theme.code: theme for theme in Theme.objects.all()}


def actor_for(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


@pytest.fixture
def officer(world: DemoWorld) -> Actor:
    """The demo community engagement officer: Cheshire Constabulary, so all four Cheshire areas."""
    return actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER)


@pytest.fixture
def coordinator(world: DemoWorld) -> Actor:
    """The demo Channel coordinator: Warrington Borough Council, so Warrington only."""
    return actor_for(world, Role.CHANNEL_COORDINATOR)


def details_for(code: str = "WRT", **changes: Any) -> services.EngagementDetails:
    values: dict[str, Any] = {
        "title": "Orford residents' meeting",
        "type": EngagementType.COMMUNITY_MEETING,
        "date": TODAY - dt.timedelta(days=7),
        "venue": "Orford Community Centre",
        "local_authority": LocalAuthority.objects.get(code=code),
        "headcount": 30,
        "themes": list(Theme.objects.filter(code__in=["hate-crime", "trust-in-police"])),
        "other_organisations": ["Orford Residents' Association"],
        "demographics": {"age_under_18": 5, "age_18_to_34": 10, "count_women": 14, "count_men": 15},
        "concerns": "Stickers near the park.",
    }
    values.update(changes)
    return services.EngagementDetails(**values)


@pytest.fixture
def record(officer: Actor, themes: dict[str, Theme]) -> Callable[..., Engagement]:
    def make(code: str = "WRT", **changes: Any) -> Engagement:
        return services.engagement_record(actor=officer, details=details_for(code, **changes))

    return make
