from __future__ import annotations

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.exercises import services
from cornerstone.exercises.demo import seed_demo_exercises
from cornerstone.exercises.models import ExerciseSession, ScenarioVersion, VersionStatus
from cornerstone.geography.models import LocalAuthority


@pytest.fixture
def author(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER])


def make_published(actor: Actor, stages: int = 2, options: int = 3) -> ScenarioVersion:
    version = services.scenario_create(actor=actor, title="Test scenario", summary="For tests")
    for number in range(1, stages + 1):
        services.stage_save(
            actor=actor,
            version=version,
            details=services.StageDetails(
                title=f"Stage title {number}",
                narrative=f"What happens at stage {number}.",
                question=f"What should happen at stage {number}?",
                options=tuple(f"Option {number}.{n}" for n in range(1, options + 1)),
                facilitator_notes=f"The law at stage {number}.",
            ),
        )
    return services.scenario_version_publish(actor=actor, version=version, ideology_neutral_confirmed=True)


@pytest.fixture
def published(author: Actor) -> ScenarioVersion:
    return make_published(author)


def start(actor: Actor, version: ScenarioVersion, venue: str = "Test hall") -> ExerciseSession:
    return services.session_start(
        actor=actor, version=version, local_authority=LocalAuthority.objects.get(code="WRT"), venue=venue
    )


@pytest.fixture
def session(author: Actor, published: ScenarioVersion) -> ExerciseSession:
    return start(author, published)


@pytest.fixture
def seeded(world: DemoWorld) -> DemoWorld:
    seed_demo_exercises(world, seed=DEMO_SEED)
    return world


def published_count() -> int:
    return ScenarioVersion.objects.filter(status=VersionStatus.PUBLISHED).count()
