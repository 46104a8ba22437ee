"""Every write to contacts and the guidance library: one transaction, exactly one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.geography.models import PoliceForceArea, PreventRegion
from cornerstone.govuk.uploads import UploadRejected
from cornerstone.guidance import permissions
from cornerstone.guidance.files import check_upload
from cornerstone.guidance.models import ContactRole, GuidanceDocument, GuidanceVersion, PreventContact
from cornerstone.partners.validation import check_email, check_phone


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@dataclass(frozen=True)
class ContactDetails:
    role: str
    name: str
    email: str
    phone: str = ""
    police_force_area: PoliceForceArea | None = None
    prevent_region: PreventRegion | None = None


def _checked_contact(details: ContactDetails) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if details.role not in ContactRole.values:
        errors["role"] = ["Select the contact's role"]
    if not details.name.strip():
        errors["name"] = ["Enter the contact's name"]
    if not details.email.strip():
        errors["email"] = ["Enter the contact's email address"]
    email = phone = ""
    try:
        email = check_email(details.email)
    except ValidationError as error:
        errors["email"] = list(error.messages)
    try:
        phone = check_phone(details.phone)
    except ValidationError as error:
        errors["phone"] = list(error.messages)
    force = details.police_force_area if details.role == ContactRole.FORCE_PREVENT_LEAD else None
    region = details.prevent_region if details.role == ContactRole.REGIONAL_PREVENT_COORDINATOR else None
    if details.role == ContactRole.FORCE_PREVENT_LEAD and force is None:
        errors["police_force_area"] = ["Select the police force area"]
    if details.role == ContactRole.REGIONAL_PREVENT_COORDINATOR and region is None:
        errors["prevent_region"] = ["Select the Prevent region"]
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    return {
        "role": details.role,
        "name": details.name.strip(),
        "email": email,
        "phone": phone,
        "police_force_area": force,
        "prevent_region": region,
    }


def _contact_snapshot(contact: PreventContact) -> dict[str, Any]:
    return {
        "role": contact.role,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "area": str(contact.area or ""),
        "is_active": contact.is_active,
    }


def contact_create(*, actor: Actor, details: ContactDetails) -> PreventContact:
    values = _checked_contact(details)
    _require(
        permissions.can_manage_contact_for(
            actor,
            role=values["role"],
            police_force_area=values["police_force_area"],
            prevent_region=values["prevent_region"],
        ),
        "You can only keep the contacts for your own area.",
    )
    with transaction.atomic():
        contact = PreventContact.objects.create(**values, updated_at=timezone.now())
        audit_event_record(
            actor=actor, action="prevent_contact.create", target=contact, changes=_contact_snapshot(contact)
        )
    return contact


def contact_update(*, actor: Actor, contact: PreventContact, details: ContactDetails) -> PreventContact:
    _require(
        permissions.can_manage_contact(actor, contact), "You can only keep the contacts for your own area."
    )
    values = _checked_contact(details)
    _require(
        permissions.can_manage_contact_for(
            actor,
            role=values["role"],
            police_force_area=values["police_force_area"],
            prevent_region=values["prevent_region"],
        ),
        "You can only keep the contacts for your own area.",
    )
    with transaction.atomic():
        contact = PreventContact.objects.select_for_update().get(pk=contact.pk)
        before = _contact_snapshot(contact)
        for name, value in values.items():
            setattr(contact, name, value)
        contact.updated_at = timezone.now()
        contact.save()
        after = _contact_snapshot(contact)
        changes = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
        audit_event_record(actor=actor, action="prevent_contact.update", target=contact, changes=changes)
    return contact


def contact_remove(*, actor: Actor, contact: PreventContact) -> PreventContact:
    """Take a contact off the list (kept, marked inactive, for the audit trail)."""
    _require(
        permissions.can_manage_contact(actor, contact), "You can only keep the contacts for your own area."
    )
    with transaction.atomic():
        contact = PreventContact.objects.select_for_update().get(pk=contact.pk)
        if not contact.is_active:
            raise ValidationError("This contact has already been removed")
        contact.is_active = False
        contact.updated_at = timezone.now()
        contact.save(update_fields=["is_active", "updated_at"])
        audit_event_record(actor=actor, action="prevent_contact.remove", target=contact)
    return contact


# The guidance library ----------------------------------------------------------------------


def _checked_version(*, version: str, upload: Any) -> tuple[str, Any]:
    errors: dict[str, list[str]] = {}
    if not version.strip():
        errors["version"] = ["Enter the version, for example 1.0"]
    checked = None
    if upload is None:
        errors["file"] = ["Select a file to upload"]
    else:
        try:
            checked = check_upload(upload, max_bytes=settings.CORNERSTONE_GUIDANCE_MAX_BYTES)
        except UploadRejected as error:
            errors["file"] = [str(error)]
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    return version.strip(), checked


def _store_version(
    *,
    actor: Actor,
    document: GuidanceDocument,
    version: str,
    published_on: dt.date,
    upload: Any,
    checked: Any,
) -> GuidanceVersion:
    row = GuidanceVersion(
        document=document,
        version=version,
        published_on=published_on,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_at=timezone.now(),
        uploaded_by=actor.user,
    )
    row.file.save(checked.name, upload, save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    return row


def guidance_document_create(
    *, actor: Actor, title: str, summary: str, version: str, published_on: dt.date, upload: Any
) -> GuidanceVersion:
    _require(permissions.can_upload_guidance(actor), "You cannot add guidance documents.")
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = ["Enter the document's title"]
    try:
        version, checked = _checked_version(version=version, upload=upload)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    with transaction.atomic():
        document = GuidanceDocument.objects.create(title=title.strip(), summary=summary.strip())
        row = _store_version(
            actor=actor,
            document=document,
            version=version,
            published_on=published_on,
            upload=upload,
            checked=checked,
        )
        audit_event_record(
            actor=actor,
            action="guidance_document.create",
            target=document,
            changes={"version": version, "published_on": published_on.isoformat(), "file": checked.name},
        )
    return row


def guidance_version_add(
    *, actor: Actor, document: GuidanceDocument, version: str, published_on: dt.date, upload: Any
) -> GuidanceVersion:
    _require(permissions.can_upload_guidance(actor), "You cannot add guidance documents.")
    version, checked = _checked_version(version=version, upload=upload)
    with transaction.atomic():
        document = GuidanceDocument.objects.select_for_update().get(pk=document.pk)
        if document.versions.filter(version__iexact=version).exists():
            raise ValidationError({"version": "This document already has a version with that number"})
        row = _store_version(
            actor=actor,
            document=document,
            version=version,
            published_on=published_on,
            upload=upload,
            checked=checked,
        )
        audit_event_record(
            actor=actor,
            action="guidance_version.add",
            target=document,
            changes={"version": version, "published_on": published_on.isoformat(), "file": checked.name},
        )
    return row
