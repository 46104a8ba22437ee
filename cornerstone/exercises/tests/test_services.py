"""Writing scenarios and running sessions, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.exercises import services
from cornerstone.exercises.codes import CODE_ALPHABET, CODE_LENGTH, normalise_code
from cornerstone.exercises.demo import DEMO_SCENARIOS, seed_demo_exercises
from cornerstone.exercises.models import (
    ExerciseSession,
    Feedback,
    Participant,
    Phase,
    QuestionnaireAnswer,
    ScenarioVersion,
    VersionStatus,
    Vote,
)
from cornerstone.exercises.tests.conftest import make_published, start
from cornerstone.exercises.workflow import Position, SessionState

pytestmark = pytest.mark.django_db


def _walk_to(actor: Actor, session: ExerciseSession, state: str, stage: int = 0) -> ExerciseSession:
    while not (session.state == state and (stage == 0 or session.stage_number == stage)):
        session = services.session_advance(actor=actor, session=session)
    return session


def test_a_scenario_is_written_reviewed_and_published(author: Actor) -> None:
    version = services.scenario_create(actor=author, title="  A scenario ", summary="")
    assert version.title == "A scenario" and version.status == VersionStatus.DRAFT
    with pytest.raises(ValidationError):
        services.scenario_version_publish(actor=author, version=version, ideology_neutral_confirmed=True)
    with pytest.raises(ValidationError) as error:
        services.stage_save(
            actor=author,
            version=version,
            details=services.StageDetails("", "", "", ("Only one",), ""),
        )
    assert set(error.value.message_dict) == {"title", "narrative", "question", "options", "facilitator_notes"}
    stage = services.stage_save(
        actor=author,
        version=version,
        details=services.StageDetails("T", "N", "Q?", ("Yes", "", " No "), "Law"),
    )
    assert [o.text for o in stage.options.all()] == ["Yes", "No"]
    with pytest.raises(ValidationError):
        services.scenario_version_publish(actor=author, version=version, ideology_neutral_confirmed=False)
    published = services.scenario_version_publish(
        actor=author, version=version, ideology_neutral_confirmed=True
    )
    assert published.status == VersionStatus.PUBLISHED and published.ideology_neutral_confirmed
    with pytest.raises(PermissionDenied):
        services.stage_save(
            actor=author, version=published, details=services.StageDetails("T", "N", "Q", ("A", "B"), "L")
        )


def test_a_new_version_copies_the_stages_and_replaces_the_old_on_publishing(author: Actor) -> None:
    first = make_published(author, stages=2)
    draft = services.scenario_version_new(actor=author, scenario=first.scenario)
    assert draft.number == 2 and draft.stages.count() == 2
    assert [o.text for o in draft.stages.get(number=1).options.all()] == [
        "Option 1.1",
        "Option 1.2",
        "Option 1.3",
    ]
    with pytest.raises(ValidationError):
        services.scenario_version_new(actor=author, scenario=first.scenario)
    services.stage_remove(actor=author, stage=draft.stages.get(number=1))
    assert list(draft.stages.values_list("number", flat=True)) == [1]
    services.scenario_version_publish(actor=author, version=draft, ideology_neutral_confirmed=True)
    first.refresh_from_db()
    assert first.status == VersionStatus.REPLACED
    assert first.stages.count() == 2  # kept for the sessions that used it


def test_a_change_to_a_draft_needs_the_neutrality_confirmation_again(author: Actor) -> None:
    first = make_published(author)
    draft = services.scenario_version_new(actor=author, scenario=first.scenario)
    assert not draft.ideology_neutral_confirmed


def test_only_authors_write_scenarios(world: DemoWorld) -> None:
    referrer = Actor.for_membership(world.memberships_by_role[Role.REFERRER])
    with pytest.raises(PermissionDenied):
        services.scenario_create(actor=referrer, title="No")


def test_a_session_gets_a_short_unguessable_code(author: Actor, published: ScenarioVersion) -> None:
    sessions = [start(author, published, venue=f"Room {n}") for n in range(20)]
    codes = {s.code for s in sessions}
    assert len(codes) == 20
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert all(s.code_expires_at <= timezone.now() + dt.timedelta(hours=6, seconds=5) for s in sessions)
    assert normalise_code(" abcd-efgh ") == "ABCDEFGH"


def test_a_session_starts_only_from_a_published_version_in_the_facilitators_area(author: Actor) -> None:
    draft = services.scenario_create(actor=author, title="Draft")
    from cornerstone.geography.models import LocalAuthority

    with pytest.raises(ValidationError) as error:
        services.session_start(
            actor=author, version=draft, local_authority=LocalAuthority.objects.get(code="BIR"), venue=""
        )
    assert set(error.value.message_dict) == {"version", "local_authority", "venue"}


def test_the_facilitator_walks_the_session_and_each_step_is_audited(
    author: Actor, session: ExerciseSession
) -> None:
    seen = []
    while session.state != SessionState.CLOSED:
        seen.append((session.state, session.stage_number))
        session = services.session_advance(actor=author, session=session)
    assert seen == [
        ("not_started", 0),
        ("before", 0),
        ("voting", 1),
        ("reveal", 1),
        ("voting", 2),
        ("reveal", 2),
        ("after", 2),
    ]
    assert session.closed_at is not None
    assert (
        AuditEvent.objects.filter(action="exercise_session.advance", object_id=str(session.pk)).count() == 7
    )
    with pytest.raises(ValidationError):
        services.session_advance(actor=author, session=session)


def test_a_stale_screen_cannot_skip_a_stage(author: Actor, session: ExerciseSession) -> None:
    services.session_advance(actor=author, session=session, expected=Position(SessionState.NOT_STARTED))
    with pytest.raises(ValidationError):
        services.session_advance(actor=author, session=session, expected=Position(SessionState.NOT_STARTED))
    session.refresh_from_db()
    assert session.state == SessionState.BEFORE


def test_a_facilitator_outside_the_area_cannot_run_the_session(
    world: DemoWorld, session: ExerciseSession
) -> None:
    other = Actor.for_membership(world.memberships_by_role[Role.REFERRER])
    with pytest.raises(PermissionDenied):
        services.session_advance(actor=other, session=session)


def test_joining_and_the_before_questions(session: ExerciseSession) -> None:
    joined = services.participant_join(code=session.code.lower())
    participant = joined.participant
    assert len(joined.token) >= 40 and participant.token_hash != joined.token
    services.questionnaire_answer(participant=participant, phase=Phase.BEFORE, trust=2, understanding=1)
    services.questionnaire_answer(participant=participant, phase=Phase.BEFORE, trust=3, understanding=1)
    answer = QuestionnaireAnswer.objects.get(participant=participant)
    assert (answer.trust, answer.understanding) == (3, 1)
    with pytest.raises(services.NotOpen):
        services.questionnaire_answer(participant=participant, phase=Phase.AFTER, trust=3, understanding=3)
    with pytest.raises(ValidationError):
        services.questionnaire_answer(participant=participant, phase=Phase.BEFORE, trust=6, understanding=0)


def test_a_participant_votes_once_per_stage_and_a_new_vote_replaces_it(
    author: Actor, session: ExerciseSession
) -> None:
    participant = services.participant_join(code=session.code).participant
    session = _walk_to(author, session, SessionState.VOTING, 1)
    first, second = session.version.stages.get(number=1).options.all()[:2]
    services.vote_cast(participant=participant, stage_number=1, option_id=first.pk, reason="At first")
    vote = services.vote_cast(
        participant=participant, stage_number=1, option_id=second.pk, reason="Changed my mind"
    )
    assert Vote.objects.filter(participant=participant).count() == 1
    assert (vote.option_id, vote.reason) == (second.pk, "Changed my mind")
    # Not another stage's option, not a later stage.
    later = session.version.stages.get(number=2).options.first()
    with pytest.raises(ValidationError):
        services.vote_cast(participant=participant, stage_number=1, option_id=later.pk)  # type: ignore[union-attr]
    with pytest.raises(services.NotOpen):
        services.vote_cast(participant=participant, stage_number=2, option_id=later.pk)  # type: ignore[union-attr]
    session = services.session_advance(actor=author, session=session)  # reveal
    with pytest.raises(services.NotOpen):
        services.vote_cast(participant=participant, stage_number=1, option_id=first.pk)
    assert Vote.objects.get(participant=participant).option_id == second.pk


def test_a_closed_session_refuses_joins_votes_and_answers(author: Actor, session: ExerciseSession) -> None:
    participant = services.participant_join(code=session.code).participant
    session = _walk_to(author, session, SessionState.VOTING, 1)
    option = session.version.stages.get(number=1).options.first()
    services.session_close(actor=author, session=session)
    with pytest.raises(ValidationError, match="ended"):
        services.participant_join(code=session.code)
    with pytest.raises(services.NotOpen):
        services.vote_cast(participant=participant, stage_number=1, option_id=option.pk)  # type: ignore[union-attr]
    for phase in Phase.values:
        with pytest.raises(services.NotOpen):
            services.questionnaire_answer(participant=participant, phase=phase, trust=3, understanding=3)
    with pytest.raises(ValidationError):
        services.session_close(actor=author, session=session)


def test_a_wrong_or_expired_code_is_refused_in_plain_english(session: ExerciseSession) -> None:
    with pytest.raises(ValidationError, match="no session with that code"):
        services.participant_join(code="ZZZZZZZZ" if session.code != "ZZZZZZZZ" else "YYYYYYYY")
    with pytest.raises(ValidationError, match="Enter the code"):
        services.participant_join(code=" - ")
    ExerciseSession.objects.filter(pk=session.pk).update(
        code_expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="expired"):
        services.participant_join(code=session.code)
    assert Participant.objects.count() == 0


def test_a_closed_sessions_code_can_be_used_again_by_a_new_session(
    author: Actor, published: ScenarioVersion
) -> None:
    first = start(author, published)
    services.session_close(actor=author, session=first)
    from cornerstone.exercises import codes

    real = codes.new_code
    try:
        services.new_code = lambda: first.code  # type: ignore[attr-defined]
        second = start(author, published)
    finally:
        services.new_code = real  # type: ignore[attr-defined]
    assert second.code == first.code
    assert services.participant_join(code=first.code).participant.session_id == second.pk


def test_after_questions_keep_feedback_apart_and_once(author: Actor, session: ExerciseSession) -> None:
    participant = services.participant_join(code=session.code).participant
    session = _walk_to(author, session, SessionState.AFTER)
    services.questionnaire_answer(
        participant=participant, phase=Phase.AFTER, trust=4, understanding=4, feedback="Good"
    )
    services.questionnaire_answer(
        participant=participant, phase=Phase.AFTER, trust=5, understanding=4, feedback="Again"
    )
    assert list(Feedback.objects.values_list("text", flat=True)) == ["Good"]
    assert [f.name for f in Feedback._meta.get_fields()] == ["id", "session", "text"]


def test_nothing_identifying_is_stored_about_participants() -> None:
    fields = {f.name for f in Participant._meta.get_fields()}
    assert fields == {"id", "session", "token_hash", "joined_at", "gave_feedback", "answers", "votes"}


def test_the_demo_is_deterministic_and_idempotent(world: DemoWorld) -> None:
    seed_demo_exercises(world, seed=DEMO_SEED)
    counts = (ScenarioVersion.objects.count(), ExerciseSession.objects.count(), Vote.objects.count())
    answers = list(QuestionnaireAnswer.objects.order_by("pk").values_list("trust", "understanding"))
    seed_demo_exercises(world, seed=DEMO_SEED)
    assert (ScenarioVersion.objects.count(), ExerciseSession.objects.count(), Vote.objects.count()) == counts
    assert counts[0] == len(DEMO_SCENARIOS)
    assert ExerciseSession.objects.filter(state=SessionState.CLOSED).count() == counts[1] >= 2
    assert answers == list(QuestionnaireAnswer.objects.order_by("pk").values_list("trust", "understanding"))
    assert all(v.ideology_neutral_confirmed for v in ScenarioVersion.objects.all())
