"""The onward-disclosure register in a real browser, every page checked with axe: the Channel
coordinator records information shared outside the partnership from the case page (getting it
wrong first), it appears on the timeline, and their authority's data protection officer finds it
on the register and downloads it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from cornerstone.accounts.models import Membership, User
from cornerstone.accounts.roles import Role
from cornerstone.audit.tests import disclosure_fixtures as fx
from cornerstone.demo.generator import DEMO_PASSWORD, DemoWorld, demo_email
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _warrington_dpo(world: DemoWorld) -> str:
    user = User.objects.create_user(
        email="dpo.warrington@example.org", full_name="Dee Protection", password=DEMO_PASSWORD
    )
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    Membership.objects.create(
        user=user, organisation=world.organisations["warrington"], role=Role.DATA_PROTECTION_OFFICER
    )
    return user.email


def test_a_disclosure_is_recorded_and_found_on_the_register(page: Page, world: DemoWorld) -> None:
    referral = fx.case(world)
    reference = str(referral.reference)
    fx.agreement(world)
    dpo_email = _warrington_dpo(world)

    sign_in(page, demo_email(Role.CHANNEL_COORDINATOR))
    page.goto(f"/channel/{referral.pk}/")
    page.get_by_role("link", name="Record information shared outside the partnership").click()
    expect(
        page.get_by_role("heading", name="Record information shared outside the partnership")
    ).to_be_visible()
    assert_accessible(page)

    # Public task needs an agreement: leaving it out is refused, in plain English.
    page.get_by_label("Organisation it was shared with").fill("Warrington Housing Association")
    page.get_by_label("Who received it").fill("Pat Lee, housing options, 01632 960 555")
    page.get_by_role("radio", name="Public task (UK GDPR Article 6(1)(e))").check()
    page.get_by_label("What was shared").fill("Name, date of birth and the housing concern")
    today = timezone.localdate()
    group = page.get_by_role("group", name="Date it was shared")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Why it was necessary").fill("To find emergency accommodation")
    page.get_by_role("button", name="Record the disclosure").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the information sharing agreement")
    assert_accessible(page)

    page.get_by_label("Information sharing agreement").select_option(label=str(fx.agreement(world)))
    page.get_by_role("button", name="Record the disclosure").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Disclosure to Warrington Housing Association recorded"
    )
    timeline = page.locator(".moj-timeline")
    expect(timeline).to_contain_text("Information shared outside the partnership")
    expect(timeline).to_contain_text(fx.AGREEMENT_REFERENCE)
    expect(timeline).not_to_contain_text("housing concern")

    # The authority's data protection officer finds it on the register.
    page.context.clear_cookies()
    sign_in(page, dpo_email)
    page.goto("/")
    page.get_by_role("link", name="Disclosures").first.click()
    expect(page.get_by_role("heading", name="Onward-disclosure register", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Recipient").fill("housing")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="1 disclosure")).to_be_visible()
    expect(page.locator("table")).to_contain_text(reference)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename.startswith("onward-disclosures-")

    page.get_by_role("link", name="Information sharing agreements").click()
    expect(page.get_by_role("cell", name=fx.AGREEMENT_REFERENCE, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Add an agreement").click()
    expect(page.get_by_role("heading", name="Add an information sharing agreement")).to_be_visible()
    assert_accessible(page)
