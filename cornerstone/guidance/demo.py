"""Synthetic contacts and guidance documents for the demo. Names are made up, phone numbers are
from Ofcom's drama range and email addresses use the reserved .test domain. The two documents
are small PDFs written here byte by byte."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.geography.models import PoliceForceArea, PreventRegion
from cornerstone.guidance.models import ContactRole, GuidanceDocument, GuidanceVersion, PreventContact

DEMO_DOCUMENTS: tuple[tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    (
        "Making a Prevent referral: a short guide for partners (demo)",
        "When to refer, what to include and who to ask for advice first.",
        (
            (
                "1.0",
                ("Making a Prevent referral (demo, version 1.0)", "Talk to your safeguarding lead first."),
            ),
            (
                "1.1",
                (
                    "Making a Prevent referral (demo, version 1.1)",
                    "Talk to your safeguarding lead first.",
                    "If anyone is in immediate danger, call 999.",
                ),
            ),
        ),
    ),
    (
        "Channel panel terms of reference (demo)",
        "Who sits on the Channel panel, how often it meets and how it decides.",
        (
            (
                "2.0",
                ("Channel panel terms of reference (demo)", "The panel is chaired by the local authority."),
            ),
        ),
    ),
)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(lines: tuple[str, ...] | list[str]) -> bytes:
    """A valid one-page PDF showing the lines of text (Helvetica, with a correct xref table)."""
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({_escape(line)}) '" for line in lines) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def seed_demo_guidance(world: Any, *, seed: int) -> None:
    """Create the demo contacts (Cheshire's Force Prevent Lead, the North West's Regional Prevent
    Coordinator) and two guidance documents, without duplicates when run again."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, not a secret
    actor = Actor.system("demo data")
    force = PoliceForceArea.objects.get(code="cheshire")
    region = PreventRegion.objects.get(code="north-west")
    today = timezone.localdate()
    with transaction.atomic():
        for role, name, email, phone, area in (
            (
                ContactRole.FORCE_PREVENT_LEAD,
                "Detective Inspector Sam Okafor (demo)",
                "prevent.lead@cheshire-police.test",
                "01632 960 410",
                {"police_force_area": force},
            ),
            (
                ContactRole.REGIONAL_PREVENT_COORDINATOR,
                "Jo Whitfield (demo)",
                "prevent.north-west@ctp.test",
                "0161 496 0410",
                {"prevent_region": region},
            ),
        ):
            if PreventContact.objects.filter(role=role, name=name).exists():
                continue
            contact = PreventContact.objects.create(role=role, name=name, email=email, phone=phone, **area)
            audit_event_record(actor=actor, action="prevent_contact.create", target=contact)
        for title, summary, versions in DEMO_DOCUMENTS:
            if GuidanceDocument.objects.filter(title=title).exists():
                continue
            document = GuidanceDocument.objects.create(title=title, summary=summary)
            published = today - dt.timedelta(days=rng.randint(200, 400))
            for index, (version, lines) in enumerate(versions):
                content = minimal_pdf(lines)
                row = GuidanceVersion(
                    document=document,
                    version=version,
                    published_on=published + dt.timedelta(days=90 * index),
                    original_name=f"{title.split(':')[0].split(' (')[0].lower().replace(' ', '-')}-v{version}.pdf",
                    content_type="application/pdf",
                    size=len(content),
                    uploaded_at=timezone.now() - dt.timedelta(days=10 * (len(versions) - index)),
                )
                row.file.save(row.original_name, ContentFile(content), save=False)
                row.save()
            audit_event_record(actor=actor, action="guidance_document.create", target=document)
