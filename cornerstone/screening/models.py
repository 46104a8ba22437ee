"""Police screening: the unit's approval policy, deconfliction and screening decisions.

The referral's state lives on the referral (``referrals.workflow``); these record what each
step of screening found and decided.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ScreeningPolicy(models.Model):
    """How a policing unit screens: whether a supervisor must approve each decision."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="screening_policy"
    )
    supervisor_approval_required = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name_plural = "screening policies"

    def __str__(self) -> str:
        return f"Screening policy of {self.organisation}"


class DeconflictionOutcome(models.TextChoices):
    NO_INTEREST = "no_interest", "No current counter-terrorism interest"
    KNOWN = "known", "Known to counter-terrorism policing: managed with the investigating team"
    NOT_CONCLUSIVE = "not_conclusive", "Not conclusive: follow up before deciding"


class Deconfliction(models.Model):
    """That deconfliction was done (the check itself happens in police systems). The outcome is
    visible only to counter-terrorism policing roles; everyone else sees only that it was done."""

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, related_name="deconfliction"
    )
    outcome = models.CharField(max_length=20, choices=DeconflictionOutcome.choices)
    outcome_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Deconfliction of {self.referral}"


class ScreeningOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOSTED = "signposted", "Signposted to another service"
    POLICE_MANAGED = "police_managed", "Managed by police outside Channel"
    PROGRESSED = "progressed", "Progressed to Channel"


class DecisionState(models.TextChoices):
    PROPOSED = "proposed", "Waiting for a supervisor's approval"
    RETURNED = "returned", "Returned by a supervisor"
    MADE = "made", "Decision made"


class ScreeningDecision(models.Model):
    """A screening decision with its rationale. Proposals returned by a supervisor are kept."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="screening_decisions"
    )
    outcome = models.CharField(max_length=20, choices=ScreeningOutcome.choices)
    state = models.CharField(max_length=20, choices=DecisionState.choices)
    rationale = models.TextField()
    # Signposting: the service (from the directory where it is there) and what was passed on.
    signposted_service = models.ForeignKey(
        "partners.PartnerService", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signposted_to = models.CharField(max_length=200, blank=True)
    passed_on = models.TextField(blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="signposted") | ~models.Q(signposted_to=""),
                name="screening_signpost_names_service",
            ),
            models.UniqueConstraint(
                fields=["referral"],
                condition=models.Q(state__in=["proposed", "made"]),
                name="one_live_screening_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.referral})"
