from __future__ import annotations

import datetime as dt

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.partners import selectors, services
from cornerstone.partners.demo import STALE_SERVICE
from cornerstone.partners.home import stale_directory_entries
from cornerstone.partners.models import PartnerService

from .conftest import NOW

pytestmark = pytest.mark.django_db


def _names(actor: Actor, **search: object) -> set[str]:
    found = selectors.services_matching(
        selectors.current_services_visible_to(actor),
        selectors.ServiceSearch(**search),
        now=NOW,  # type: ignore[arg-type]
    )
    return set(found.values_list("name", flat=True))


def test_text_search_matches_name_organisation_and_description(directory, referrer: Actor) -> None:  # type: ignore[no-untyped-def]
    assert _names(referrer, text="football") == {"Kick Off football nights"}
    assert _names(referrer, text="halton youth") == {"Stepping Stones mentoring", "Riverside youth club"}
    assert _names(referrer, text="TUTORING") == {"Back on Track tutoring"}
    assert _names(referrer, text="nothing-like-this") == set()


def test_filter_by_type_and_area(directory, referrer: Actor) -> None:  # type: ignore[no-untyped-def]
    assert _names(referrer, type_codes=("mental-health",)) == {
        "Open Door wellbeing service",
        "Young Minds Matter",
    }
    assert _names(referrer, type_codes=("housing", "careers")) == {
        "Safe Harbour housing support",
        "Next Steps careers advice",
    }
    halton = LocalAuthority.objects.get(code="HAL")
    in_halton = _names(referrer, local_authority=halton)
    assert "Halton Works" in in_halton and "Kick Off football nights" not in in_halton
    assert _names(referrer, local_authority=halton, type_codes=("diversionary-activity",)) == {
        "Riverside youth club"
    }


def test_age_filter_includes_both_ends_and_open_ranges(directory, referrer: Actor) -> None:  # type: ignore[no-untyped-def]
    # Back on Track: 14 to 19. Families Together: up to 18. Halton Works: 18 and over.
    assert "Back on Track tutoring" not in _names(referrer, age=13)
    assert "Back on Track tutoring" in _names(referrer, age=14)
    assert "Back on Track tutoring" in _names(referrer, age=19)
    assert "Back on Track tutoring" not in _names(referrer, age=20)
    assert "Families Together" in _names(referrer, age=0)
    assert "Families Together" not in _names(referrer, age=19)
    assert "Halton Works" in _names(referrer, age=90)
    assert "Halton Works" not in _names(referrer, age=17)


def test_stale_entries_are_flagged_after_the_configured_time(directory, settings, coordinator: Actor) -> None:  # type: ignore[no-untyped-def]
    stale = PartnerService.objects.get(name=STALE_SERVICE)
    assert selectors.is_stale(stale, NOW)
    assert not selectors.is_stale(PartnerService.objects.get(name="Kick Off football nights"), NOW)
    assert list(selectors.stale_services_for(coordinator, now=NOW)) == [stale]
    assert stale_directory_entries(coordinator, now=NOW) == [
        ("1 directory entry needs checking", "/partners/?stale=on")
    ]
    # Six months is a setting.
    settings.CORNERSTONE_DIRECTORY_STALE_AFTER_DAYS = 3650
    assert not selectors.is_stale(stale, NOW)
    assert stale_directory_entries(coordinator, now=NOW) == []


def test_confirming_clears_the_flag(directory, coordinator: Actor) -> None:  # type: ignore[no-untyped-def]
    stale = PartnerService.objects.get(name=STALE_SERVICE)
    services.service_confirm_current(actor=coordinator, service=stale, now=NOW)
    assert selectors.stale_services_for(coordinator, now=NOW).count() == 0


def test_the_waiting_item_counts_only_the_coordinators_area(
    directory, world: DemoWorld, coordinator: Actor
) -> None:  # type: ignore[no-untyped-def]
    halton_only = PartnerService.objects.get(name="Families Together")
    PartnerService.objects.filter(pk=halton_only.pk).update(last_confirmed_at=NOW - dt.timedelta(days=400))
    # The Warrington coordinator sees only Warrington's stale entry; a system administrator both.
    assert selectors.stale_services_for(coordinator, now=NOW).count() == 1
    admin = Actor.for_membership(world.memberships_by_role[Role.SYSTEM_ADMINISTRATOR])
    assert selectors.stale_services_for(admin, now=NOW).count() == 2
    assert stale_directory_entries(admin, now=NOW)[0][0] == "2 directory entries need checking"


def test_withdrawn_services_are_hidden_from_readers_but_kept_for_editors(
    directory, referrer: Actor, coordinator: Actor
) -> None:  # type: ignore[no-untyped-def]
    service = PartnerService.objects.get(name="Community Connect")
    services.service_withdraw(actor=coordinator, service=service, reason="Closed")
    assert not selectors.services_visible_to(referrer).filter(pk=service.pk).exists()
    assert selectors.services_visible_to(coordinator).filter(pk=service.pk).exists()
    assert not selectors.current_services_visible_to(coordinator).filter(pk=service.pk).exists()


def test_roles_outside_the_directory_see_nothing(directory, world: DemoWorld) -> None:  # type: ignore[no-untyped-def]
    for role in (Role.ANALYST, Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMINISTRATOR):
        actor = Actor.for_membership(world.memberships_by_role[role])
        assert selectors.services_visible_to(actor).count() == 0
        assert selectors.providers_visible_to(actor).count() == 0


def test_approved_providers_exclude_those_past_review(directory, referrer: Actor) -> None:  # type: ignore[no-untyped-def]
    assert selectors.approved_providers_visible_to(referrer, today=NOW.date()).count() == 2
    assert selectors.approved_providers_visible_to(referrer, today=dt.date(2040, 1, 1)).count() == 0
