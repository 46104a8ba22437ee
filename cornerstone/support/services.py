"""Writing support plans: interventions and the sessions delivered.

Support starts only once consent is given: an intervention can be added only while the
referral is in ``support`` (never before, whatever else is ready). Each service is one
transaction with one audit event; timeline entries say what happened, never a session's note.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.services import audit_event_record
from cornerstone.channel.selectors import channel_cases_visible_to
from cornerstone.notifications.services import notify
from cornerstone.partners.models import PartnerService
from cornerstone.partners.selectors import current_services_visible_to
from cornerstone.referrals.models import Referral
from cornerstone.referrals.transitions import timeline_add
from cornerstone.referrals.workflow import Status
from cornerstone.support.models import Intervention, InterventionSession, InterventionType, SessionStatus
from cornerstone.support.selectors import allowed_owners, allowed_providers, can_work_on

MAX_FREQUENCY_DAYS = 365
MAX_TEXT = 5000
NOT_IN_SUPPORT = "Support can only be planned while the case is in support: consent must be given first"


def _locked_case_referral(actor: Actor, referral_id: int) -> Referral:
    """The referral of a Channel case of the actor's area, locked; refused for anyone but the
    area's Channel coordinator."""
    if actor.user is None or actor.role != Role.CHANNEL_COORDINATOR:
        raise PermissionDenied
    referral = (
        Referral.objects.select_for_update()
        .filter(pk=referral_id, channel_case__in=channel_cases_visible_to(actor))
        .first()
    )
    if referral is None:
        raise PermissionDenied
    return referral


def _locked_intervention(actor: Actor, intervention_id: int) -> Intervention:
    intervention = (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("case__referral", "case__local_authority", "provider", "owner")
        .filter(pk=intervention_id)
        .first()
    )
    if intervention is None or not can_work_on(actor, intervention):
        raise PermissionDenied
    return intervention


def _check_plan(
    *,
    errors: dict[str, str],
    description: str,
    frequency_days: int,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
) -> None:
    if len(description) > MAX_TEXT:
        errors["description"] = f"The description must be {MAX_TEXT} characters or fewer"
    if not isinstance(frequency_days, int) or not 1 <= frequency_days <= MAX_FREQUENCY_DAYS:
        errors["frequency_days"] = (
            f"Enter how often sessions should happen, from 1 to {MAX_FREQUENCY_DAYS} days"
        )
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The planned end date must be the same as or after the start date"


