"""The local authority's Channel work in a real browser, every page checked with axe: the
coordinator picks up a case and asks a school for information, the school's safeguarding lead
answers it, the coordinator lists the case and later records consent."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.channel.tests.factories import complete_preliminary_assessment
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.referrals.models import Referral
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page: Page, legend: str) -> None:
    today = timezone.localdate()
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))


def test_a_case_from_pick_up_to_consent(page: Page, browser: Browser, live_server, world: DemoWorld) -> None:  # type: ignore[no-untyped-def]
    referral = referral_at(world, Status.WITH_CHANNEL)
    reference = str(referral.reference)

    # The coordinator picks the case up from the list.
    sign_in(page, demo_email(Role.CHANNEL_COORDINATOR))
    page.goto("/channel/")
    expect(page.get_by_role("link", name="Waiting for pick-up (1)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Pick up the case").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("information gathering has started")

    # ... and asks the school a question, getting the date wrong first.
    page.get_by_role("link", name="Send an information request").click()
    assert_accessible(page)
    page.get_by_label("Partner organisation").select_option(label="Riverside Academy (demo)")
    page.get_by_label("Question").fill("Is Sam attending regularly, and has anything changed recently?")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date to answer by")
    assert_accessible(page)
    _date(page, "Answer by")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Information request sent to Riverside"
    )
    expect(page.get_by_text("Waiting for an answer")).to_be_visible()
    assert_accessible(page)

    # The school's safeguarding lead answers it, seeing only the question and who it is about.
    lead_context = browser.new_context(base_url=live_server.url)
    lead = lead_context.new_page()
    sign_in(lead, demo_email(Role.SAFEGUARDING_LEAD))
    lead.goto("/channel/information-requests/")
    expect(lead.get_by_text("Waiting for your answer")).to_be_visible()
    assert_accessible(lead)
    lead.get_by_role("link", name=reference).click()
    expect(lead.get_by_text("Is Sam attending regularly")).to_be_visible()
    expect(lead.get_by_text("Sam Taylor")).to_be_visible()
    assert_accessible(lead)
    lead.get_by_role("button", name="Send answer").click()
    expect(lead.locator(".govuk-error-summary")).to_contain_text("Enter your answer")
    assert_accessible(lead)
    lead.get_by_label("Your answer").fill("Attendance is 95%. No change noticed.")
    lead.get_by_role("button", name="Send answer").click()
    expect(lead.locator(".govuk-notification-banner")).to_contain_text("Your answer has been sent")
    expect(lead.get_by_text("Answered", exact=True)).to_be_visible()
    assert_accessible(lead)
    lead_context.close()

    # The coordinator sees the answer, lists the case once the assessment is done.
    complete_preliminary_assessment(world, referral)
    page.reload()
    expect(page.get_by_text("Answered", exact=True)).to_be_visible()
    page.get_by_role("link", name="List for a panel").click()
    assert_accessible(page)
    page.get_by_role("button", name="List for a panel").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("goes on the next panel agenda")

    # The panel adopts it (the panels app's work), and the coordinator records consent.
    Referral.objects.filter(pk=referral.pk).update(status=Status.AWAITING_CONSENT)
    page.reload()
    page.get_by_role("link", name="Record the consent decision").click()
    assert_accessible(page)
    page.get_by_label("Given", exact=True).check()
    _date(page, "Date of the decision")
    page.get_by_label("In person").check()
    page.get_by_label("Name of the person with parental responsibility").fill("Alex Taylor")
    page.get_by_label("Their relationship to the child").fill("Mother")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Record the child's own view")
    assert_accessible(page)
    page.get_by_label("The child's own view").fill("Sam is willing to meet a mentor")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Consent given recorded")
    expect(page.get_by_role("heading", name="Consent given", level=3)).to_be_visible()
    assert_accessible(page)
