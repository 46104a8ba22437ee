"""Every read of scenarios, sessions and their outcomes goes through these."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.exercises import permissions
from cornerstone.exercises.codes import token_hash
from cornerstone.exercises.models import (
    ExerciseSession,
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
from cornerstone.exercises.workflow import SessionState
from cornerstone.geography.models import LocalAuthority

# The 5-point scales of the before and after questions.
TRUST_SCALE = (
    (1, "Not at all"),
    (2, "A little"),
    (3, "Somewhat"),
    (4, "A lot"),
    (5, "Completely"),
)
UNDERSTANDING_SCALE = (
    (1, "Not at all"),
    (2, "A little"),
    (3, "Somewhat"),
    (4, "Well"),
    (5, "Very well"),
)


def local_authorities_of(actor: Actor) -> QuerySet[LocalAuthority]:
    """The areas the actor's organisation works in, however its area is recorded."""
    organisation = actor.organisation
    if organisation is None:
        return LocalAuthority.objects.none()
    return LocalAuthority.objects.filter(
        Q(pk__in=organisation.local_authorities.values("pk"))
        | Q(police_force_area__in=organisation.police_force_areas.values("pk"))
        | Q(prevent_region__in=organisation.prevent_regions.values("pk"))
    ).distinct()


# Scenarios ------------------------------------------------------------------------------------


def scenarios_visible_to(actor: Actor) -> QuerySet[Scenario]:
    """The library is shared by every author and facilitator: scenarios hold no personal data.
    Each scenario comes with ``version_list``, newest first."""
    if not (permissions.can_author_scenarios(actor) or permissions.can_facilitate(actor)):
        return Scenario.objects.none()
    return Scenario.objects.prefetch_related(
        Prefetch("versions", queryset=ScenarioVersion.objects.order_by("-number"), to_attr="version_list")
    )


def versions_visible_to(actor: Actor) -> QuerySet[ScenarioVersion]:
    return ScenarioVersion.objects.filter(
        scenario__in=scenarios_visible_to(actor).values("pk")
    ).select_related("scenario")


def published_versions(actor: Actor) -> QuerySet[ScenarioVersion]:
    return versions_visible_to(actor).filter(status=VersionStatus.PUBLISHED).order_by("title")


def stages_of(version: ScenarioVersion) -> list[Stage]:
    return list(version.stages.prefetch_related("options").order_by("number"))


# Sessions -------------------------------------------------------------------------------------


def sessions_visible_to(actor: Actor) -> QuerySet[ExerciseSession]:
    """Facilitators see the sessions held in their organisation's areas."""
    if not permissions.can_facilitate(actor):
        return ExerciseSession.objects.none()
    return ExerciseSession.objects.filter(
        local_authority__in=local_authorities_of(actor).values("pk")
    ).select_related("version", "local_authority", "organisation")


def participant_for(token: str | None, session_id: int | None = None) -> Participant | None:
    if not token:
        return None
    found = Participant.objects.select_related("session", "session__version").filter(
        token_hash=token_hash(token)
    )
    if session_id is not None:
        found = found.filter(session_id=session_id)
    return found.first()


def current_stage(session: ExerciseSession) -> Stage | None:
    if session.stage_number == 0:
        return None
    return session.version.stages.prefetch_related("options").filter(number=session.stage_number).first()


@dataclass(frozen=True)
class OptionCount:
    option: StageOption
    votes: int
    percent: int


@dataclass(frozen=True)
class Tally:
    stage: Stage | None
    options: tuple[OptionCount, ...]
    total: int


def tally(session: ExerciseSession, stage: Stage | None) -> Tally:
    """The votes per option on one stage: one grouped query."""
    if stage is None:
        return Tally(stage=None, options=(), total=0)
    counts = dict(
        Vote.objects.filter(session=session, stage=stage)
        .values_list("option")
        .annotate(n=Count("pk"))
        .values_list("option", "n")
    )
    total = sum(counts.values())
    options = tuple(
        OptionCount(
            option=option,
            votes=counts.get(option.pk, 0),
            percent=round(100 * counts.get(option.pk, 0) / total) if total else 0,
        )
        for option in stage.options.all()
    )
    return Tally(stage=stage, options=options, total=total)


