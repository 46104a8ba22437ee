"""The register's services: the request's lifecycle, redaction done by a person, and the
response produced only after it, as JSON and PDF, logged and audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AccessKind, AccessLogEntry, AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.subject_access import services
from cornerstone.subject_access.models import Redaction, RedactionReason, RequesterKind, RequestStatus
from cornerstone.subject_access.tests import fixtures as fx

pytestmark = pytest.mark.django_db


def test_a_request_is_due_a_calendar_month_after_it_was_received(world: DemoWorld) -> None:
    subject = fx.person()
    request = services.subject_access_request_create(
        actor=fx.dpo(world), details=fx.details(subject.reference or "", received_on=dt.date(2026, 1, 31))
    )
    assert request.due_on == dt.date(2026, 2, 28)
    assert request.status == RequestStatus.RECEIVED
    assert request.organisation == fx.dpo(world).organisation
    event = AuditEvent.objects.get(action="subject_access.create")
    assert event.person_ref == subject.reference


def test_a_request_needs_its_details_in_plain_english(world: DemoWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        services.subject_access_request_create(
            actor=fx.dpo(world),
            details=fx.details(
                "P-NOBODY",
                requester_kind=RequesterKind.REPRESENTATIVE,
                identity_verified_how="",
                received_on=timezone.localdate() + dt.timedelta(days=1),
            ),
        )
    errors = refused.value.message_dict
    assert errors["person_reference"] == ["There is no person in the index with that reference"]
    assert "representative_authority" in errors
    assert "identity_verified_how" in errors
    assert errors["received_on"] == ["The date received must be today or in the past"]


def test_a_merged_reference_leads_to_the_person_it_was_merged_into(world: DemoWorld) -> None:
    kept, merged = fx.person(family="Kept"), fx.person(family="Merged")
    merged.merged_into = kept
    merged.save()
    request = fx.received(world, merged)
    assert request.person == kept


def test_only_data_protection_officers_of_the_organisation(
    world: DemoWorld, make_other_dpo: Membership
) -> None:
    request = fx.in_redaction(world)
    for actor in (
        Actor.for_membership(world.memberships_by_role[Role.SYSTEM_ADMINISTRATOR]),
        Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR]),
        Actor.for_membership(make_other_dpo),
    ):
        with pytest.raises(PermissionDenied):
            services.redaction_confirm(actor=actor, request_id=request.pk)
    with pytest.raises(PermissionDenied):
        services.subject_access_request_create(
            actor=Actor.for_membership(world.memberships_by_role[Role.SYSTEM_ADMINISTRATOR]),
            details=fx.details(request.person.reference or ""),
        )


def test_extension_and_refusal_record_their_reasons(world: DemoWorld) -> None:
    request = fx.received(world, received_on=dt.date(2025, 11, 30))
    with pytest.raises(ValidationError):
        services.subject_access_request_extend(
            actor=fx.dpo(world), request_id=request.pk, extra_months=3, reason="x"
        )
    request = services.subject_access_request_extend(
        actor=fx.dpo(world), request_id=request.pk, extra_months=2, reason="Complex: several agencies"
    )
    assert request.extended_due_on == dt.date(2026, 2, 28)
    assert request.current_due_on == dt.date(2026, 2, 28)
    request = services.subject_access_request_refuse(
        actor=fx.dpo(world), request_id=request.pk, reason="Manifestly excessive"
    )
    assert request.status == RequestStatus.REFUSED
    with pytest.raises(ValidationError):
        services.subject_access_request_start(actor=fx.dpo(world), request_id=request.pk)


def _fields(content: dict) -> dict[tuple[str, str], str]:
    return {
        (item["id"], field["name"]): field["value"]
        for section in content["sections"]
        for item in section["items"]
        for field in item["fields"]
    }


def test_redaction_removes_exactly_what_was_marked_and_records_reasons(world: DemoWorld) -> None:
    subject = fx.person(given="Robin", family="Redactme")
    request = fx.in_redaction(world, subject)
    before = _fields(request.bundle)  # type: ignore[arg-type]
    item = request.bundle["sections"][0]["items"][0]  # type: ignore[index]
    name_field = next(f for f in item["fields"] if f["value"] == "Robin Redactme")
    # Nothing is redacted until a person marks it; the response cannot be made before confirmation.
    assert request.redactions.count() == 0
    with pytest.raises(ValidationError):
        services.subject_access_export(actor=fx.dpo(world), request_id=request.pk, file_format="json")
    services.redaction_add(
        actor=fx.dpo(world),
        request_id=request.pk,
        item_id=item["id"],
        field=name_field["name"],
        reason=RedactionReason.THIRD_PARTY,
        note="Test: treat as a third party",
    )
    with pytest.raises(ValidationError):  # the same place twice
        services.redaction_add(
            actor=fx.dpo(world),
            request_id=request.pk,
            item_id=item["id"],
            field=name_field["name"],
            reason=RedactionReason.LAW_ENFORCEMENT,
            note="Again",
        )
    with pytest.raises(ValidationError):  # a field that is not in the bundle
        services.redaction_add(
            actor=fx.dpo(world),
            request_id=request.pk,
            item_id=item["id"],
            field="nonsense",
            reason=RedactionReason.LAW_ENFORCEMENT,
            note="x",
        )
    event = AuditEvent.objects.filter(action="subject_access.redact").get()
    assert event.changes == {"item": item["id"], "field": name_field["name"], "reason": "third_party"}
    assert "Robin" not in json.dumps(event.changes)
    assert event.reason == ""  # the explanation may quote what was withheld
    services.redaction_confirm(actor=fx.dpo(world), request_id=request.pk)
    with pytest.raises(ValidationError):  # confirmed: no more changes
        services.redaction_remove(actor=fx.dpo(world), redaction_id=Redaction.objects.get().pk)

    content = json.loads(
        services.subject_access_export(actor=fx.dpo(world), request_id=request.pk, file_format="json")
    )
    after = _fields(content)
    label = RedactionReason.THIRD_PARTY.label
    changed = {place for place in before if before[place] != after[place]}
    assert changed == {(item["id"], name_field["name"])}
    assert after[(item["id"], name_field["name"])] == f"[Redacted: {label}]"
    assert content["redactions"] == [
        {
            "item": item["id"],
            "field": name_field["name"],
            "reason": "third_party",
            "reason_label": label,
            "explanation": "Test: treat as a third party",
        }
    ]
    assert "Robin Redactme" not in json.dumps(content)


def test_a_whole_item_can_be_redacted(world: DemoWorld) -> None:
    request = fx.in_redaction(world)
    item = request.bundle["sections"][0]["items"][0]  # type: ignore[index]
    services.redaction_add(
        actor=fx.dpo(world),
        request_id=request.pk,
        item_id=item["id"],
        field="",
        reason=RedactionReason.NATIONAL_SECURITY,
        note="Test",
    )
    services.redaction_confirm(actor=fx.dpo(world), request_id=request.pk)
    content = json.loads(
        services.subject_access_export(actor=fx.dpo(world), request_id=request.pk, file_format="json")
    )
    out = content["sections"][0]["items"][0]
    assert out == {
        "id": item["id"],
        "title": item["title"],
        "redacted": f"[Redacted: {RedactionReason.NATIONAL_SECURITY.label}]",
        "fields": [],
    }


def test_the_pdf_is_produced_logged_and_audited_without_contents(world: DemoWorld) -> None:
    request = fx.confirmed(world)
    pdf = services.subject_access_export(actor=fx.dpo(world), request_id=request.pk, file_format="pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    entry = AccessLogEntry.objects.get(kind=AccessKind.EXPORT, object_id=str(request.pk))
    assert entry.person_ref == request.person.reference
    event = AuditEvent.objects.get(action="subject_access.export")
    assert event.changes == {"format": "pdf", "redactions": 1}
    services.subject_access_request_send(
        actor=fx.dpo(world), request_id=request.pk, sent_on=timezone.localdate()
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.SENT


def test_gathering_again_drops_redactions_of_things_gone(world: DemoWorld) -> None:
    request = fx.in_redaction(world)
    item = request.bundle["sections"][0]["items"][0]  # type: ignore[index]
    services.redaction_add(
        actor=fx.dpo(world),
        request_id=request.pk,
        item_id=item["id"],
        field="",
        reason="third_party",
        note="x",
    )
    services.subject_access_bundle_gather(actor=fx.dpo(world), request_id=request.pk)
    assert request.redactions.count() == 1  # still there: the item still is
