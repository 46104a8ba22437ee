"""Referrals, their attachments, and the versioned taxonomies they are recorded against.

A referral's answers are kept per step of the question flow (``answers``: the raw input of
each step, re-validated by the step's form whenever it is read), so every answer stays
changeable while it is a draft and a submitted referral can always be shown as it was given.
Fields needed to route, list and report are copied to columns by the services.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone

from cornerstone.referrals.workflow import Status


class ConcernTaxonomy(models.Model):
    """One version of the national type-of-concern list. Exactly one is current."""

    version = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=150)
    in_use_from = models.DateField()
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-in_use_from"]
        verbose_name_plural = "concern taxonomies"
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_concern_taxonomy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class ConcernType(models.Model):
    taxonomy = models.ForeignKey(ConcernTaxonomy, on_delete=models.PROTECT, related_name="types")
    code = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["taxonomy", "order"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="concern_type_code_per_taxonomy")
        ]

    def __str__(self) -> str:
        return self.label


class ReferralSector(models.Model):
    """The national referral sector list (kept as data, in the order statistics report it)."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label


class ReferenceCounter(models.Model):
    """The last referral number given in a year. Incremented with a single UPDATE inside the
    submitting transaction, so two submissions can never get the same number."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ReceivedVia(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class Referral(models.Model):
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.DRAFT)
    # Who wrote it, in which role and organisation.
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_by_membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    # Recorded by police Prevent staff for someone who phoned, emailed or called in.
    on_behalf = models.BooleanField(default=False)
    answers = models.JSONField(default=dict, blank=True)
    taxonomy = models.ForeignKey(ConcernTaxonomy, on_delete=models.PROTECT, related_name="referrals")
    # Copied from the answers by the services: what routing, lists and statistics need.
    local_authority = models.ForeignKey(
        "geography.LocalAuthority", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concern_type = models.ForeignKey(
        ConcernType, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    sector = models.ForeignKey(
        ReferralSector, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    # The person index record, made on submission (empty only while a draft). Merging people
    # moves this key, so a person's referrals are always found by ``person``.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    routed_to = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When it reached the screening queue of ``routed_to``.
    arrived_at = models.DateTimeField(null=True, blank=True)
    receipt_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["routed_to", "status", "submitted_at"], name="referral_queue"),
            models.Index(fields=["created_by", "status"], name="referral_by_writer"),
            models.Index(fields=["organisation", "status"], name="referral_by_organisation"),
            models.Index(fields=["status", "updated_at"], name="referral_status_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | models.Q(reference__isnull=False),
                name="referral_reference_once_submitted",
            ),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | models.Q(person__isnull=False),
                name="referral_person_once_submitted",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft referral {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    @property
    def person_ref(self) -> str:
        """The person's index reference, for audit events and the access log ("" if unlinked)."""
        return str(self.person) if self.person_id else ""

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    def step_answers(self, slug: str) -> dict[str, Any] | None:
        value = self.answers.get(slug)
        return value if isinstance(value, dict) else None


def attachment_path(instance: ReferralAttachment, filename: str) -> str:
    # A random name with no extension: nothing of the uploaded name reaches the file system.
    return f"private/referral-attachments/{uuid.uuid4().hex}"


class ReferralAttachment(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    # Stored under MEDIA_ROOT, which no URL serves: files are only given out by the view that
    # checks access and logs the read.
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"Attachment {self.pk} of {self.referral}"


class TimelineEntry(models.Model):
    """One step of a person's journey, written by the service that took it, in its transaction.

    Kept per referral (not per person) so that merging two people in the index brings the whole
    history along with the referrals, and so that each reader sees only the entries of the
    referrals they may see. Entries never hold restricted detail (a deconfliction outcome, the
    answers to an information request): they say what happened, who did it and when.
    """

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="timeline")
    occurred_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    organisation_name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["referral", "occurred_at"], name="timeline_by_referral")]

    def __str__(self) -> str:
        return f"{self.title} ({self.occurred_at:%Y-%m-%d})"


class ImportedRecord(models.Model):
    """A referral brought in from another system by ``manage.py import_referrals``: the source's
    own reference, so that importing the same file again finds it and creates nothing new."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    source_system = models.CharField(max_length=100)
    source_reference = models.CharField(max_length=100)
    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="imported_from")
    # What the source said about the panel, which has no agenda item of its own here (no meeting
    # date was recorded): the national return counts it as discussed.
    discussed_at_panel = models.BooleanField(default=False)
    imported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "source_system", "source_reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_system", "source_reference"],
                name="imported_record_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_system} {self.source_reference}"
