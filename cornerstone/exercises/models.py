"""Tabletop exercises: a library of scenarios kept in versions, and sessions run from a published
version, which members of the public join anonymously from their own phones.

Nothing here reads or writes case records: no participant is ever a Person, and nothing that
identifies a participant is stored (no name, IP address or user agent; only a hash of a random
token held in their browser's cookie).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from cornerstone.accounts.models import Organisation
from cornerstone.exercises.workflow import SessionState
from cornerstone.geography.models import LocalAuthority

# A join code is usable from the start of the session until it closes, and never for longer.
JOIN_CODE_LIFETIME = dt.timedelta(hours=6)


class Scenario(models.Model):
    """A scenario in the library. Its content lives in versions; sessions use a published one."""

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        latest = self.versions.order_by("-number").first()
        return latest.title if latest else f"Scenario {self.pk}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    REPLACED = "replaced", "Replaced by a newer version"


class ScenarioVersion(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    # The author's confirmation, at review, that the scenario singles out no faith, ethnicity
    # or ideology (the original Operation Nicole was criticised for targeting one faith).
    ideology_neutral_confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["scenario", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "number"], name="exercise_version_number_unique"),
            models.UniqueConstraint(
                fields=["scenario"],
                condition=models.Q(status="draft"),
                name="exercise_one_draft_per_scenario",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(ideology_neutral_confirmed=True, published_at__isnull=False),
                name="exercise_published_version_confirmed_neutral",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Stage(models.Model):
    """One stage of a scenario: what happens, the decision asked, the options, and the
    facilitator's notes on what the law and actual practice are."""

    version = models.ForeignKey(ScenarioVersion, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    narrative = models.TextField()
    question = models.CharField(max_length=300)
    facilitator_notes = models.TextField()

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="exercise_stage_number_unique")
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}: {self.title}"


class StageOption(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="options")
    number = models.PositiveIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["stage", "number"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "number"], name="exercise_option_number_unique")
        ]

    def __str__(self) -> str:
        return self.text


class ExerciseSession(models.Model):
    """One run of a published scenario version with a room of participants."""

    version = models.ForeignKey(ScenarioVersion, on_delete=models.PROTECT, related_name="sessions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    venue = models.CharField(max_length=200)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=SessionState.choices, default=SessionState.NOT_STARTED)
    # The stage being voted on or revealed (1-based); 0 before the first stage.
    stage_number = models.PositiveIntegerField(default=0)
    code = models.CharField(max_length=8)
    code_expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(closed_at__isnull=True), name="exercise_open_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(state="closed", closed_at__isnull=False)
                | (~models.Q(state="closed") & models.Q(closed_at__isnull=True)),
                name="exercise_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version.title}, {self.venue}, {self.created_at:%d %B %Y}"

    @property
    def is_closed(self) -> bool:
        return self.state == SessionState.CLOSED

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]} {self.code[4:]}"


class SessionStageNotes(models.Model):
    """The facilitator's notes of the room's debate on one stage."""

    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="stage_notes")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "stage"], name="exercise_one_notes_per_stage")
        ]

    def __str__(self) -> str:
        return f"Notes on stage {self.stage_id} of session {self.session_id}"


class Participant(models.Model):
    """Someone in the room, known only by a random token in their browser's signed cookie; we
    keep a hash of the token, never the token, and nothing else about them."""

    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="participants")
    token_hash = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(default=timezone.now)
    # Feedback is stored apart (see Feedback); this only stops one person sending it many times.
    gave_feedback = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Participant {self.pk} in session {self.session_id}"


class Phase(models.TextChoices):
    BEFORE = "before", "Before the exercise"
    AFTER = "after", "After the exercise"


class QuestionnaireAnswer(models.Model):
    """The before or after questions: trust and understanding, each on a scale of 1 to 5."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="answers")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    trust = models.PositiveSmallIntegerField()
    understanding = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "phase"], name="exercise_one_answer_per_phase"),
            models.CheckConstraint(
                condition=models.Q(trust__gte=1, trust__lte=5, understanding__gte=1, understanding__lte=5),
                name="exercise_answer_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} answers of participant {self.participant_id}"


class Vote(models.Model):
    """A participant's choice at one stage. One per participant and stage: voting again replaces it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="votes")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(StageOption, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "stage"], name="exercise_one_vote_per_stage")
        ]
        indexes = [models.Index(fields=["session", "stage"], name="exercise_vote_tally")]

    def __str__(self) -> str:
        return f"Vote of participant {self.participant_id} on stage {self.stage_id}"


class Feedback(models.Model):
    """Free-text feedback, kept apart from the participant so it cannot be linked to their votes."""

    session = models.ForeignKey(ExerciseSession, on_delete=models.CASCADE, related_name="feedback")
    text = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Feedback {self.pk} on session {self.session_id}"
