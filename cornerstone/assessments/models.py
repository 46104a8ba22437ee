"""Assessment frameworks as versioned configuration, and the assessments made with them.

A framework version holds dimensions, their factors and a rating scale. An assessment records
the version it used, a rating and a narrative per factor, a summary, a management plan and what
changed since the last assessment. Ratings are a practitioner's judgement: nothing here or
anywhere adds them up into a score or a decision.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Framework(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "In use"
    RETIRED = "retired", "Replaced"


class FrameworkVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    # The labels a practitioner chooses from for each factor, in order (for example "Not
    # present", "Some concern", "Significant concern", "Not known"). Words, not numbers.
    rating_scale = models.JSONField(default=list)
    change_note = models.TextField(blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_number"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(status="published"),
                name="one_published_version_per_framework",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}, version {self.number}"


class Dimension(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="dimensions")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name


class Factor(models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="factors")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)

    class Meta:
        ordering = ["dimension", "order"]

    def __str__(self) -> str:
        return self.name


class AssessmentKind(models.TextChoices):
    GATEWAY = "gateway", "Gateway assessment"
    PRELIMINARY = "preliminary", "Channel preliminary assessment"
    REVIEW = "review", "Review assessment"


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "In progress"
    COMPLETED = "completed", "Completed"


class Assessment(models.Model):
    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=20, choices=AssessmentKind.choices)
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    state = models.CharField(max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    summary = models.TextField(blank=True)
    management_plan = models.TextField(blank=True)
    what_changed = models.TextField("What changed since the last assessment", blank=True)
    started_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            # One assessment in progress of each kind per referral.
            models.UniqueConstraint(
                fields=["referral", "kind"],
                condition=models.Q(state="draft"),
                name="one_draft_assessment_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(completed_at__isnull=False),
                name="completed_assessment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.referral}"


class FactorRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    factor = models.ForeignKey(Factor, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=100, blank=True)
    narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["factor__dimension__order", "factor__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "factor"], name="one_rating_per_factor")]

    def __str__(self) -> str:
        return f"{self.factor} in {self.assessment}"
