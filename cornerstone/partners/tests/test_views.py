from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.partners.demo import STALE_SERVICE, seed_demo_directory
from cornerstone.partners.models import InterventionProvider, PartnerService, ServiceType
from cornerstone.partners.roles import DIRECTORY_EDITORS, DIRECTORY_READERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(world: DemoWorld) -> list[PartnerService]:
    """The demo directory as of today (the pages compare with the real clock)."""
    return seed_demo_directory(world, seed=1)


PAGES = {
    # page: (url template, who may open it)
    "list": ("/partners/", DIRECTORY_READERS),
    "detail": ("/partners/services/{service}/", DIRECTORY_READERS),
    "new": ("/partners/services/new/", DIRECTORY_EDITORS),
    "edit": ("/partners/services/{service}/change/", DIRECTORY_EDITORS),
    "confirm": ("/partners/services/{service}/confirm/", DIRECTORY_EDITORS),
    "withdraw": ("/partners/services/{service}/withdraw/", DIRECTORY_EDITORS),
    "providers": ("/partners/intervention-providers/", DIRECTORY_READERS),
    "provider": ("/partners/intervention-providers/{provider}/", DIRECTORY_READERS),
    "provider-edit": ("/partners/intervention-providers/{provider}/change/", DIRECTORY_EDITORS),
}
EXPECTED_READERS = {
    Role.REFERRER,
    Role.SAFEGUARDING_LEAD,
    Role.POLICE_PREVENT_OFFICER,
    Role.POLICE_PREVENT_SUPERVISOR,
    Role.CHANNEL_COORDINATOR,
    Role.PANEL_CHAIR,
    Role.PANEL_MEMBER,
    Role.INTERVENTION_PROVIDER,
    Role.FORCE_PREVENT_LEAD,
    Role.REGIONAL_PREVENT_COORDINATOR,
    Role.COMMUNITY_ENGAGEMENT_OFFICER,
    Role.SYSTEM_ADMINISTRATOR,
}


def _client(world: DemoWorld, role: str) -> Client:
    return sign_in(Client(), world.users_by_role[role], world.memberships_by_role[role])


def test_the_readers_are_the_roles_the_issue_names() -> None:
    assert set(DIRECTORY_READERS) == EXPECTED_READERS
    assert set(DIRECTORY_EDITORS) == {Role.CHANNEL_COORDINATOR, Role.SYSTEM_ADMINISTRATOR}


@pytest.mark.parametrize("role", sorted(Role.values))
def test_access_matrix(world: DemoWorld, directory, role: str) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, role)
    ids = {"service": PartnerService.objects.first().pk, "provider": InterventionProvider.objects.first().pk}  # type: ignore[union-attr]
    for name, (template, allowed) in PAGES.items():
        response = client.get(template.format(**ids))
        expected = 200 if role in allowed else 403
        assert response.status_code == expected, f"{role} {name}: {response.status_code}"


def test_posts_are_refused_to_readers(world: DemoWorld, directory) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, Role.REFERRER)
    service = PartnerService.objects.first()
    before = AuditEvent.objects.count()
    assert client.post(f"/partners/services/{service.pk}/confirm/").status_code == 403  # type: ignore[union-attr]
    assert client.post(f"/partners/services/{service.pk}/withdraw/", {"reason": "x"}).status_code == 403  # type: ignore[union-attr]
    assert AuditEvent.objects.count() == before


def test_the_list_makes_a_fixed_number_of_queries(world: DemoWorld, directory) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, Role.CHANNEL_COORDINATOR)
    client.get("/partners/")  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        response = client.get("/partners/?age=15")
    assert response.status_code == 200
    # Twenty more services (a second page's worth) must not add queries.
    halton = LocalAuthority.objects.get(code="HAL")
    kind = ServiceType.objects.first()
    for number in range(20):
        service = PartnerService.objects.create(
            name=f"Extra service {number}",
            organisation_name="Extra",
            service_type=kind,
            description="x",
            how_to_refer="x",
        )
        service.local_authorities.add(halton)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/partners/?age=15")
    assert response.status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 16, [q["sql"] for q in few.captured_queries]


def test_filtering_in_the_page_and_the_stale_flag(world: DemoWorld, directory) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, Role.REFERRER)
    page = client.get("/partners/", {"type": "mental-health", "area": "HAL"}).content.decode()
    assert "Open Door wellbeing service" in page and "Kick Off football nights" not in page
    assert "2 services" in page
    page = client.get("/partners/", {"age": "twelve"}).content.decode()
    assert "Age of the person must be a whole number, like 16" in page
    page = client.get("/partners/").content.decode()
    assert page.count("Needs checking") == 1
    stale = PartnerService.objects.get(name=STALE_SERVICE)
    detail = client.get(f"/partners/services/{stale.pk}/").content.decode()
    assert "Nobody has confirmed this entry is current" in detail
    assert "Confirm still current" not in detail  # a referrer cannot confirm


def test_the_list_is_paginated(world: DemoWorld, directory) -> None:  # type: ignore[no-untyped-def]
    kind = ServiceType.objects.first()
    wrt = LocalAuthority.objects.get(code="WRT")
    for number in range(15):
        PartnerService.objects.create(
            name=f"Zz service {number:02d}",
            organisation_name="Extra",
            service_type=kind,
            description="x",
            how_to_refer="x",
        ).local_authorities.add(wrt)
    client = _client(world, Role.REFERRER)
    first = client.get("/partners/").content.decode()
    assert "27 services" in first and 'rel="next"' in first and "Zz service 14" not in first
    second = client.get("/partners/", {"page": "2"}).content.decode()
    assert "Zz service 14" in second and 'rel="prev"' in second


def test_coordinator_home_shows_the_waiting_item(world: DemoWorld, directory) -> None:  # type: ignore[no-untyped-def]
    page = _client(world, Role.CHANNEL_COORDINATOR).get("/").content.decode()
    assert "1 directory entry needs checking" in page


def test_adding_a_service_through_the_form(world: DemoWorld, directory) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, Role.CHANNEL_COORDINATOR)
    wrt = LocalAuthority.objects.get(code="WRT")
    kind = ServiceType.objects.get(code="housing")
    form = {
        "name": "Night shelter",
        "organisation_name": "Warrington Shelter (test)",
        "service_type": kind.pk,
        "description": "Beds for the night.",
        "how_to_refer": "Phone.",
        "local_authorities": [wrt.pk],
        "capacity": "open",
        "min_age": "20",
        "max_age": "18",
        "contact_email": "shelter@",
        "contact_phone": "12",
        "website": "shelter",
    }
    page = client.post("/partners/services/new/", form).content.decode()
    for message in (
        "Minimum age must be the same as or lower than the maximum age",
        "Enter an email address in the correct format, like name@example.org",
        "Enter a telephone number, like 01632 960 001 or +44 808 157 0192",
        "Enter a website address in the correct format, like https://www.example.org",
    ):
        assert message in page
    assert not PartnerService.objects.filter(name="Night shelter").exists()
    form.update(
        min_age="18",
        max_age="",
        contact_email="shelter@example.org",
        contact_phone="01925 960 999",
        website="https://example.org",
    )
    response = client.post("/partners/services/new/", form)
    service = PartnerService.objects.get(name="Night shelter")
    assert response.status_code == 302 and response["Location"] == f"/partners/services/{service.pk}/"
