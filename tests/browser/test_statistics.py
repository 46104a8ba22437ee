"""The national return page in a real browser, checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.statistics.tests.fixtures import make_referrals
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_chooses_a_year_and_reads_the_return(page: Page, world: DemoWorld) -> None:
    load_reference_lists()
    make_referrals(world)
    sign_in(page, demo_email(Role.ANALYST))
    page.goto("/")
    page.get_by_role("link", name="Statistics").first.click()
    expect(page.get_by_role("heading", name="National return", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Financial year").select_option("2025-26")
    page.get_by_label("Area").select_option(label="Warrington (local authority)")
    page.get_by_role("button", name="Show the return").click()
    expect(page.get_by_role("heading", name="Warrington, 2025-26")).to_be_visible()
    expect(page.locator("#table-referrals-by-sector")).to_contain_text("[c]")
    expect(page.locator("#disclosure-note")).to_contain_text("suppressed")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "national-return-2025-26-la-WRT.csv"
