"""A tabletop exercise in real browsers: a facilitator's screen and two participants' phones, one
of them with JavaScript switched off. Every page is checked with axe."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld, demo_email
from cornerstone.exercises.demo import seed_demo_exercises
from cornerstone.exercises.models import ExerciseSession, Vote
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 640}
TRUST = "How much do you trust the police to make fair decisions about counter-terrorism?"
UNDERSTANDING = "How well do you understand how counter-terrorism decisions are made?"


@pytest.fixture
def seeded(world: DemoWorld) -> DemoWorld:
    seed_demo_exercises(world, seed=DEMO_SEED)
    return world


@pytest.fixture
def phones(browser: Browser, live_server) -> Iterator[tuple[Page, Page, Page]]:  # type: ignore[no-untyped-def]
    """A phone with JavaScript, a phone without, and a page to run axe on the second's pages
    (axe is a script, so it cannot run where scripts are switched off)."""
    contexts: list[BrowserContext] = [
        browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True),
        browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False),
        browser.new_context(base_url=live_server.url, viewport=PHONE),
    ]
    pages = []
    for context in contexts:
        context.set_default_timeout(10_000)
        pages.append(context.new_page())
    yield pages[0], pages[1], pages[2]
    for context in contexts:
        context.close()


def _accessible(phone: Page, checker: Page) -> None:
    """axe on the page as the phone shows it; for a phone without JavaScript, on a copy of its
    page in a page that may run scripts."""
    if not _scripts_on(phone):
        if checker.url == "about:blank":
            checker.goto("/accessibility/")  # the same origin, so the copy gets the stylesheets
        checker.set_content(phone.content())
        assert_accessible(checker)
    else:
        assert_accessible(phone)


def _scripts_on(phone: Page) -> bool:
    return "js-enabled" in (phone.locator("body").get_attribute("class") or "")


def _answer(phone: Page, trust: str, understanding: str, feedback: str = "") -> None:
    phone.get_by_role("group", name=TRUST).get_by_label(trust).check()
    phone.get_by_role("group", name=UNDERSTANDING).get_by_label(understanding).check()
    if feedback:
        phone.get_by_label("Anything else you would like to tell us").fill(feedback)
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Your answer has been saved.")).to_be_visible()


def _next_step(phone: Page) -> None:
    phone.get_by_role("link", name="Check for the next step").click()


def test_a_session_with_a_facilitator_and_two_phones(
    page: Page, phones: tuple[Page, Page, Page], seeded: DemoWorld
) -> None:
    with_js, without_js, checker = phones
    sign_in(page, demo_email(Role.COMMUNITY_ENGAGEMENT_OFFICER))
    page.goto("/exercises/")
    expect(page.get_by_role("heading", name="Tabletop exercises")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Start a session").click()
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a scenario")
    assert_accessible(page)
    page.get_by_label("The group chat (demo) (version 1)").check()
    page.get_by_label("Area").select_option(label="Warrington")
    page.get_by_label("Where it is held").fill("Browser test hall")
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_role("heading", name="The group chat (demo)")).to_be_visible()
    expect(page.locator(".app-qr svg")).to_be_visible()
    assert_accessible(page)
    code = page.locator(".app-join-code").inner_text().replace(" ", "")
    session = ExerciseSession.objects.get(venue="Browser test hall")
    assert code == session.code

    for phone in (with_js, without_js):
        phone.goto("/exercises/join/")
        _accessible(phone, checker)
        phone.get_by_label("Code").fill("WRONG123")
        phone.get_by_role("button", name="Join").click()
        expect(phone.locator(".govuk-error-summary")).to_contain_text("There is no session with that code")
        _accessible(phone, checker)
        phone.get_by_label("Code").fill(code.lower())
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_role("heading", name="Before we start")).to_be_visible()
        _accessible(phone, checker)
    # The page's own counts follow the room without a reload.
    expect(page.locator('[data-count="participants"]')).to_have_text("2", timeout=2_000)

    _answer(with_js, "2: A little", "1: Not at all")
    _answer(without_js, "4: A lot", "2: A little")
    _accessible(without_js, checker)
    page.get_by_role("button", name="Start: ask the before questions").click()
    page.get_by_role("button", name="Start stage 1").click()
    # The phone with JavaScript says so, without reloading; the other relies on the link.
    expect(with_js.locator("#next-step-status")).to_have_text(
        'The facilitator has moved on. Select "Check for the next step" to carry on.', timeout=5_000
    )
    expect(page.get_by_role("heading", name="Stage 1: A teacher notices")).to_be_visible()
    assert_accessible(page)

    for phone, choice in (
        (with_js, "Tell the school's designated safeguarding lead"),
        (without_js, "Call the police straight away"),
    ):
        _next_step(phone)
        expect(phone.get_by_role("heading", name="Stage 1: A teacher notices")).to_be_visible()
        _accessible(phone, checker)
        phone.get_by_label(choice).check()
        phone.get_by_label("Why? (optional)").fill(f"Reason for {choice}")
        phone.get_by_role("button", name="Send my answer").click()
        expect(phone.get_by_text("Your answer has been saved.")).to_be_visible()
        sent = time.monotonic()
        option = Vote.objects.get(session=session, option__text=choice).option_id
        # The facilitator's tally shows it, without a reload, within 2 seconds.
        expect(page.locator(f'[data-option-votes="{option}"]')).to_have_text("1", timeout=2_000)
        assert time.monotonic() - sent < 2.0
    expect(page.locator("#tally-status")).to_have_text("2 votes so far.")
    assert_accessible(page)

    # Changing a vote replaces it.
    without_js.get_by_label("Tell the school's designated safeguarding lead").check()
    without_js.get_by_role("button", name="Change my answer").click()
    expect(
        without_js.get_by_text("You chose: Tell the school's designated safeguarding lead")
    ).to_be_visible()
    lead = Vote.objects.filter(session=session).first().option_id  # type: ignore[union-attr]
    expect(page.locator(f'[data-option-votes="{lead}"]')).to_have_text("2", timeout=2_000)
    assert Vote.objects.filter(session=session).count() == 2

    page.get_by_role("button", name="Close voting and show what happens in practice").click()
    expect(page.get_by_role("heading", name="What the law and actual practice are")).to_be_visible()
    page.get_by_label("Notes of the debate").fill("Most would go to the safeguarding lead first.")
    page.get_by_role("button", name="Save notes").click()
    expect(page.get_by_text("Notes of the debate on stage 1 saved.")).to_be_visible()
    assert_accessible(page)
    _next_step(without_js)
    expect(without_js.get_by_role("heading", name="What the law and actual practice are")).to_be_visible()
    _accessible(without_js, checker)

    for _stage in range(3):
        page.get_by_role("button", name="Go to the next stage").click()
        page.get_by_role("button", name="Close voting and show what happens in practice").click()
    page.get_by_role("button", name="Finish: ask the after questions").click()

    _next_step(with_js)
    expect(with_js.get_by_role("heading", name="After the exercise")).to_be_visible()
    _accessible(with_js, checker)
    _answer(with_js, "4: A lot", "4: Well", feedback="Eye-opening, thank you.")
    _next_step(without_js)
    _answer(without_js, "4: A lot", "5: Very well")
    expect(page.locator('[data-count="after"]')).to_have_text("2", timeout=2_000)

    page.get_by_role("button", name="Close the session").click()
    expect(page.get_by_text("The session is closed. Nobody can join or answer any more.")).to_be_visible()
    assert_accessible(page)
    _next_step(with_js)
    expect(with_js.get_by_role("heading", name="The session has ended")).to_be_visible()
    _accessible(with_js, checker)
    without_js.goto(f"/exercises/join/?code={code}")
    without_js.get_by_role("button", name="Join").click()
    expect(without_js.locator(".govuk-error-summary")).to_contain_text(
        "This session has ended, so you cannot join it"
    )

    page.get_by_role("link", name="Read the session report").click()
    expect(page.get_by_role("heading", name="The group chat (demo)")).to_be_visible()
    # Trust 2 and 4 before, 4 and 4 after: a mean change of +1.00; understanding 1.50 to 4.50.
    expect(page.locator('[data-change="trust"]')).to_have_text("+1.00")
    expect(page.locator('[data-change="understanding"]')).to_have_text("+3.00")
    expect(page.get_by_text("Most would go to the safeguarding lead first.")).to_be_visible()
    expect(page.get_by_text("Eye-opening, thank you.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this report (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_outcomes_and_the_scenario_library(page: Page, seeded: DemoWorld) -> None:
    sign_in(page, demo_email(Role.FORCE_PREVENT_LEAD))
    page.goto("/exercises/")
    page.get_by_role("link", name="Outcomes across sessions").click()
    expect(page.get_by_role("heading", name="Outcomes of tabletop exercises")).to_be_visible()
    expect(page.locator("figure.app-chart")).to_have_count(4)
    assert_accessible(page)
    page.goto("/exercises/")
    page.get_by_role("link", name="The garden centre purchase (demo)", exact=True).click()
    expect(page.get_by_role("heading", name="Stage 1: A suspicious purchase")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start a new version").click()
    expect(page.get_by_text("started as a draft")).to_be_visible()
    page.get_by_role("link", name="Change stage 1").click()
    page.get_by_label("Options").fill("Only one")
    page.get_by_role("button", name="Save stage").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter at least 2 options")
    assert_accessible(page)
    page.get_by_role("link", name="Back to The garden centre purchase (demo)").click()
    page.get_by_role("link", name="Review and publish").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the scenario does not single out")
    page.get_by_label("I confirm this scenario is fictional and ideology-neutral").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Version 2 of The garden centre purchase (demo) is published.")).to_be_visible()
    assert_accessible(page)
