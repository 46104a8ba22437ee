"""Writes of the onward-disclosure register: keeping information sharing agreements, and
recording a disclosure someone made. Each is one transaction with one audit event; recording a
disclosure also adds a step to the person's timeline (who it went to and under which agreement,
never what was shared)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import Role
from cornerstone.audit.disclosures import selectors
from cornerstone.audit.disclosures.permissions import can_edit_agreement, can_keep_agreements
from cornerstone.audit.models import (
    BASES_WITHOUT_AGREEMENT,
    InformationSharingAgreement,
    LawfulBasis,
    OnwardDisclosure,
)
from cornerstone.audit.services import audit_event_record
from cornerstone.referrals.transitions import timeline_add

TIMELINE_KIND = "onward_disclosure"
TIMELINE_TITLE = "Information shared outside the partnership"


@dataclass(frozen=True)
class AgreementDetails:
    reference: str
    title: str
    purpose: str
    lawful_basis: str
    starts_on: dt.date | None
    review_on: dt.date | None
    organisations: Sequence[Organisation] = field(default_factory=list)
    external_parties: str = ""
    is_active: bool = True


@dataclass(frozen=True)
class DisclosureDetails:
    recipient_organisation: str
    recipient_contact: str
    lawful_basis: str
    shared_description: str
    disclosed_on: dt.date | None
    decided_by: str
    reason: str
    agreement_id: int | None = None
    no_agreement_reason: str = ""
    shared_records: str = ""


def _external_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _check_agreement(
    actor: Actor, details: AgreementDetails, *, existing: InformationSharingAgreement | None
) -> None:
    errors: dict[str, str] = {}
    reference = details.reference.strip()
    if not reference:
        errors["reference"] = "Enter the agreement's reference"
    else:
        clash = InformationSharingAgreement.objects.filter(reference__iexact=reference)
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            errors["reference"] = f"An agreement with the reference {reference} is already recorded"
    if not details.title.strip():
        errors["title"] = "Enter the agreement's title"
    parties = len(details.organisations) + len(_external_lines(details.external_parties))
    if parties < 2:
        errors["organisations"] = (
            "Add at least two parties: organisations in the partnership or external parties"
        )
    elif actor.role == Role.DATA_PROTECTION_OFFICER and actor.organisation not in details.organisations:
        errors["organisations"] = f"Include your own organisation, {actor.organisation}, as a party"
    if not details.purpose.strip():
        errors["purpose"] = "Enter what the agreement allows information to be shared for"
    if details.lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the lawful basis of the agreement"
    if details.starts_on is None:
        errors["starts_on"] = "Enter the date the agreement starts"
    if details.review_on is None:
        errors["review_on"] = "Enter the date the agreement is due for review"
    elif details.starts_on is not None and details.review_on < details.starts_on:
        errors["review_on"] = "The review date must be the same as or after the start date"
    if errors:
        raise ValidationError(errors)


def _agreement_changes(agreement: InformationSharingAgreement) -> dict[str, Any]:
    return {
        "reference": agreement.reference,
        "title": agreement.title,
        "organisations": sorted(o.name for o in agreement.organisations.all()),
        "external_parties": agreement.external_party_list,
        "lawful_basis": agreement.lawful_basis,
        "starts_on": agreement.starts_on.isoformat(),
        "review_on": agreement.review_on.isoformat(),
        "is_active": agreement.is_active,
    }


def _apply(agreement: InformationSharingAgreement, details: AgreementDetails) -> None:
    if details.starts_on is None or details.review_on is None:  # refused by _check_agreement
        raise ValueError("an agreement needs its dates")
    agreement.reference = details.reference.strip()
    agreement.title = details.title.strip()
    agreement.external_parties = "\n".join(_external_lines(details.external_parties))
    agreement.purpose = details.purpose.strip()
    agreement.lawful_basis = details.lawful_basis
    agreement.starts_on = details.starts_on
    agreement.review_on = details.review_on
    agreement.is_active = details.is_active
    agreement.updated_at = timezone.now()
    agreement.save()
    agreement.organisations.set(details.organisations)


def sharing_agreement_create(*, actor: Actor, details: AgreementDetails) -> InformationSharingAgreement:
    if not can_keep_agreements(actor):
        raise PermissionDenied
    _check_agreement(actor, details, existing=None)
    with transaction.atomic():
        agreement = InformationSharingAgreement()
        _apply(agreement, details)
        audit_event_record(
            actor=actor,
            action="sharing_agreement.create",
            target=agreement,
            changes=_agreement_changes(agreement),
        )
    return agreement


def sharing_agreement_update(
    *, actor: Actor, agreement_id: int, details: AgreementDetails
) -> InformationSharingAgreement:
    with transaction.atomic():
        agreement = (
            selectors.sharing_agreements_visible_to(actor).select_for_update().filter(pk=agreement_id).first()
        )
        if agreement is None or not can_edit_agreement(actor, agreement):
            raise PermissionDenied
        _check_agreement(actor, details, existing=agreement)
        before = _agreement_changes(agreement)
        _apply(agreement, details)
        after = _agreement_changes(agreement)
        audit_event_record(
            actor=actor,
            action="sharing_agreement.update",
            target=agreement,
            changes={name: [before[name], value] for name, value in after.items() if before[name] != value},
        )
    return agreement


def _check_disclosure(
    actor: Actor, details: DisclosureDetails
) -> tuple[dict[str, str], InformationSharingAgreement | None]:
    errors: dict[str, str] = {}
    recipient = details.recipient_organisation.strip()
    if not recipient:
        errors["recipient_organisation"] = "Enter the organisation the information was shared with"
    elif Organisation.objects.filter(name__iexact=recipient, is_active=True).exists():
        errors["recipient_organisation"] = (
            f"{recipient} is part of the partnership: this register is for sharing outside it"
        )
    if not details.recipient_contact.strip():
        errors["recipient_contact"] = "Enter who received it: their name, role or contact details"
    basis = details.lawful_basis
    agreement = None
    if basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the lawful basis for sharing"
    if details.agreement_id is not None:
        agreement = selectors.sharing_agreements_usable_by(actor).filter(pk=details.agreement_id).first()
        if agreement is None:
            errors["agreement"] = (
                "Select a current information sharing agreement your organisation is a party to"
            )
    elif basis in LawfulBasis.values and basis not in BASES_WITHOUT_AGREEMENT:
        errors["agreement"] = (
            "Select the information sharing agreement the information was shared under. Only a court "
            "order or protecting someone's life (vital interests) allows sharing without one"
        )
    elif basis in BASES_WITHOUT_AGREEMENT and not details.no_agreement_reason.strip():
        errors["no_agreement_reason"] = "Enter why the information was shared without an agreement"
    if not details.shared_description.strip():
        errors["shared_description"] = "Describe what was shared"
    if details.disclosed_on is None:
        errors["disclosed_on"] = "Enter the date the information was shared"
    elif details.disclosed_on > timezone.localdate():
        errors["disclosed_on"] = "The date it was shared must be today or in the past"
    if not details.decided_by.strip():
        errors["decided_by"] = "Enter who decided to share it"
    if not details.reason.strip():
        errors["reason"] = "Enter why it was necessary to share it"
    return errors, agreement


def onward_disclosure_record(
    *, actor: Actor, referral_id: int, details: DisclosureDetails
) -> OnwardDisclosure:
    """Record a disclosure a person made about this referral's subject. Nothing is sent."""
    referral = (
        selectors.disclosable_referrals_for(actor).filter(pk=referral_id).select_related("person").first()
    )
    if referral is None or actor.user is None or actor.organisation is None:
        raise PermissionDenied
    errors, agreement = _check_disclosure(actor, details)
    if errors:
        raise ValidationError(errors)
    if details.disclosed_on is None:  # refused by _check_disclosure
        raise ValueError("a disclosure needs its date")
    with transaction.atomic():
        disclosure = OnwardDisclosure.objects.create(
            referral=referral,
            recipient_organisation=details.recipient_organisation.strip(),
            recipient_contact=details.recipient_contact.strip(),
            lawful_basis=details.lawful_basis,
            agreement=agreement,
            # A reason for going without an agreement is kept only when there is none.
            no_agreement_reason="" if agreement is not None else details.no_agreement_reason.strip(),
            shared_description=details.shared_description.strip(),
            shared_records=details.shared_records.strip(),
            disclosed_on=details.disclosed_on,
            decided_by=details.decided_by.strip(),
            reason=details.reason.strip(),
            recorded_by=actor.user,
            recorded_by_label=actor.label,
            organisation=actor.organisation,
            role=actor.role,
        )
        audit_event_record(
            actor=actor,
            action="disclosure.record",
            target=disclosure,
            person_ref=referral.person_ref,
            reason=disclosure.reason,
            changes={
                "referral": referral.reference,
                "recipient": disclosure.recipient_organisation,
                "lawful_basis": disclosure.lawful_basis,
                "agreement": agreement.reference if agreement is not None else "",
                "disclosed_on": disclosure.disclosed_on.isoformat(),
            },
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind=TIMELINE_KIND,
            title=TIMELINE_TITLE,
            detail=_timeline_detail(disclosure),
        )
    return disclosure


def _timeline_detail(disclosure: OnwardDisclosure) -> str:
    """Who it went to, when, and on what basis; never what was shared."""
    lines = [
        f"Shared with {disclosure.recipient_organisation} on {disclosure.disclosed_on.day} {disclosure.disclosed_on:%B %Y}.",
        f"Lawful basis: {disclosure.get_lawful_basis_display()}.",
    ]
    if disclosure.agreement is not None:
        lines.append(f"Information sharing agreement: {disclosure.agreement.reference}.")
    else:
        lines.append("No information sharing agreement.")
    return "\n".join(lines)
