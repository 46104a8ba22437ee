"""The pages: a whole session with a facilitator and participants' phones (plain form posts,
as without JavaScript), the live tally's JSON, reports and outcomes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.exercises import selectors, services
from cornerstone.exercises.models import ExerciseSession, Participant, Phase, ScenarioVersion, Vote
from cornerstone.exercises.views import JOIN_FAILURE_LIMIT, PARTICIPANT_COOKIE
from cornerstone.exercises.workflow import SessionState

pytestmark = pytest.mark.django_db


def _facilitator(world: DemoWorld) -> Client:
    membership = world.memberships_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER]
    return sign_in(Client(), membership.user, membership)


def _phone(session: ExerciseSession) -> Client:
    phone = Client()
    response = phone.post("/exercises/join/", {"code": session.code_display.lower()})
    assert response.status_code == 302 and response["Location"] == "/exercises/join/session/"
    return phone


def _advance(client: Client, session: ExerciseSession) -> ExerciseSession:
    session.refresh_from_db()
    response = client.post(
        f"/exercises/sessions/{session.pk}/advance/",
        {"from_state": session.state, "from_stage": session.stage_number},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    return session


def test_a_whole_session_from_the_facilitators_screen_and_two_phones(
    world: DemoWorld, session: ExerciseSession
) -> None:
    facilitator = _facilitator(world)
    page = facilitator.get(f"/exercises/sessions/{session.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert session.code_display in html and "<svg" in html and "exercises/tally.js" in html

    join_page = Client().get(f"/exercises/join/?code={session.code}")
    assert join_page.status_code == 200 and f'value="{session.code}"' in join_page.content.decode()
    one, two = _phone(session), _phone(session)
    cookie = one.cookies[PARTICIPANT_COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/exercises/join/"

    before = one.get("/exercises/join/session/")
    assert (
        "Before we start" in before.content.decode()
        and 'name="step" value="before"' in before.content.decode()
    )
    assert (
        one.post(
            "/exercises/join/session/", {"step": "before", "trust": "2", "understanding": "1"}
        ).status_code
        == 302
    )
    assert (
        two.post(
            "/exercises/join/session/", {"step": "before", "trust": "4", "understanding": "2"}
        ).status_code
        == 302
    )
    missing = one.post("/exercises/join/session/", {"step": "before"})
    assert "Thank you" in missing.content.decode()  # already answered: the form is gone

    session = _advance(facilitator, session)  # before questions
    session = _advance(facilitator, session)  # stage 1 voting
    stage = session.version.stages.get(number=1)
    first, second = list(stage.options.all())[:2]
    voting = one.get("/exercises/join/session/").content.decode()
    assert stage.narrative in voting and 'name="step" value="vote-1"' in voting
    error = one.post("/exercises/join/session/", {"step": "vote-1"})
    assert "Select one of the options" in error.content.decode()
    one.post("/exercises/join/session/", {"step": "vote-1", "option": first.pk, "reason": "Safer"})
    one.post("/exercises/join/session/", {"step": "vote-1", "option": second.pk, "reason": "Fairer"})
    two.post("/exercises/join/session/", {"step": "vote-1", "option": second.pk})
    assert "You chose: <strong>" + second.text in one.get("/exercises/join/session/").content.decode()

    tally = facilitator.get(f"/exercises/sessions/{session.pk}/tally.json").json()
    assert tally["state"] == "voting" and tally["stage"] == 1 and tally["total"] == 2
    assert {o["id"]: o["votes"] for o in tally["options"]}[second.pk] == 2
    assert tally["participants"] == 2 and tally["before"] == 2

    session = _advance(facilitator, session)  # reveal
    stale = one.post("/exercises/join/session/", {"step": "vote-1", "option": first.pk})
    assert "the session had moved on" in stale.content.decode().lower()
    assert Vote.objects.get(
        participant__in=Participant.objects.filter(session=session), option=second.pk, reason="Fairer"
    )
    reveal = one.get("/exercises/join/session/").content.decode()
    assert stage.facilitator_notes in reveal
    notes = facilitator.post(
        f"/exercises/sessions/{session.pk}/notes/", {"stage": stage.pk, "notes": "The room was split."}
    )
    assert notes.status_code == 302

    while session.state != SessionState.AFTER:
        session = _advance(facilitator, session)
    after = {"step": "after", "trust": "4", "understanding": "4", "feedback": "Eye-opening"}
    assert one.post("/exercises/join/session/", after).status_code == 302
    two.post("/exercises/join/session/", {"step": "after", "trust": "4", "understanding": "5"})
    session = _advance(facilitator, session)  # closed
    assert session.state == SessionState.CLOSED
    assert "The session has ended" in one.get("/exercises/join/session/").content.decode()
    refused = Client().post("/exercises/join/", {"code": session.code})
    assert "This session has ended, so you cannot join it" in refused.content.decode()

    report = facilitator.get(f"/exercises/sessions/{session.pk}/report/").content.decode()
    # Trust 2 and 4 before (mean 3.00), 4 and 4 after (4.00): +1.00. Understanding 1.50 to 4.50.
    assert re.search(r'data-change="trust">\+1\.00<', report)
    assert re.search(r'data-change="understanding">\+3\.00<', report)
    for text in ("Fairer", "The room was split.", "Eye-opening"):
        assert text in report
    pdf = facilitator.get(f"/exercises/sessions/{session.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_report_numbers(author: Actor, session: ExerciseSession) -> None:
    people = [services.participant_join(code=session.code).participant for _ in range(4)]
    session = services.session_advance(actor=author, session=session)
    for participant, trust in zip(people, (1, 2, 3, 4), strict=True):
        services.questionnaire_answer(
            participant=participant, phase=Phase.BEFORE, trust=trust, understanding=2
        )
    while session.state != SessionState.AFTER:
        session = services.session_advance(actor=author, session=session)
    # The fourth leaves early: only the first three count for the change.
    for participant, trust in zip(people[:3], (3, 3, 5), strict=True):
        services.questionnaire_answer(
            participant=participant, phase=Phase.AFTER, trust=trust, understanding=3
        )
    report = selectors.session_report(session)
    assert (report.participants, report.answered_before, report.answered_after) == (4, 4, 3)
    assert report.change.paired == 3
    assert (report.change.trust_before, report.change.trust_after, report.change.trust_change) == (
        2.0,
        3.67,
        1.67,
    )
    assert report.change.understanding_change == 1.0
    trust = report.distributions[0]
    assert trust.rows[0][1:] == (1, 0) and trust.rows[2][1:] == (1, 2)


def test_without_a_cookie_the_participant_is_asked_for_the_code(client: Client) -> None:
    response = client.get("/exercises/join/session/")
    assert response.status_code == 302 and response["Location"] == "/exercises/join/"
    client.cookies[PARTICIPANT_COOKIE] = "forged"
    assert client.get("/exercises/join/session/")["Location"] == "/exercises/join/"


def test_wrong_codes_are_explained_and_guessing_is_limited(client: Client, session: ExerciseSession) -> None:
    empty = client.post("/exercises/join/", {"code": ""})
    assert "Enter the code shown on the facilitator" in empty.content.decode()
    for _ in range(JOIN_FAILURE_LIMIT):
        wrong = client.post("/exercises/join/", {"code": "AAAA2222"})
        assert "There is no session with that code" in wrong.content.decode()
    locked = client.post("/exercises/join/", {"code": session.code})
    assert "too many times" in locked.content.decode()
    assert not Participant.objects.exists()


def test_participant_pages_work_for_a_signed_in_user_without_the_second_factor(
    world: DemoWorld, session: ExerciseSession
) -> None:
    client = Client()
    client.force_login(world.users_by_role[Role.REFERRER])
    assert client.get("/exercises/join/").status_code == 200


def test_only_facilitators_in_the_area_run_a_session(world: DemoWorld, session: ExerciseSession) -> None:
    referrer = world.memberships_by_role[Role.REFERRER]
    client = sign_in(Client(), referrer.user, referrer)
    assert client.post(f"/exercises/sessions/{session.pk}/advance/").status_code == 403
    assert client.post(f"/exercises/sessions/{session.pk}/notes/").status_code == 403
    session.refresh_from_db()
    assert session.state == SessionState.NOT_STARTED


def test_writing_and_publishing_a_scenario_through_the_pages(world: DemoWorld) -> None:
    client = _facilitator(world)
    response = client.post("/exercises/scenarios/new/", {"title": "Pages scenario", "summary": ""})
    version = ScenarioVersion.objects.get(title="Pages scenario")
    assert response["Location"] == f"/exercises/scenarios/{version.pk}/"
    bad = client.post(f"/exercises/scenarios/{version.pk}/stages/new/", {"options": "Only one"})
    assert "Enter at least 2 options, one on each line" in bad.content.decode()
    client.post(
        f"/exercises/scenarios/{version.pk}/stages/new/",
        {
            "title": "First",
            "narrative": "It happens.",
            "question": "What now?",
            "options": "Yes\nNo\n",
            "facilitator_notes": "The law says.",
        },
    )
    assert version.stages.get().options.count() == 2
    refused = client.post(f"/exercises/scenarios/{version.pk}/review/", {})
    assert "Confirm the scenario does not single out" in refused.content.decode()
    client.post(f"/exercises/scenarios/{version.pk}/review/", {"ideology_neutral": "on"})
    version.refresh_from_db()
    assert version.status == "published"
    assert client.get(f"/exercises/scenarios/{version.pk}/change/").status_code == 403
    new = client.post(f"/exercises/scenarios/{version.pk}/new-version/")
    draft = ScenarioVersion.objects.get(scenario=version.scenario, number=2)
    assert new["Location"] == f"/exercises/scenarios/{draft.pk}/"
    assert client.get(f"/exercises/scenarios/{version.pk}/new-version/").status_code == 405


def test_starting_a_session_through_the_pages(world: DemoWorld, published: ScenarioVersion) -> None:
    client = _facilitator(world)
    form = client.get(f"/exercises/sessions/new/?version={published.pk}")
    assert form.status_code == 200
    errors = client.post("/exercises/sessions/new/", {})
    assert "Select a scenario" in errors.content.decode()
    from cornerstone.geography.models import LocalAuthority

    response = client.post(
        "/exercises/sessions/new/",
        {
            "version": published.pk,
            "local_authority": LocalAuthority.objects.get(code="HAL").pk,
            "venue": "Library",
        },
    )
    session = ExerciseSession.objects.get(venue="Library")
    assert response["Location"] == f"/exercises/sessions/{session.pk}/"
    close = client.post(f"/exercises/sessions/{session.pk}/close/")
    assert close.status_code == 302
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED


def test_outcomes_by_area_and_scenario_with_charts(world: DemoWorld, seeded: DemoWorld) -> None:
    analyst = world.memberships_by_role[Role.ANALYST]
    client = sign_in(Client(), analyst.user, analyst)
    html = client.get("/exercises/outcomes/").content.decode()
    assert "Warrington" in html and "Halton" in html and "The garden centre purchase (demo)" in html
    assert html.count('class="app-chart"') == 4
    rows = selectors.outcomes(Actor.for_membership(analyst))
    assert sum(r.sessions for r in rows["area"]) == ExerciseSession.objects.filter(state="closed").count()
    assert all(r.change.trust_change is not None and r.change.trust_change > 0 for r in rows["area"])


def test_the_facilitator_pages_use_few_queries(
    world: DemoWorld, session: ExerciseSession, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = _facilitator(world)
    for _ in range(30):
        services.participant_join(code=session.code)
    with django_assert_max_num_queries(25):
        client.get(f"/exercises/sessions/{session.pk}/tally.json")


def test_the_phone_can_ask_where_the_session_is(author: Actor, session: ExerciseSession) -> None:
    assert Client().get("/exercises/join/session/state.json").json() == {"state": None, "stage": None}
    phone = _phone(session)
    assert phone.get("/exercises/join/session/state.json").json() == {"state": "not_started", "stage": 0}
    services.session_advance(actor=author, session=session)
    assert phone.get("/exercises/join/session/state.json").json() == {"state": "before", "stage": 0}


def test_scenario_text_is_shown_as_escaped_paragraphs() -> None:
    from cornerstone.exercises.templatetags.exercise_text import govuk_paragraphs

    assert govuk_paragraphs("One <b>\nline\n\n\nTwo") == (
        '<p class="govuk-body">One &lt;b&gt;<br>line</p><p class="govuk-body">Two</p>'
    )
