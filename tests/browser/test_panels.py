"""Channel panels in a real browser, each page checked with axe: the coordinator schedules a
meeting, the agenda shows the listed case, attendance is recorded, and the chair adopts the case
with reasons; the panel member then sees the case on the published agenda."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.panels.tests import helpers as h
from cornerstone.referrals.models import Referral
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listed(world: DemoWorld) -> Referral:
    h.panel(world)
    return referral_at(world, Status.LISTED)


def _date(page: Page, legend: str) -> None:
    today = timezone.localdate()
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))


def test_a_meeting_from_scheduling_to_the_chairs_decision(
    page: Page, world: DemoWorld, listed: Referral
) -> None:
    reference = listed.reference or ""
    sign_in(page, demo_email(Role.CHANNEL_COORDINATOR))
    page.goto("/panels/")
    expect(page.get_by_role("heading", name="Channel panels", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Warrington Channel panel").click()
    expect(page.get_by_role("heading", name="Warrington Channel panel")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a member").click()
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    assert_accessible(page)
    _date(page, "Date of the meeting")
    page.get_by_label("Start time").fill("00:01")
    page.get_by_label("Where").fill("Town Hall")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a case").click()
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()

    page.get_by_role("link", name="Publish the agenda").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Agenda published")

    page.get_by_role("link", name="Record attendance").click()
    chair = world.users_by_role[Role.PANEL_CHAIR]
    page.get_by_label("Panel member (optional)").select_option(
        label=f"{chair.full_name}, Warrington Borough Council (demo) (Channel panel chair)"
    )
    page.get_by_label("Chair", exact=True).check()
    page.get_by_label("Present", exact=True).check()
    page.get_by_role("button", name="Add to the attendance").click()
    expect(page.get_by_role("cell", name=chair.full_name, exact=True)).to_be_visible()
    page.get_by_label("Name (if not a panel member)").fill("DS Jones")
    page.get_by_label("Organisation (if not a panel member)").select_option(
        label="Counter Terrorism Policing North West (demo)"
    )
    page.get_by_label("Police representative").check()
    page.get_by_label("Present", exact=True).check()
    page.get_by_role("button", name="Add to the attendance").click()
    expect(page.get_by_role("cell", name="DS Jones", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_email(Role.PANEL_CHAIR))
    page.goto("/panels/")
    page.get_by_role(
        "link", name=timezone.localtime(timezone.now()).strftime("%-d %B %Y"), exact=False
    ).first.click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the panel's decision")
    assert_accessible(page)
    page.get_by_label("Notes of the discussion").fill("The school's concerns were discussed.")
    page.get_by_role("button", name="Save the notes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Notes saved")
    page.get_by_label("Adopt as a Channel case").check()
    page.get_by_label("Reasons for the decision").fill("Vulnerable to radicalisation and open to support.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect(page.get_by_text("Vulnerable to radicalisation and open to support.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What needs to be done").fill("Share attendance records")
    page.get_by_label("Who owns the action").select_option(
        label=world.users_by_role[Role.PANEL_MEMBER].full_name
    )
    _date(page, "Due date")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("cell", name="Share attendance records", exact=True)).to_be_visible()
    page.get_by_role("link", name="Back to the meeting").click()
    expect(page.get_by_text("Adopt as a Channel case")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_email(Role.PANEL_MEMBER))
    page.goto("/panels/")
    assert_accessible(page)
    page.get_by_role(
        "link", name=timezone.localtime(timezone.now()).strftime("%-d %B %Y"), exact=False
    ).first.click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("The school's concerns were discussed.")).to_be_visible()
    assert_accessible(page)
    page.goto("/panels/actions/")
    expect(page.get_by_role("cell", name="Share attendance records", exact=True)).to_be_visible()
    assert_accessible(page)
