"""The contacts and guidance pages and services, for the shared role-by-page matrix and the
shared one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.geography.models import PoliceForceArea
from cornerstone.guidance import services
from cornerstone.guidance.demo import minimal_pdf, seed_demo_guidance
from cornerstone.guidance.models import ContactRole, GuidanceDocument, PreventContact
from cornerstone.guidance.roles import CONTACT_KEEPERS, GUIDANCE_UPLOADERS

EVERY_ROLE = frozenset(Role.values)
# The demo Force Prevent Lead works for Cheshire, the demo Regional Prevent Coordinator for the
# North West: each keeps only their own area's contact.
CHESHIRE_KEEPERS = frozenset({Role.SYSTEM_ADMINISTRATOR, Role.FORCE_PREVENT_LEAD})
NORTH_WEST_KEEPERS = frozenset({Role.SYSTEM_ADMINISTRATOR, Role.REGIONAL_PREVENT_COORDINATOR})


def _document(world: DemoWorld) -> GuidanceDocument:
    seed_demo_guidance(world, seed=DEMO_SEED)
    return GuidanceDocument.objects.order_by("pk").first()  # type: ignore[return-value]


def _contact(world: DemoWorld, role: str) -> PreventContact:
    seed_demo_guidance(world, seed=DEMO_SEED)
    return PreventContact.objects.get(role=role, is_active=True)


def _force_lead(world: DemoWorld) -> int:
    return _contact(world, ContactRole.FORCE_PREVENT_LEAD).pk


def _regional(world: DemoWorld) -> int:
    return _contact(world, ContactRole.REGIONAL_PREVENT_COORDINATOR).pk


# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("guidance:library", lambda w: "/guidance/", EVERY_ROLE, ""),
    ("guidance:document-new", lambda w: "/guidance/documents/new/", GUIDANCE_UPLOADERS, ""),
    ("guidance:document", lambda w: f"/guidance/documents/{_document(w).pk}/", EVERY_ROLE, ""),
    (
        "guidance:version-new",
        lambda w: f"/guidance/documents/{_document(w).pk}/new-version/",
        GUIDANCE_UPLOADERS,
        "",
    ),
    (
        "guidance:download",
        lambda w: f"/guidance/versions/{_document(w).versions.first().pk}/download/",  # type: ignore[union-attr]
        EVERY_ROLE,
        "",
    ),
    ("guidance:advice", lambda w: "/guidance/advice/", EVERY_ROLE, ""),
    ("guidance:contacts", lambda w: "/guidance/contacts/", EVERY_ROLE, ""),
    ("guidance:contact-new", lambda w: "/guidance/contacts/new/", CONTACT_KEEPERS, ""),
    (
        "guidance:contact-edit",
        lambda w: f"/guidance/contacts/{_force_lead(w)}/change/",
        CHESHIRE_KEEPERS,
        "Cheshire's Force Prevent Lead",
    ),
    (
        "guidance:contact-edit",
        lambda w: f"/guidance/contacts/{_regional(w)}/change/",
        NORTH_WEST_KEEPERS,
        "the North West's Regional Prevent Coordinator",
    ),
    (
        "guidance:contact-remove",
        lambda w: f"/guidance/contacts/{_force_lead(w)}/remove/",
        CHESHIRE_KEEPERS,
        "Cheshire's Force Prevent Lead",
    ),
)


def _lead(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.FORCE_PREVENT_LEAD])


def _details(name: str) -> services.ContactDetails:
    return services.ContactDetails(
        role=ContactRole.FORCE_PREVENT_LEAD,
        name=name,
        email="prevent@cheshire-police.test",
        police_force_area=PoliceForceArea.objects.get(code="cheshire"),
    )


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("guide.pdf", minimal_pdf(["A test guide"]), content_type="application/pdf")


# service path: scenario, for cornerstone/accounts/tests/test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.guidance.services.contact_create": lambda w: (
        lambda: services.contact_create(actor=_lead(w), details=_details("A New Lead"))
    ),
    "cornerstone.guidance.services.contact_update": lambda w: (
        lambda contact: (
            lambda: services.contact_update(
                actor=_lead(w), contact=contact, details=_details("A Renamed Lead")
            )
        )
    )(_contact(w, ContactRole.FORCE_PREVENT_LEAD)),
    "cornerstone.guidance.services.contact_remove": lambda w: (
        lambda contact: lambda: services.contact_remove(actor=_lead(w), contact=contact)
    )(_contact(w, ContactRole.FORCE_PREVENT_LEAD)),
    "cornerstone.guidance.services.guidance_document_create": lambda w: (
        lambda: services.guidance_document_create(
            actor=_lead(w),
            title="A test guide",
            summary="",
            version="1.0",
            published_on=dt.date(2026, 1, 5),
            upload=_pdf(),
        )
    ),
    "cornerstone.guidance.services.guidance_version_add": lambda w: (
        lambda document: (
            lambda: services.guidance_version_add(
                actor=_lead(w),
                document=document,
                version="9.0",
                published_on=dt.date(2026, 1, 5),
                upload=_pdf(),
            )
        )
    )(_document(w)),
}
