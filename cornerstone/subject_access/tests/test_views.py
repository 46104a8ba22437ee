"""The pages, walked by a data protection officer: record, start, gather, redact, confirm,
download; and the register flags an overdue request."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessKind, AccessLogEntry
from cornerstone.demo.generator import DemoWorld
from cornerstone.subject_access.models import Redaction, SubjectAccessRequest
from cornerstone.subject_access.tests import fixtures as fx

pytestmark = pytest.mark.django_db


def _client(world: DemoWorld) -> Client:
    membership = world.memberships_by_role[Role.DATA_PROTECTION_OFFICER]
    return sign_in(Client(), membership.user, membership)


def test_a_request_from_record_to_download(world: DemoWorld) -> None:
    subject = fx.person(given="Sam", family="Viewtest")
    client = _client(world)
    today = timezone.localdate()
    response = client.post(
        "/subject-access/new/",
        {
            "person_reference": subject.reference,
            "requester_kind": "subject",
            "requester_name": "Sam Viewtest",
            "requester_contact": "sam@example.org",
            "identity_verified_how": "Driving licence seen",
            "received_on_day": today.day,
            "received_on_month": today.month,
            "received_on_year": today.year,
        },
    )
    request = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    base = f"/subject-access/{request.pk}/"
    assert client.post(base + "start/").status_code == 302
    assert client.post(base + "gather/")["Location"] == base + "redaction/"
    page = client.get(base + "redaction/")
    assert b"Sam Viewtest" in page.content
    item = SubjectAccessRequest.objects.get().bundle["sections"][0]["items"][0]  # type: ignore[index]
    field = next(f for f in item["fields"] if f["value"] == "Sam Viewtest")
    # A redaction without a reason is refused in plain English.
    refused = client.post(
        base + "redaction/redact/", {"item": item["id"], "field": field["name"], "note": ""}
    )
    assert b"Select the reason for the redaction" in refused.content
    client.post(
        base + "redaction/redact/",
        {"item": item["id"], "field": field["name"], "reason": "third_party", "note": "Test"},
    )
    assert Redaction.objects.count() == 1
    # No download before the redaction is confirmed.
    assert client.get(base + "response.json").status_code == 302
    client.post(base + "redaction/confirm/")
    response = client.get(base + "response.json")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    content = json.loads(response.content)
    assert "Sam Viewtest" not in response.content.decode()
    assert content["redactions"][0]["reason"] == "third_party"
    pdf = client.get(base + "response.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(kind=AccessKind.EXPORT, object_id=str(request.pk)).count() == 2


def test_the_register_flags_overdue_requests(world: DemoWorld) -> None:
    overdue = fx.received(world, received_on=timezone.localdate() - dt.timedelta(days=40))
    fx.received(world)
    page = _client(world).get("/subject-access/")
    assert page.status_code == 200
    assert b"1 request overdue" in page.content
    assert page.content.count(b"govuk-tag--red") == 1
    assert overdue.reference.encode() in page.content
