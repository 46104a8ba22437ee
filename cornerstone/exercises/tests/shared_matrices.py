"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.exercises import services
from cornerstone.exercises.demo import seed_demo_exercises
from cornerstone.exercises.models import (
    ExerciseSession,
    Participant,
    Phase,
    ScenarioVersion,
    Stage,
    VersionStatus,
)
from cornerstone.exercises.roles import FACILITATORS, OUTCOME_READERS, SCENARIO_AUTHORS
from cornerstone.exercises.workflow import SessionState
from cornerstone.geography.models import LocalAuthority


def _author(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER])


def _published(world: DemoWorld) -> ScenarioVersion:
    seed_demo_exercises(world, seed=DEMO_SEED)
    return ScenarioVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("pk").first()  # type: ignore[return-value]


def _draft(world: DemoWorld) -> ScenarioVersion:
    published = _published(world)
    draft = ScenarioVersion.objects.filter(scenario=published.scenario, status=VersionStatus.DRAFT).first()
    return draft or services.scenario_version_new(actor=_author(world), scenario=published.scenario)


def _draft_stage(world: DemoWorld) -> Stage:
    return _draft(world).stages.order_by("number").first()  # type: ignore[return-value]


def _open_session(world: DemoWorld, state: str = SessionState.NOT_STARTED) -> ExerciseSession:
    """A session in Warrington, walked forward to ``state``."""
    version = _published(world)
    session = ExerciseSession.objects.filter(venue="Matrix room (test)", closed_at__isnull=True).first()
    if session is None:
        session = services.session_start(
            actor=_author(world),
            version=version,
            local_authority=LocalAuthority.objects.get(code="WRT"),
            venue="Matrix room (test)",
        )
    order = [SessionState.NOT_STARTED, SessionState.BEFORE, SessionState.VOTING, SessionState.REVEAL]
    while order.index(SessionState(session.state)) < order.index(SessionState(state)):
        session = services.session_advance(actor=_author(world), session=session)
    return session


def _closed_session(world: DemoWorld) -> ExerciseSession:
    _published(world)
    return ExerciseSession.objects.filter(state=SessionState.CLOSED).order_by("pk").first()  # type: ignore[return-value]


def _participant(world: DemoWorld, state: str) -> Participant:
    session = _open_session(world, state)
    return services.participant_join(code=session.code).participant


# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("exercises:index", lambda w: "/exercises/", FACILITATORS, ""),
    ("exercises:scenario-new", lambda w: "/exercises/scenarios/new/", SCENARIO_AUTHORS, ""),
    ("exercises:version", lambda w: f"/exercises/scenarios/{_published(w).pk}/", FACILITATORS, ""),
    (
        "exercises:version-edit",
        lambda w: f"/exercises/scenarios/{_draft(w).pk}/change/",
        SCENARIO_AUTHORS,
        "",
    ),
    (
        "exercises:stage-new",
        lambda w: f"/exercises/scenarios/{_draft(w).pk}/stages/new/",
        SCENARIO_AUTHORS,
        "",
    ),
    (
        "exercises:stage-edit",
        lambda w: f"/exercises/scenarios/{_draft(w).pk}/stages/{_draft_stage(w).pk}/",
        SCENARIO_AUTHORS,
        "",
    ),
    (
        "exercises:stage-remove",
        lambda w: f"/exercises/scenarios/{_draft(w).pk}/stages/{_draft_stage(w).pk}/remove/",
        SCENARIO_AUTHORS,
        "",
    ),
    (
        "exercises:version-review",
        lambda w: f"/exercises/scenarios/{_draft(w).pk}/review/",
        SCENARIO_AUTHORS,
        "",
    ),
    (
        "exercises:version-edit",
        lambda w: f"/exercises/scenarios/{_published(w).pk}/change/",
        frozenset(),
        "a published version cannot be changed",
    ),
    ("exercises:session-new", lambda w: "/exercises/sessions/new/", FACILITATORS, ""),
    # Every facilitator's demo organisation works in Cheshire, where Warrington is.
    (
        "exercises:session",
        lambda w: f"/exercises/sessions/{_open_session(w, SessionState.VOTING).pk}/",
        FACILITATORS,
        "",
    ),
    (
        "exercises:session-tally",
        lambda w: f"/exercises/sessions/{_open_session(w, SessionState.VOTING).pk}/tally.json",
        FACILITATORS,
        "",
    ),
    (
        "exercises:session-close",
        lambda w: f"/exercises/sessions/{_open_session(w).pk}/close/",
        FACILITATORS,
        "",
    ),
    (
        "exercises:session-report",
        lambda w: f"/exercises/sessions/{_closed_session(w).pk}/report/",
        FACILITATORS,
        "",
    ),
    (
        "exercises:session-report-pdf",
        lambda w: f"/exercises/sessions/{_closed_session(w).pk}/report.pdf",
        FACILITATORS,
        "",
    ),
    ("exercises:outcomes", lambda w: "/exercises/outcomes/", OUTCOME_READERS, ""),
)
# Named pages anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset(
    {"exercises:join", "exercises:participant", "exercises:participant-state"}
)
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset(
    {"exercises:version-new", "exercises:session-advance", "exercises:session-notes"}
)


