"""The one way a referral moves along its journey.

``referral_transition`` looks the action up in the declared table (``workflow.TRANSITIONS``),
locks the referral, checks the actor's role, the state and every guard the table names, lets
the calling service record what the stage records, changes the state, and writes the audit
event and the timeline entry: all in the caller's transaction. A guard the table names but the
caller does not check is a programming error, so no service can quietly skip one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.workflow import Guard, Status, TransitionNotAllowed, status_label, transition_named

# A guard check returns None when the guard holds, or what is missing, in plain English.
GuardCheck = Callable[[Referral], str | None]


class CaseMovedOn(TransitionNotAllowed):
    """Someone else moved the case first: the message says what it is now, who and when."""


def timeline_add(
    *, actor: Actor, referral: Referral, kind: str, title: str, detail: str = ""
) -> TimelineEntry:
    """Add a step to the person's timeline, inside the transaction of the change it records."""
    return TimelineEntry.objects.create(
        referral=referral,
        kind=kind,
        title=title[:200],
        detail=detail,
        actor=actor.user,
        actor_label=actor.user.full_name if actor.user is not None else actor.label,
        organisation_name=actor.organisation.name if actor.organisation is not None else "",
        role=actor.role,
    )


def _in_actor_unit(actor: Actor, referral: Referral) -> str | None:
    if actor.organisation is None or referral.routed_to_id != actor.organisation.pk:
        raise PermissionDenied
    return None


def _in_actor_area(actor: Actor, referral: Referral) -> str | None:
    if (
        actor.organisation is None
        or referral.local_authority_id is None
        or not actor.organisation.local_authorities.filter(pk=referral.local_authority_id).exists()
    ):
        raise PermissionDenied
    return None


def moved_on_message(referral: Referral) -> str:
    """What to tell someone whose change lost the race: the case's state now, and who moved it."""
    last = TimelineEntry.objects.filter(referral=referral).order_by("-occurred_at", "-id").first()
    now = status_label(referral.status)
    if last is None:
        return f"Nothing was changed: this case is now '{now}'."
    when = (
        timezone.localtime(last.occurred_at)
        .strftime("%-d %B %Y at %-I:%M%p")
        .replace("AM", "am")
        .replace("PM", "pm")
    )
    return (
        f"Nothing was changed: {last.actor_label} recorded '{last.title}' on {when}, "
        f"so this case is now '{now}'. Check the case before you try again."
    )


def referral_transition(
    *,
    actor: Actor,
    referral_id: int,
    action: str,
    guards: Mapping[str, GuardCheck] | None = None,
    reason: str = "",
    record: Callable[[Referral], dict[str, Any] | None] | None = None,
    timeline_title: str = "",
    timeline_detail: str = "",
    seen_status: str = "",
) -> Referral:
    """Take ``action`` on the referral, as the table allows. ``record`` writes what the stage
    records (under the lock, before the state changes) and may return extra audit changes.
    ``seen_status`` is the state the person saw when they chose the action: if the case has
    moved since, nothing changes and they are told what happened, even where the table would
    allow the action from the new state too."""
    transition = transition_named(action)
    checks: dict[str, GuardCheck] = dict(guards or {})
    checks.setdefault(Guard.SAME_UNIT, lambda r: _in_actor_unit(actor, r))
    checks.setdefault(Guard.SAME_AREA, lambda r: _in_actor_area(actor, r))
    checks.setdefault(Guard.RATIONALE, lambda r: None if reason.strip() else "Enter the reasons")
    missing = [guard for guard in transition.guards if guard not in checks]
    if missing:
        raise ImproperlyConfigured(f"{action}: guards not checked: {', '.join(missing)}")
    if actor.user is None or actor.role not in transition.roles:
        raise PermissionDenied
    with transaction.atomic():
        # Drafts are their writer's alone: submission has its own service.
        referral = (
            Referral.objects.select_for_update().filter(pk=referral_id).exclude(status=Status.DRAFT).first()
        )
        if referral is None:
            raise PermissionDenied
        # Access first (a refusal must not reveal the state), then the state, then the rest.
        for guard in (Guard.SAME_UNIT, Guard.SAME_AREA):
            if guard in transition.guards:
                checks[guard](referral)
        if referral.status not in transition.sources or (seen_status and referral.status != seen_status):
            raise CaseMovedOn(moved_on_message(referral))
        problems = [
            problem
            for guard in transition.guards
            if guard not in (Guard.SAME_UNIT, Guard.SAME_AREA)
            and (problem := checks[guard](referral)) is not None
        ]
        if problems:
            raise ValidationError(problems)
        extra = record(referral) if record is not None else None
        previous = referral.status
        referral.status = transition.target
        referral.updated_at = timezone.now()
        referral.save(update_fields=["status", "updated_at"])
        audit_event_record(
            actor=actor,
            action=f"referral.{action}",
            target=referral,
            reason=reason.strip(),
            person_ref=referral.person_ref,
            changes={"status": [previous, referral.status], **(extra or {})},
        )
        timeline_add(
            actor=actor,
            referral=referral,
            kind=action,
            title=timeline_title or transition.label,
            detail=timeline_detail,
        )
    return referral


def refusal_message(error: ValidationError | TransitionNotAllowed) -> str:
    """The sentence to show someone whose action was refused, whatever kind of refusal it was."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
