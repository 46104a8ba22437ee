"""The retention review pages in a real browser, checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.records.retention import load_default_rules
from cornerstone.records.tests.builders import pending_review, subject_with_everything
from cornerstone.referrals.reference_data import load_reference_lists
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_protection_officer_reviews_and_deletes(page: Page, world: DemoWorld) -> None:
    load_reference_lists()
    load_default_rules()
    review = pending_review(subject_with_everything(world))
    sign_in(page, demo_email(Role.DATA_PROTECTION_OFFICER))
    page.goto("/records/")
    expect(page.get_by_role("heading", name="Retention reviews", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=f"Review {review.person_reference}").click()
    expect(page.get_by_role("heading", name=review.person_reference, level=1)).to_be_visible()
    assert_accessible(page)

    # Keeping longer without a reason is refused, with the error summary linking to the field.
    page.get_by_label("Keep them longer").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the records must be kept longer")
    assert_accessible(page)

    page.get_by_label("Delete them").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.get_by_text("What was removed")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("DC-")
    assert_accessible(page)

    page.goto("/records/rules/")
    expect(page.get_by_role("heading", name="Retention rules", level=1)).to_be_visible()
    assert_accessible(page)
