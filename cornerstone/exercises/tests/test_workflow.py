"""The session's workflow, as data and against the database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from cornerstone.accounts.actor import Actor
from cornerstone.exercises import services, workflow
from cornerstone.exercises.models import Phase, QuestionnaireAnswer, Vote
from cornerstone.exercises.tests.conftest import make_published, start
from cornerstone.exercises.workflow import Position, SessionState


@pytest.mark.parametrize("stages", [1, 2, 5])
def test_advancing_from_the_start_visits_every_stage_once_then_closes(stages: int) -> None:
    here = Position(SessionState.NOT_STARTED)
    path = [here]
    while here.state != SessionState.CLOSED:
        here = workflow.advance(here, stages)
        path.append(here)
    voting = [p.stage_number for p in path if p.state == SessionState.VOTING]
    reveals = [p.stage_number for p in path if p.state == SessionState.REVEAL]
    assert voting == reveals == list(range(1, stages + 1))
    assert len(path) == 2 * stages + 4
    with pytest.raises(workflow.NotAllowed):
        workflow.advance(here, stages)
    with pytest.raises(workflow.NotAllowed):
        workflow.close(here)


def test_every_transition_names_its_action() -> None:
    assert all(t.action for t in workflow.TRANSITIONS)
    reachable = {t.target for t in workflow.TRANSITIONS} | {SessionState.NOT_STARTED}
    assert reachable == set(SessionState)


class SessionMachine(RuleBasedStateMachine):
    """A facilitator and a few participants doing anything, in any order. A model of where the
    session is predicts what each service must accept or refuse."""

    actor: Actor
    stage_count = 3

    def __init__(self) -> None:
        super().__init__()
        self.version = make_published(self.actor, stages=self.stage_count, options=2)
        self.session = start(self.actor, self.version)
        self.here = Position(SessionState.NOT_STARTED)
        self.participants = [services.participant_join(code=self.session.code).participant for _ in range(3)]
        self.options = {
            stage.number: [o.pk for o in stage.options.all()]
            for stage in self.version.stages.prefetch_related("options")
        }
        self.votes: dict[tuple[int, int], int] = {}

    @rule()
    def advance(self) -> None:
        if self.here.state == SessionState.CLOSED:
            with pytest.raises(ValidationError):
                services.session_advance(actor=self.actor, session=self.session)
            return
        self.session = services.session_advance(actor=self.actor, session=self.session, expected=self.here)
        self.here = workflow.advance(self.here, self.stage_count)
        assert (self.session.state, self.session.stage_number) == (self.here.state, self.here.stage_number)

    @rule()
    def close(self) -> None:
        if self.here.state == SessionState.CLOSED:
            with pytest.raises(ValidationError):
                services.session_close(actor=self.actor, session=self.session)
            return
        self.session = services.session_close(actor=self.actor, session=self.session)
        self.here = workflow.close(self.here)

    @rule(who=st.integers(0, 2), stage=st.integers(1, stage_count), choice=st.integers(0, 1))
    def vote(self, who: int, stage: int, choice: int) -> None:
        participant = self.participants[who]
        option = self.options[stage][choice]
        if workflow.accepts_vote(self.here, stage):
            services.vote_cast(participant=participant, stage_number=stage, option_id=option)
            self.votes[(participant.pk, stage)] = option
        else:
            with pytest.raises(services.NotOpen):
                services.vote_cast(participant=participant, stage_number=stage, option_id=option)

    @rule(who=st.integers(0, 2), phase=st.sampled_from(Phase.values), trust=st.integers(1, 5))
    def answer(self, who: int, phase: str, trust: int) -> None:
        participant = self.participants[who]
        if workflow.accepts_answers(self.here.state, phase):
            services.questionnaire_answer(participant=participant, phase=phase, trust=trust, understanding=3)
        else:
            with pytest.raises(services.NotOpen):
                services.questionnaire_answer(
                    participant=participant, phase=phase, trust=trust, understanding=3
                )

    @rule()
    def join(self) -> None:
        if workflow.accepts_joins(self.here.state):
            services.participant_join(code=self.session.code)
        else:
            with pytest.raises(ValidationError):
                services.participant_join(code=self.session.code)

    @invariant()
    def votes_are_exactly_the_last_accepted_ones(self) -> None:
        stored = {
            (pid, number): option
            for pid, number, option in Vote.objects.filter(session=self.session).values_list(
                "participant", "stage__number", "option"
            )
        }
        assert stored == self.votes

    @invariant()
    def at_most_one_answer_per_phase(self) -> None:
        rows = QuestionnaireAnswer.objects.filter(session=self.session).values_list("participant", "phase")
        assert len(rows) == len(set(rows))


@pytest.mark.django_db
def test_the_session_machine(author: Actor) -> None:
    SessionMachine.actor = author
    run_state_machine_as_test(
        SessionMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
