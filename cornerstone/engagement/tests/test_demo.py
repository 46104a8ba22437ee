from __future__ import annotations

import datetime as dt

import pytest

from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.engagement.demo import DEMO_COUNT, seed_demo_engagement
from cornerstone.engagement.models import Action, ActionStatus, Engagement

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _picture() -> list[tuple[object, ...]]:
    return list(
        Engagement.objects.order_by("title").values_list(
            "title", "type", "date", "local_authority__code", "headcount", "age_under_18", "count_women"
        )
    )


def test_the_demo_log_is_deterministic_idempotent_and_valid(world: DemoWorld) -> None:
    made = seed_demo_engagement(world, seed=DEMO_SEED, now=NOW)
    assert len(made) == DEMO_COUNT == Engagement.objects.count()
    first = _picture()
    actions = Action.objects.count()
    seed_demo_engagement(world, seed=DEMO_SEED, now=NOW)
    assert _picture() == first and Action.objects.count() == actions
    assert set(Engagement.objects.values_list("local_authority__code", flat=True)) == {
        "WRT",
        "HAL",
        "CHE",
        "CHW",
    }
    assert Engagement.objects.filter(published_at__isnull=False).exists()
    assert Action.objects.filter(status=ActionStatus.DONE).exists()
    assert Action.objects.filter(status=ActionStatus.OPEN, due_on__lt=NOW.date()).exists()
    assert not Engagement.objects.filter(themes__isnull=True).exists()
    for engagement in Engagement.objects.all():
        assert engagement.date <= NOW.date()
        assert sum(c or 0 for _, c in engagement.age_counts) <= engagement.headcount
        assert sum(c or 0 for _, c in engagement.sex_counts) <= engagement.headcount
