"""The engagement log in a real browser, each page checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld, demo_email
from cornerstone.engagement.demo import seed_demo_engagement
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(world: DemoWorld) -> DemoWorld:
    seed_demo_engagement(world, seed=DEMO_SEED)
    return world


def _date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_an_officer_records_acts_on_and_publishes_an_engagement(page: Page, seeded: DemoWorld) -> None:
    today = timezone.localdate()
    sign_in(page, demo_email(Role.COMMUNITY_ENGAGEMENT_OFFICER))
    page.goto("/engagement/")
    expect(page.get_by_role("heading", name="30 engagements")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record an engagement").click()
    page.get_by_label("Name of the engagement").fill("Latchford mosque open evening (test)")
    page.get_by_label("Faith forum").check()
    _date(page, "Date of the engagement", today.day, today.month, today.year)
    page.get_by_label("Where it took place").fill("Latchford Community Centre")
    page.get_by_label("Area", exact=True).select_option(label="Warrington")
    page.get_by_label("Warrington Community Forum (demo)").check()
    page.get_by_label("Number of people who came").fill("12")
    page.get_by_label("Under 18 (optional)").fill("20")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select at least one theme that was raised")
    expect(page).to_have_title("Error: Record an engagement \u2013 Cornerstone")
    assert_accessible(page)
    summary.get_by_role("link", name="Select at least one theme that was raised").click()

    page.get_by_label("Safety of places of worship").check()
    page.get_by_role("button", name="Save").click()
    expect(summary).to_contain_text("The age bands add up to 20, which is more than the 12 people who came")
    assert_accessible(page)
    page.get_by_label("Under 18 (optional)").fill("4")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Latchford mosque open evening (test)")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    assert_accessible(page)

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What people said or asked for").fill(
        "Worshippers feel unsafe walking home after evening prayers."
    )
    page.get_by_label("What was agreed").fill("Add the route to evening patrols.")
    page.get_by_label("Role or organisation that owns the action").fill(
        "Warrington neighbourhood policing team"
    )
    _date(page, "Due date", today.day, today.month, today.year)
    page.get_by_role("button", name="Add action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Action added")
    assert_accessible(page)

    page.get_by_role("link", name="Record what was done").click()
    assert_accessible(page)
    page.get_by_label("What was done").fill("Officers patrol the route every evening during prayers.")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-summary-card").get_by_text("Done", exact=True)).to_be_visible()

    page.get_by_role("link", name="Publish a public summary").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the summary to publish")
    assert_accessible(page)
    page.get_by_label("Public summary").fill("We met worshippers in Latchford to talk about their safety.")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Summary published")

    # The public page, signed out.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/engagement/you-said-we-did/")
    expect(page.get_by_role("heading", name="You said, we did", level=1)).to_be_visible()
    page.get_by_label("Show one area").select_option(label="Warrington")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Latchford mosque open evening (test)")).to_be_visible()
    expect(page.get_by_text("Officers patrol the route every evening during prayers.")).to_be_visible()
    expect(page.get_by_role("heading", name="Halton", level=2)).to_have_count(0)
    expect(page.get_by_role("heading", name="Warrington", level=2)).to_be_visible()
    assert_accessible(page)


def test_a_force_prevent_lead_filters_the_log_and_reads_the_dashboard(page: Page, seeded: DemoWorld) -> None:
    sign_in(page, demo_email(Role.FORCE_PREVENT_LEAD))
    page.goto("/engagement/")
    page.get_by_label("Area").select_option(label="Halton")
    page.get_by_label("Type of engagement").select_option(label="Faith forum")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("#engagements tbody tr")
    expect(rows.first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "Halton" in text and "Faith forum" in text
    assert_accessible(page)

    page.get_by_role("group", name="From").get_by_label("Day").fill("31")
    page.get_by_role("group", name="From").get_by_label("Month").fill("2")
    page.get_by_role("group", name="From").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("From must be a real date")
    assert_accessible(page)
    page.get_by_role("link", name="Clear filters").click()

    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet (ODS)").click()
    assert download.value.suggested_filename.endswith(".ods")

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Engagement dashboard")).to_be_visible()
    for title in (
        "Engagements by area",
        "Engagements by type",
        "Engagements by theme raised",
        "Engagements by month",
    ):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("svg.app-chart__svg")).to_have_count(4)
    assert_accessible(page)
    page.get_by_label("Quarter").check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Engagements by quarter")).to_be_visible()
    assert_accessible(page)
