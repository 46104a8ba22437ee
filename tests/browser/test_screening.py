"""A police Prevent officer screens a referral in a real browser: finds it in the queue, records
receipt and deconfliction, and (the gateway assessment completed) signposts it; then, with the
unit requiring approval, a supervisor returns a proposal and approves the next. Every page is
checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.referrals.models import Referral
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.tests.helpers import submitted
from cornerstone.referrals.workflow import Status
from cornerstone.screening import services
from cornerstone.screening.tests.helpers import complete_gateway, ready_to_decide, require_approval
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lists(world: DemoWorld) -> DemoWorld:
    from cornerstone.assessments.reference_data import load_default_framework

    load_reference_lists()  # the flush between transactional tests removes migration data
    load_default_framework()
    return world


def test_officer_screens_a_referral(page: Page, lists: DemoWorld) -> None:
    referral = submitted(lists.memberships_by_role[Role.REFERRER])
    sign_in(page, demo_email(Role.POLICE_PREVENT_OFFICER))
    page.goto("/referrals/screening/")
    assert_accessible(page)
    page.locator("tr", has_text=referral.reference).get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(referral.reference))
    assert_accessible(page)
    page.get_by_role("button", name="Record receipt").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("now being screened")

    page.get_by_role("button", name="Record deconfliction").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save deconfliction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the outcome of deconfliction")
    assert_accessible(page)
    page.get_by_label("No current counter-terrorism interest").check()
    page.get_by_role("button", name="Save deconfliction").click()
    main = page.locator("main")
    expect(main).to_contain_text(
        "Outcome (counter-terrorism policing only): No current counter-terrorism interest"
    )
    expect(page.locator(".moj-timeline")).to_contain_text("Deconfliction done")
    expect(page.locator(".moj-timeline")).not_to_contain_text("No current counter-terrorism interest")

    complete_gateway(referral, lists.users_by_role[Role.POLICE_PREVENT_OFFICER])
    page.reload()
    assert_accessible(page)
    page.get_by_role("button", name="Make a decision").click()
    page.get_by_label("Signposted to another service").check()
    expect(page.get_by_label("What was passed on to the service")).to_be_visible()
    page.get_by_label("Rationale").fill("Needs family support rather than Prevent.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what was passed on to the service")
    assert_accessible(page)
    page.get_by_label("Name of the service, if it is not in the directory").fill("Warrington Early Help")
    page.get_by_label("What was passed on to the service").fill("The concern and the family's contacts.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect(main).to_contain_text("Needs family support rather than Prevent.")
    expect(page.locator(".moj-timeline")).to_contain_text("signposted to Warrington Early Help")
    assert_accessible(page)
    assert Referral.objects.get(pk=referral.pk).status == Status.CLOSED


def test_supervisor_returns_then_approves(page: Page, lists: DemoWorld) -> None:
    require_approval(lists)
    referral = ready_to_decide(lists)
    sign_in(page, demo_email(Role.POLICE_PREVENT_OFFICER))
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("button", name="Propose a decision").click()
    assert_accessible(page)
    page.get_by_label("Progressed to Channel").check()
    page.get_by_label("Rationale").fill("Vulnerable and engaging with violent material.")
    page.get_by_role("button", name="Propose decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("waiting for a supervisor")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, demo_email(Role.POLICE_PREVENT_SUPERVISOR))
    page.goto("/referrals/screening/?tab=approval")
    assert_accessible(page)
    page.get_by_role("link", name=referral.reference).click()
    page.get_by_role("button", name="Approve or return the decision").click()
    assert_accessible(page)
    page.get_by_label("No, return it to be screened again").check()
    page.get_by_label("Why the decision is returned").fill("Add what the school told you.")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision returned")
    expect(page.locator("main")).to_contain_text("Returned proposals (1)")
    assert_accessible(page)
    # The officer proposes again (a second sign-in within the same minute would reuse the code).
    services.screening_decide(
        actor=Actor.for_membership(lists.memberships_by_role[Role.POLICE_PREVENT_OFFICER]),
        referral_id=referral.pk,
        outcome="progressed",
        rationale="Vulnerable; the school describes escalating behaviour.",
    )
    page.goto(f"/screening/{referral.pk}/approval/")
    expect(page.locator("main")).to_contain_text("the school describes escalating behaviour")
    page.get_by_label("Yes, approve the decision").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision approved")
    assert_accessible(page)
    assert Referral.objects.get(pk=referral.pk).status == Status.WITH_CHANNEL