def intervention_add(
    *,
    actor: Actor,
    referral_id: int,
    type: str,
    description: str,
    provider_id: int,
    provider_service_id: int | None = None,
    owner_id: int,
    frequency_days: int,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
) -> Intervention:
    """Add an intervention to the support plan of a case in support (consent given)."""
    with transaction.atomic():
        referral = _locked_case_referral(actor, referral_id)
        if referral.status != Status.SUPPORT:
            raise ValidationError(NOT_IN_SUPPORT)
        errors: dict[str, str] = {}
        if type not in InterventionType.values:
            errors["type"] = "Select the type of intervention"
        provider = next((org for org in allowed_providers(actor, type) if org.pk == provider_id), None)
        if provider is None and "type" not in errors:
            errors["provider"] = (
                "Select an approved intervention provider"
                if type == InterventionType.MENTORING
                else "Select the organisation that provides the intervention"
            )
        service = None
        if provider_service_id is not None:
            service = current_services_visible_to(actor).filter(pk=provider_service_id).first()
            if service is None or type == InterventionType.MENTORING:
                errors["provider_service"] = "Select a current service from the directory, or none"
        owner = None
        if provider is not None:
            owner = next((user for user in allowed_owners(referral, provider) if user.pk == owner_id), None)
            if owner is None:
                errors["owner"] = "Select an owner from the provider organisation, or a Channel coordinator"
        _check_plan(
            errors=errors,
            description=description,
            frequency_days=frequency_days,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        if errors:
            raise ValidationError(errors)
        assert provider is not None and owner is not None and actor.user is not None  # noqa: S101
        intervention = Intervention.objects.create(
            case=referral.channel_case,
            type=type,
            description=description.strip(),
            provider=provider,
            provider_service=service if isinstance(service, PartnerService) else None,
            owner=owner,
            frequency_days=frequency_days,
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor.user,
        )
        audit_event_record(
            actor=actor,
            action="intervention.add",
            target=intervention,
            person_ref=referral.person_ref,
            changes={
                "referral": referral.reference,
                "type": type,
                "provider": provider.name,
                "owner": owner.email,
                "frequency_days": frequency_days,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat() if ends_on else None,
            },
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind="intervention_added",
            title=f"Intervention added: {intervention.get_type_display()}",
            detail=f"Provided by {provider.name}",
        )
        if owner.pk != actor.user.pk:  # type: ignore[union-attr]
            notify(
                recipients=[owner],
                kind="intervention_assigned",
                reference=referral.reference or "",
                path=reverse("support:intervention", args=[intervention.pk]),
            )
    return intervention


def intervention_change(
    *,
    actor: Actor,
    intervention_id: int,
    description: str,
    owner_id: int,
    frequency_days: int,
    ends_on: dt.date | None = None,
) -> Intervention:
    """Change an active intervention's description, owner, planned frequency or end date."""
    with transaction.atomic():
        intervention = _locked_intervention(actor, intervention_id)
        referral = intervention.case.referral
        if intervention.ended_at is not None:
            raise ValidationError("This intervention has ended: it can no longer be changed")
        if referral.status != Status.SUPPORT:
            raise ValidationError(
                "The case is no longer in support: its interventions can no longer be changed"
            )
        errors: dict[str, str] = {}
        owner = next(
            (user for user in allowed_owners(referral, intervention.provider) if user.pk == owner_id), None
        )
        if owner is None:
            errors["owner"] = "Select an owner from the provider organisation, or a Channel coordinator"
        _check_plan(
            errors=errors,
            description=description,
            frequency_days=frequency_days,
            starts_on=intervention.starts_on,
            ends_on=ends_on,
        )
        if errors:
            raise ValidationError(errors)
        assert owner is not None  # noqa: S101
        before = {
            "owner": intervention.owner.email,
            "frequency_days": intervention.frequency_days,
            "ends_on": intervention.ends_on.isoformat() if intervention.ends_on else None,
            "description_changed": False,
        }
        after = {
            "owner": owner.email,
            "frequency_days": frequency_days,
            "ends_on": ends_on.isoformat() if ends_on else None,
            "description_changed": description.strip() != intervention.description,
        }
        owner_changed = owner.pk != intervention.owner_id
        intervention.description = description.strip()
        intervention.owner = owner
        intervention.frequency_days = frequency_days
        intervention.ends_on = ends_on
        intervention.save(update_fields=["description", "owner", "frequency_days", "ends_on"])
        audit_event_record(
            actor=actor,
            action="intervention.change",
            target=intervention,
            person_ref=referral.person_ref,
            changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind="intervention_changed",
            title=f"Intervention changed: {intervention.get_type_display()}",
        )
        if owner_changed and owner.pk != actor.user.pk:  # type: ignore[union-attr]
            notify(
                recipients=[owner],
                kind="intervention_assigned",
                reference=referral.reference or "",
                path=reverse("support:intervention", args=[intervention.pk]),
            )
    return intervention


def intervention_end(*, actor: Actor, intervention_id: int, reason: str) -> Intervention:
    """End an intervention, with the reason (completed, no longer needed...)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        intervention = _locked_intervention(actor, intervention_id)
        if intervention.ended_at is not None:
            raise ValidationError("This intervention has already ended")
        if not reason:
            raise ValidationError({"reason": "Enter why the intervention is ending"})
        if len(reason) > MAX_TEXT:
            raise ValidationError({"reason": f"The reason must be {MAX_TEXT} characters or fewer"})
        intervention.ended_at = timezone.now()
        intervention.save(update_fields=["ended_at"])
        referral = intervention.case.referral
        audit_event_record(
            actor=actor,
            action="intervention.end",
            target=intervention,
            reason=reason,
            person_ref=referral.person_ref,
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind="intervention_ended",
            title=f"Intervention ended: {intervention.get_type_display()}",
        )
    return intervention


def _session_title(intervention: Intervention, status: str) -> str:
    kind = "Mentoring" if intervention.type == InterventionType.MENTORING else intervention.get_type_display()
    return f"{kind} session {SessionStatus(status).label.lower()}"


def session_log(
    *, actor: Actor, intervention_id: int, held_on: dt.date, status: str, note: str
) -> InterventionSession:
    """Log a session: delivered, missed or cancelled, with a note (kept off the timeline)."""
    note = (note or "").strip()
    with transaction.atomic():
        intervention = _locked_intervention(actor, intervention_id)
        referral = intervention.case.referral
        if referral.status != Status.SUPPORT:
            raise ValidationError("Sessions can only be logged while the case is in support")
        if intervention.ended_at is not None:
            raise ValidationError("This intervention has ended: sessions can no longer be logged")
        errors: dict[str, str] = {}
        if status not in SessionStatus.values:
            errors["status"] = "Select whether the session was delivered, missed or cancelled"
        if held_on > timezone.localdate():
            errors["held_on"] = "The date of the session must be today or in the past"
        elif held_on < intervention.starts_on:
            errors["held_on"] = (
                f"The date of the session must be on or after the start of the intervention, "
                f"{intervention.starts_on:%-d %B %Y}"
            )
        if len(note) > MAX_TEXT:
            errors["note"] = f"The note must be {MAX_TEXT} characters or fewer"
        if errors:
            raise ValidationError(errors)
        assert actor.user is not None  # can_work_on refuses anyone else  # noqa: S101
        session = InterventionSession.objects.create(
            intervention=intervention, held_on=held_on, status=status, note=note, logged_by=actor.user
        )
        if status == SessionStatus.DELIVERED and (
            intervention.last_delivered_on is None or held_on > intervention.last_delivered_on
        ):
            intervention.last_delivered_on = held_on
            intervention.save(update_fields=["last_delivered_on"])
        audit_event_record(
            actor=actor,
            action="intervention_session.log",
            target=session,
            person_ref=referral.person_ref,
            changes={"intervention": intervention.pk, "held_on": held_on.isoformat(), "status": status},
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind="intervention_session",
            title=_session_title(intervention, status),
        )
    return session
