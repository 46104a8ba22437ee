"""Partners and services, contacts and guidance in a real browser, each page checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld, demo_email
from cornerstone.guidance.demo import seed_demo_guidance
from cornerstone.partners.demo import STALE_SERVICE, seed_demo_directory
from cornerstone.partners.models import PartnerService
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(world: DemoWorld) -> DemoWorld:
    seed_demo_directory(world, seed=DEMO_SEED)
    seed_demo_guidance(world, seed=DEMO_SEED)
    return world


def test_a_coordinator_adds_and_confirms_a_service(page: Page, seeded: DemoWorld) -> None:
    sign_in(page, demo_email(Role.CHANNEL_COORDINATOR))
    page.goto("/")
    link = page.get_by_role("link", name="1 directory entry needs checking")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("link", name=STALE_SERVICE)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a service").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the service")
    assert_accessible(page)

    page.get_by_label("Name of the service").fill("Warrington boxing club (test)")
    page.get_by_label("Organisation that runs it").fill("Warrington Sports Trust (test)")
    page.get_by_label("Diversionary activity (sport, youth work)").check()
    page.get_by_label("What the service offers").fill("Boxing training twice a week, with a youth worker.")
    page.get_by_label("Minimum age (optional)").fill("18")
    page.get_by_label("Maximum age (optional)").fill("12")
    page.get_by_label("Warrington").check()
    page.get_by_label("How to refer").fill("Phone the coach.")
    page.get_by_label("Open to referrals").check()
    page.get_by_label("Contact email address (optional)").fill("coach@")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Minimum age must be the same as or lower than the maximum age")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    assert_accessible(page)

    page.get_by_label("Minimum age (optional)").fill("12")
    page.get_by_label("Maximum age (optional)").fill("18")
    page.get_by_label("Contact email address (optional)").fill("coach@example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Warrington boxing club (test)")).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added to the directory")
    assert_accessible(page)

    stale = PartnerService.objects.get(name=STALE_SERVICE)
    page.goto(f"/partners/services/{stale.pk}/")
    expect(page.get_by_text("Nobody has confirmed this entry is current")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Confirm still current").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm still current").click()
    expect(page.get_by_text("confirmed as current")).to_be_visible()
    expect(page.get_by_text("Nobody has confirmed this entry is current")).to_have_count(0)
    page.goto("/")
    expect(page.get_by_text("Nothing is waiting for you")).to_be_visible()


def test_a_referrer_filters_the_directory(page: Page, seeded: DemoWorld) -> None:
    sign_in(page, demo_email(Role.REFERRER))
    page.goto("/")
    page.get_by_role("link", name="Partners and services").first.click()
    expect(page.get_by_role("heading", name="12 services")).to_be_visible()
    expect(page.get_by_role("link", name="Add a service")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Age of the person").fill("15")
    page.get_by_label("Area served").select_option(label="Halton")
    page.get_by_label("Diversionary activity (sport, youth work)").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 service", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Riverside youth club")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Age of the person").fill("fifteen")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Age of the person must be a whole number")
    assert_accessible(page)

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Search").fill("football")
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name="Kick Off football nights").click()
    expect(page.get_by_text("How to refer")).to_be_visible()
    assert_accessible(page)

    page.goto("/partners/intervention-providers/")
    expect(page.get_by_role("link", name="Bridgeway Mentoring (demo)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bridgeway Mentoring (demo)").click()
    expect(page.get_by_text("Ideological mentoring")).to_be_visible()
    assert_accessible(page)

    page.goto("/guidance/advice/")
    expect(page.get_by_text("Jo Whitfield (demo)")).to_be_visible()
    assert_accessible(page)
    page.goto("/guidance/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Making a Prevent referral")).click()
    assert download.value.suggested_filename.endswith("v1.1.pdf")


def test_the_public_pages(page: Page, seeded: DemoWorld) -> None:
    page.goto("/sign-in/")
    page.get_by_role("link", name="About Prevent").click()
    expect(page.get_by_role("heading", name="About Prevent", level=1)).to_be_visible()
    expect(page.locator(".app-classification-banner").first).to_contain_text("OFFICIAL")
    assert_accessible(page)
    for name in (
        "What Prevent is",
        "What happens after a referral",
        "Support is your choice",
        "Your data and your rights",
    ):
        page.goto("/about-prevent/")
        page.locator("main").get_by_role("link", name=name).first.click()
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
        assert_accessible(page)
    expect(page.get_by_text("Information Commissioner's Office")).to_be_visible()


def test_a_force_prevent_lead_uploads_a_new_version(page: Page, seeded: DemoWorld, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.guidance.demo import minimal_pdf

    sign_in(page, demo_email(Role.FORCE_PREVENT_LEAD))
    page.goto("/guidance/")
    page.get_by_role("link", name=re.compile("All versions of Channel panel")).click()
    page.get_by_role("link", name="Upload a new version").click()
    bad = tmp_path / "terms.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    page.get_by_label("Version").fill("2.1")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The selected file is not a real PDF file")
    assert_accessible(page)
    good = tmp_path / "terms-2-1.pdf"
    good.write_bytes(minimal_pdf(["Terms, version 2.1"]))
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("Version 2.1 of")).to_be_visible()
    assert_accessible(page)
