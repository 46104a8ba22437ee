"""Votes under real concurrency: threads racing on separate database connections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.exercises import services
from cornerstone.exercises.models import ExerciseSession, Vote
from cornerstone.exercises.workflow import SessionState
from tests.concurrency import race

pytestmark = [pytest.mark.django_db(transaction=True)]


def _voting(author: Actor, session: ExerciseSession) -> ExerciseSession:
    while session.state != SessionState.VOTING:
        session = services.session_advance(actor=author, session=session)
    return session


def test_the_same_participant_voting_at_once_many_times_leaves_one_vote(
    author: Actor, session: ExerciseSession
) -> None:
    participant = services.participant_join(code=session.code).participant
    session = _voting(author, session)
    options = [o.pk for o in session.version.stages.get(number=1).options.all()]
    results = race(
        [
            lambda option=option: services.vote_cast(
                participant=participant, stage_number=1, option_id=option
            )
            for option in (options * 3)[:8]
        ]
    )
    assert all(isinstance(result, Vote) for result in results), results
    assert Vote.objects.filter(participant=participant).count() == 1


def test_many_participants_voting_at_once_are_each_counted_once(
    author: Actor, session: ExerciseSession
) -> None:
    participants = [services.participant_join(code=session.code).participant for _ in range(12)]
    session = _voting(author, session)
    option = session.version.stages.get(number=1).options.first()
    results = race(
        [
            lambda p=participant: services.vote_cast(participant=p, stage_number=1, option_id=option.pk)  # type: ignore[union-attr]
            for participant in participants
        ]
    )
    assert all(isinstance(result, Vote) for result in results), results
    assert Vote.objects.filter(session=session).count() == 12


def test_votes_racing_the_end_of_voting_are_either_counted_before_it_or_refused(
    author: Actor, session: ExerciseSession
) -> None:
    participants = [services.participant_join(code=session.code).participant for _ in range(8)]
    session = _voting(author, session)
    option = session.version.stages.get(number=1).options.first()
    calls: list[Callable[[], Any]] = [
        lambda p=participant: services.vote_cast(participant=p, stage_number=1, option_id=option.pk)  # type: ignore[union-attr]
        for participant in participants
    ]
    calls.append(lambda: services.session_advance(actor=author, session=session))
    results = race(calls)
    accepted = sum(isinstance(r, Vote) for r in results[:-1])
    refused = sum(isinstance(r, services.NotOpen) for r in results[:-1])
    assert accepted + refused == 8, results
    from cornerstone.audit.models import AuditEvent

    event = AuditEvent.objects.get(
        action="exercise_session.advance", object_id=str(session.pk), changes__to__state="reveal"
    )
    # The count the facilitator closed voting with is the count kept.
    assert event.changes["votes"] == accepted == Vote.objects.filter(session=session).count()
