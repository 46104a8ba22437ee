"""Tabletop exercises: the scenario library, the facilitator's screen, the participants' pages
(no account, plain forms that work without JavaScript), reports and outcomes."""

from __future__ import annotations

import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cornerstone.accounts.access import get_visible_or_403
from cornerstone.accounts.actor import Actor, request_actor
from cornerstone.accounts.decorators import acting
from cornerstone.exercises import permissions, selectors, services, workflow
from cornerstone.exercises.forms import (
    AfterQuestionnaireForm,
    JoinForm,
    NotesForm,
    PublishForm,
    QuestionnaireForm,
    ScenarioForm,
    SessionForm,
    StageForm,
    VoteForm,
)
from cornerstone.exercises.models import (
    JOIN_CODE_LIFETIME,
    ExerciseSession,
    Participant,
    Phase,
    SessionStageNotes,
    Vote,
)
from cornerstone.exercises.roles import FACILITATORS, OUTCOME_READERS, SCENARIO_AUTHORS
from cornerstone.exercises.workflow import Position, SessionState
from cornerstone.govuk.form_errors import add_service_errors
from cornerstone.govuk.pdf import render_pdf

PARTICIPANT_COOKIE = "cornerstone-exercise"
PARTICIPANT_COOKIE_SALT = "cornerstone.exercises.participant"
JOIN_FAILURES_KEY = "exercise_join_failures"
JOIN_FAILURE_LIMIT = 10
JOIN_FAILURE_WINDOW = 15 * 60  # seconds


# The library ----------------------------------------------------------------------------------


@acting(roles=FACILITATORS)
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    sessions = list(selectors.sessions_visible_to(actor)[:50])
    return render(
        request,
        "exercises/index.html",
        {
            "scenarios": selectors.scenarios_visible_to(actor),
            "open_sessions": [s for s in sessions if not s.is_closed],
            "closed_sessions": [s for s in sessions if s.is_closed],
            "can_author": permissions.can_author_scenarios(actor),
            "can_read_outcomes": permissions.can_read_outcomes(actor),
        },
    )


