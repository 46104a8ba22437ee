"""Oversight dashboards: each measure against hand counts (``oversight_fixtures.build``), the
disclosure control, who may see which area, and the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.workflow import Status
from cornerstone.statistics import oversight
from cornerstone.statistics.disclosure import DisclosureRule
from cornerstone.statistics.national_return import FinancialYear
from cornerstone.statistics.oversight import OVERSIGHT_READERS, scope_for_authorities
from cornerstone.statistics.tests.oversight_fixtures import TODAY, Builder, at, build

pytestmark = pytest.mark.django_db

YEAR = FinancialYear(2025)
WRT = scope_for_authorities({"WRT"})
EXACT = DisclosureRule(suppress_below=1, round_to=1)


def figures(table: oversight.OversightTable, column: int = 0) -> dict[str, str]:
    return {row.label: row.cells[column].display for row in table.rows}


def test_journey_funnel(world: DemoWorld) -> None:
    build(world)
    table = oversight.journey_funnel(period=YEAR, scope=WRT, rule=EXACT)
    assert figures(table) == {
        "Referrals made": "8",
        "Receipt recorded by police": "4",
        "Screening decision made": "4",
        "Progressed to Channel": "1",
        "Picked up by the Channel coordinator": "1",
        "Discussed at a Channel panel": "1",
        "Adopted as a Channel case": "1",
        "Consent given and support started": "1",
        "Left Channel support (exit recorded)": "1",
    }
    assert table.cell("Receipt recorded by police", "Share of referrals made").display == "50.0%"
    assert table.cell("Adopted as a Channel case", "Share of referrals made").display == "12.5%"


def test_time_in_stage(world: DemoWorld) -> None:
    build(world)
    durations = oversight.stage_durations(period=YEAR, scope=WRT)
    assert durations == {
        "receipt": [1.0, 2.0, 4.0],  # R1, R2, and R12 (submitted the year before, received in it)
        "screening": [3.0, 10.0],
        "with_channel": [1.0],
        "information": [10.0],
        "listed": [10.0],  # a deferral does not end the stage
        "consent": [7.0],
        "support": [153.0],
    }
    table = oversight.time_in_stage(period=YEAR, scope=WRT, rule=EXACT)
    assert figures(table, 1)["Submitted, waiting for receipt"] == "2.0"
    assert figures(table, 2)["Submitted, waiting for receipt"] == "4.0"
    assert figures(table, 1)["Police screening (receipt to decision)"] == "6.5"
    assert figures(table, 2)["Police screening (receipt to decision)"] == "10.0"


def test_time_in_stage_needs_enough_cases_to_show_a_median(world: DemoWorld) -> None:
    build(world)
    table = oversight.time_in_stage(period=YEAR, scope=WRT, rule=DisclosureRule(suppress_below=3, round_to=1))
    assert figures(table, 1)["Submitted, waiting for receipt"] == "2.0"  # three durations
    assert figures(table, 1)["Police screening (receipt to decision)"] == "too few"
    assert figures(table, 0)["Police screening (receipt to decision)"] == "[c]"
    assert figures(table, 1)["Information gathering"] == "too few"


def test_overdue_today(world: DemoWorld) -> None:
    build(world)
    assert oversight.overdue_counts(scope=WRT, today=TODAY) == {
        "screenings": 3,  # R3, R10, R11 (R13 is within 28 days; R4 is in Halton)
        "information_requests": 1,
        "post_closure_reviews": 1,  # R15's is missed too, but that case is closed
        "panel_actions": 1,
        "interventions_drifting": 1,
    }
    with override_settings(CORNERSTONE_SCREENING_TARGET_DAYS=5):
        assert oversight.overdue_counts(scope=WRT, today=TODAY)["screenings"] == 4


def test_sessions_delivered_against_planned(world: DemoWorld) -> None:
    build(world)
    table = oversight.sessions_delivered(period=YEAR, scope=WRT, today=TODAY, rule=EXACT)
    mentoring = "Ideological or theological mentoring"
    assert table.cell(mentoring, "Sessions planned").display == "50"  # 47 weekly + 3 monthly
    assert table.cell(mentoring, "Sessions delivered").display == "5"
    assert table.cell(mentoring, "Delivered as a share of planned").display == "10.0%"
    assert table.cell("Education", "Sessions planned").display == "0"
    assert table.cell("Education", "Delivered as a share of planned").display == "no cases"
    assert table.cell("Total", "Sessions planned").display == "50"


def test_planned_sessions_arithmetic() -> None:
    planned = oversight._planned_sessions
    year = {"first": dt.date(2025, 4, 1), "last": dt.date(2026, 3, 31)}
    assert planned(starts_on=dt.date(2025, 4, 1), ends_on=None, ended_at=None, frequency_days=7, **year) == 52
    assert planned(starts_on=dt.date(2026, 4, 1), ends_on=None, ended_at=None, frequency_days=7, **year) == 0
    assert (
        planned(
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 4, 14),
            ended_at=None,
            frequency_days=7,
            **year,
        )
        == 2
    )


def test_re_referral_rate(world: DemoWorld) -> None:
    build(world)
    assert oversight.re_referral_counts(period=YEAR, scope=WRT) == (8, 2)  # R6 and R11
    table = oversight.re_referrals(period=YEAR, scope=WRT, rule=EXACT)
    assert figures(table)["Re-referral rate"] == "25.0%"


def test_a_second_referral_on_the_same_day_counts_as_a_re_referral(world: DemoWorld) -> None:
    b = Builder(world)
    b.referral("a", at(2025, 6, 1), person="P")
    b.referral("b", at(2025, 6, 1), person="P")
    assert oversight.re_referral_counts(period=YEAR, scope=WRT) == (2, 1)


def test_nfa_by_organisation_and_sector(world: DemoWorld) -> None:
    build(world)
    table = oversight.nfa_by_organisation(period=YEAR, scope=WRT, rule=EXACT)
    assert [row.label for row in table.rows] == [
        "Mid Mersey Health NHS Trust (demo)",
        "Riverside Academy (demo)",
        "Total",
    ]
    assert table.cell("Riverside Academy (demo)", "Screening decisions made").display == "3"
    assert table.cell("Riverside Academy (demo)", "No further action").display == "2"
    assert table.cell("Riverside Academy (demo)", "No further action rate").display == "66.7%"
    assert table.cell("Total", "No further action rate").display == "50.0%"
    sectors = oversight.nfa_by_sector(period=YEAR, scope=WRT, rule=EXACT)
    assert sectors.cell("Education", "Screening decisions made").display == "3"
    assert sectors.cell("Health", "No further action").display == "0"
    assert sectors.cell("Police", "No further action rate").display == "no cases"


def test_small_organisations_are_grouped_and_nothing_small_can_be_worked_out(world: DemoWorld) -> None:
    b = Builder(world)
    for n, (org, outcome) in enumerate(
        [("secondary", "no_further_action")] * 3
        + [("secondary", "progressed")] * 3
        + [("college", "no_further_action")] * 5
        + [("health", "no_further_action"), ("health", "signposted")]
    ):
        b.referral(str(n), at(2025, 6, 1), la="HAL", organisation=org, outcome=outcome, status=Status.CLOSED)
    rule = DisclosureRule(suppress_below=3, round_to=1)
    table = oversight.nfa_by_organisation(period=YEAR, scope=scope_for_authorities({"HAL"}), rule=rule)
    labels = [row.label for row in table.rows]
    assert labels == [
        "Mersey Vale College (demo)",
        "Riverside Academy (demo)",
        "Other organisations",
        "Total",
    ]
    assert "Mid Mersey Health NHS Trust (demo)" not in labels
    other = table.rows[2]
    assert [cell.display for cell in other.cells] == ["[c]", "[c]", "[c]"]
    # The total is published, so the named rows cannot all be published too (13 - 5 - 6 = 2).
    assert table.cell("Total", "Screening decisions made").display == "13"
    assert sum(row.cells[0].suppressed for row in table.rows) >= 2


def test_post_closure_review_compliance(world: DemoWorld) -> None:
    build(world)
    table = oversight.post_closure_compliance(period=YEAR, scope=WRT, today=TODAY, rule=EXACT)
    assert figures(table) == {
        "Completed by the due date": "1",
        "Completed late": "1",
        "Not completed": "2",
        "Reviews due": "4",
        "Completed by the due date, as a share of those due": "25.0%",
    }


def test_default_rule_suppresses_small_counts_and_their_rates(world: DemoWorld) -> None:
    build(world)
    table = oversight.journey_funnel(period=YEAR, scope=WRT, rule=DisclosureRule(5, 5))
    assert table.cell("Referrals made", "Referrals").display == "10"  # 8, rounded to 5
    assert table.cell("Adopted as a Channel case", "Referrals").display == "[c]"
    assert table.cell("Adopted as a Channel case", "Share of referrals made").display == "[c]"


@given(st.lists(st.floats(min_value=0, max_value=1000, allow_nan=False), min_size=1, max_size=50))
def test_the_90th_percentile_is_a_value_with_90_percent_at_or_below(values: list[float]) -> None:
    p90 = oversight.percentile_90(values)
    assert p90 in values
    assert sum(v <= p90 for v in values) >= 0.9 * len(values)
    assert sum(v < p90 for v in values) < 0.9 * len(values)


# Areas and the page ----------------------------------------------------------------------------


def client_for(world: DemoWorld, role: str) -> Client:
    membership = world.memberships_by_role[role]
    return sign_in(Client(), membership.user, membership)


def test_each_role_oversees_the_area_its_organisation_covers(world: DemoWorld) -> None:
    def codes(role: str) -> set[str]:
        areas = oversight.oversight_areas_for(Actor.for_membership(world.memberships_by_role[role]))
        return {code for code, _ in areas.authorities}

    assert codes(Role.CHANNEL_COORDINATOR) == codes(Role.PANEL_CHAIR) == {"WRT"}
    force = codes(Role.FORCE_PREVENT_LEAD)
    assert {"WRT", "HAL"} <= force
    assert force <= codes(Role.REGIONAL_PREVENT_COORDINATOR)
    assert codes(Role.ANALYST) == set()
    assert codes(Role.REFERRER) == set()


@pytest.mark.parametrize("role", sorted(Role.values))
def test_only_oversight_roles_open_the_page(world: DemoWorld, role: str) -> None:
    expected = 200 if role in OVERSIGHT_READERS else 403
    assert client_for(world, role).get("/statistics/oversight/").status_code == expected


@override_settings(CORNERSTONE_STATS_SUPPRESS_BELOW=1, CORNERSTONE_STATS_ROUND_TO=1)
def test_the_page_shows_every_measure_and_no_person(world: DemoWorld) -> None:
    build(world)
    page = client_for(world, Role.CHANNEL_COORDINATOR).get("/statistics/oversight/?year=2025-26&area=all")
    text = page.content.decode()
    assert "Everywhere Warrington Borough Council (demo) covers, 2025-26" in text
    for slug in (
        "journey-funnel",
        "time-in-stage",
        "overdue",
        "sessions",
        "re-referrals",
        "nfa-by-organisation",
        "nfa-by-sector",
        "post-closure",
    ):
        assert f'id="table-{slug}"' in text
    assert "<svg" in text
    assert "OVS-" not in text  # no referral or person reference anywhere


def test_a_coordinator_cannot_ask_for_another_authority(world: DemoWorld) -> None:
    build(world)
    response = client_for(world, Role.CHANNEL_COORDINATOR).get(
        "/statistics/oversight/?year=2025-26&area=la:HAL"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Select an area you may see" in text
    assert "govuk-table" not in text


def test_a_force_lead_chooses_one_authority(world: DemoWorld) -> None:
    build(world)
    client = client_for(world, Role.FORCE_PREVENT_LEAD)
    text = client.get("/statistics/oversight/?year=2025-26&area=la:WRT").content.decode()
    assert "Warrington (local authority), 2025-26" in text
    assert client.get("/statistics/oversight/").status_code == 200  # this year, everywhere covered


def test_the_navigation_shows_oversight_to_its_roles(world: DemoWorld) -> None:
    assert 'href="/statistics/oversight/"' in client_for(world, Role.PANEL_CHAIR).get("/").content.decode()
    assert 'href="/statistics/oversight/"' not in client_for(world, Role.ANALYST).get("/").content.decode()
