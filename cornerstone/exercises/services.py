"""Every write to scenarios and sessions.

Staff writes (writing and publishing scenarios, running sessions) are done in one transaction
with exactly one audit event, like every other service.

Participants' writes (``participant_join``, ``questionnaire_answer``, ``vote_cast``) are
deliberately *not* audit events. They are anonymous (no user, no membership, nothing that
identifies the person), hold no personal data, and come in bursts of hundreds a minute; an
audit event each would swamp the trail that data protection officers read, and sealing each
into the hash chain would make a room's votes queue behind one another. Their record is the
rows themselves (each with its time), and the staff transitions around them (opening voting,
closing it, closing the session with its totals) are audited. These services take the
participant, not an ``Actor``: there is nobody to name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.audit.services import audit_event_record
from cornerstone.exercises import permissions, workflow
from cornerstone.exercises.codes import CODE_LENGTH, new_code, new_token, normalise_code, token_hash
from cornerstone.exercises.models import (
    JOIN_CODE_LIFETIME,
    ExerciseSession,
    Feedback,
    Participant,
    Phase,
    QuestionnaireAnswer,
    Scenario,
    ScenarioVersion,
    SessionStageNotes,
    Stage,
    StageOption,
    VersionStatus,
    Vote,
)
from cornerstone.exercises.workflow import Position, SessionState
from cornerstone.geography.models import LocalAuthority

MAX_OPTIONS = 6


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Scenarios -----------------------------------------------------------------------------------


def _checked_title(title: str) -> str:
    if not title.strip():
        raise ValidationError({"title": "Enter the scenario's title"})
    return title.strip()


def scenario_create(*, actor: Actor, title: str, summary: str = "") -> ScenarioVersion:
    """A new scenario, as a first draft version with no stages yet."""
    _require(permissions.can_author_scenarios(actor), "You cannot write scenarios.")
    title = _checked_title(title)
    with transaction.atomic():
        scenario = Scenario.objects.create(created_by=actor.user)
        version = ScenarioVersion.objects.create(
            scenario=scenario, number=1, title=title, summary=summary.strip()
        )
        audit_event_record(
            actor=actor, action="exercise_scenario.create", target=version, changes={"title": title}
        )
    return version


def _locked_draft(actor: Actor, version: ScenarioVersion) -> ScenarioVersion:
    version = ScenarioVersion.objects.select_for_update().get(pk=version.pk)
    _require(
        permissions.can_edit_version(actor, version),
        "Only a draft can be changed: start a new version to change a published scenario.",
    )
    return version


def scenario_version_update(
    *, actor: Actor, version: ScenarioVersion, title: str, summary: str
) -> ScenarioVersion:
    _require(permissions.can_author_scenarios(actor), "You cannot write scenarios.")
    title = _checked_title(title)
    with transaction.atomic():
        version = _locked_draft(actor, version)
        changes = {
            name: {"from": getattr(version, name), "to": value}
            for name, value in (("title", title), ("summary", summary.strip()))
            if getattr(version, name) != value
        }
        version.title, version.summary = title, summary.strip()
        # Any change needs the neutrality confirmation again at review.
        version.ideology_neutral_confirmed = False
        version.save()
        audit_event_record(actor=actor, action="exercise_scenario.update", target=version, changes=changes)
    return version


@dataclass(frozen=True)
class StageDetails:
    title: str
    narrative: str
    question: str
    options: tuple[str, ...]
    facilitator_notes: str


def _checked_stage(details: StageDetails) -> StageDetails:
    errors: dict[str, str] = {}
    if not details.title.strip():
        errors["title"] = "Enter a short title for the stage"
    if not details.narrative.strip():
        errors["narrative"] = "Enter what happens at this stage"
    if not details.question.strip():
        errors["question"] = "Enter the decision the room is asked to make"
    options = tuple(text.strip() for text in details.options if text.strip())
    if len(options) < 2:
        errors["options"] = "Enter at least 2 options, one on each line"
    elif len(options) > MAX_OPTIONS:
        errors["options"] = f"Enter no more than {MAX_OPTIONS} options"
    elif len({o.lower() for o in options}) != len(options):
        errors["options"] = "Each option must be different"
    elif any(len(o) > 300 for o in options):
        errors["options"] = "Each option must be 300 characters or fewer"
    if not details.facilitator_notes.strip():
        errors["facilitator_notes"] = "Enter what the law and actual practice are"
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    return StageDetails(
        title=details.title.strip(),
        narrative=details.narrative.strip(),
        question=details.question.strip(),
        options=options,
        facilitator_notes=details.facilitator_notes.strip(),
    )


def _write_stage(stage: Stage, details: StageDetails) -> None:
    stage.title = details.title
    stage.narrative = details.narrative
    stage.question = details.question
    stage.facilitator_notes = details.facilitator_notes
    stage.save()
    stage.options.all().delete()
    StageOption.objects.bulk_create(
        StageOption(stage=stage, number=number, text=text)
        for number, text in enumerate(details.options, start=1)
    )


def stage_save(
    *, actor: Actor, version: ScenarioVersion, details: StageDetails, stage: Stage | None = None
) -> Stage:
    """Add a stage at the end of a draft, or change one of its stages."""
    _require(permissions.can_author_scenarios(actor), "You cannot write scenarios.")
    details = _checked_stage(details)
    with transaction.atomic():
        version = _locked_draft(actor, version)
        if stage is None:
            number = (version.stages.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            stage = Stage(version=version, number=number)
            action = "exercise_stage.add"
        else:
            stage = version.stages.get(pk=stage.pk)
            action = "exercise_stage.update"
        _write_stage(stage, details)
        version.ideology_neutral_confirmed = False
        version.save(update_fields=["ideology_neutral_confirmed"])
        audit_event_record(
            actor=actor,
            action=action,
            target=version,
            changes={"stage": stage.number, "title": stage.title, "options": list(details.options)},
        )
    return stage


def stage_remove(*, actor: Actor, stage: Stage) -> ScenarioVersion:
    _require(permissions.can_author_scenarios(actor), "You cannot write scenarios.")
    with transaction.atomic():
        version = _locked_draft(actor, stage.version)
        stage = version.stages.get(pk=stage.pk)
        number, title = stage.number, stage.title
        stage.delete()
        for later in version.stages.filter(number__gt=number).order_by("number"):
            later.number -= 1
            later.save(update_fields=["number"])
        audit_event_record(
            actor=actor,
            action="exercise_stage.remove",
            target=version,
            changes={"stage": number, "title": title},
        )
    return version


def scenario_version_publish(
    *, actor: Actor, version: ScenarioVersion, ideology_neutral_confirmed: bool
) -> ScenarioVersion:
    """Publish a reviewed draft; the version it replaces stays for the sessions that used it."""
    _require(permissions.can_author_scenarios(actor), "You cannot write scenarios.")
    if not ideology_neutral_confirmed:
        raise ValidationError(
            {"ideology_neutral": "Confirm the scenario does not single out any faith, ethnicity or ideology"}
        )
    with transaction.atomic():
        version = _locked_draft(actor, version)
        if not version.stages.exists():
            raise ValidationError("Add at least one stage before publishing the scenario")
        replaced = ScenarioVersion.objects.filter(
            scenario=version.scenario_id, status=VersionStatus.PUBLISHED
        ).update(status=VersionStatus.REPLACED)
        version.status = VersionStatus.PUBLISHED
        version.ideology_neutral_confirmed = True
        version.published_at = timezone.now()
        version.published_by = actor.user
        version.save()
        audit_event_record(
            actor=actor,
            action="exercise_scenario.publish",
            target=version,
            changes={"version": version.number, "ideology_neutral_confirmed": True, "replaced": replaced},
        )
    return version


def scenario_version_new(*, actor: Actor, scenario: Scenario) -> ScenarioVersion:
    """A new draft, copied from the latest version, to change a published scenario."""
    _require(permissions.can_author_scenarios(actor), "You cannot write scenarios.")
    with transaction.atomic():
        scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
        if scenario.versions.filter(status=VersionStatus.DRAFT).exists():
            raise ValidationError("This scenario already has a draft: change that one")
        latest = scenario.versions.order_by("-number").first()
        assert latest is not None  # noqa: S101 - every scenario is created with a version
        draft = ScenarioVersion.objects.create(
            scenario=scenario, number=latest.number + 1, title=latest.title, summary=latest.summary
        )
        for stage in latest.stages.prefetch_related("options"):
            copy = Stage(version=draft, number=stage.number)
            _write_stage(
                copy,
                StageDetails(
                    title=stage.title,
                    narrative=stage.narrative,
                    question=stage.question,
                    options=tuple(option.text for option in stage.options.all()),
                    facilitator_notes=stage.facilitator_notes,
                ),
            )
        audit_event_record(
            actor=actor,
            action="exercise_scenario.new_version",
            target=draft,
            changes={"version": draft.number, "copied_from": latest.number},
        )
    return draft


# Running a session ---------------------------------------------------------------------------


def session_start(
    *, actor: Actor, version: ScenarioVersion, local_authority: LocalAuthority | None, venue: str
) -> ExerciseSession:
    """Set up a session with a fresh join code; the room can join at once."""
    from cornerstone.exercises.selectors import local_authorities_of

    _require(permissions.can_facilitate(actor), "You cannot run tabletop exercises.")
    errors: dict[str, str] = {}
    if version.status != VersionStatus.PUBLISHED:
        errors["version"] = "Select a published scenario"
    if local_authority is None or not local_authorities_of(actor).filter(pk=local_authority.pk).exists():
        errors["local_authority"] = "Select the area the session is held in"
    if not venue.strip():
        errors["venue"] = "Enter where the session is held"
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    assert actor.organisation is not None  # noqa: S101 - can_facilitate needs a membership
    assert local_authority is not None  # noqa: S101 - checked above
    now = timezone.now()
    for _attempt in range(20):
        try:
            with transaction.atomic():
                session = ExerciseSession.objects.create(
                    version=version,
                    organisation=actor.organisation,
                    local_authority=local_authority,
                    venue=venue.strip(),
                    facilitator=actor.user,
                    code=new_code(),
                    code_expires_at=now + JOIN_CODE_LIFETIME,
                    created_at=now,
                )
                audit_event_record(
                    actor=actor,
                    action="exercise_session.start",
                    target=session,
                    changes={"scenario": str(version), "area": str(local_authority), "venue": session.venue},
                )
            return session
        except IntegrityError:
            continue  # the code is in use by another open session: draw again
    raise RuntimeError("Could not find a free join code")  # pragma: no cover - 31**8 codes


def _locked_session(actor: Actor, session: ExerciseSession) -> ExerciseSession:
    _require(permissions.can_run_session(actor, session), "You cannot run this session.")
    return ExerciseSession.objects.select_for_update().get(pk=session.pk)


def session_advance(
    *, actor: Actor, session: ExerciseSession, expected: Position | None = None
) -> ExerciseSession:
    """The facilitator's one step forward. ``expected`` is where their screen showed the session,
    so a double press, or two screens, cannot skip a stage."""
    with transaction.atomic():
        session = _locked_session(actor, session)
        here = Position(SessionState(session.state), session.stage_number)
        if expected is not None and expected != here:
            raise ValidationError("The session has already moved on: this page now shows where it is")
        stage_count = session.version.stages.count()
        try:
            there = workflow.advance(here, stage_count)
        except workflow.NotAllowed as error:
            raise ValidationError(str(error)) from error
        changes: dict[str, Any] = {
            "from": {"state": here.state.value, "stage": here.stage_number},
            "to": {"state": there.state.value, "stage": there.stage_number},
        }
        if here.state == SessionState.VOTING:
            changes["votes"] = session.votes.filter(stage__number=here.stage_number).count()
        session.state, session.stage_number = there.state, there.stage_number
        if there.state == SessionState.CLOSED:
            session.closed_at = timezone.now()
            changes["participants"] = session.participants.count()
        session.save(update_fields=["state", "stage_number", "closed_at"])
        audit_event_record(actor=actor, action="exercise_session.advance", target=session, changes=changes)
    return session


def session_close(*, actor: Actor, session: ExerciseSession) -> ExerciseSession:
    """End the session now, wherever it is: nobody can join or answer any more."""
    with transaction.atomic():
        session = _locked_session(actor, session)
        here = Position(SessionState(session.state), session.stage_number)
        try:
            there = workflow.close(here)
        except workflow.NotAllowed as error:
            raise ValidationError(str(error)) from error
        session.state = there.state
        session.closed_at = timezone.now()
        session.save(update_fields=["state", "closed_at"])
        audit_event_record(
            actor=actor,
            action="exercise_session.close",
            target=session,
            changes={
                "from": here.state.value,
                "stage": here.stage_number,
                "participants": session.participants.count(),
            },
        )
    return session


def session_notes_save(
    *, actor: Actor, session: ExerciseSession, stage: Stage, notes: str
) -> SessionStageNotes:
    """The facilitator's notes of the room's debate on a stage."""
    with transaction.atomic():
        session = _locked_session(actor, session)
        if stage.version_id != session.version_id:
            raise ValidationError("That stage is not part of this session's scenario")
        row, created = SessionStageNotes.objects.update_or_create(
            session=session, stage=stage, defaults={"notes": notes.strip(), "updated_at": timezone.now()}
        )
        audit_event_record(
            actor=actor,
            action="exercise_session.notes",
            target=session,
            changes={"stage": stage.number, "added": created},
        )
    return row


# Participants (anonymous, not audit events: see the module's docstring) ---------------------------


@dataclass(frozen=True)
class Joined:
    participant: Participant
    # The random token for the participant's cookie: shown here once, kept only as a hash.
    token: str


def participant_join(*, code: str) -> Joined:
    code = normalise_code(code)
    if not code:
        raise ValidationError({"code": "Enter the code shown on the facilitator's screen"})
    # An open session first: a closed session's code may since have been drawn again.
    session = (
        ExerciseSession.objects.filter(code=code)
        .order_by(F("closed_at").asc(nulls_first=True), "-created_at")
        .first()
    )
    wrong = "There is no session with that code. Check the code on the screen and try again"
    if session is None or len(code) != CODE_LENGTH:
        raise ValidationError({"code": wrong})
    if not workflow.accepts_joins(session.state):
        raise ValidationError({"code": "This session has ended, so you cannot join it"})
    if session.code_expires_at <= timezone.now():
        raise ValidationError({"code": "This code has expired. Ask the facilitator for help"})
    token = new_token()
    participant = Participant.objects.create(session=session, token_hash=token_hash(token))
    return Joined(participant=participant, token=token)


def _current_position(session_id: int) -> Position:
    """The session's state, read so that a facilitator's move and a participant's answer never
    cross: on PostgreSQL a shared lock waits for a move in progress (and a move waits for answers
    in progress); SQLite runs one writing transaction at a time anyway."""
    table = ExerciseSession._meta.db_table
    lock = " FOR SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT state, stage_number FROM {table} WHERE id = %s{lock}", [session_id])  # noqa: S608
        row = cursor.fetchone()
    return Position(SessionState(row[0]), row[1])


class NotOpen(ValidationError):
    """The session is not asking for this now."""


def questionnaire_answer(
    *, participant: Participant, phase: str, trust: int, understanding: int, feedback: str = ""
) -> QuestionnaireAnswer:
    """Answer (or change) the before or after questions; with the after ones, optional feedback."""
    if phase not in Phase.values:
        raise ValueError(phase)
    errors: dict[str, str] = {}
    if trust not in range(1, 6):
        errors["trust"] = "Select how much you trust the police"
    if understanding not in range(1, 6):
        errors["understanding"] = "Select how well you understand how the decisions are made"
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    with transaction.atomic():
        here = _current_position(participant.session_id)
        if not workflow.accepts_answers(here.state, phase):
            raise NotOpen("These questions are closed now")
        answer, _ = QuestionnaireAnswer.objects.update_or_create(
            participant=participant,
            phase=phase,
            defaults={
                "session_id": participant.session_id,
                "trust": trust,
                "understanding": understanding,
                "answered_at": timezone.now(),
            },
        )
        # Once per person, and stored apart from them (see Feedback).
        if (
            feedback.strip()
            and phase == Phase.AFTER
            and Participant.objects.filter(pk=participant.pk, gave_feedback=False).update(gave_feedback=True)
        ):
            Feedback.objects.create(session_id=participant.session_id, text=feedback.strip()[:5000])
    return answer


def vote_cast(*, participant: Participant, stage_number: int, option_id: int, reason: str = "") -> Vote:
    """Vote on the current stage. Voting again replaces the vote: one row per participant and
    stage, written with one INSERT ... ON CONFLICT DO UPDATE, so that two presses at once, on
    either database, still leave one vote."""
    with transaction.atomic():
        here = _current_position(participant.session_id)
        if not workflow.accepts_vote(here, stage_number):
            raise NotOpen("Voting on this stage has closed")
        option = (
            StageOption.objects.select_related("stage")
            .filter(
                pk=option_id,
                stage__number=stage_number,
                stage__version__sessions=participant.session_id,
            )
            .first()
        )
        if option is None:
            raise ValidationError({"option": "Select one of the options"})
        Vote.objects.bulk_create(
            [
                Vote(
                    participant=participant,
                    session_id=participant.session_id,
                    stage=option.stage,
                    option=option,
                    reason=reason.strip()[:2000],
                    voted_at=timezone.now(),
                )
            ],
            update_conflicts=True,
            unique_fields=["participant", "stage"],
            update_fields=["option", "reason", "voted_at"],
        )
    return Vote.objects.get(participant=participant, stage=option.stage)
