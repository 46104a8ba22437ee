"""Contacts and guidance: who to ask for Prevent advice in each area, and a library of guidance
documents kept in versions. No personal data about referred people."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone

from cornerstone.geography.models import PoliceForceArea, PreventRegion


class ContactRole(models.TextChoices):
    FORCE_PREVENT_LEAD = "force_prevent_lead", "Force Prevent Lead"
    REGIONAL_PREVENT_COORDINATOR = "regional_prevent_coordinator", "Regional Prevent Coordinator"


class PreventContact(models.Model):
    """A Force Prevent Lead (for a police force area) or a Regional Prevent Coordinator (for a
    Prevent region) whom partners can ask for advice."""

    role = models.CharField(max_length=40, choices=ContactRole.choices)
    police_force_area = models.ForeignKey(
        PoliceForceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="prevent_contacts"
    )
    prevent_region = models.ForeignKey(
        PreventRegion, on_delete=models.PROTECT, null=True, blank=True, related_name="prevent_contacts"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        role="force_prevent_lead",
                        police_force_area__isnull=False,
                        prevent_region__isnull=True,
                    )
                    | models.Q(
                        role="regional_prevent_coordinator",
                        police_force_area__isnull=True,
                        prevent_region__isnull=False,
                    )
                ),
                name="prevent_contact_area_matches_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.get_role_display()}, {self.area}"

    @property
    def area(self) -> PoliceForceArea | PreventRegion | None:
        return self.police_force_area or self.prevent_region


class GuidanceDocument(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


def guidance_path(instance: GuidanceVersion, filename: str) -> str:
    # A random name: the uploaded name is kept only for display and the download.
    return f"guidance/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class GuidanceVersion(models.Model):
    """One version of a document. Older versions are kept; the newest upload is the current one."""

    document = models.ForeignKey(GuidanceDocument, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=40)
    published_on = models.DateField()
    # Stored under MEDIA_ROOT, which no URL serves: only the download view gives files out.
    file = models.FileField(upload_to=guidance_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["document", "-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "version"], name="guidance_version_unique_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.title}, version {self.version}"
