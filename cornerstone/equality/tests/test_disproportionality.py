"""The disproportionality figures on the hand-counted statistics fixtures, and the national
return's ethnicity table read from equality records."""

from __future__ import annotations

import pytest
from django.test import Client

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.equality.baseline import BaselineRow
from cornerstone.equality.disproportionality import Report, Section, disproportionality
from cornerstone.equality.models import EqualityRecord
from cornerstone.equality.selectors import ethnicity_groups_for
from cornerstone.equality.services import population_baseline_load
from cornerstone.referrals.models import Referral
from cornerstone.statistics.disclosure import DisclosureRule
from cornerstone.statistics.national_return import FinancialYear, ReturnArea, national_return
from cornerstone.statistics.tests.fixtures import make_referrals

pytestmark = pytest.mark.django_db

EXACT = DisclosureRule(suppress_below=1, round_to=1)
YEAR = FinancialYear(2025)
# Referral number in the statistics fixtures: ethnicity answered. In 2025-26 nationally: White
# 1, 3, 10; Asian 2, 4; prefer not to say 5; no record 6.
ETHNICITY = {
    1: "white_british",
    2: "asian_pakistani",
    3: "white_irish",
    4: "asian_indian",
    5: "prefer_not_to_say",
    10: "white_other",
    7: "black_african",
}
RELIGION = {1: "christian", 2: "muslim", 3: "no_religion", 4: "hindu", 10: "no_religion"}


def _with_records(world: DemoWorld) -> dict[int, Referral]:
    referrals = {int(r.reference.split("-")[1]): r for r in make_referrals(world) if r.reference}
    officer = world.users_by_role[Role.POLICE_PREVENT_OFFICER]
    for number, referral in referrals.items():
        if number in ETHNICITY or number in RELIGION:
            EqualityRecord.objects.create(
                referral=referral,
                ethnicity=ETHNICITY.get(number, ""),
                religion=RELIGION.get(number, ""),
                recorded_by=officer,
                condition_recorded="yes" if number in (3, 4) else "no",
            )
    return referrals


def _baseline(world: DemoWorld) -> None:
    rows = [
        BaselineRow("national", "ethnicity", "white", 1_000_000, "Test census", 2021),
        BaselineRow("national", "ethnicity", "asian", 100_000, "Test census", 2021),
        BaselineRow("national", "ethnicity", "black", 50_000, "Test census", 2021),
    ]
    population_baseline_load(actor=Actor.system("tests"), file_name="t.csv", rows=rows)


def _section(report: Report, slug: str) -> Section:
    return next(section for section in report.sections if section.slug == slug)


def test_ethnicity_groups_for_the_national_return(world: DemoWorld) -> None:
    referrals = _with_records(world)
    groups = ethnicity_groups_for([r.pk for r in referrals.values()])
    assert groups == {
        referrals[1].pk: "white",
        referrals[2].pk: "asian",
        referrals[3].pk: "white",
        referrals[4].pk: "asian",
        referrals[10].pk: "white",
        referrals[7].pk: "black",
    }
    table = national_return(year=YEAR, area=ReturnArea.national(), rule=EXACT).table("referrals-by-ethnicity")
    counts = {row.label: row.cells[0].value for row in table.rows}
    assert counts == {
        "Asian, Asian British or Asian Welsh": 2,
        "Black, Black British, Black Welsh, Caribbean or African": 0,  # referral 7 is outside the year
        "Mixed or Multiple ethnic groups": 0,
        "White": 3,
        "Other ethnic group": 0,
        "Not known": 2,
        "Total": 7,
    }


