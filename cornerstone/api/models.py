"""Partner API clients, the idempotency keys of their submissions, and the log of every call.

A client belongs to one organisation and acts through its own service account: a user who can
never sign in, holding the referrer role in that organisation. So a referral sent through the
API is written by the same services, checked by the same permissions and audited the same way
as one typed into the form, and it is plain in the trail which client sent it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from cornerstone.accounts.models import User


class Scope(models.TextChoices):
    SUBMIT_REFERRALS = "referrals:submit", "Submit referrals"
    READ_REFERRAL_STATUS = "referrals:read-status", "Read the status of the organisation's referrals"
    READ_STATISTICS = "statistics:read", "Read national-return statistics"


class ApiClient(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="api_clients"
    )
    name = models.CharField(max_length=100)
    # The public half of the credential, used to find the client; the secret half is kept only
    # as a SHA-256 digest (it is 256 random bits, so a slow password hash would add nothing).
    key_id = models.CharField(max_length=24, unique=True)
    secret_digest = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    membership = models.OneToOneField(
        "accounts.Membership", on_delete=models.PROTECT, related_name="api_client"
    )
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="api_client_name_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def user(self) -> User:
        """The client's service account (the membership's user)."""
        return self.membership.user

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"


class IdempotencyRecord(models.Model):
    """One referral per (client, Idempotency-Key). The fingerprint is a digest of the request
    body, so a key reused for a different referral is refused rather than silently ignored."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="idempotency_records")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    # Empty only inside the transaction that makes the referral.
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_per_client"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"


class ApiCall(models.Model):
    """Every request to the API, answered or refused, with who made it and what came back."""

    occurred_at = models.DateTimeField(default=timezone.now)
    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    # The key id presented, kept even when it matched no client.
    key_id = models.CharField(max_length=24, blank=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField()
    error_code = models.CharField(max_length=40, blank=True)
    referral_reference = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["client", "occurred_at"], name="api_call_client_when")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status_code}"
