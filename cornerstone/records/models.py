"""Retention: how long records are kept (rules a data protection officer may change), the
reviews of people whose records are due, and the certificates of the deletions carried out.

Nothing here holds personal data: a review names the person by their index reference only, and
a certificate says what kinds of record were removed and how many, never whose or what they said.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutcomeGroup(models.TextChoices):
    """What happened to a referral, as retention groups it (the anchor date differs)."""

    CLOSED_AT_SCREENING = "closed_at_screening", "No further action or signposted at screening"
    POLICE_MANAGED = "police_managed", "Managed by police outside Channel"
    CHANNEL = "channel", "Progressed to Channel"


class AgeGroup(models.TextChoices):
    CHILD = "child", "Under 18 when the decision was made"
    ADULT = "adult", "18 or over (or age not known) when the decision was made"


class RetentionRule(models.Model):
    """Keep a referral for ``years`` after its decision (or, for Channel, after the case exited)."""

    outcome_group = models.CharField(max_length=30, choices=OutcomeGroup.choices)
    age_group = models.CharField(max_length=10, choices=AgeGroup.choices)
    years = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["outcome_group", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_group", "age_group"], name="one_retention_rule_per_group"
            ),
            models.CheckConstraint(
                condition=models.Q(years__gte=1, years__lte=100), name="retention_years_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_group_display()}, {self.get_age_group_display()}: {self.years} years"


class ReviewState(models.TextChoices):
    PENDING = "pending", "To review"
    KEPT = "kept", "Kept longer"
    DELETED = "deleted", "Deleted"


class RetentionReview(models.Model):
    """A person whose every referral is past its retention date, for a reviewer to decide on."""

    # Null once the person is deleted; the reference stays so the review still reads.
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person_reference = models.CharField(max_length=20)
    due_on = models.DateField()
    referral_count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    keep_reason = models.TextField(blank=True)
    review_again_on = models.DateField(null=True, blank=True)
    certificate = models.OneToOneField(
        "records.DeletionCertificate", on_delete=models.PROTECT, null=True, blank=True, related_name="review"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            # At most one open review per person.
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(state="pending"), name="one_pending_review_per_person"
            ),
            models.CheckConstraint(
                condition=~models.Q(state="kept")
                | (~models.Q(keep_reason="") & models.Q(review_again_on__isnull=False)),
                name="kept_needs_reason_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Retention review {self.pk} ({self.person_reference})"


class DeletionCertificate(models.Model):
    """Evidence that a person's records were erased: what kinds, how many, by whom. No personal
    data: the counts are of rows, the categories are the kinds of record."""

    number = models.CharField(max_length=20, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by_label = models.CharField(max_length=300)
    # The index reference the person had; it points at nothing once the index record is gone.
    former_reference = models.CharField(max_length=20)
    # {category label: rows removed or blanked}
    removed = models.JSONField(default=dict)
    stubs_kept = models.PositiveIntegerField(default=0)
    files_removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return self.number


class ErasedReferral(models.Model):
    """Marks a referral kept only as an anonymised statistical stub."""

    referral = models.OneToOneField("referrals.Referral", on_delete=models.CASCADE, related_name="+")
    certificate = models.ForeignKey(DeletionCertificate, on_delete=models.PROTECT, related_name="stubs")

    def __str__(self) -> str:
        return f"Statistical stub {self.pk}"
