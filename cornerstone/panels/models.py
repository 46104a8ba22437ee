"""Channel panels: each local authority's panel, its members, meetings, agendas, attendance,
decisions per case and the actions agreed."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Panel(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="panels")
    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PanelRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=PanelRole.choices, default=PanelRole.MEMBER)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["panel", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "membership"], name="panel_member_once"),
            models.UniqueConstraint(
                fields=["panel"], condition=models.Q(role="chair", is_active=True), name="one_chair_per_panel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} on {self.panel}"


class MeetingState(models.TextChoices):
    PLANNED = "planned", "Agenda being prepared"
    PUBLISHED = "published", "Agenda published"
    CLOSED = "closed", "Minutes finalised"


class Meeting(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["panel", "starts_at"], name="meeting_by_panel")]

    def __str__(self) -> str:
        return f"{self.panel} on {self.starts_at:%d %B %Y}"


class AgendaSection(models.TextChoices):
    NEW = "new", "New cases"
    OPEN_REVIEW = "open_review", "Open-case reviews"
    POST_CLOSURE = "post_closure", "Post-closure reviews"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="agenda_items")
    section = models.CharField(max_length=20, choices=AgendaSection.choices)
    order = models.PositiveSmallIntegerField(default=0)
    post_closure_review = models.ForeignKey(
        "channel.PostClosureReview", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Taken off the agenda by the coordinator: kept, so that rebuilding the agenda does not
    # bring the case back (adding it again by hand clears this).
    removed = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    # The workflow action the panel took (``referrals.workflow``), with its detail and reasons.
    decision = models.CharField(max_length=40, blank=True)
    decision_detail = models.CharField(max_length=200, blank=True)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "section", "order", "id"]
        indexes = [
            models.Index(fields=["referral", "meeting"], name="agenda_item_by_case"),
            # The few items still waiting for a decision, out of years of decided ones: "is this
            # case already on an open agenda?" is asked on every coordinator's and chair's home page.
            models.Index(
                fields=["referral"],
                condition=models.Q(removed=False, decision=""),
                name="agenda_item_undecided",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "referral"], name="case_once_per_agenda"),
            models.CheckConstraint(
                condition=models.Q(decision="") | ~models.Q(reasons=""), name="panel_decision_has_reasons"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral} at {self.meeting}"


class AttendanceRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    POLICE = "police", "Police representative"
    COORDINATOR = "coordinator", "Channel coordinator"
    MEMBER = "member", "Partner member"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=20, choices=AttendanceRole.choices)
    present = models.BooleanField(default=True)

    class Meta:
        ordering = ["meeting", "role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=models.Q(user__isnull=False), name="attends_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation}) at {self.meeting}"


class PanelAction(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "completed_at", "due_on"], name="panel_action_by_owner")]

    def __str__(self) -> str:
        return f"Action {self.pk} on {self.item}"
