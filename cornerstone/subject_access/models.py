"""Subject access requests: the register, the bundle gathered for a request and the redactions
a data protection officer made to it.

The bundle is kept as gathered (``bundle``) so that what was reviewed for redaction is exactly
what is sent; redactions point at its items and fields by id, and are applied only when the
output is produced. Nothing is redacted by the software itself.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone


class RequesterKind(models.TextChoices):
    SUBJECT = "subject", "The person themselves"
    REPRESENTATIVE = "representative", "Someone acting for them (a parent, solicitor or advocate)"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    GATHERING = "gathering", "Gathering"
    REDACTION = "redaction", "Redaction"
    SENT = "sent", "Sent"
    REFUSED = "refused", "Refused"


OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.GATHERING, RequestStatus.REDACTION)


class RedactionReason(models.TextChoices):
    """The lawful grounds for withholding part of the bundle (Data Protection Act 2018)."""

    THIRD_PARTY = (
        "third_party",
        "Third party's personal data (DPA 2018 Schedule 2 Part 3 paragraph 16)",
    )
    CRIME_AND_TAXATION = (
        "crime_and_taxation",
        "Crime and taxation: prevention or detection of crime (DPA 2018 Schedule 2 Part 1 paragraph 2)",
    )
    LEGAL_PRIVILEGE = (
        "legal_privilege",
        "Legal professional privilege (DPA 2018 Schedule 2 Part 4 paragraph 19)",
    )
    HEALTH_SOCIAL_WORK_EDUCATION = (
        "health_social_work_education",
        "Serious harm: health, social work or education data (DPA 2018 Schedule 3)",
    )
    LAW_ENFORCEMENT = (
        "law_enforcement",
        "Law enforcement restriction (DPA 2018 Part 3 section 45(4))",
    )
    NATIONAL_SECURITY = ("national_security", "National security (DPA 2018 section 26)")


class SubjectAccessRequest(models.Model):
    # The organisation whose data protection officers handle the request.
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    requester_kind = models.CharField(max_length=20, choices=RequesterKind.choices)
    requester_name = models.CharField(max_length=200)
    requester_contact = models.TextField()
    # For a representative: what shows they may act for the person.
    representative_authority = models.TextField(blank=True)
    identity_verified_how = models.TextField()
    received_on = models.DateField()
    due_on = models.DateField()
    extended_due_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    refusal_reason = models.TextField(blank=True)
    handler = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    handler_label = models.CharField(max_length=300)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    bundle = models.JSONField(null=True, blank=True)
    gathered_at = models.DateTimeField(null=True, blank=True)
    redaction_confirmed_at = models.DateTimeField(null=True, blank=True)
    redaction_confirmed_by_label = models.CharField(max_length=300, blank=True)
    sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status"], name="sar_org_status")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="sar_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(extended_due_on__isnull=True) | ~models.Q(extension_reason=""),
                name="sar_extension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SAR-{self.pk}"

    @property
    def current_due_on(self) -> dt.date:
        return self.extended_due_on or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Redaction(models.Model):
    """One item of the bundle, or one field of it (``field`` blank: the whole item), withheld."""

    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions")
    item_id = models.CharField(max_length=100)
    field = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=40, choices=RedactionReason.choices)
    note = models.TextField()
    made_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    made_by_label = models.CharField(max_length=300)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "item_id", "field", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "item_id", "field"], name="redaction_once_per_place"),
        ]

    def __str__(self) -> str:
        return f"Redaction in {self.request}"