def _stage_details(title: str) -> services.StageDetails:
    return services.StageDetails(
        title=title,
        narrative="Something happens.",
        question="What should happen next?",
        options=("One thing", "Another thing"),
        facilitator_notes="What the law says.",
    )


def _new_draft(world: DemoWorld) -> ScenarioVersion:
    version = services.scenario_create(actor=_author(world), title="Audit test scenario")
    services.stage_save(actor=_author(world), version=version, details=_stage_details("First"))
    return version


# service path: scenario, for cornerstone/accounts/tests/test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.exercises.services.scenario_create": lambda w: (
        lambda: services.scenario_create(actor=_author(w), title="A new scenario")
    ),
    "cornerstone.exercises.services.scenario_version_update": lambda w: (
        lambda v: (
            lambda: services.scenario_version_update(actor=_author(w), version=v, title="Renamed", summary="")
        )
    )(_new_draft(w)),
    "cornerstone.exercises.services.stage_save": lambda w: (
        lambda v: lambda: services.stage_save(actor=_author(w), version=v, details=_stage_details("Second"))
    )(_new_draft(w)),
    "cornerstone.exercises.services.stage_remove": lambda w: (
        lambda v: lambda: services.stage_remove(actor=_author(w), stage=v.stages.get())
    )(_new_draft(w)),
    "cornerstone.exercises.services.scenario_version_publish": lambda w: (
        lambda v: (
            lambda: services.scenario_version_publish(
                actor=_author(w), version=v, ideology_neutral_confirmed=True
            )
        )
    )(_new_draft(w)),
    "cornerstone.exercises.services.scenario_version_new": lambda w: (
        lambda v: lambda: services.scenario_version_new(actor=_author(w), scenario=v.scenario)
    )(_published(w)),
    "cornerstone.exercises.services.session_start": lambda w: (
        lambda v: (
            lambda: services.session_start(
                actor=_author(w),
                version=v,
                local_authority=LocalAuthority.objects.get(code="WRT"),
                venue="Hall",
            )
        )
    )(_published(w)),
    "cornerstone.exercises.services.session_advance": lambda w: (
        lambda s: lambda: services.session_advance(actor=_author(w), session=s)
    )(_open_session(w)),
    "cornerstone.exercises.services.session_close": lambda w: (
        lambda s: lambda: services.session_close(actor=_author(w), session=s)
    )(_open_session(w)),
    "cornerstone.exercises.services.session_notes_save": lambda w: (
        lambda s: (
            lambda: services.session_notes_save(
                actor=_author(w), session=s, stage=s.version.stages.get(number=1), notes="Lively debate."
            )
        )
    )(_open_session(w, SessionState.REVEAL)),
    # Participants' anonymous writes are deliberately not audit events (see services' docstring).
    "cornerstone.exercises.services.participant_join": lambda w: (
        lambda s: lambda: services.participant_join(code=s.code)
    )(_open_session(w)),
    "cornerstone.exercises.services.questionnaire_answer": lambda w: (
        lambda p: (
            lambda: services.questionnaire_answer(participant=p, phase=Phase.BEFORE, trust=3, understanding=2)
        )
    )(_participant(w, SessionState.BEFORE)),
    "cornerstone.exercises.services.vote_cast": lambda w: (
        lambda p: (
            lambda: services.vote_cast(
                participant=p,
                stage_number=1,
                option_id=p.session.version.stages.get(number=1).options.first().pk,  # type: ignore[union-attr]
            )
        )
    )(_participant(w, SessionState.VOTING)),
}
# Services that call another audited service, with the number of events one call writes.
EVENTS_PER_CALL: dict[str, int] = {
    "cornerstone.exercises.services.participant_join": 0,
    "cornerstone.exercises.services.questionnaire_answer": 0,
    "cornerstone.exercises.services.vote_cast": 0,
}
