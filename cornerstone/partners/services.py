"""Every write to the directory: each in one transaction, with exactly one audit event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType
from cornerstone.audit.services import audit_event_record
from cornerstone.geography.models import LocalAuthority
from cornerstone.partners import permissions
from cornerstone.partners.models import (
    MAX_AGE,
    ApprovalStatus,
    Capacity,
    InterventionProvider,
    PartnerService,
    ServiceType,
)
from cornerstone.partners.validation import check_age_range, check_contact


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@dataclass(frozen=True)
class ServiceDetails:
    name: str
    organisation_name: str
    service_type: ServiceType
    description: str
    how_to_refer: str
    local_authorities: list[LocalAuthority]
    capacity: str = Capacity.OPEN
    eligibility: str = ""
    min_age: int | None = None
    max_age: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""


REQUIRED_MESSAGES = {
    "name": "Enter the name of the service",
    "organisation_name": "Enter the organisation that runs the service",
    "description": "Enter what the service offers",
    "how_to_refer": "Enter how to refer someone to the service",
}


def _checked(details: ServiceDetails) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    for name, message in REQUIRED_MESSAGES.items():
        if not str(getattr(details, name)).strip():
            errors[name] = [message]
    if not details.local_authorities:
        errors["local_authorities"] = ["Select at least one area the service covers"]
    if details.capacity not in Capacity.values:
        errors["capacity"] = ["Select whether the service is open, has a waiting list or is full"]
    for name in ("min_age", "max_age"):
        value = getattr(details, name)
        if value is not None and not 0 <= value <= MAX_AGE:
            errors[name] = [f"Enter an age from 0 to {MAX_AGE}"]
    try:
        check_age_range(details.min_age, details.max_age)
    except ValidationError as error:
        errors.update({k: [str(m) for m in v] for k, v in error.message_dict.items()})
    try:
        contact = check_contact(
            email=details.contact_email, phone=details.contact_phone, website=details.website
        )
    except ValidationError as error:
        errors.update({k: [str(m) for m in v] for k, v in error.message_dict.items()})
        contact = {}
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    values = {
        "name": details.name.strip(),
        "organisation_name": details.organisation_name.strip(),
        "service_type": details.service_type,
        "description": details.description.strip(),
        "eligibility": details.eligibility.strip(),
        "min_age": details.min_age,
        "max_age": details.max_age,
        "how_to_refer": details.how_to_refer.strip(),
        "capacity": details.capacity,
        "contact_name": details.contact_name.strip(),
    }
    values.update(contact)
    return values


def _snapshot(service: PartnerService) -> dict[str, object]:
    return {
        "name": service.name,
        "organisation_name": service.organisation_name,
        "service_type": service.service_type.code,
        "description": service.description,
        "eligibility": service.eligibility,
        "min_age": service.min_age,
        "max_age": service.max_age,
        "how_to_refer": service.how_to_refer,
        "capacity": service.capacity,
        "contact_name": service.contact_name,
        "contact_email": service.contact_email,
        "contact_phone": service.contact_phone,
        "website": service.website,
        "local_authorities": sorted(la.code for la in service.local_authorities.all()),
    }


def service_create(
    *, actor: Actor, details: ServiceDetails, now: dt.datetime | None = None
) -> PartnerService:
    _require(permissions.can_edit_directory(actor), "Only Channel coordinators can add to the directory.")
    values = _checked(details)
    now = now or timezone.now()
    with transaction.atomic():
        service = PartnerService.objects.create(
            **values, last_confirmed_at=now, last_confirmed_by=actor.user, created_at=now, updated_at=now
        )
        service.local_authorities.set(details.local_authorities)
        audit_event_record(
            actor=actor, action="partner_service.create", target=service, changes=_snapshot(service)
        )
    return service


def service_update(
    *, actor: Actor, service: PartnerService, details: ServiceDetails, now: dt.datetime | None = None
) -> PartnerService:
    """Change an entry. Saving a change also confirms it as current: the editor has just checked it."""
    _require(
        permissions.can_edit_service(actor, service), "Only Channel coordinators can change the directory."
    )
    values = _checked(details)
    now = now or timezone.now()
    with transaction.atomic():
        service = PartnerService.objects.select_for_update().get(pk=service.pk)
        before = _snapshot(service)
        for name, value in values.items():
            setattr(service, name, value)
        service.updated_at = now
        service.last_confirmed_at = now
        service.last_confirmed_by = actor.user
        service.save()
        service.local_authorities.set(details.local_authorities)
        after = _snapshot(service)
        changed = {
            name: {"from": before[name], "to": after[name]} for name in after if before[name] != after[name]
        }
        audit_event_record(actor=actor, action="partner_service.update", target=service, changes=changed)
    return service


def service_confirm_current(
    *, actor: Actor, service: PartnerService, now: dt.datetime | None = None
) -> PartnerService:
    _require(permissions.can_edit_service(actor, service), "Only Channel coordinators can confirm entries.")
    now = now or timezone.now()
    with transaction.atomic():
        service = PartnerService.objects.select_for_update().get(pk=service.pk)
        if service.withdrawn_at is not None:
            raise ValidationError("This service has been withdrawn, so it cannot be confirmed as current")
        previous = service.last_confirmed_at
        service.last_confirmed_at = now
        service.last_confirmed_by = actor.user
        service.save(update_fields=["last_confirmed_at", "last_confirmed_by"])
        audit_event_record(
            actor=actor,
            action="partner_service.confirm",
            target=service,
            changes={"last_confirmed_at": {"from": previous.isoformat(), "to": now.isoformat()}},
        )
    return service


def service_withdraw(
    *, actor: Actor, service: PartnerService, reason: str, now: dt.datetime | None = None
) -> PartnerService:
    _require(permissions.can_edit_service(actor, service), "Only Channel coordinators can withdraw entries.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the service is being withdrawn"})
    now = now or timezone.now()
    with transaction.atomic():
        service = PartnerService.objects.select_for_update().get(pk=service.pk)
        if service.withdrawn_at is not None:
            raise ValidationError("This service has already been withdrawn")
        service.withdrawn_at = now
        service.withdrawn_reason = reason.strip()
        service.updated_at = now
        service.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
        audit_event_record(
            actor=actor, action="partner_service.withdraw", target=service, reason=reason.strip()
        )
    return service


# Intervention providers --------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderDetails:
    approval_status: str
    local_authorities: list[LocalAuthority]
    approved_on: dt.date | None = None
    review_due_on: dt.date | None = None
    specialisms: list[str] = field(default_factory=list)
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


def _checked_provider(details: ProviderDetails) -> dict[str, object]:
    errors: dict[str, list[str]] = {}
    if details.approval_status not in ApprovalStatus.values:
        errors["approval_status"] = ["Select the provider's approval status"]
    if details.approval_status == ApprovalStatus.APPROVED and details.approved_on is None:
        errors["approved_on"] = ["Enter the date the provider was approved"]
    if details.approved_on and details.review_due_on and details.review_due_on <= details.approved_on:
        errors["review_due_on"] = ["Review date must be after the date of approval"]
    if not details.local_authorities:
        errors["local_authorities"] = ["Select at least one area the provider covers"]
    try:
        contact = check_contact(email=details.contact_email, phone=details.contact_phone)
    except ValidationError as error:
        errors.update({k: [str(m) for m in v] for k, v in error.message_dict.items()})
        contact = {}
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    contact.pop("website", None)
    return {
        "approval_status": details.approval_status,
        "approved_on": details.approved_on,
        "review_due_on": details.review_due_on,
        "specialisms": "\n".join(s.strip() for s in details.specialisms if s.strip()),
        "contact_name": details.contact_name.strip(),
        **contact,
    }


def _provider_snapshot(provider: InterventionProvider) -> dict[str, object]:
    values = {
        name: getattr(provider, name)
        for name in ("approval_status", "specialisms", "contact_name", "contact_email", "contact_phone")
    }
    values["approved_on"] = provider.approved_on.isoformat() if provider.approved_on else None
    values["review_due_on"] = provider.review_due_on.isoformat() if provider.review_due_on else None
    values["local_authorities"] = sorted(la.code for la in provider.local_authorities.all())
    return values


def provider_save(
    *,
    actor: Actor,
    organisation: Organisation,
    details: ProviderDetails,
    now: dt.datetime | None = None,
) -> InterventionProvider:
    """Record (or change) an intervention provider's approval, specialisms and areas."""
    _require(
        permissions.can_edit_provider(actor), "Only Channel coordinators can change intervention providers."
    )
    if organisation.type != OrganisationType.INTERVENTION_PROVIDER:
        raise ValidationError({"organisation": "Select an organisation that is an intervention provider"})
    values = _checked_provider(details)
    now = now or timezone.now()
    with transaction.atomic():
        provider = InterventionProvider.objects.select_for_update().filter(organisation=organisation).first()
        if provider is None:
            provider = InterventionProvider.objects.create(
                organisation=organisation, updated_at=now, **values
            )
            before: dict[str, object] = {}
            action = "intervention_provider.create"
        else:
            before = _provider_snapshot(provider)
            for name, value in values.items():
                setattr(provider, name, value)
            provider.updated_at = now
            provider.save()
            action = "intervention_provider.update"
        provider.local_authorities.set(details.local_authorities)
        after = _provider_snapshot(provider)
        changes = {
            name: {"from": before.get(name), "to": after[name]}
            for name in after
            if before.get(name) != after[name]
        }
        audit_event_record(actor=actor, action=action, target=provider, changes=changes)
    return provider
