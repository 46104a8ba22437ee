"""Attachments: allowed types by name and content, the size limit, private storage, and
downloads only for those allowed, with the read logged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessLogEntry
from cornerstone.govuk.uploads import UploadRejected
from cornerstone.referrals import services
from cornerstone.referrals.attachments import check_upload
from cornerstone.referrals.models import ReferralAttachment
from cornerstone.referrals.tests.helpers import draft

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n%binary\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("notes.txt", "Café notes".encode(), "text/plain"),
        ("letter.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("letter.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_types(name: str, content: bytes, content_type: str) -> None:
    checked = check_upload(SimpleUploadedFile(name, content), max_bytes=1000)
    assert checked.content_type == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "must be a PDF, DOCX, ODT, PNG, JPEG or TXT"),
        ("page.html", b"<html>", "must be a PDF, DOCX, ODT, PNG, JPEG or TXT"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not a real PDF file"),
        ("fake.png", PDF, "not a real PNG file"),
        ("zip.docx", _zip({"a.txt": b"x"}), "not a real DOCX file"),
        ("binary.txt", b"\x00\x01\x02", "not a real TXT file"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("big.pdf", PDF + b"x" * 2000, "must be smaller than"),
    ],
)
def test_refused_types_and_sizes(name: str, content: bytes, message: str) -> None:
    with pytest.raises(UploadRejected, match=message):
        check_upload(SimpleUploadedFile(name, content), max_bytes=1024 * 1024 if "big" not in name else 100)


def test_size_limit_is_a_setting_of_10mb() -> None:
    assert settings.CORNERSTONE_REFERRAL_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024


def test_upload_through_the_page_stores_privately_and_can_be_removed(
    world, client: Client, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    membership = world.memberships_by_role[Role.REFERRER]
    referral = draft(membership, complete=False)
    sign_in(client, membership.user, membership)
    url = reverse("referrals:step", args=[referral.pk, "attachments"])
    response = client.post(url, {"action": "upload", "file": SimpleUploadedFile("../../evil name.pdf", PDF)})
    assert response.status_code == 302
    attachment = ReferralAttachment.objects.get()
    assert attachment.original_name == "evil name.pdf"
    stored = Path(attachment.file.path)
    assert stored.is_file() and stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert "evil" not in stored.name and "." not in stored.name
    # No URL serves the media folder.
    assert (
        client.get(f"/{settings.MEDIA_URL.strip('/')}/{attachment.file.name}".replace("//", "/")).status_code
        == 404
    )

    page = client.get(url).content.decode()
    assert "evil name.pdf" in page

    bad = client.post(url, {"action": "upload", "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert bad.status_code == 400 and "must be a PDF, DOCX, ODT, PNG, JPEG or TXT" in bad.content.decode()
    none = client.post(url, {"action": "upload"})
    assert "Select a file" in none.content.decode()

    settings.CORNERSTONE_REFERRAL_ATTACHMENT_MAX_BYTES = 10
    big = client.post(url, {"action": "upload", "file": SimpleUploadedFile("big.pdf", PDF)})
    assert "must be smaller than" in big.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(url, {"action": f"remove-{attachment.pk}"})
    assert removed.status_code == 302
    assert not ReferralAttachment.objects.exists()
    assert not stored.exists()


def test_download_only_for_the_writer_of_the_draft_and_the_receiving_unit(world, client: Client) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.accounts.actor import Actor

    membership = world.memberships_by_role[Role.REFERRER]
    referral = draft(membership)
    attachment = services.referral_attachment_add(
        actor=Actor.for_membership(membership),
        referral_id=referral.pk,
        upload=SimpleUploadedFile("n.txt", b"notes"),
    )
    url = reverse("referrals:attachment", args=[attachment.pk])
    sign_in(client, membership.user, membership)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"notes"
    assert (
        AccessLogEntry.objects.filter(user=membership.user, description__contains="attachment").count() == 1
    )

    services.referral_submit(actor=Actor.for_membership(membership), referral_id=referral.pk)
    # Once submitted, the referrer sees its status only.
    assert client.get(url).status_code == 403
    for role in Role.values:
        other = world.memberships_by_role[role]
        sign_in(client, other.user, other)
        allowed = role in (Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR)
        assert client.get(url).status_code == (200 if allowed else 403), role
    officer = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    entry = AccessLogEntry.objects.filter(user=officer.user, description__contains="attachment").get()
    referral.refresh_from_db()
    assert entry.person_ref == str(referral.person)
