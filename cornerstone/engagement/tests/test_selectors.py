from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.engagement import selectors
from cornerstone.engagement.models import Engagement, EngagementType, Theme
from cornerstone.geography.models import LocalAuthority

from .conftest import TODAY, actor_for

pytestmark = pytest.mark.django_db

# What each role in the demo sees of one engagement in each of these areas. Cheshire
# Constabulary covers the Cheshire force area; the counter-terrorism unit (where the demo's
# Prevent officers and regional coordinator work) covers the whole North West region; Warrington
# Borough Council covers Warrington only. Cheshire East is in the force area; Manchester is not.
EXPECTED: dict[str, set[str]] = {
    Role.COMMUNITY_ENGAGEMENT_OFFICER: {"WRT", "HAL", "CHE"},
    Role.FORCE_PREVENT_LEAD: {"WRT", "HAL", "CHE"},
    Role.POLICE_PREVENT_OFFICER: {"WRT", "HAL", "CHE", "MAN"},
    Role.POLICE_PREVENT_SUPERVISOR: {"WRT", "HAL", "CHE", "MAN"},
    Role.REGIONAL_PREVENT_COORDINATOR: {"WRT", "HAL", "CHE", "MAN"},
    Role.CHANNEL_COORDINATOR: {"WRT"},
}


@pytest.fixture
def spread(record: Callable[..., Engagement], world: DemoWorld) -> dict[str, Engagement]:
    made = {code: record(code) for code in ("WRT", "HAL", "CHE")}
    # Manchester is outside the engagement officer's area, so record it as the regional coordinator.
    from cornerstone.engagement import services

    from .conftest import details_for

    made["MAN"] = services.engagement_record(
        actor=actor_for(world, Role.REGIONAL_PREVENT_COORDINATOR), details=details_for("MAN")
    )
    return made


@pytest.mark.parametrize("role", sorted(Role.values))
def test_each_role_sees_the_engagements_of_its_area(
    world: DemoWorld, spread: dict[str, Engagement], role: str
) -> None:
    visible = selectors.engagements_visible_to(actor_for(world, role))
    codes = set(visible.values_list("local_authority__code", flat=True))
    assert codes == EXPECTED.get(role, set())
    actions = selectors.actions_visible_to(actor_for(world, role))
    assert set(actions.values_list("engagement__local_authority__code", flat=True)) <= codes


def test_filters(world: DemoWorld, record: Callable[..., Engagement], themes: dict[str, Theme]) -> None:
    old = record(date=TODAY - dt.timedelta(days=100), type=EngagementType.FAITH_FORUM)
    new = record("HAL", themes=[themes["online-harms"]])
    visible = selectors.engagements_visible_to(actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER))

    def matching(**search: object) -> set[int]:
        return set(
            selectors.engagements_matching(visible, selectors.EngagementFilter(**search)).values_list(
                "pk", flat=True
            )  # type: ignore[arg-type]
        )

    assert matching() == {old.pk, new.pk}
    assert matching(local_authority=LocalAuthority.objects.get(code="HAL")) == {new.pk}
    assert matching(type=EngagementType.FAITH_FORUM) == {old.pk}
    assert matching(theme=themes["online-harms"]) == {new.pk}
    assert matching(theme=themes["hate-crime"]) == {old.pk}
    assert matching(date_from=TODAY - dt.timedelta(days=30)) == {new.pk}
    assert matching(date_to=TODAY - dt.timedelta(days=30)) == {old.pk}


def test_dashboard_numbers(
    world: DemoWorld, record: Callable[..., Engagement], themes: dict[str, Theme]
) -> None:
    march, april, may = dt.date(2026, 3, 10), dt.date(2026, 4, 2), dt.date(2026, 5, 20)
    record(date=march, themes=[themes["hate-crime"]])
    record(date=april, themes=[themes["hate-crime"], themes["online-harms"]], type=EngagementType.FAITH_FORUM)
    record("HAL", date=may, themes=[themes["online-harms"]], type=EngagementType.FAITH_FORUM)
    record("HAL", date=dt.date(2025, 1, 5))  # outside the period
    visible = selectors.engagements_visible_to(actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER))
    numbers = selectors.dashboard_numbers(
        visible, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 6, 30)
    )

    def table(tallies: tuple[selectors.Tally, ...]) -> dict[str, int]:
        return {t.label: t.count for t in tallies}

    assert numbers.total == 3
    assert table(numbers.by_area) == {"Warrington": 2, "Halton": 1}
    assert table(numbers.by_type)["Faith forum"] == 2
    assert table(numbers.by_type)["Community meeting"] == 1
    assert sum(table(numbers.by_type).values()) == 3
    assert table(numbers.by_theme) == {
        "Hate crime and hate incidents": 2,
        "Online harms and misinformation": 2,
    }
    assert numbers.theme_versions == ("2026",)
    assert table(numbers.over_time) == {"March 2026": 1, "April 2026": 1, "May 2026": 1, "June 2026": 0}
    quarters = selectors.dashboard_numbers(
        visible, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 6, 30), by="quarter"
    )
    assert table(quarters.over_time) == {"January to March 2026": 1, "April to June 2026": 2}
    # Someone in Warrington only counts Warrington's.
    coordinator = selectors.engagements_visible_to(actor_for(world, Role.CHANNEL_COORDINATOR))
    assert selectors.dashboard_numbers(coordinator, date_from=march, date_to=may).total == 2


def test_published_engagements_are_only_the_published(
    world: DemoWorld, record: Callable[..., Engagement]
) -> None:
    from cornerstone.engagement import services

    shown, hidden = record(), record("HAL")
    services.engagement_publish(
        actor=actor_for(world, Role.COMMUNITY_ENGAGEMENT_OFFICER), engagement=shown, summary="We met."
    )
    assert list(selectors.published_engagements()) == [shown]
    assert list(selectors.published_areas().values_list("code", flat=True)) == ["WRT"]
    assert hidden not in selectors.published_engagements()
