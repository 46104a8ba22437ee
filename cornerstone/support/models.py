"""Support plans: the interventions of an adopted Channel case and the sessions delivered.

An intervention with no delivered session for longer than its planned frequency allows is
overdue (``selectors.drifting_interventions``): support that quietly peters out must be seen.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class InterventionType(models.TextChoices):
    MENTORING = "mentoring", "Ideological or theological mentoring"
    EDUCATION = "education", "Education"
    CAREERS = "careers", "Careers"
    EMPLOYMENT = "employment", "Employment"
    HOUSING = "housing", "Housing"
    MENTAL_HEALTH = "mental_health", "Mental health"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse"
    FAMILY_SUPPORT = "family_support", "Family support"
    DIVERSIONARY = "diversionary", "Diversionary activity"
    OTHER = "other", "Other"


class Intervention(models.Model):
    case = models.ForeignKey("channel.ChannelCase", on_delete=models.CASCADE, related_name="interventions")
    type = models.CharField(max_length=30, choices=InterventionType.choices)
    description = models.TextField(blank=True)
    provider = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    # The directory entry it came from, where there is one.
    provider_service = models.ForeignKey(
        "partners.PartnerService", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    frequency_days = models.PositiveSmallIntegerField("Planned frequency, in days")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The date of the latest delivered session, kept by ``services.session_log`` so that drift is
    # worked out from the intervention's own row, without reading every session.
    last_delivered_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(fields=["provider", "ended_at"], name="intervention_by_provider"),
            models.Index(fields=["owner", "ended_at"], name="intervention_by_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency_days__gte=1), name="intervention_frequency_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="intervention_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} for {self.case}"


class SessionStatus(models.TextChoices):
    DELIVERED = "delivered", "Delivered"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"


class InterventionSession(models.Model):
    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    status = models.CharField(max_length=20, choices=SessionStatus.choices)
    note = models.TextField(blank=True)
    logged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["intervention", "status", "held_on"], name="session_by_intervention")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} session of {self.intervention}"
