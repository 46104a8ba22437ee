"""The directory of partner services for diversion and support, and the intervention providers
approved to deliver Channel mentoring. It holds no personal data about referred people: only
organisations, their services and a named contact at each.

Support plans (a later issue) choose an ``InterventionProvider`` or a ``PartnerService`` from here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType
from cornerstone.geography.models import LocalAuthority

MAX_AGE = 120


class ServiceType(models.Model):
    """A kind of service (education, housing, mentoring...). Data, not code: a partnership that
    uses Cornerstone for other harms can add its own."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Capacity(models.TextChoices):
    OPEN = "open", "Open to referrals"
    WAITING_LIST = "waiting_list", "Waiting list"
    FULL = "full", "Full: not taking referrals"


class PartnerService(models.Model):
    """One service a partner organisation offers, who it is for and how to refer to it."""

    name = models.CharField(max_length=200)
    organisation_name = models.CharField("Organisation", max_length=200)
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="services")
    description = models.TextField()
    eligibility = models.TextField(blank=True)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)])
    max_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_AGE)])
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="partner_services")
    how_to_refer = models.TextField()
    capacity = models.CharField(max_length=20, choices=Capacity.choices, default=Capacity.OPEN)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(max_length=500, blank=True)
    last_confirmed_at = models.DateTimeField(default=timezone.now)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="partner_service_age_range_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__in=Capacity.values), name="partner_service_capacity_known"
            ),
        ]
        indexes = [models.Index(fields=["withdrawn_at", "last_confirmed_at"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_name})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def ages(self) -> str:
        if self.min_age is None and self.max_age is None:
            return "Any age"
        if self.max_age is None:
            return f"{self.min_age} and over"
        if self.min_age is None:
            return f"Up to {self.max_age}"
        return f"{self.min_age} to {self.max_age}"


class ApprovalStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    SUSPENDED = "suspended", "Suspended"
    NOT_APPROVED = "not_approved", "Not approved"


class InterventionProvider(models.Model):
    """An organisation approved (or not) to deliver ideological or theological mentoring."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="intervention_provider",
        limit_choices_to={"type": OrganisationType.INTERVENTION_PROVIDER},
    )
    approval_status = models.CharField(max_length=20, choices=ApprovalStatus.choices)
    approved_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    specialisms = models.TextField(blank=True, help_text="One a line.")
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="intervention_providers")
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approval_status__in=ApprovalStatus.values),
                name="intervention_provider_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(approval_status="approved") | models.Q(approved_on__isnull=False),
                name="intervention_provider_approved_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_on__isnull=True)
                | models.Q(review_due_on__isnull=True)
                | models.Q(review_due_on__gt=models.F("approved_on")),
                name="intervention_provider_review_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def specialism_list(self) -> list[str]:
        return [line.strip() for line in self.specialisms.splitlines() if line.strip()]
