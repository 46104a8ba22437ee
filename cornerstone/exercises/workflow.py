"""The facilitator's run of a session, as data.

    not started -> before questions -> stage 1 voting -> stage 1 reveal -> stage 2 voting -> ...
        -> stage n reveal -> after questions -> closed

A session can also be closed early from any state. What participants may do in each state is
here too, so the services, the pages and the tests all read the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class SessionState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    BEFORE = "before", "Before questions"
    VOTING = "voting", "Voting"
    REVEAL = "reveal", "What happens in practice"
    AFTER = "after", "After questions"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class Transition:
    source: SessionState
    target: SessionState
    # The words on the facilitator's button.
    action: str
    # "next" moves on to the next stage; "last" only when the current stage is the last one;
    # "more" only when there is a further stage.
    stage: str = ""


TRANSITIONS: tuple[Transition, ...] = (
    Transition(SessionState.NOT_STARTED, SessionState.BEFORE, "Start: ask the before questions"),
    Transition(SessionState.BEFORE, SessionState.VOTING, "Start stage 1", stage="next"),
    Transition(SessionState.VOTING, SessionState.REVEAL, "Close voting and show what happens in practice"),
    Transition(SessionState.REVEAL, SessionState.VOTING, "Go to the next stage", stage="more"),
    Transition(SessionState.REVEAL, SessionState.AFTER, "Finish: ask the after questions", stage="last"),
    Transition(SessionState.AFTER, SessionState.CLOSED, "Close the session"),
)
# Closing early is allowed from every state but closed.
CLOSABLE = frozenset(set(SessionState) - {SessionState.CLOSED})


@dataclass(frozen=True)
class Position:
    state: SessionState
    stage_number: int = 0


class NotAllowed(Exception):
    """The move is not allowed from where the session is."""


def next_transition(position: Position, stage_count: int) -> Transition | None:
    """The one forward move from here, or None when closed."""
    for transition in TRANSITIONS:
        if transition.source != position.state:
            continue
        if transition.stage == "more" and position.stage_number >= stage_count:
            continue
        if transition.stage == "last" and position.stage_number < stage_count:
            continue
        if transition.stage == "next" and stage_count == 0:
            continue
        return transition
    return None


def advance(position: Position, stage_count: int) -> Position:
    transition = next_transition(position, stage_count)
    if transition is None:
        raise NotAllowed(f"Nothing follows {position.state.label.lower()}")
    stage_number = position.stage_number
    if transition.stage in ("next", "more"):
        stage_number += 1
    return Position(transition.target, stage_number)


def close(position: Position) -> Position:
    if position.state not in CLOSABLE:
        raise NotAllowed("The session is already closed")
    return Position(SessionState.CLOSED, position.stage_number)


# What participants may do ---------------------------------------------------------------------


def accepts_joins(state: str) -> bool:
    return state != SessionState.CLOSED


def accepts_vote(position: Position, stage_number: int) -> bool:
    """Only on the current stage, and only while its voting is open."""
    return position.state == SessionState.VOTING and stage_number == position.stage_number


def accepts_answers(state: str, phase: str) -> bool:
    """The before questions until the first stage starts; the after questions at the end."""
    if phase == "before":
        return state in (SessionState.NOT_STARTED, SessionState.BEFORE)
    if phase == "after":
        return state == SessionState.AFTER
    return False
