"""Assessment frameworks and assessments in a real browser, each page checked with axe: an
administrator publishes a new framework version; a Prevent officer completes a gateway assessment."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.assessments import selectors, services
from cornerstone.assessments.models import VersionStatus
from cornerstone.assessments.reference_data import load_default_framework
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def framework(world: DemoWorld) -> DemoWorld:
    load_default_framework()  # live-server tests flush what the migration loaded
    return world


def test_an_administrator_publishes_a_new_framework_version(page: Page, framework: DemoWorld) -> None:
    sign_in(page, demo_email(Role.SYSTEM_ADMINISTRATOR))
    page.goto("/assessments/frameworks/")
    expect(page.get_by_role("heading", name="Engagement, intent and capability")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Start a new version").click()
    expect(page.get_by_role("heading", name="Edit draft version 2")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Rating scale").fill("Not present\nSome concern\n3\nNot known")
    structure = page.get_by_label("Dimensions and factors")
    structure.fill(structure.input_value() + "\nA stray line")
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Line 3: write the rating in words, not numbers")
    expect(summary).to_contain_text("start the line with # for a dimension or - for a factor")
    assert_accessible(page)

    page.get_by_label("Rating scale").fill("Not present\nSome concern\nSignificant concern\nNot known")
    structure.fill(
        structure.input_value().replace(
            "\nA stray line", "\n- Online isolation: spends most of their time alone online"
        )
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", name="Version 2")).to_be_visible()
    expect(page.get_by_text("Online isolation")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Publish this version").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish version").click()
    expect(summary).to_contain_text("Enter what changed in this version")
    assert_accessible(page)
    page.get_by_label("What changed in this version").fill("Adds online isolation to capability")
    page.get_by_role("button", name="Publish version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 2 is now in use")
    assert_accessible(page)
    version = selectors.published_version()
    assert version is not None and version.number == 2
    assert version.framework.versions.get(number=1).status == VersionStatus.RETIRED


def test_an_officer_completes_a_gateway_assessment(page: Page, framework: DemoWorld) -> None:
    referral = referral_at(framework, Status.IN_SCREENING)
    officer = Actor.for_membership(framework.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    assessment = services.assessment_start(actor=officer, referral_id=referral.pk, kind="gateway")
    factors = [f for d in selectors.version_structure(assessment.version) for f in d.factors.all()]

    sign_in(page, demo_email(Role.POLICE_PREVENT_OFFICER))
    page.goto(f"/assessments/{assessment.pk}/edit/")
    expect(page.get_by_role("heading", name="Gateway assessment")).to_be_visible()
    assert_accessible(page)
    for factor in factors[1:]:
        page.get_by_role("group", name=factor.name, exact=True).get_by_label("Not known").check()
    page.get_by_label(f"Narrative: {factors[1].name} (optional)").fill("Nothing known yet")
    page.get_by_role("button", name="Save and complete").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(f"Choose a rating for \u2018{factors[0].name}\u2019")
    expect(summary).to_contain_text("Enter a summary of the assessment")
    assert_accessible(page)

    summary.get_by_role(
        "link", name=f"Choose a rating for \u2018{factors[0].name}\u2019", exact=False
    ).click()
    page.get_by_role("group", name=factors[0].name, exact=True).get_by_label("Some concern").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved as a draft")
    page.get_by_label("Summary", exact=True).fill("A sense of grievance; no sign of intent or capability.")
    page.get_by_role("button", name="Save and complete").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Gateway assessment completed")
    expect(page.get_by_text("Ratings are not added up or combined")).to_be_visible()
    expect(page.get_by_text("Nothing known yet")).to_be_visible()
    assert_accessible(page)
    assert selectors.gateway_assessment_completed(referral)
