"""Who may write scenarios, run sessions and read outcomes."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.exercises.models import ExerciseSession, ScenarioVersion
from cornerstone.exercises.roles import FACILITATORS, OUTCOME_READERS, SCENARIO_AUTHORS


def _acting(actor: Actor) -> bool:
    return actor.user is not None and actor.membership is not None


def can_author_scenarios(actor: Actor) -> bool:
    return _acting(actor) and actor.role in SCENARIO_AUTHORS


def can_edit_version(actor: Actor, version: ScenarioVersion) -> bool:
    """Only a draft changes: a published version is what past sessions used."""
    return can_author_scenarios(actor) and version.is_draft


def can_facilitate(actor: Actor) -> bool:
    return _acting(actor) and actor.role in FACILITATORS


def can_run_session(actor: Actor, session: ExerciseSession) -> bool:
    """A facilitator whose organisation works in the session's area (see selectors)."""
    from cornerstone.exercises.selectors import local_authorities_of

    return (
        can_facilitate(actor) and local_authorities_of(actor).filter(pk=session.local_authority_id).exists()
    )


def can_read_outcomes(actor: Actor) -> bool:
    return _acting(actor) and actor.role in OUTCOME_READERS