def room_counts(session: ExerciseSession) -> dict[str, int]:
    answers = dict(
        QuestionnaireAnswer.objects.filter(session=session)
        .values_list("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    return {
        "participants": session.participants.count(),
        "before": answers.get(Phase.BEFORE, 0),
        "after": answers.get(Phase.AFTER, 0),
    }


# Reports --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Mean answers before and after, over the participants who answered both."""

    paired: int
    trust_before: float | None
    trust_after: float | None
    understanding_before: float | None
    understanding_after: float | None

    @property
    def trust_change(self) -> float | None:
        if self.trust_before is None or self.trust_after is None:
            return None
        return round(self.trust_after - self.trust_before, 2)

    @property
    def understanding_change(self) -> float | None:
        if self.understanding_before is None or self.understanding_after is None:
            return None
        return round(self.understanding_after - self.understanding_before, 2)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def change_in(answers: Iterable[tuple[int, str, int, int]]) -> Change:
    """From (participant, phase, trust, understanding) rows: only people who answered both
    times count, so the change is not skewed by who left early or arrived late."""
    by_participant: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for participant, phase, trust, understanding in answers:
        by_participant[participant][phase] = (trust, understanding)
    pairs = [(a[Phase.BEFORE], a[Phase.AFTER]) for a in by_participant.values() if len(a) == 2]
    return Change(
        paired=len(pairs),
        trust_before=_mean([before[0] for before, _ in pairs]),
        trust_after=_mean([after[0] for _, after in pairs]),
        understanding_before=_mean([before[1] for before, _ in pairs]),
        understanding_after=_mean([after[1] for _, after in pairs]),
    )


@dataclass(frozen=True)
class StageReport:
    stage: Stage
    tally: Tally
    reasons: tuple[tuple[str, str], ...]  # (option text, reason)
    notes: str


@dataclass(frozen=True)
class Distribution:
    question: str
    rows: tuple[tuple[str, int, int], ...]  # (scale label, before, after)


@dataclass(frozen=True)
class SessionReport:
    session: ExerciseSession
    participants: int
    answered_before: int
    answered_after: int
    stages: tuple[StageReport, ...]
    change: Change
    distributions: tuple[Distribution, ...]
    feedback: tuple[str, ...] = field(default=())


def session_report(session: ExerciseSession) -> SessionReport:
    stages = stages_of(session.version)
    notes = {n.stage_id: n.notes for n in SessionStageNotes.objects.filter(session=session)}
    reasons: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for stage_id, option_text, reason in (
        Vote.objects.filter(session=session)
        .exclude(reason="")
        .order_by("stage__number", "option__number", "pk")
        .values_list("stage", "option__text", "reason")
    ):
        reasons[stage_id].append((option_text, reason))
    answers = list(
        QuestionnaireAnswer.objects.filter(session=session).values_list(
            "participant", "phase", "trust", "understanding"
        )
    )
    counts = room_counts(session)

    def distribution(question: str, index: int, scale: tuple[tuple[int, str], ...]) -> Distribution:
        rows = []
        for value, label in scale:
            before = sum(1 for a in answers if a[1] == Phase.BEFORE and a[index] == value)
            after = sum(1 for a in answers if a[1] == Phase.AFTER and a[index] == value)
            rows.append((f"{value}: {label}", before, after))
        return Distribution(question=question, rows=tuple(rows))

    return SessionReport(
        session=session,
        participants=counts["participants"],
        answered_before=counts["before"],
        answered_after=counts["after"],
        stages=tuple(
            StageReport(
                stage=stage,
                tally=tally(session, stage),
                reasons=tuple(reasons.get(stage.pk, [])),
                notes=notes.get(stage.pk, ""),
            )
            for stage in stages
        ),
        change=change_in(answers),
        distributions=(
            distribution("Trust in the police", 2, TRUST_SCALE),
            distribution("Understanding of how counter-terrorism decisions are made", 3, UNDERSTANDING_SCALE),
        ),
        feedback=tuple(session.feedback.values_list("text", flat=True)),
    )


# Outcomes across sessions -------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    sessions: int
    participants: int
    change: Change


def outcomes_visible_to(actor: Actor) -> QuerySet[ExerciseSession]:
    """Closed sessions, everywhere: the answers are anonymous and only shown as totals."""
    if not permissions.can_read_outcomes(actor):
        return ExerciseSession.objects.none()
    return ExerciseSession.objects.filter(state=SessionState.CLOSED)


def outcomes(actor: Actor) -> dict[str, list[OutcomeRow]]:
    """Change in trust and understanding by area and by scenario, over closed sessions."""
    sessions = {
        s.pk: s
        for s in outcomes_visible_to(actor).select_related("local_authority", "version", "version__scenario")
    }
    answers: dict[int, list[tuple[int, str, int, int]]] = defaultdict(list)
    for session_id, participant, phase, trust, understanding in QuestionnaireAnswer.objects.filter(
        session__in=list(sessions)
    ).values_list("session", "participant", "phase", "trust", "understanding"):
        answers[session_id].append((participant, phase, trust, understanding))
    joined = dict(
        Participant.objects.filter(session__in=list(sessions))
        .values_list("session")
        .annotate(n=Count("pk"))
        .values_list("session", "n")
    )

    def rows(key_of: dict[int, str]) -> list[OutcomeRow]:
        groups: dict[str, list[int]] = defaultdict(list)
        for session_id, label in key_of.items():
            groups[label].append(session_id)
        return [
            OutcomeRow(
                label=label,
                sessions=len(ids),
                participants=sum(joined.get(i, 0) for i in ids),
                change=change_in(a for i in ids for a in answers[i]),
            )
            for label, ids in sorted(groups.items())
        ]

    return {
        "area": rows({pk: s.local_authority.name for pk, s in sessions.items()}),
        # Grouped by scenario across its versions, named by its latest published title.
        "scenario": rows({pk: _scenario_title(s.version) for pk, s in sessions.items()}),
    }


def _scenario_title(version: ScenarioVersion) -> str:
    return version.title
