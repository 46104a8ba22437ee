"""Writing the audit trail and the access log. Services call these inside their own
transaction, so the event commits (or rolls back) with the change it describes."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from cornerstone.accounts.actor import Actor
from cornerstone.audit.models import AccessLogEntry, AuditEvent


class AuditOutsideTransaction(RuntimeError):
    """An audit event was written outside the transaction of the change it records."""


def _describe(target: models.Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    return target._meta.label_lower, str(target.pk), str(target)[:300]


def audit_event_record(
    *,
    actor: Actor,
    action: str,
    target: models.Model | None = None,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    person_ref: str = "",
) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(f"audit event {action!r} written outside a transaction")
    object_type, object_id, object_repr = _describe(target)
    event = AuditEvent.objects.create(
        actor=actor.user,
        actor_label=actor.label,
        organisation=actor.organisation,
        role=actor.role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        person_ref=person_ref,
        reason=reason,
        changes=changes or {},
    )
    _schedule_sealing()
    return event


def access_log_record(
    *,
    actor: Actor,
    kind: str,
    target: models.Model | None = None,
    person_ref: str = "",
    description: str = "",
    path: str = "",
) -> AccessLogEntry:
    object_type, object_id, object_repr = _describe(target)
    entry = AccessLogEntry.objects.create(
        user=actor.user,
        user_label=actor.label,
        organisation=actor.organisation,
        role=actor.role,
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        person_ref=person_ref,
        description=description[:300],
        path=path[:500],
    )
    _schedule_sealing()
    return entry


def _enqueue_sealing() -> None:
    from cornerstone.audit.tasks import seal_logs

    seal_logs.enqueue()


def _schedule_sealing() -> None:
    """Seal once after the surrounding transaction commits, however many rows it wrote.

    ``robust``: the change and its audit rows are already committed when this runs, so a
    failure to queue the sealer must not turn the user's successful request into an error; the
    rows stay unsealed until the next run (``seal_audit`` or the next write), and the home page
    of the data protection officer shows rows left waiting.
    """
    connection = transaction.get_connection()
    # A callback still pending here belongs to this transaction or an enclosing savepoint
    # that has not been rolled back: if it is rolled back, so is the row being written now.
    pending = getattr(connection, "run_on_commit", ())
    if connection.in_atomic_block and any(entry[1] is _enqueue_sealing for entry in pending):
        return
    transaction.on_commit(_enqueue_sealing, robust=True)