def test_referral_rates_and_relative_rates(world: DemoWorld) -> None:
    _with_records(world)
    _baseline(world)
    section = _section(disproportionality(year=YEAR, area=ReturnArea.national(), rule=EXACT), "ethnicity")
    rows = {row.code: row for row in section.rows}
    assert section.reference == "White"
    assert rows["white"].is_reference
    assert (rows["white"].referrals, rows["asian"].referrals, rows["black"].referrals) == (3, 2, 0)
    assert (rows["prefer_not_to_say"].referrals, rows["not_known"].referrals) == (1, 1)
    assert rows["white"].rate == pytest.approx(0.3)  # 3 per 1,000,000 = 0.3 per 100,000
    assert rows["asian"].rate == pytest.approx(2.0)
    # By hand: (2/100,000) / (3/1,000,000) = 6.667; factor exp(1.96 x sqrt(1/2 + 1/3)) = 5.98482.
    ratio = rows["asian"].ratio
    assert ratio is not None
    assert ratio.value == pytest.approx(20 / 3)
    assert ratio.low == pytest.approx(1.11393, abs=1e-4)
    assert ratio.high == pytest.approx(39.8988, abs=1e-3)
    assert rows["black"].ratio is None  # no referrals: no ratio
    assert rows["white"].ratio is not None and rows["white"].ratio.value == pytest.approx(1.0)

    # Outcomes among referrals: White 3 referrals, 1 screened out (1), 2 progressed and adopted
    # (3 and 10); Asian 2, 1 progressed (4). Progressed: (1/2) / (2/3) = 0.75.
    white, asian = rows["white"].outcomes, rows["asian"].outcomes
    assert [cell.count for cell in white] == [1, 2, 2]
    assert [cell.count for cell in asian] == [0, 1, 0]
    assert asian[1].rate == pytest.approx(50.0)
    assert asian[1].ratio is not None and asian[1].ratio.value == pytest.approx(0.75)
    assert asian[0].ratio is None


def test_characteristics_without_a_baseline(world: DemoWorld) -> None:
    _with_records(world)
    report = disproportionality(year=YEAR, area=ReturnArea.national(), rule=EXACT)
    religion = _section(report, "religion")
    assert not religion.has_baseline
    assert all(row.rate is None and row.ratio is None for row in religion.rows)
    assert any("No population baseline" in caution for caution in religion.cautions)
    condition = _section(report, "condition")
    rows = {row.code: row for row in condition.rows}
    assert (rows["yes"].referrals, rows["no"].referrals, rows["not_known"].referrals) == (2, 4, 1)
    # Outcome ratios against "No" (the known group with most referrals): progressed 2/2 vs 1/4.
    assert condition.outcome_reference == "No"
    assert rows["yes"].outcomes[1].ratio is not None
    assert rows["yes"].outcomes[1].ratio.value == pytest.approx(4.0)
    age = {row.code: row.referrals for row in _section(report, "age-band").rows}
    assert age["11_to_15"] == 2 and age["not_known"] == 1


def test_small_counts_are_hidden_with_a_caution(world: DemoWorld) -> None:
    _with_records(world)
    _baseline(world)
    report = disproportionality(
        year=YEAR, area=ReturnArea.national(), rule=DisclosureRule(suppress_below=5, round_to=1)
    )
    section = _section(report, "ethnicity")
    rows = {row.code: row for row in section.rows}
    assert rows["white"].referrals is None and rows["asian"].referrals is None
    assert rows["asian"].rate is None and rows["asian"].ratio is None
    assert rows["black"].referrals == 0  # a true zero says nothing about anyone
    assert any("fewer than 5" in caution for caution in section.cautions)
    assert all(cell.count is None for cell in rows["white"].outcomes if cell.count != 0)


def test_the_page_shows_table_chart_and_caution(world: DemoWorld) -> None:
    _with_records(world)
    _baseline(world)
    membership = world.memberships_by_role[Role.ANALYST]
    client = sign_in(Client(), membership.user, membership)
    page = client.get("/equality/disproportionality/?year=2025-26&area=national").content.decode()
    assert "Reference group: White" in page
    assert "[c]" in page  # the configured rule hides counts under 5
    assert "fewer than" in page
    assert "STATS-" not in page  # no referral references: nothing about individuals

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("cornerstone.equality.disproportionality.configured_rule", lambda: EXACT)
        page = client.get("/equality/disproportionality/?year=2025-26&area=national").content.decode()
    assert "6.67 (1.11 to 39.90)" in page
    assert "<svg" in page and "relative rate of referral against White" in page


def test_an_area_outside_the_actors_choices_is_refused(world: DemoWorld) -> None:
    membership = world.memberships_by_role[Role.FORCE_PREVENT_LEAD]
    client = sign_in(Client(), membership.user, membership)
    response = client.get("/equality/disproportionality/?year=2025-26&area=la:BIR")
    assert response.status_code == 400
    assert "Select an area you may see" in response.content.decode()