@acting(roles=SCENARIO_AUTHORS)
def scenario_new(request: HttpRequest) -> HttpResponse:
    form = ScenarioForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.scenario_create(
                actor=request_actor(request),
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Scenario started. Add its stages, then review and publish it.")
            return redirect("exercises:version", version_id=version.pk)
    return render(request, "exercises/scenario_form.html", {"form": form, "version": None})


@acting(roles=FACILITATORS)
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = request_actor(request)
    version = get_visible_or_403(selectors.versions_visible_to(actor), pk=version_id)
    return render(
        request,
        "exercises/version.html",
        {
            "version": version,
            "stages": selectors.stages_of(version),
            "other_versions": version.scenario.versions.exclude(pk=version.pk).order_by("-number"),
            "can_edit": permissions.can_edit_version(actor, version),
            "can_author": permissions.can_author_scenarios(actor),
            "has_draft": version.scenario.versions.filter(status="draft").exists(),
        },
    )


def _draft_or_403(actor: Actor, version_id: int) -> Any:
    version = get_visible_or_403(selectors.versions_visible_to(actor), pk=version_id)
    if not permissions.can_edit_version(actor, version):
        raise PermissionDenied
    return version


@acting(roles=SCENARIO_AUTHORS)
def version_edit(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = request_actor(request)
    version = _draft_or_403(actor, version_id)
    form = ScenarioForm(
        request.POST if request.method == "POST" else None,
        initial={"title": version.title, "summary": version.summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scenario_version_update(
                actor=actor,
                version=version,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Scenario details saved.")
            return redirect("exercises:version", version_id=version.pk)
    return render(request, "exercises/scenario_form.html", {"form": form, "version": version})


@acting(roles=SCENARIO_AUTHORS)
def stage_form(request: HttpRequest, version_id: int, stage_id: int | None = None) -> HttpResponse:
    actor = request_actor(request)
    version = _draft_or_403(actor, version_id)
    stage = get_visible_or_403(version.stages.all(), pk=stage_id) if stage_id is not None else None
    form = StageForm(
        request.POST if request.method == "POST" else None,
        initial=StageForm.initial_for(stage) if stage else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = services.StageDetails(
            title=data["title"],
            narrative=data["narrative"],
            question=data["question"],
            options=tuple(data["options"].splitlines()),
            facilitator_notes=data["facilitator_notes"],
        )
        try:
            saved = services.stage_save(actor=actor, version=version, stage=stage, details=details)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Stage {saved.number} saved.")
            return redirect("exercises:version", version_id=version.pk)
    return render(request, "exercises/stage_form.html", {"form": form, "version": version, "stage": stage})


@acting(roles=SCENARIO_AUTHORS)
def stage_remove(request: HttpRequest, version_id: int, stage_id: int) -> HttpResponse:
    actor = request_actor(request)
    version = _draft_or_403(actor, version_id)
    stage = get_visible_or_403(version.stages.all(), pk=stage_id)
    if request.method == "POST":
        services.stage_remove(actor=actor, stage=stage)
        messages.success(request, f"Stage {stage.number} removed.")
        return redirect("exercises:version", version_id=version.pk)
    return render(request, "exercises/stage_remove.html", {"version": version, "stage": stage})


@acting(roles=SCENARIO_AUTHORS)
def version_review(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = request_actor(request)
    version = _draft_or_403(actor, version_id)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.scenario_version_publish(
                actor=actor, version=version, ideology_neutral_confirmed=form.cleaned_data["ideology_neutral"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} of {version.title} is published.")
            return redirect("exercises:version", version_id=version.pk)
    return render(
        request,
        "exercises/review.html",
        {"form": form, "version": version, "stages": selectors.stages_of(version)},
    )


@require_POST
@acting(roles=SCENARIO_AUTHORS)
def version_new(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = request_actor(request)
    version = get_visible_or_403(selectors.versions_visible_to(actor), pk=version_id)
    try:
        draft = services.scenario_version_new(actor=actor, scenario=version.scenario)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exercises:version", version_id=version.pk)
    messages.success(
        request, f"Version {draft.number} started as a draft, copied from version {version.number}."
    )
    return redirect("exercises:version", version_id=draft.pk)


# Running a session ------------------------------------------------------------------------------


@acting(roles=FACILITATORS)
def session_new(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    areas = selectors.local_authorities_of(actor).order_by("name")
    versions = selectors.published_versions(actor)
    initial: dict[str, Any] = {}
    if request.GET.get("version"):
        initial["version"] = (
            versions.filter(pk=request.GET["version"]).first() if request.GET["version"].isdigit() else None
        )
    if areas.count() == 1:
        initial["local_authority"] = areas.first()
    form = SessionForm(
        request.POST if request.method == "POST" else None, versions=versions, areas=areas, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_start(
                actor=actor,
                version=data["version"],
                local_authority=data["local_authority"],
                venue=data["venue"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("exercises:session", session_id=session.pk)
    return render(request, "exercises/session_new.html", {"form": form})


def _join_url(request: HttpRequest, session: ExerciseSession) -> str:
    return request.build_absolute_uri(reverse("exercises:join")) + f"?code={session.code}"


def _qr_svg(url: str) -> SafeString:
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=6, title="QR code to join the session", border=2)
    return mark_safe(svg)  # noqa: S308 - segno builds the markup from the URL's bits, not from HTML


def _tally_data(session: ExerciseSession) -> dict[str, Any]:
    stage = selectors.current_stage(session)
    counted = selectors.tally(session, stage)
    room = selectors.room_counts(session)
    return {
        "state": session.state,
        "stage": session.stage_number,
        "total": counted.total,
        **room,
        "options": [{"id": o.option.pk, "votes": o.votes, "percent": o.percent} for o in counted.options],
    }


@never_cache
@acting(roles=FACILITATORS)
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = request_actor(request)
    session = get_visible_or_403(selectors.sessions_visible_to(actor), pk=session_id)
    in_stage = session.state in (SessionState.VOTING, SessionState.REVEAL)
    stage = selectors.current_stage(session) if in_stage else None
    here = Position(SessionState(session.state), session.stage_number)
    stage_count = session.version.stages.count()
    notes = (
        SessionStageNotes.objects.filter(session=session, stage=stage).values_list("notes", flat=True).first()
        if stage
        else None
    )
    join_url = _join_url(request, session)
    return render(
        request,
        "exercises/session.html",
        {
            "session": session,
            "stage": stage,
            "stage_count": stage_count,
            "tally": selectors.tally(session, stage),
            "room": selectors.room_counts(session),
            "next": workflow.next_transition(here, stage_count),
            "join_url": join_url,
            "join_path": reverse("exercises:join"),
            "qr": _qr_svg(join_url) if not session.is_closed else "",
            "notes_form": NotesForm(initial={"notes": notes or ""}),
            "can_run": permissions.can_run_session(actor, session),
        },
    )


@never_cache
@acting(roles=FACILITATORS)
def session_tally(request: HttpRequest, session_id: int) -> HttpResponse:
    """The live tally the facilitator's screen polls: a few numbers, nothing about anyone."""
    actor = request_actor(request)
    session = get_visible_or_403(selectors.sessions_visible_to(actor), pk=session_id)
    return JsonResponse(_tally_data(session))


@require_POST
@acting(roles=FACILITATORS)
def session_advance(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = request_actor(request)
    session = get_visible_or_403(selectors.sessions_visible_to(actor), pk=session_id)
    expected = None
    state, stage = request.POST.get("from_state", ""), request.POST.get("from_stage", "")
    if state in SessionState.values and stage.isdigit():
        expected = Position(SessionState(state), int(stage))
    try:
        session = services.session_advance(actor=actor, session=session, expected=expected)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if session.is_closed:
            messages.success(request, "The session is closed. Nobody can join or answer any more.")
    return redirect("exercises:session", session_id=session.pk)


@require_POST
@acting(roles=FACILITATORS)
def session_notes(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = request_actor(request)
    session = get_visible_or_403(selectors.sessions_visible_to(actor), pk=session_id)
    stage_id = request.POST.get("stage", "")
    stage = session.version.stages.filter(pk=stage_id).first() if stage_id.isdigit() else None
    form = NotesForm(request.POST)
    if stage is None or not form.is_valid():
        messages.error(request, "The notes could not be saved: try again")
    else:
        services.session_notes_save(
            actor=actor, session=session, stage=stage, notes=form.cleaned_data["notes"]
        )
        messages.success(request, f"Notes of the debate on stage {stage.number} saved.")
    return redirect("exercises:session", session_id=session.pk)


@acting(roles=FACILITATORS)
def session_close(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = request_actor(request)
    session = get_visible_or_403(selectors.sessions_visible_to(actor), pk=session_id)
    if request.method == "POST":
        try:
            services.session_close(actor=actor, session=session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The session is closed. Nobody can join or answer any more.")
        return redirect("exercises:session", session_id=session.pk)
    return render(request, "exercises/session_close.html", {"session": session})


# Reports and outcomes ---------------------------------------------------------------------------


@acting(roles=FACILITATORS)
def session_report(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = request_actor(request)
    session = get_visible_or_403(selectors.sessions_visible_to(actor), pk=session_id)
    return render(request, "exercises/report.html", {"report": selectors.session_report(session)})


@acting(roles=FACILITATORS)
def session_report_pdf(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = request_actor(request)
    session = get_visible_or_403(selectors.sessions_visible_to(actor), pk=session_id)
    pdf = render_pdf(
        "exercises/report_pdf.html",
        {"report": selectors.session_report(session)},
        title=f"Tabletop exercise report: {session.version.title}",
        classification="OFFICIAL",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="exercise-report-{session.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _outcome_chart(title: str, rows: list[selectors.OutcomeRow], measure: str) -> Any:
    from cornerstone.govuk.charts import bar_chart

    return bar_chart(
        title,
        [row.label for row in rows],
        [
            ("Before", [getattr(row.change, f"{measure}_before") or 0 for row in rows]),
            ("After", [getattr(row.change, f"{measure}_after") or 0 for row in rows]),
        ],
    )


@acting(roles=OUTCOME_READERS)
def outcomes(request: HttpRequest) -> HttpResponse:
    groups = selectors.outcomes(request_actor(request))
    sections = []
    for key, heading in (("area", "By area"), ("scenario", "By scenario")):
        rows = groups[key]
        sections.append(
            {
                "key": key,
                "heading": heading,
                "rows": rows,
                "trust_chart": _outcome_chart(
                    f"Trust in the police, {heading.lower()} (mean, 1 to 5)", rows, "trust"
                ),
                "understanding_chart": _outcome_chart(
                    f"Understanding of the decisions, {heading.lower()} (mean, 1 to 5)", rows, "understanding"
                ),
            }
        )
    return render(
        request,
        "exercises/outcomes.html",
        {"sections": sections, "can_facilitate": permissions.can_facilitate(request_actor(request))},
    )


# Participants: no account, nothing that identifies them ---------------------------------------------


def _participant(request: HttpRequest) -> Participant | None:
    token = request.get_signed_cookie(PARTICIPANT_COOKIE, default=None, salt=PARTICIPANT_COOKIE_SALT)
    return selectors.participant_for(token)


def _too_many_failures(request: HttpRequest) -> bool:
    now = time.time()
    recent = [t for t in request.session.get(JOIN_FAILURES_KEY, []) if now - t < JOIN_FAILURE_WINDOW]
    return len(recent) >= JOIN_FAILURE_LIMIT


def _count_failure(request: HttpRequest) -> None:
    now = time.time()
    recent = [t for t in request.session.get(JOIN_FAILURES_KEY, []) if now - t < JOIN_FAILURE_WINDOW]
    request.session[JOIN_FAILURES_KEY] = [*recent, now]


@login_not_required
@never_cache
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(
        request.POST if request.method == "POST" else None, initial={"code": request.GET.get("code", "")[:20]}
    )
    if request.method == "POST" and form.is_valid():
        if _too_many_failures(request):
            form.add_error(
                "code", "You have entered a wrong code too many times. Wait 15 minutes and try again"
            )
        else:
            try:
                joined = services.participant_join(code=form.cleaned_data["code"])
            except ValidationError as error:
                _count_failure(request)
                add_service_errors(form, error)
            else:
                response = redirect("exercises:participant")
                response.set_signed_cookie(
                    PARTICIPANT_COOKIE,
                    joined.token,
                    salt=PARTICIPANT_COOKIE_SALT,
                    max_age=int(JOIN_CODE_LIFETIME.total_seconds()) + 3600,
                    path=reverse("exercises:join"),
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
                return response
    return render(request, "exercises/participant/join.html", {"form": form})


def _participant_context(participant: Participant, session: ExerciseSession) -> dict[str, Any]:
    """What a participant sees now, with the form for the step they are on."""
    state = session.state
    context: dict[str, Any] = {"session": session, "state": state, "step": ""}
    if state in (SessionState.NOT_STARTED, SessionState.BEFORE):
        answered = participant.answers.filter(phase=Phase.BEFORE).first()
        context["answered"] = answered
        if answered is None:
            context["form"] = QuestionnaireForm()
            context["step"] = "before"
    elif state in (SessionState.VOTING, SessionState.REVEAL):
        stage = selectors.current_stage(session)
        vote = Vote.objects.filter(participant=participant, stage=stage).select_related("option").first()
        context.update({"stage": stage, "vote": vote})
        if state == SessionState.VOTING and stage is not None:
            initial = {"option": vote.option_id, "reason": vote.reason} if vote else None
            context["form"] = VoteForm(stage=stage, initial=initial)
            context["step"] = f"vote-{stage.number}"
    elif state == SessionState.AFTER:
        answered = participant.answers.filter(phase=Phase.AFTER).first()
        context["answered"] = answered
        if answered is None:
            context["form"] = AfterQuestionnaireForm()
            context["step"] = "after"
    return context


def _record(participant: Participant, step: str, post: Any, context: dict[str, Any]) -> bool:
    """Save the participant's answer to the step; on an error, put the bound form in ``context``."""
    if step in ("before", "after"):
        form: Any = (AfterQuestionnaireForm if step == "after" else QuestionnaireForm)(post)
        if form.is_valid():
            services.questionnaire_answer(
                participant=participant,
                phase=step,
                trust=form.cleaned_data["trust"],
                understanding=form.cleaned_data["understanding"],
                feedback=form.cleaned_data.get("feedback", ""),
            )
            return True
    else:
        stage = context["stage"]
        form = VoteForm(post, stage=stage)
        if form.is_valid():
            try:
                services.vote_cast(
                    participant=participant,
                    stage_number=stage.number,
                    option_id=form.cleaned_data["option"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                if isinstance(error, services.NotOpen):
                    raise
                add_service_errors(form, error)
            else:
                return True
    context["form"] = form
    return False


@login_not_required
@never_cache
def participant_page(request: HttpRequest) -> HttpResponse:
    participant = _participant(request)
    if participant is None:
        return redirect("exercises:join")
    session = ExerciseSession.objects.select_related("version").get(pk=participant.session_id)
    participant.session = session
    context = _participant_context(participant, session)
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step != context["step"] or not step:
            context["moved_on"] = True
        else:
            try:
                if _record(participant, step, request.POST, context):
                    return redirect(reverse("exercises:participant") + "?saved=1")
            except services.NotOpen:
                context = _participant_context(participant, ExerciseSession.objects.get(pk=session.pk))
                context["moved_on"] = True
    context["saved"] = request.GET.get("saved") == "1"
    return render(request, "exercises/participant/session.html", context)


@login_not_required
@never_cache
def participant_state(request: HttpRequest) -> HttpResponse:
    """Where the participant's session is, for the phone page's script to notice a move on.
    Two values, nothing about anyone."""
    participant = _participant(request)
    if participant is None:
        return JsonResponse({"state": None, "stage": None})
    session = participant.session
    return JsonResponse({"state": session.state, "stage": session.stage_number})
