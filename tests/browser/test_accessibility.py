"""axe-core finds no WCAG 2.2 A/AA violation on any page each demo role can reach: the test
signs in as each role and follows every link it can, then checks the public and error pages."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Page

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Links that end the session (sign-out is a form, but keep the crawl away from these anyway).
NOT_CRAWLED = ("/sign-out", "/static/", "/set-password/")
MAX_PAGES_PER_ROLE = 40


def crawl(page: Page, start: str) -> list[str]:
    """Visit every same-site page reachable by links from ``start``; check each with axe."""
    origin = None
    queue, seen = [start], {start}
    visited = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        response = page.goto(path)
        origin = origin or urlsplit(page.url)
        assert response is not None and response.status < 400, (
            f"{path} answered {response and response.status}"
        )
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # a machine-readable document (the API's schema), not a page
        assert_accessible(page)
        visited.append(path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlsplit(urljoin(page.url, href))
            if target.netloc != origin.netloc or target.path.startswith(NOT_CRAWLED):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited


@pytest.mark.parametrize("role", sorted(Role.values))
def test_every_page_a_role_can_reach_is_accessible(page: Page, world: DemoWorld, role: str) -> None:
    sign_in(page, demo_email(role))
    visited = crawl(page, "/")
    assert "/" in visited and "/account/" in visited


def test_public_pages_are_accessible(page: Page, world: DemoWorld) -> None:
    visited = crawl(page, "/sign-in/")
    assert {"/sign-in/", "/accessibility/", "/privacy/", "/cookies/", "/password-reset/"} <= set(visited)


def test_error_pages_and_error_states_are_accessible(page: Page, world: DemoWorld) -> None:
    page.goto("/no-such-page/")
    assert_accessible(page)
    page.goto("/sign-in/")
    page.get_by_role("button", name="Continue").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    sign_in(page, demo_email(Role.REFERRER))
    response = page.goto("/users/")
    assert response is not None and response.status == 403
    assert_accessible(page)
