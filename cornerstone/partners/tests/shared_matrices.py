"""The directory's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.geography.models import LocalAuthority
from cornerstone.partners import services
from cornerstone.partners.demo import seed_demo_directory
from cornerstone.partners.models import ApprovalStatus, InterventionProvider, PartnerService, ServiceType
from cornerstone.partners.roles import DIRECTORY_EDITORS, DIRECTORY_READERS


def _service(world: DemoWorld) -> PartnerService:
    """A current demo directory entry (the directory is seeded once per database)."""
    seed_demo_directory(world, seed=DEMO_SEED)
    return PartnerService.objects.filter(withdrawn_at__isnull=True).order_by("pk").first()  # type: ignore[return-value]


def _provider(world: DemoWorld) -> InterventionProvider:
    seed_demo_directory(world, seed=DEMO_SEED)
    return InterventionProvider.objects.get(organisation=world.organisations["mentoring"])


# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("partners:services", lambda w: "/partners/", DIRECTORY_READERS, ""),
    ("partners:service-new", lambda w: "/partners/services/new/", DIRECTORY_EDITORS, ""),
    ("partners:service", lambda w: f"/partners/services/{_service(w).pk}/", DIRECTORY_READERS, ""),
    (
        "partners:service-edit",
        lambda w: f"/partners/services/{_service(w).pk}/change/",
        DIRECTORY_EDITORS,
        "",
    ),
    (
        "partners:service-confirm",
        lambda w: f"/partners/services/{_service(w).pk}/confirm/",
        DIRECTORY_EDITORS,
        "",
    ),
    (
        "partners:service-withdraw",
        lambda w: f"/partners/services/{_service(w).pk}/withdraw/",
        DIRECTORY_EDITORS,
        "",
    ),
    ("partners:providers", lambda w: "/partners/intervention-providers/", DIRECTORY_READERS, ""),
    ("partners:provider-new", lambda w: "/partners/intervention-providers/new/", DIRECTORY_EDITORS, ""),
    (
        "partners:provider",
        lambda w: f"/partners/intervention-providers/{_provider(w).pk}/",
        DIRECTORY_READERS,
        "",
    ),
    (
        "partners:provider-edit",
        lambda w: f"/partners/intervention-providers/{_provider(w).pk}/change/",
        DIRECTORY_EDITORS,
        "",
    ),
)


def _coordinator(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR])


def _details(name: str) -> services.ServiceDetails:
    return services.ServiceDetails(
        name=name,
        organisation_name="Test Sports Trust",
        service_type=ServiceType.objects.get(code="diversionary-activity"),
        description="Boxing sessions twice a week.",
        how_to_refer="Phone the coach.",
        local_authorities=[LocalAuthority.objects.get(code="WRT")],
    )


def _provider_details() -> services.ProviderDetails:
    return services.ProviderDetails(
        approval_status=ApprovalStatus.APPROVED,
        approved_on=dt.date(2026, 3, 2),
        local_authorities=[LocalAuthority.objects.get(code="WRT")],
    )


def _create(world: DemoWorld) -> Callable[[], Any]:
    _service(world)  # the service types come with the demo directory
    details = _details("Test boxing club")
    return lambda: services.service_create(actor=_coordinator(world), details=details)


# service path: scenario, for cornerstone/accounts/tests/test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.partners.services.service_create": _create,
    "cornerstone.partners.services.service_update": lambda w: (
        lambda service, details: (
            lambda: services.service_update(actor=_coordinator(w), service=service, details=details)
        )
    )(_service(w), _details("Renamed boxing club")),
    "cornerstone.partners.services.service_confirm_current": lambda w: (
        lambda service: lambda: services.service_confirm_current(actor=_coordinator(w), service=service)
    )(_service(w)),
    "cornerstone.partners.services.service_withdraw": lambda w: (
        lambda service: (
            lambda: services.service_withdraw(actor=_coordinator(w), service=service, reason="Funding ended")
        )
    )(_service(w)),
    "cornerstone.partners.services.provider_save": lambda w: (
        lambda provider, details: (
            lambda: services.provider_save(
                actor=_coordinator(w), organisation=provider.organisation, details=details
            )
        )
    )(_provider(w), _provider_details()),
}
