"""The subject access register and redaction pages in a real browser, checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.subject_access.models import Redaction
from cornerstone.subject_access.tests import fixtures as fx
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_protection_officer_records_gathers_and_redacts(page: Page, world: DemoWorld) -> None:
    subject = fx.person(given="Alex", family="Browsertest")
    sign_in(page, demo_email(Role.DATA_PROTECTION_OFFICER))
    page.goto("/")
    page.get_by_role("link", name="Subject access").first.click()
    expect(page.get_by_role("heading", name="Subject access requests", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a new request").click()
    page.get_by_label("Person index reference").fill(subject.reference or "")
    page.get_by_label("The person themselves").check()
    page.get_by_label("Name of the person who made the request").fill("Alex Browsertest")
    page.get_by_label("How to contact them").fill("alex@example.org")
    page.get_by_label("How was the requester's identity checked?").fill("Passport seen")
    today = timezone.localdate()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("SAR-")
    assert_accessible(page)

    page.get_by_role("button", name="Start handling this request").click()
    page.get_by_role("button", name="Gather the records").click()
    expect(page.get_by_role("heading", name="Review the records for redaction", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Redact Name").first.click()
    page.get_by_label("Third party's personal data").check()
    page.get_by_label("Explain why").fill("Test redaction")
    page.get_by_role("button", name="Redact").click()
    expect(page.get_by_text("Withheld in the response:")).to_be_visible()
    assert_accessible(page)
    assert Redaction.objects.count() == 1

    page.get_by_role("button", name="Confirm the redaction").click()
    expect(page.get_by_role("link", name="Download the response as JSON (machine-readable)")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the response as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
