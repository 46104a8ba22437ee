"""Writes of the subject access register. Each public function is one transaction with exactly
one audit event. Audit events say what happened (counts, dates, reasons' codes), never what the
bundle holds."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.models import AccessKind
from cornerstone.audit.services import access_log_record, audit_event_record
from cornerstone.govuk.pdf import render_pdf
from cornerstone.subject_access import bundle as bundles
from cornerstone.subject_access import dates, selectors
from cornerstone.subject_access.models import (
    OPEN_STATUSES,
    Redaction,
    RedactionReason,
    RequesterKind,
    RequestStatus,
    SubjectAccessRequest,
)
from cornerstone.subject_access.permissions import can_handle_requests

CLASSIFICATION = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class RequestDetails:
    person_reference: str
    requester_kind: str
    requester_name: str
    requester_contact: str
    identity_verified_how: str
    received_on: dt.date | None
    representative_authority: str = ""


def _locked(actor: Actor, request_id: int) -> SubjectAccessRequest:
    request = (
        selectors.subject_access_requests_visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=request_id)
        .first()
    )
    if request is None or actor.user is None:
        raise PermissionDenied
    return request


def subject_access_request_create(*, actor: Actor, details: RequestDetails) -> SubjectAccessRequest:
    if not can_handle_requests(actor) or actor.user is None or actor.organisation is None:
        raise PermissionDenied
    errors: dict[str, str] = {}
    person = None
    if not details.person_reference.strip():
        errors["person_reference"] = "Enter the person index reference of the person the request is about"
    else:
        person = selectors.person_for_reference(details.person_reference)
        if person is None:
            errors["person_reference"] = "There is no person in the index with that reference"
    if details.requester_kind not in RequesterKind.values:
        errors["requester_kind"] = "Select who made the request"
    if not details.requester_name.strip():
        errors["requester_name"] = "Enter the name of the person who made the request"
    if not details.requester_contact.strip():
        errors["requester_contact"] = "Enter how to contact the person who made the request"
    if (
        details.requester_kind == RequesterKind.REPRESENTATIVE
        and not details.representative_authority.strip()
    ):
        errors["representative_authority"] = "Enter what shows the representative may act for the person"
    if not details.identity_verified_how.strip():
        errors["identity_verified_how"] = "Enter how the requester's identity was checked"
    if details.received_on is None:
        errors["received_on"] = "Enter the date the request was received"
    elif details.received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past"
    if errors:
        raise ValidationError(errors)
    assert person is not None and details.received_on is not None  # noqa: S101 - checked above
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            organisation=actor.organisation,
            person=person,
            requester_kind=details.requester_kind,
            requester_name=details.requester_name.strip(),
            requester_contact=details.requester_contact.strip(),
            representative_authority=(
                details.representative_authority.strip()
                if details.requester_kind == RequesterKind.REPRESENTATIVE
                else ""
            ),
            identity_verified_how=details.identity_verified_how.strip(),
            received_on=details.received_on,
            due_on=dates.due_date(details.received_on),
            handler=actor.user,
            handler_label=actor.label,
            created_by=actor.user,
        )
        audit_event_record(
            actor=actor,
            action="subject_access.create",
            target=request,
            person_ref=str(person),
            changes={
                "requester_kind": request.requester_kind,
                "received_on": request.received_on.isoformat(),
                "due_on": request.due_on.isoformat(),
            },
        )
    return request


def subject_access_request_start(*, actor: Actor, request_id: int) -> SubjectAccessRequest:
    """The data protection officer takes the request on and starts gathering."""
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.status != RequestStatus.RECEIVED:
            raise ValidationError("Only a request just received can be started")
        assert actor.user is not None  # noqa: S101 - _locked refused otherwise
        request.status = RequestStatus.GATHERING
        request.handler = actor.user
        request.handler_label = actor.label
        request.save(update_fields=["status", "handler", "handler_label"])
        audit_event_record(
            actor=actor, action="subject_access.start", target=request, person_ref=str(request.person)
        )
    return request


def subject_access_request_extend(
    *, actor: Actor, request_id: int, extra_months: int, reason: str
) -> SubjectAccessRequest:
    errors: dict[str, str] = {}
    if extra_months not in (1, 2):
        errors["extra_months"] = "Select an extension of one or two months"
    if not reason.strip():
        errors["reason"] = "Enter why the request needs longer (for example, it is complex)"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.status not in OPEN_STATUSES:
            raise ValidationError("Only an open request can be extended")
        request.extended_due_on = dates.extended_due_date(request.received_on, extra_months)
        request.extension_reason = reason.strip()
        request.save(update_fields=["extended_due_on", "extension_reason"])
        audit_event_record(
            actor=actor,
            action="subject_access.extend",
            target=request,
            person_ref=str(request.person),
            reason=request.extension_reason,
            changes={"extended_due_on": request.extended_due_on.isoformat()},
        )
    return request


def subject_access_request_refuse(*, actor: Actor, request_id: int, reason: str) -> SubjectAccessRequest:
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the request is refused"})
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.status not in OPEN_STATUSES:
            raise ValidationError("Only an open request can be refused")
        request.status = RequestStatus.REFUSED
        request.refusal_reason = reason.strip()
        request.save(update_fields=["status", "refusal_reason"])
        audit_event_record(
            actor=actor,
            action="subject_access.refuse",
            target=request,
            person_ref=str(request.person),
            reason=request.refusal_reason,
        )
    return request


def _counts(bundle: dict[str, Any]) -> dict[str, int]:
    return {section["key"]: len(section["items"]) for section in bundle["sections"]}


def subject_access_bundle_gather(*, actor: Actor, request_id: int) -> SubjectAccessRequest:
    """Gather (or gather again, before the redaction is confirmed) everything held about the
    person. Redactions of items no longer in the bundle are dropped."""
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.status not in (RequestStatus.GATHERING, RequestStatus.REDACTION) or (
            request.redaction_confirmed_at is not None
        ):
            raise ValidationError(
                "Records can be gathered only after starting and before the redaction is confirmed"
            )
        request.bundle = bundles.gather(request.person)
        request.gathered_at = timezone.now()
        request.status = RequestStatus.REDACTION
        request.save(update_fields=["bundle", "gathered_at", "status"])
        where = bundles.places(request.bundle)
        for redaction in list(request.redactions.all()):
            if redaction.item_id not in where or (
                redaction.field and redaction.field not in where[redaction.item_id]
            ):
                redaction.delete()
        audit_event_record(
            actor=actor,
            action="subject_access.gather",
            target=request,
            person_ref=str(request.person),
            changes={"items": _counts(request.bundle)},
        )
    return request


def redaction_add(
    *, actor: Actor, request_id: int, item_id: str, field: str, reason: str, note: str
) -> Redaction:
    """A data protection officer withholds one item, or one field of it, for a lawful reason."""
    errors: dict[str, str] = {}
    if reason not in RedactionReason.values:
        errors["reason"] = "Select the reason for the redaction"
    if not note.strip():
        errors["note"] = "Explain why this is withheld"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.status != RequestStatus.REDACTION or request.redaction_confirmed_at is not None:
            raise ValidationError("Redactions can be changed only before the redaction is confirmed")
        where = bundles.places(request.bundle or {"sections": []})
        if item_id not in where or (field and field not in where[item_id]):
            raise ValidationError("That part of the bundle no longer exists: gather the records again")
        if request.redactions.filter(item_id=item_id, field=field).exists():
            raise ValidationError("That part of the bundle is already redacted")
        assert actor.user is not None  # noqa: S101 - _locked refused otherwise
        redaction = Redaction.objects.create(
            request=request,
            item_id=item_id,
            field=field,
            reason=reason,
            note=note.strip(),
            made_by=actor.user,
            made_by_label=actor.label,
        )
        audit_event_record(
            actor=actor,
            action="subject_access.redact",
            target=request,
            person_ref=str(request.person),
            # Not the explanation: it may quote what was withheld.
            changes={"item": item_id, "field": field, "reason": reason},
        )
    return redaction


def redaction_remove(*, actor: Actor, redaction_id: int) -> None:
    with transaction.atomic():
        redaction = Redaction.objects.filter(pk=redaction_id).first()
        if redaction is None:
            raise PermissionDenied
        request = _locked(actor, redaction.request_id)
        if request.redaction_confirmed_at is not None or request.status != RequestStatus.REDACTION:
            raise ValidationError("Redactions can be changed only before the redaction is confirmed")
        changes = {"item": redaction.item_id, "field": redaction.field, "reason": redaction.reason}
        redaction.delete()
        audit_event_record(
            actor=actor,
            action="subject_access.unredact",
            target=request,
            person_ref=str(request.person),
            changes=changes,
        )


def redaction_confirm(*, actor: Actor, request_id: int) -> SubjectAccessRequest:
    """The data protection officer confirms they have reviewed the whole bundle: only then can
    the response be produced."""
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.status != RequestStatus.REDACTION or request.redaction_confirmed_at is not None:
            raise ValidationError("The records must be gathered, and not already confirmed")
        request.redaction_confirmed_at = timezone.now()
        request.redaction_confirmed_by_label = actor.label
        request.save(update_fields=["redaction_confirmed_at", "redaction_confirmed_by_label"])
        audit_event_record(
            actor=actor,
            action="subject_access.confirm_redaction",
            target=request,
            person_ref=str(request.person),
            changes={"redactions": request.redactions.count()},
        )
    return request


def subject_access_request_send(
    *, actor: Actor, request_id: int, sent_on: dt.date | None
) -> SubjectAccessRequest:
    """Record that the response was sent (the service sends nothing itself)."""
    if sent_on is None:
        raise ValidationError({"sent_on": "Enter the date the response was sent"})
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.status != RequestStatus.REDACTION or request.redaction_confirmed_at is None:
            raise ValidationError("Confirm the redaction before recording that the response was sent")
        if sent_on < request.received_on or sent_on > timezone.localdate():
            raise ValidationError({"sent_on": "The date sent must be between the date received and today"})
        request.status = RequestStatus.SENT
        request.sent_on = sent_on
        request.save(update_fields=["status", "sent_on"])
        audit_event_record(
            actor=actor,
            action="subject_access.send",
            target=request,
            person_ref=str(request.person),
            changes={"sent_on": sent_on.isoformat(), "late": sent_on > request.current_due_on},
        )
    return request


# The response ---------------------------------------------------------------------------------


def _redacted_bundle(request: SubjectAccessRequest) -> dict[str, Any]:
    """The bundle as it goes out: redactions applied, with a summary of them."""
    redactions = list(request.redactions.all())
    result = bundles.apply_redactions(request.bundle or {"sections": []}, redactions)
    result["request"] = {
        "reference": request.reference,
        "received_on": request.received_on.isoformat(),
        "due_on": request.current_due_on.isoformat(),
    }
    result["redactions"] = [
        {
            "item": redaction.item_id,
            "field": redaction.field or None,
            "reason": redaction.reason,
            "reason_label": redaction.get_reason_display(),
            "explanation": redaction.note,
        }
        for redaction in redactions
    ]
    return result


def subject_access_export(*, actor: Actor, request_id: int, file_format: str, path: str = "") -> bytes:
    """The response as JSON or PDF, once the redaction is confirmed. Logged as an export and
    audited (the event names the format, never the contents)."""
    if file_format not in ("json", "pdf"):
        raise ValueError(f"unknown format {file_format!r}")
    with transaction.atomic():
        request = _locked(actor, request_id)
        if request.redaction_confirmed_at is None or request.status not in (
            RequestStatus.REDACTION,
            RequestStatus.SENT,
        ):
            raise ValidationError("The response can be produced only after the redaction is confirmed")
        content = _redacted_bundle(request)
        if file_format == "json":
            data = json.dumps(content, indent=2, ensure_ascii=False).encode()
        else:
            data = render_pdf(
                "subject_access/bundle_pdf.html",
                {"bundle": content, "request": request},
                title=f"Subject access response {request.reference}",
                classification=CLASSIFICATION,
            )
        access_log_record(
            actor=actor,
            kind=AccessKind.EXPORT,
            target=request,
            person_ref=str(request.person),
            description=f"Downloaded the subject access response ({file_format.upper()})",
            path=path,
        )
        audit_event_record(
            actor=actor,
            action="subject_access.export",
            target=request,
            person_ref=str(request.person),
            changes={"format": file_format, "redactions": len(content["redactions"])},
        )
    return data
