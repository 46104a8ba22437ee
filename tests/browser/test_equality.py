"""Equality monitoring in a real browser, checked with axe: a police Prevent officer records the
answers from the referral's page; an analyst loads a population baseline and reads the
disproportionality page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cornerstone.accounts.roles import Role
from cornerstone.assessments.reference_data import load_default_framework
from cornerstone.demo.generator import DemoWorld, demo_email
from cornerstone.equality.models import EqualityRecord
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.workflow import Status
from cornerstone.screening.tests.shared_matrices import referral_in
from cornerstone.statistics.tests.fixtures import make_referrals
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lists(world: DemoWorld) -> DemoWorld:
    load_reference_lists()  # the flush between transactional tests removes migration data
    load_default_framework()
    return world


def test_an_officer_records_equality_answers(page: Page, lists: DemoWorld) -> None:
    referral = referral_in(lists, Status.IN_SCREENING)
    sign_in(page, demo_email(Role.POLICE_PREVENT_OFFICER))
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("link", name="Record equality monitoring answers").click()
    expect(page.get_by_role("heading", name="Equality monitoring", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("What is the person's ethnic group?").select_option(label="Pakistani")
    page.get_by_role("group", name="What is the person's religion? (optional)").get_by_label(
        "Prefer not to say"
    ).check()
    page.get_by_role("group", name="What is the person's sex?").get_by_label("Male", exact=True).check()
    page.get_by_role("button", name="Save equality monitoring answers").click()
    expect(page.get_by_role("link", name="Change equality monitoring answers")).to_be_visible()
    record = EqualityRecord.objects.get(referral=referral)
    assert (record.ethnicity, record.religion, record.sex) == ("asian_pakistani", "prefer_not_to_say", "male")
    expect(page.locator("main")).not_to_contain_text("Pakistani")


def test_an_analyst_loads_a_baseline_and_reads_the_figures(
    page: Page, lists: DemoWorld, tmp_path: Path
) -> None:
    make_referrals(lists)
    sign_in(page, demo_email(Role.ANALYST))
    page.goto("/")
    page.get_by_role("link", name="Disproportionality").first.click()
    expect(page.get_by_role("heading", name="Disproportionality", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="load a population baseline").click()
    bad = tmp_path / "bad.csv"
    bad.write_text("area_code,characteristic,group,count,source,year\nWRT,sex,Female,many,Census,2021\n")
    page.get_by_label("Population baseline (CSV file)").set_input_files(str(bad))
    page.get_by_role("button", name="Load the baseline").click()
    expect(page.locator("#baseline-problems")).to_contain_text(
        "Row 2: the count 'many' is not a whole number"
    )
    assert_accessible(page)

    good = tmp_path / "census.csv"
    good.write_text(
        "area_code,characteristic,group,count,source,year\n"
        "WRT,sex,Female,106000,Test census,2021\nWRT,sex,Male,104000,Test census,2021\n"
        "WRT,age_band,11 to 15,13000,Test census,2021\nWRT,age_band,18 to 20,7000,Test census,2021\n"
    )
    page.get_by_label("Population baseline (CSV file)").set_input_files(str(good))
    page.get_by_role("button", name="Load the baseline").click()
    expect(page.get_by_text("Population baseline loaded: 4 rows.")).to_be_visible()

    page.goto("/equality/disproportionality/")
    page.get_by_label("Financial year").select_option("2025-26")
    page.get_by_label("Area").select_option(label="Warrington (local authority)")
    page.get_by_role("button", name="Show the figures").click()
    expect(page.get_by_role("heading", name="Warrington, 2025-26")).to_be_visible()
    expect(page.locator("#table-age-band-referrals")).to_contain_text("[c]")
    expect(page.locator("#age-band").locator("..")).to_contain_text("fewer than")
    assert_accessible(page)
