"""Assessment pages and framework administration, through the test client."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.assessments import selectors, views
from cornerstone.assessments.demo import seed_demo_assessment
from cornerstone.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentState,
    FactorRating,
    VersionStatus,
)
from cornerstone.assessments.tests.shared_matrices import actor_for, draft_version, gateway_draft
from cornerstone.audit.models import AccessLogEntry
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status


def _client(world: DemoWorld, role: str) -> Client:
    return sign_in(Client(), world.users_by_role[role], world.memberships_by_role[role])


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_only_the_units_police_may_start_a_gateway_assessment(world: DemoWorld) -> None:
    referral = referral_at(world, Status.IN_SCREENING)
    url = f"/assessments/start/{referral.pk}/gateway/"
    for role in Role.values:
        if role in (Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR):
            continue
        assert _client(world, role).post(url).status_code == 403, role
    officer = _client(world, Role.POLICE_PREVENT_OFFICER)
    assert officer.get(url).status_code == 405
    assert officer.post(f"/assessments/start/{referral.pk}/nonsense/").status_code == 404
    response = officer.post(url)
    draft = Assessment.objects.get(referral=referral)
    assert response.status_code == 302 and response["Location"] == f"/assessments/{draft.pk}/edit/"
    # Starting again goes to the draft in progress.
    again = _client(world, Role.POLICE_PREVENT_SUPERVISOR).post(url)
    assert again["Location"] == f"/assessments/{draft.pk}/edit/"
    assert Assessment.objects.filter(referral=referral).count() == 1


def test_starting_at_the_wrong_stage_says_why(world: DemoWorld) -> None:
    referral = referral_at(world, Status.SUBMITTED)
    officer = _client(world, Role.POLICE_PREVENT_OFFICER)
    response = officer.post(
        f"/assessments/start/{referral.pk}/gateway/", {"next": "https://evil.example/"}, follow=True
    )
    assert response.redirect_chain[0][0] == f"/referrals/{referral.pk}/"
    assert "can only be made while the referral is being screened" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_officer_saves_then_completes_a_gateway_assessment(world: DemoWorld) -> None:
    assessment = gateway_draft(world)
    officer = _client(world, Role.POLICE_PREVENT_OFFICER)
    url = f"/assessments/{assessment.pk}/edit/"
    page = officer.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "OFFICIAL-SENSITIVE" in html
    assert "Engagement with a group, cause or ideology" in html and "Capability to cause harm" in html
    assert html.count('type="radio"') == 22 * 4
    factors = [f for d in selectors.version_structure(assessment.version) for f in d.factors.all()]
    data = {f"factor_{f.pk}": "Significant concern" for f in factors}
    data[f"narrative_{factors[0].pk}"] = "Posts about grievance"
    missing = dict(data)
    del missing[f"factor_{factors[1].pk}"]

    # Save and complete with something missing: nothing is saved, the page says what is missing.
    response = officer.post(url, {**missing, "summary": "", "action": "complete"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert f"Choose a rating for \u2018{factors[1].name}\u2019" in body
    assert f'href="#id_factor_{factors[1].pk}_0"' in body
    assert "Enter a summary of the assessment" in body
    assert not FactorRating.objects.filter(assessment=assessment).exists()

    response = officer.post(url, {**missing, "summary": "", "action": "save"})
    assert response.status_code == 302 and response["Location"] == url
    assert FactorRating.objects.filter(assessment=assessment).exclude(rating="").count() == 21
    assert "Posts about grievance" in officer.get(url).content.decode()

    response = officer.post(
        url, {**data, "summary": "Grievance but no intent", "management_plan": "Refer", "action": "complete"}
    )
    assert response.status_code == 302 and response["Location"] == f"/assessments/{assessment.pk}/"
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.COMPLETED
    # Completed: the edit page sends people to the read-only page.
    assert officer.get(url)["Location"] == f"/assessments/{assessment.pk}/"


def test_no_page_adds_ratings_up(world: DemoWorld) -> None:
    referral = referral_at(world, Status.IN_SCREENING)
    assessment = seed_demo_assessment(
        actor=actor_for(world, Role.POLICE_PREVENT_OFFICER), referral=referral, kind="gateway"
    )
    officer = _client(world, Role.POLICE_PREVENT_OFFICER)
    counts = {
        rating: FactorRating.objects.filter(assessment=assessment, rating=rating).count()
        for rating in assessment.version.rating_scale
    }
    for url in (f"/assessments/{assessment.pk}/", f"/referrals/{referral.pk}/"):
        text = _text(officer.get(url).content.decode())
        for word in ("score", "total", "points", "sum of", "out of"):
            assert word not in text.lower(), (url, word)
        for rating, count in counts.items():
            assert f"{rating}: {count}" not in text and f"{count} {rating.lower()}" not in text.lower()
    page = _text(officer.get(f"/assessments/{assessment.pk}/").content.decode())
    assert "Ratings are not added up or combined" in page
    assert "version 1" in page
    admin = _client(world, Role.SYSTEM_ADMINISTRATOR)
    for url in ("/assessments/frameworks/", f"/assessments/frameworks/versions/{assessment.version_id}/"):
        text = _text(admin.get(url).content.decode()).lower()
        assert "score" not in text and "total" not in text


def test_reading_an_assessment_is_logged_and_shows_each_rating(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    assessment = seed_demo_assessment(
        actor=actor_for(world, Role.CHANNEL_COORDINATOR), referral=referral, kind="preliminary"
    )
    chair = _client(world, Role.PANEL_CHAIR)
    response = chair.get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "OFFICIAL-SENSITIVE" in html and f"/channel/{referral.pk}/" in html
    for rating in FactorRating.objects.filter(assessment=assessment):
        assert rating.factor.name in html
    assert "Continue the assessment" not in html  # the chair reads, never edits
    entry = AccessLogEntry.objects.get(object_type="assessments.assessment", object_id=str(assessment.pk))
    assert (
        entry.user == world.users_by_role[Role.PANEL_CHAIR] and entry.path == f"/assessments/{assessment.pk}/"
    )


def test_the_summary_include_shows_status_and_start(world: DemoWorld) -> None:
    referral = referral_at(world, Status.IN_SCREENING)
    officer = actor_for(world, Role.POLICE_PREVENT_OFFICER)
    request = RequestFactory().get(f"/referrals/{referral.pk}/")
    html = render_to_string(
        "assessments/_assessment_summary.html",
        views.assessment_panel(officer, referral, "gateway"),
        request=request,
    )
    assert "Not started" in html and f'action="/assessments/start/{referral.pk}/gateway/"' in html
    assert "csrfmiddlewaretoken" in html
    chair = actor_for(world, Role.PANEL_CHAIR)
    assert "Start the" not in render_to_string(
        "assessments/_assessment_summary.html",
        views.assessment_panel(chair, referral, "gateway"),
        request=request,
    )
    draft = seed_demo_assessment(actor=officer, referral=referral, kind="gateway", complete=False)
    html = render_to_string(
        "assessments/_assessment_summary.html",
        views.assessment_panel(officer, referral, "gateway"),
        request=request,
    )
    assert "In progress" in html and f"/assessments/{draft.pk}/edit/" in html and "Start" not in html
    html = render_to_string(
        "assessments/_assessment_summary.html",
        {"assessment": None, "referral": referral, "kind": AssessmentKind.PRELIMINARY},
        request=request,
    )
    assert "Channel preliminary assessment" in html


# Framework administration ---------------------------------------------------------------------


def test_an_administrator_publishes_a_new_version_without_code(world: DemoWorld) -> None:
    admin = _client(world, Role.SYSTEM_ADMINISTRATOR)
    assert "Engagement, intent and capability" in admin.get("/assessments/frameworks/").content.decode()
    framework_id = selectors.published_version().framework_id  # type: ignore[union-attr]
    response = admin.post(f"/assessments/frameworks/{framework_id}/new-version/")
    draft = draft_version(world)
    assert response["Location"] == f"/assessments/frameworks/versions/{draft.pk}/edit/"
    edit_url = response["Location"]
    page = admin.get(edit_url).content.decode()
    assert "# Intent to cause harm: " in page and "- Criminal history: " in page

    response = admin.post(edit_url, {"rating_scale": "Low\n2", "structure": "# Engagement\nwords\n- A: b"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "Line 2: write the rating in words, not numbers" in body
    assert "Line 2: start the line with # for a dimension or - for a factor" in body

    response = admin.post(
        edit_url,
        {
            "rating_scale": "No concern\nConcern\nNot known",
            "structure": "# Engagement\n- Grievance: anger at a wrong\n# Intent\n- Harmful ends",
        },
    )
    assert response["Location"] == f"/assessments/frameworks/versions/{draft.pk}/"
    assert "Harmful ends" in admin.get(response["Location"]).content.decode()

    publish_url = f"/assessments/frameworks/versions/{draft.pk}/publish/"
    assert "version 1 is replaced" in admin.get(publish_url).content.decode()
    assert (
        "Enter what changed in this version" in admin.post(publish_url, {"change_note": ""}).content.decode()
    )
    response = admin.post(publish_url, {"change_note": "Shorter for testing"})
    assert response["Location"] == "/assessments/frameworks/"
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert selectors.published_version() == draft
    assert admin.get(publish_url)["Location"] == f"/assessments/frameworks/versions/{draft.pk}/"


@pytest.mark.parametrize("role", sorted(set(Role.values) - {Role.SYSTEM_ADMINISTRATOR}))
def test_nobody_else_starts_a_framework_version(role: str, world: DemoWorld) -> None:
    framework_id = selectors.published_version().framework_id  # type: ignore[union-attr]
    assert (
        _client(world, role).post(f"/assessments/frameworks/{framework_id}/new-version/").status_code == 403
    )
