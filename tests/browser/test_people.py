"""The person index in a real browser: a police Prevent officer searches, opens a record and
decides a possible match; every page passes axe."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.people.models import Person
from cornerstone.people.services import person_create
from cornerstone.people.types import PersonDetails
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOB = dt.date(2008, 11, 2)


def test_an_officer_searches_and_decides_a_possible_match(page: Page, world: DemoWorld) -> None:
    system = Actor.system("tests")
    known = person_create(
        actor=system,
        details=PersonDetails("Robert", "Nash", date_of_birth=DOB, postcode="WA1 1AA"),
        source="tests",
    )
    new = person_create(
        actor=system,
        details=PersonDetails("Bob", "Nash", date_of_birth=DOB, postcode="WA1 1AA"),
        source="tests",
    )
    sign_in(page, demo_email(Role.POLICE_PREVENT_OFFICER))
    expect(page.locator("main")).to_contain_text("1 possible match in the person index to decide")

    page.get_by_role("link", name="People").click()
    assert_accessible(page)
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a name, date of birth, postcode or identifier"
    )
    assert_accessible(page)
    page.get_by_label("Family name").fill("Nash")
    page.get_by_label("Postcode").fill("wa1 1aa")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("2 possible records")
    assert_accessible(page)
    page.get_by_role("link", name=known.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(known.reference)
    assert_accessible(page)

    page.goto("/people/possible-matches/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Decide")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Is {new.reference} the same person as {known.reference}"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether these are the same person")
    assert_accessible(page)
    page.get_by_label("No, different people").check()
    page.get_by_label("Why?").fill("Checked with the school: these are cousins")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("will not be suggested again")
    expect(page.locator("main")).to_contain_text("No possible matches are waiting")
    assert Person.objects.get(pk=new.pk).merged_into is None
