"""The audit trail (every write) and the access log (every read of a record about a person,
and every export). Rows are append-only; a sealer chains them with hashes after commit so that
an edited, deleted or reordered row is detectable (``manage.py verify_audit``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

# Rows the sealer has not reached yet.
UNSEALED = models.Q(sequence__isnull=True)


class SealedRow(models.Model):
    """Tamper-evidence fields shared by both logs. Blank until the sealer reaches the row."""

    sequence = models.BigIntegerField(null=True, blank=True, unique=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class AuditEvent(SealedRow):
    occurred_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A snapshot, so the trail still reads correctly after a user is renamed.
    actor_label = models.CharField(max_length=300)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    # The person a record is about, where there is one, so an auditor can search by person.
    person_ref = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["occurred_at"], name="audit_event_when"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_when"),
            models.Index(fields=["organisation", "occurred_at"], name="audit_event_org_when"),
            models.Index(fields=["person_ref", "occurred_at"], name="audit_event_person_when"),
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
            # The sealer's and the status page's work list: small, whatever the log's size.
            models.Index(fields=["id"], condition=UNSEALED, name="audit_event_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class AccessKind(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"


class AccessLogEntry(SealedRow):
    occurred_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user_label = models.CharField(max_length=300)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    person_ref = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "access log entries"
        indexes = [
            models.Index(fields=["occurred_at"], name="access_log_when"),
            models.Index(fields=["user", "occurred_at"], name="access_log_user_when"),
            models.Index(fields=["organisation", "occurred_at"], name="access_log_org_when"),
            models.Index(fields=["person_ref", "occurred_at"], name="access_log_person_when"),
            models.Index(fields=["id"], condition=UNSEALED, name="access_log_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user_label} {self.kind}"


class ChainHead(models.Model):
    """Where the sealer has got to in one log: the only row that sealing locks, so writers of
    audit events never wait on each other."""

    log = models.CharField(max_length=80, unique=True)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.log} at {self.last_sequence}"
