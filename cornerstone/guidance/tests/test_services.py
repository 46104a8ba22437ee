from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import PoliceForceArea, PreventRegion
from cornerstone.guidance import services
from cornerstone.guidance.demo import minimal_pdf
from cornerstone.guidance.models import ContactRole, GuidanceVersion, PreventContact

from .conftest import docx_bytes, odt_bytes

pytestmark = pytest.mark.django_db
PUBLISHED = dt.date(2026, 3, 1)


def _actor(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def _pdf(name: str = "guide.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content if content is not None else minimal_pdf(["Hello"]), "application/pdf"
    )


def test_force_prevent_lead_keeps_their_own_force_contacts(world: DemoWorld) -> None:
    lead = _actor(world, Role.FORCE_PREVENT_LEAD)
    cheshire = PoliceForceArea.objects.get(code="cheshire")
    before = AuditEvent.objects.count()
    contact = services.contact_create(
        actor=lead,
        details=services.ContactDetails(
            role=ContactRole.FORCE_PREVENT_LEAD,
            name="A Lead",
            email="lead@example.org",
            phone="01632 960 000",
            police_force_area=cheshire,
        ),
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "prevent_contact.create"
    services.contact_update(
        actor=lead,
        contact=contact,
        details=services.ContactDetails(
            role=ContactRole.FORCE_PREVENT_LEAD,
            name="A Lead",
            email="new@example.org",
            police_force_area=cheshire,
        ),
    )
    assert AuditEvent.objects.count() == before + 2
    assert AuditEvent.objects.latest("pk").changes["email"] == {
        "from": "lead@example.org",
        "to": "new@example.org",
    }
    services.contact_remove(actor=lead, contact=contact)
    assert AuditEvent.objects.count() == before + 3
    assert not PreventContact.objects.get(pk=contact.pk).is_active

    other_force = PoliceForceArea.objects.exclude(code="cheshire").first()
    with pytest.raises(PermissionDenied):
        services.contact_create(
            actor=lead,
            details=services.ContactDetails(
                role=ContactRole.FORCE_PREVENT_LEAD,
                name="B",
                email="b@example.org",
                police_force_area=other_force,
            ),
        )
    region = PreventRegion.objects.get(code="north-west")
    with pytest.raises(PermissionDenied):
        services.contact_create(
            actor=lead,
            details=services.ContactDetails(
                role=ContactRole.REGIONAL_PREVENT_COORDINATOR,
                name="C",
                email="c@example.org",
                prevent_region=region,
            ),
        )
    assert AuditEvent.objects.count() == before + 3


def test_regional_coordinator_and_administrator(world: DemoWorld) -> None:
    region = PreventRegion.objects.get(code="north-west")
    details = services.ContactDetails(
        role=ContactRole.REGIONAL_PREVENT_COORDINATOR, name="R", email="r@example.org", prevent_region=region
    )
    services.contact_create(actor=_actor(world, Role.REGIONAL_PREVENT_COORDINATOR), details=details)
    services.contact_create(actor=_actor(world, Role.SYSTEM_ADMINISTRATOR), details=details)
    with pytest.raises(PermissionDenied):
        services.contact_create(actor=_actor(world, Role.CHANNEL_COORDINATOR), details=details)
    assert PreventContact.objects.count() == 2


def test_contact_validation_messages(world: DemoWorld) -> None:
    with pytest.raises(ValidationError) as caught:
        services.contact_create(
            actor=_actor(world, Role.SYSTEM_ADMINISTRATOR),
            details=services.ContactDetails(
                role=ContactRole.FORCE_PREVENT_LEAD, name="", email="nope", phone="12"
            ),
        )
    assert caught.value.message_dict == {
        "name": ["Enter the contact's name"],
        "email": ["Enter an email address in the correct format, like name@example.org"],
        "phone": ["Enter a telephone number, like 01632 960 001 or +44 808 157 0192"],
        "police_force_area": ["Select the police force area"],
    }


@pytest.mark.parametrize(
    ("name", "content"),
    [("guide.pdf", None), ("guide.docx", docx_bytes()), ("guide.ODT", odt_bytes())],
)
def test_upload_keeps_the_file_outside_the_web_root_with_one_event(
    world: DemoWorld, settings, name, content
) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    row = services.guidance_document_create(
        actor=_actor(world, Role.FORCE_PREVENT_LEAD),
        title="Guide",
        summary="",
        version="1.0",
        published_on=PUBLISHED,
        upload=_pdf(name, content),
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "guidance_document.create"
    stored = Path(row.file.path)
    assert stored.is_file() and stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert name not in row.file.name  # stored under a random name
    assert row.original_name == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.exe", b"MZ....", "The selected file must be a PDF, DOCX or ODT"),
        ("guide.html", b"<html>", "The selected file must be a PDF, DOCX or ODT"),
        (
            "guide.pdf",
            b"<html><script>",
            "The selected file is not a real PDF file. Upload a PDF, DOCX or ODT",
        ),
        (
            "guide.docx",
            docx_bytes(with_document=False),
            "The selected file is not a real DOCX file. Upload a PDF, DOCX or ODT",
        ),
        ("guide.odt", docx_bytes(), "The selected file is not a real ODT file. Upload a PDF, DOCX or ODT"),
        ("guide.pdf", b"", "The selected file is empty"),
    ],
)
def test_wrong_files_are_refused(world: DemoWorld, name: str, content: bytes, message: str) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.guidance_document_create(
            actor=_actor(world, Role.SYSTEM_ADMINISTRATOR),
            title="Guide",
            summary="",
            version="1",
            published_on=PUBLISHED,
            upload=_pdf(name, content),
        )
    assert caught.value.message_dict["file"] == [message]
    assert AuditEvent.objects.count() == before
    assert GuidanceVersion.objects.count() == 0


def test_too_large_files_are_refused(world: DemoWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CORNERSTONE_GUIDANCE_MAX_BYTES = 1024 * 1024
    big = minimal_pdf(["x"]) + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        services.guidance_document_create(
            actor=_actor(world, Role.SYSTEM_ADMINISTRATOR),
            title="Big",
            summary="",
            version="1",
            published_on=PUBLISHED,
            upload=_pdf(content=big),
        )
    assert caught.value.message_dict["file"] == ["The selected file must be smaller than 1MB"]


def test_new_versions_keep_the_old_and_become_current(world: DemoWorld) -> None:
    admin = _actor(world, Role.REGIONAL_PREVENT_COORDINATOR)
    first = services.guidance_document_create(
        actor=admin, title="Guide", summary="", version="1.0", published_on=PUBLISHED, upload=_pdf()
    )
    before = AuditEvent.objects.count()
    second = services.guidance_version_add(
        actor=admin, document=first.document, version="1.1", published_on=PUBLISHED, upload=_pdf()
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "guidance_version.add"
    assert list(first.document.versions.order_by("-uploaded_at", "-pk")) == [second, first]
    with pytest.raises(ValidationError) as caught:
        services.guidance_version_add(
            actor=admin, document=first.document, version="1.1", published_on=PUBLISHED, upload=_pdf()
        )
    assert caught.value.message_dict["version"] == ["This document already has a version with that number"]
    with pytest.raises(PermissionDenied):
        services.guidance_version_add(
            actor=_actor(world, Role.CHANNEL_COORDINATOR),
            document=first.document,
            version="9",
            published_on=PUBLISHED,
            upload=_pdf(),
        )
