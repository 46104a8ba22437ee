"""The oversight dashboard in a real browser, checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.statistics.tests.oversight_fixtures import build
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_force_lead_reads_the_dashboard_of_one_authority(page: Page, world: DemoWorld) -> None:
    load_reference_lists()
    build(world)
    sign_in(page, demo_email(Role.FORCE_PREVENT_LEAD))
    page.goto("/")
    page.get_by_role("link", name="Oversight").click()
    expect(page.get_by_role("heading", name="Oversight", level=1)).to_be_visible()
    expect(page.locator("#table-journey-funnel")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Financial year").select_option("2025-26")
    page.get_by_label("Area").select_option(label="Warrington (local authority)")
    page.get_by_role("button", name="Show the dashboard").click()
    expect(page.get_by_role("heading", name="Warrington (local authority), 2025-26")).to_be_visible()
    expect(page.locator("#table-journey-funnel")).to_contain_text("[c]")
    expect(page.locator("#disclosure-note")).to_contain_text("suppressed")
    expect(page.locator("body")).not_to_contain_text("OVS-")
    # Only the nearer of the two nested sections is marked as the current page.
    expect(page.locator("[aria-current=page]")).to_have_count(1)
    assert_accessible(page)
