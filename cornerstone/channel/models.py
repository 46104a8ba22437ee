"""Channel cases: what the local authority records once police screening progresses a referral.

The case's state is the referral's (``referrals.workflow``). A case records who coordinates
it, the information gathered from partners, consent, exit and post-closure reviews.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ExitReason(models.TextChoices):
    RISK_REDUCED = "risk_reduced", "Risk removed or significantly reduced"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn or declined"
    TRANSFERRED = "transferred", "Transferred to another area or service"
    OTHER = "other", "Other"


class ChannelCase(models.Model):
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, related_name="channel_case"
    )
    # Copied from the referral when progressed: the local authority whose panel hears the case.
    local_authority = models.ForeignKey(
        "geography.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    progressed_at = models.DateTimeField(default=timezone.now)
    coordinator = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    exit_reason = models.CharField(max_length=30, choices=ExitReason.choices, blank=True)
    exit_note = models.TextField(blank=True)
    exited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-progressed_at", "id"]
        indexes = [models.Index(fields=["local_authority", "progressed_at"], name="channel_case_by_area")]

    def __str__(self) -> str:
        return f"Channel case {self.referral}"


class InformationRequest(models.Model):
    """A question to one partner organisation about one case. The partner sees only its own
    question and the minimum identifying detail, and answers by the due date."""

    case = models.ForeignKey(ChannelCase, on_delete=models.CASCADE, related_name="information_requests")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    due_on = models.DateField()
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["organisation", "answered_at", "due_on"], name="info_request_inbox")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | ~models.Q(answer=""),
                name="answered_request_has_answer",
            )
        ]

    def __str__(self) -> str:
        return f"Information request {self.pk} on {self.case}"


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video call"
    WRITING = "writing", "In writing (letter or email)"
    OTHER = "other", "Another way"


class ConsentRecord(models.Model):
    """Consent to Channel support. For an adult: their decision, with capacity considered. For
    someone under 18: the decision of the person with parental responsibility and the child's
    own view."""

    case = models.ForeignKey(ChannelCase, on_delete=models.CASCADE, related_name="consents")
    decision = models.CharField(max_length=20, choices=ConsentDecision.choices)
    decided_on = models.DateField()
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    method_detail = models.CharField(max_length=300, blank=True)
    is_child = models.BooleanField()
    capacity_considered = models.TextField(blank=True)
    parent_name = models.CharField("Person with parental responsibility", max_length=200, blank=True)
    parent_relationship = models.CharField(max_length=100, blank=True)
    child_view = models.TextField("The child's own view", blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_child=True) | ~models.Q(capacity_considered=""),
                name="adult_consent_considers_capacity",
            ),
            models.CheckConstraint(
                condition=models.Q(is_child=False) | (~models.Q(parent_name="") & ~models.Q(child_view="")),
                name="child_consent_has_parent_and_view",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent {self.get_decision_display().lower()} on {self.case}"


class PostClosureReview(models.Model):
    """A review due 6, 12 (or, if the panel extends, 24) months after exit."""

    case = models.ForeignKey(ChannelCase, on_delete=models.CASCADE, related_name="post_closure_reviews")
    months = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["completed_at", "due_on"], name="post_closure_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "months"],
                condition=models.Q(completed_at__isnull=True),
                name="one_open_review_per_milestone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.months}-month review of {self.case}"
