"""Every write to the engagement log: each checks who is asking, checks what they gave in plain
English, then changes the records and writes exactly one audit event in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation, User
from cornerstone.audit.services import audit_event_record
from cornerstone.engagement import permissions
from cornerstone.engagement.models import (
    AGE_BANDS,
    DEMOGRAPHIC_FIELDS,
    SEX_COUNTS,
    Action,
    ActionStatus,
    Engagement,
    EngagementType,
    Theme,
)
from cornerstone.engagement.selectors import action_owners_for, engagement_areas_of
from cornerstone.geography.models import LocalAuthority

MAX_SUMMARY = 5000


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


# Engagements -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngagementDetails:
    title: str
    type: str
    date: dt.date | None
    venue: str
    local_authority: LocalAuthority | None
    headcount: int | None
    themes: Sequence[Theme]
    organisations: Sequence[Organisation] = ()
    other_organisations: Sequence[str] = ()
    # Optional anonymous counts: the names in ``models.DEMOGRAPHIC_FIELDS``, each a number or None.
    demographics: Mapping[str, int | None] = field(default_factory=dict)
    concerns: str = ""


def _check_counts(details: EngagementDetails, errors: dict[str, list[str]]) -> None:
    unknown = set(details.demographics) - set(DEMOGRAPHIC_FIELDS)
    if unknown:
        raise ValueError(f"Unknown demographic counts: {sorted(unknown)}")
    if details.headcount is None:
        _add(errors, "headcount", "Enter how many people came")
    elif details.headcount < 0:
        _add(errors, "headcount", "Number of people must be 0 or more")
    for group, what in ((AGE_BANDS, "age bands"), (SEX_COUNTS, "numbers of women and men")):
        total = 0
        for name, label in group:
            value = details.demographics.get(name)
            if value is None:
                continue
            if value < 0:
                _add(errors, name, f"{label} must be 0 or more")
            total += value
        if details.headcount is not None and details.headcount >= 0 and total > details.headcount:
            _add(
                errors,
                group[0][0],
                f"The {what} add up to {total}, which is more than the {details.headcount} "
                f"{'person' if details.headcount == 1 else 'people'} who came",
            )


def _checked(actor: Actor, details: EngagementDetails, *, today: dt.date) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if not details.title.strip():
        _add(errors, "title", "Enter a name for the engagement")
    if details.type not in EngagementType.values:
        _add(errors, "type", "Select the type of engagement")
    if details.date is None:
        _add(errors, "date", "Enter the date of the engagement")
    elif details.date > today:
        _add(errors, "date", "The date of the engagement must be today or in the past")
    if not details.venue.strip():
        _add(errors, "venue", "Enter where the engagement took place")
    if details.local_authority is None:
        _add(errors, "local_authority", "Select the area the engagement took place in")
    elif not engagement_areas_of(actor).filter(pk=details.local_authority.pk).exists():
        _add(errors, "local_authority", "Select an area your organisation covers")
    _check_counts(details, errors)
    if not details.themes:
        _add(errors, "themes", "Select at least one theme that was raised")
    _raise(errors)
    values: dict[str, Any] = {
        "title": details.title.strip(),
        "type": details.type,
        "date": details.date,
        "venue": details.venue.strip(),
        "local_authority": details.local_authority,
        "headcount": details.headcount,
        "other_organisations": "\n".join(
            line.strip() for line in details.other_organisations if line.strip()
        ),
        "concerns": details.concerns.strip(),
    }
    values.update({name: details.demographics.get(name) for name in DEMOGRAPHIC_FIELDS})
    return values


def _snapshot(engagement: Engagement) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(engagement, name)
        for name in (
            "title",
            "type",
            "venue",
            "headcount",
            "other_organisations",
            "concerns",
            *DEMOGRAPHIC_FIELDS,
        )
    }
    values["date"] = engagement.date.isoformat()
    values["local_authority"] = engagement.local_authority.code
    values["themes"] = sorted(f"{t.version}:{t.code}" for t in engagement.themes.all())
    values["organisations"] = sorted(o.name for o in engagement.organisations.all())
    return values


def engagement_record(
    *, actor: Actor, details: EngagementDetails, now: dt.datetime | None = None
) -> Engagement:
    """Record an engagement that has taken place."""
    _require(permissions.can_record_engagement(actor), "Your role cannot record engagements.")
    now = now or timezone.now()
    values = _checked(actor, details, today=timezone.localdate(now))
    if actor.user is None or actor.organisation is None:  # the permission has checked: for the type checker
        raise PermissionDenied("Sign in to record engagements.")
    with transaction.atomic():
        engagement = Engagement.objects.create(
            **values,
            recorded_by=actor.user,
            recorded_by_organisation=actor.organisation,
            created_at=now,
            updated_at=now,
        )
        engagement.themes.set(details.themes)
        engagement.organisations.set(details.organisations)
        audit_event_record(
            actor=actor, action="engagement.record", target=engagement, changes=_snapshot(engagement)
        )
    return engagement


def engagement_update(
    *, actor: Actor, engagement: Engagement, details: EngagementDetails, now: dt.datetime | None = None
) -> Engagement:
    _require(
        permissions.can_edit_engagement(actor, engagement), "You cannot change engagements in this area."
    )
    now = now or timezone.now()
    values = _checked(actor, details, today=timezone.localdate(now))
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        before = _snapshot(engagement)
        for name, value in values.items():
            setattr(engagement, name, value)
        engagement.updated_at = now
        engagement.save()
        engagement.themes.set(details.themes)
        engagement.organisations.set(details.organisations)
        after = _snapshot(engagement)
        changes = {
            name: {"from": before[name], "to": after[name]} for name in after if before[name] != after[name]
        }
        audit_event_record(actor=actor, action="engagement.update", target=engagement, changes=changes)
    return engagement


def engagement_publish(
    *, actor: Actor, engagement: Engagement, summary: str, now: dt.datetime | None = None
) -> Engagement:
    """Publish (or change) the public summary. The public page then shows it with each action's
    "you said" and, once done, "we did"."""
    _require(
        permissions.can_publish_engagement(actor, engagement),
        "Only engagement officers and Prevent supervisors or leads can publish summaries.",
    )
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": "Enter the summary to publish"})
    if len(summary) > MAX_SUMMARY:
        raise ValidationError({"summary": f"Summary must be {MAX_SUMMARY} characters or fewer"})
    now = now or timezone.now()
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        previous = engagement.public_summary if engagement.is_published else ""
        engagement.public_summary = summary
        engagement.published_at = now
        engagement.published_by = actor.user
        engagement.updated_at = now
        engagement.save(update_fields=["public_summary", "published_at", "published_by", "updated_at"])
        audit_event_record(
            actor=actor,
            action="engagement.publish",
            target=engagement,
            changes={"public_summary": {"from": previous, "to": summary}},
        )
    return engagement


def engagement_unpublish(
    *, actor: Actor, engagement: Engagement, reason: str, now: dt.datetime | None = None
) -> Engagement:
    """Take a summary off the public page. The text is kept, so it can be published again."""
    _require(
        permissions.can_publish_engagement(actor, engagement),
        "Only engagement officers and Prevent supervisors or leads can remove summaries.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the summary is being removed from the public page"})
    now = now or timezone.now()
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        if not engagement.is_published:
            raise ValidationError("This summary is not published")
        engagement.published_at = None
        engagement.published_by = None
        engagement.updated_at = now
        engagement.save(update_fields=["published_at", "published_by", "updated_at"])
        audit_event_record(
            actor=actor, action="engagement.unpublish", target=engagement, reason=reason.strip()
        )
    return engagement


# Actions: "you said, we did" ---------------------------------------------------------------


@dataclass(frozen=True)
class ActionDetails:
    you_said: str
    agreed_action: str
    due_on: dt.date | None
    owner_user: User | None = None
    owner_name: str = ""


def _action_snapshot(action: Action) -> dict[str, Any]:
    return {
        "you_said": action.you_said,
        "agreed_action": action.agreed_action,
        "owner_user": action.owner_user.email if action.owner_user else None,
        "owner_name": action.owner_name,
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "we_did": action.we_did,
        "done_on": action.done_on.isoformat() if action.done_on else None,
    }


def action_add(
    *, actor: Actor, engagement: Engagement, details: ActionDetails, now: dt.datetime | None = None
) -> Action:
    """Record an action agreed at an engagement, with its owner and due date."""
    _require(
        permissions.can_edit_engagement(actor, engagement),
        "You cannot add actions to engagements in this area.",
    )
    errors: dict[str, list[str]] = {}
    if not details.you_said.strip():
        _add(errors, "you_said", "Enter what people said or asked for")
    if not details.agreed_action.strip():
        _add(errors, "agreed_action", "Enter what was agreed")
    owner_name = details.owner_name.strip()
    if details.owner_user is None and not owner_name:
        _add(errors, "owner_user", "Select who owns the action, or enter a role or organisation")
    elif details.owner_user is not None and owner_name:
        _add(errors, "owner_name", "Select a member of staff or enter a role or organisation, not both")
    elif (
        details.owner_user is not None
        and not action_owners_for(actor).filter(pk=details.owner_user.pk).exists()
    ):
        _add(errors, "owner_user", "Select a member of staff from the list")
    if details.due_on is None:
        _add(errors, "due_on", "Enter the date the action is due")
    elif details.due_on < engagement.date:
        _add(errors, "due_on", "The due date must be on or after the date of the engagement")
    _raise(errors)
    if details.due_on is None or actor.user is None:  # checked above: for the type checker
        raise PermissionDenied("Sign in to add actions.")
    now = now or timezone.now()
    with transaction.atomic():
        action = Action.objects.create(
            engagement=engagement,
            you_said=details.you_said.strip(),
            agreed_action=details.agreed_action.strip(),
            owner_user=details.owner_user,
            owner_name=owner_name,
            due_on=details.due_on,
            created_by=actor.user,
            created_at=now,
            updated_at=now,
        )
        audit_event_record(
            actor=actor, action="engagement_action.add", target=action, changes=_action_snapshot(action)
        )
    return action


def action_complete(
    *, actor: Actor, action: Action, we_did: str, done_on: dt.date | None, now: dt.datetime | None = None
) -> Action:
    """Mark an action done, saying what was done ("we did"): both the words and the date are needed."""
    _require(permissions.can_manage_action(actor, action), "You cannot change actions in this area.")
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if not we_did.strip():
        _add(errors, "we_did", "Enter what was done")
    if done_on is None:
        _add(errors, "done_on", "Enter the date it was done")
    elif done_on > timezone.localdate(now):
        _add(errors, "done_on", "The date it was done must be today or in the past")
    elif done_on < action.engagement.date:
        _add(errors, "done_on", "The date it was done must be on or after the date of the engagement")
    _raise(errors)
    with transaction.atomic():
        action = Action.objects.select_for_update().select_related("engagement").get(pk=action.pk)
        if action.status == ActionStatus.DONE:
            raise ValidationError("This action has already been marked as done")
        action.status = ActionStatus.DONE
        action.we_did = we_did.strip()
        action.done_on = done_on
        action.updated_at = now
        action.save(update_fields=["status", "we_did", "done_on", "updated_at"])
        audit_event_record(
            actor=actor,
            action="engagement_action.complete",
            target=action,
            changes={"status": {"from": ActionStatus.OPEN, "to": ActionStatus.DONE}, "we_did": action.we_did},
        )
    return action
