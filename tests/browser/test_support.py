"""Support plans and notifications in a real browser, each page checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.referrals.models import Referral
from cornerstone.support.tests.factories import approved_mentoring, in_support, mentoring
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(world: DemoWorld) -> Referral:
    approved_mentoring(world)
    return in_support(world, given="Robin", family="Ashdown")


def _sign_out(page: Page) -> None:
    page.context.clear_cookies()


def test_coordinator_adds_provider_logs_and_drift_shows(page: Page, world: DemoWorld, case: Referral) -> None:
    # A drifting intervention on another case: started 60 days ago, nothing delivered.
    mentoring(
        world,
        in_support(world, given="Kit", family="Marlowe"),
        starts_on=timezone.localdate() - dt.timedelta(days=60),
    )

    sign_in(page, demo_email(Role.CHANNEL_COORDINATOR))
    page.goto(f"/support/case/{case.pk}/interventions/new/")
    expect(page.get_by_role("heading", name="Add an intervention")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the type of intervention")
    assert_accessible(page)
    page.get_by_label("Ideological or theological mentoring").check()
    page.get_by_label("Provider organisation").select_option(label="Bridgeway Mentoring (demo)")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Bridgeway Mentoring (demo)")).to_be_visible()
    page.get_by_role("button", name="Add intervention").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who owns the intervention")
    assert_accessible(page)
    provider = world.users_by_role[Role.INTERVENTION_PROVIDER]
    page.get_by_label("Owner").select_option(label=provider.full_name)
    page.get_by_label("Planned frequency, in days").fill("7")
    today = timezone.localdate() - dt.timedelta(days=7)
    start = page.get_by_role("group", name="Start date")
    start.get_by_label("Day", exact=True).fill(str(today.day))
    start.get_by_label("Month", exact=True).fill(str(today.month))
    start.get_by_label("Year", exact=True).fill(str(today.year))
    page.get_by_role("button", name="Add intervention").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added to the support plan")
    expect(page.get_by_role("heading", name="Ideological or theological mentoring")).to_be_visible()
    assert_accessible(page)

    # The overdue page shows the drifting one, loudly.
    page.goto("/support/overdue/")
    tag = page.locator(".govuk-tag--red")
    expect(tag).to_have_count(1)
    expect(tag).to_contain_text("Overdue: no session delivered since the start on")
    assert_accessible(page)
    page.goto("/notifications/")
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    # The provider sees the case (and only what they need) and logs a session.
    sign_in(page, demo_email(Role.INTERVENTION_PROVIDER))
    page.goto("/support/")
    expect(page.get_by_role("cell", name="Robin Ashdown")).to_be_visible()
    expect(page.get_by_text("extreme right wing")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=case.reference or "").click()
    assert_accessible(page)
    held = page.get_by_role("group", name="Date of the session")
    held.get_by_label("Day", exact=True).fill(str(timezone.localdate().day))
    held.get_by_label("Month", exact=True).fill(str(timezone.localdate().month))
    held.get_by_label("Year", exact=True).fill(str(timezone.localdate().year))
    page.get_by_label("Delivered").check()
    page.get_by_label("Note (optional)").fill("First meeting at the library")
    page.get_by_role("button", name="Log session").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Session logged")
    expect(page.get_by_role("cell", name="First meeting at the library")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="End the intervention").click()
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Change the intervention").click()
    assert_accessible(page)
