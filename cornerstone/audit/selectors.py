"""Every scoped read of the audit trail and the access log. The search screen, exports and
reports all start from these, so who-sees-what cannot drift between them."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.audit.models import AccessLogEntry, AuditEvent
from cornerstone.audit.permissions import can_search_audit

LogRow = TypeVar("LogRow", AuditEvent, AccessLogEntry)


def audit_organisations_visible_to(actor: Actor) -> QuerySet[Organisation]:
    """The organisations whose staff's actions this auditor may examine: their own."""
    if not can_search_audit(actor) or actor.organisation is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=actor.organisation.pk)


def audit_events_visible_to(actor: Actor) -> QuerySet[AuditEvent]:
    """Changes made by people acting in the auditor's own organisation, newest first."""
    if not can_search_audit(actor) or actor.organisation is None:
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.filter(organisation_id=actor.organisation.pk)
        .select_related("organisation")
        .order_by("-occurred_at", "-id")
    )


def access_log_visible_to(actor: Actor) -> QuerySet[AccessLogEntry]:
    """Reads, searches, exports and prints by people acting in the auditor's own organisation,
    newest first."""
    if not can_search_audit(actor) or actor.organisation is None:
        return AccessLogEntry.objects.none()
    return (
        AccessLogEntry.objects.filter(organisation_id=actor.organisation.pk)
        .select_related("organisation")
        .order_by("-occurred_at", "-id")
    )


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of a day, local (UK) time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def log_filtered(
    queryset: QuerySet[LogRow],
    *,
    person_ref: str = "",
    user: str = "",
    organisation: Organisation | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[LogRow]:
    """Narrow a visible log (from one of the selectors above) by the auditor's criteria.

    Dates are whole days in UK time, both ends included. ``user`` matches part of the name or
    email address, either as recorded at the time or as the account reads now.
    """
    is_audit_trail = queryset.model is AuditEvent
    who, label = ("actor", "actor_label") if is_audit_trail else ("user", "user_label")
    if person_ref:
        queryset = queryset.filter(person_ref=person_ref)
    if user:
        queryset = queryset.filter(
            Q(**{f"{label}__icontains": user})
            | Q(**{f"{who}__full_name__icontains": user})
            | Q(**{f"{who}__email__icontains": user})
        )
    if organisation is not None:
        queryset = queryset.filter(organisation_id=organisation.pk)
    if date_from is not None:
        queryset = queryset.filter(occurred_at__gte=_start_of(date_from))
    if date_to is not None:
        queryset = queryset.filter(occurred_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return queryset
