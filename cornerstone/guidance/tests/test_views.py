from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.guidance.models import GuidanceDocument, GuidanceVersion, PreventContact

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/about-prevent/",
    "/about-prevent/what-prevent-is/",
    "/about-prevent/after-a-referral/",
    "/about-prevent/support-is-voluntary/",
    "/about-prevent/your-data/",
]
KEEPERS = {Role.SYSTEM_ADMINISTRATOR, Role.FORCE_PREVENT_LEAD, Role.REGIONAL_PREVENT_COORDINATOR}


def _client(world: DemoWorld, role: str) -> Client:
    return sign_in(Client(), world.users_by_role[role], world.memberships_by_role[role])


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_need_no_sign_in(db: None, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert b"OFFICIAL" in response.content


def test_the_footer_links_to_the_public_pages(db: None) -> None:
    assert b'href="/about-prevent/"' in Client().get("/sign-in/").content


@pytest.mark.parametrize("role", sorted(Role.values))
def test_access_matrix(world: DemoWorld, guidance, role: str) -> None:  # type: ignore[no-untyped-def]
    client = _client(world, role)
    document = GuidanceDocument.objects.first()
    version = GuidanceVersion.objects.first()
    force_lead = PreventContact.objects.get(role="force_prevent_lead")
    regional = PreventContact.objects.get(role="regional_prevent_coordinator")
    every = {
        "/guidance/": True,
        f"/guidance/documents/{document.pk}/": True,  # type: ignore[union-attr]
        f"/guidance/versions/{version.pk}/download/": True,  # type: ignore[union-attr]
        "/guidance/advice/": True,
        "/guidance/contacts/": True,
        "/guidance/documents/new/": role in KEEPERS,
        f"/guidance/documents/{document.pk}/new-version/": role in KEEPERS,  # type: ignore[union-attr]
        "/guidance/contacts/new/": role in KEEPERS,
        f"/guidance/contacts/{force_lead.pk}/change/": role
        in {Role.SYSTEM_ADMINISTRATOR, Role.FORCE_PREVENT_LEAD},
        f"/guidance/contacts/{regional.pk}/remove/": role
        in {Role.SYSTEM_ADMINISTRATOR, Role.REGIONAL_PREVENT_COORDINATOR},
    }
    for path, allowed in every.items():
        assert client.get(path).status_code == (200 if allowed else 403), f"{role} {path}"


def test_download_needs_sign_in_and_media_is_not_served(world: DemoWorld, guidance) -> None:  # type: ignore[no-untyped-def]
    version = GuidanceVersion.objects.first()
    path = f"/guidance/versions/{version.pk}/download/"  # type: ignore[union-attr]
    anonymous = Client().get(path)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]
    response = _client(world, Role.REFERRER).get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    direct = f"/{settings.MEDIA_URL.strip('/')}/{version.file.name}".replace("//", "/")  # type: ignore[union-attr]
    assert _client(world, Role.SYSTEM_ADMINISTRATOR).get(direct).status_code == 404
    assert _client(world, Role.REFERRER).get("/guidance/versions/999999/download/").status_code == 403


def test_the_library_links_the_current_version(world: DemoWorld, guidance) -> None:  # type: ignore[no-untyped-def]
    document = GuidanceDocument.objects.get(title__startswith="Making a Prevent referral")
    old, current = document.versions.order_by("uploaded_at")
    page = _client(world, Role.REFERRER).get("/guidance/").content.decode()
    assert f"/guidance/versions/{current.pk}/download/" in page
    assert f"/guidance/versions/{old.pk}/download/" not in page
    detail = _client(world, Role.REFERRER).get(f"/guidance/documents/{document.pk}/").content.decode()
    assert f"/guidance/versions/{old.pk}/download/" in detail


def test_advice_lists_the_contacts_for_the_organisations_area(world: DemoWorld, guidance) -> None:  # type: ignore[no-untyped-def]
    page = _client(world, Role.REFERRER).get("/guidance/advice/").content.decode()
    assert "Detective Inspector Sam Okafor (demo)" in page and "Jo Whitfield (demo)" in page
    from cornerstone.geography.models import PoliceForceArea

    PreventContact.objects.create(
        role="force_prevent_lead",
        name="Elsewhere Lead",
        email="e@example.org",
        police_force_area=PoliceForceArea.objects.exclude(code="cheshire").first(),
    )
    page = _client(world, Role.REFERRER).get("/guidance/advice/").content.decode()
    assert "Elsewhere Lead" not in page
    assert "Elsewhere Lead" in _client(world, Role.REFERRER).get("/guidance/contacts/").content.decode()


def test_upload_form_shows_plain_english_errors(world: DemoWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(world, Role.FORCE_PREVENT_LEAD)
    response = client.post(
        "/guidance/documents/new/",
        {
            "title": "Guide",
            "version": "1",
            "published_on_day": "1",
            "published_on_month": "3",
            "published_on_year": "2026",
            "file": SimpleUploadedFile("guide.pdf", b"not a pdf"),
        },
    )
    assert "The selected file is not a real PDF file. Upload a PDF, DOCX or ODT" in response.content.decode()
    assert GuidanceDocument.objects.count() == 0
