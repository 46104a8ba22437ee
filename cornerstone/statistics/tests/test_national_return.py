"""The national return's tables against hand-counted fixtures, and its small interface."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import override_settings

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.statistics.disclosure import DisclosureRule
from cornerstone.statistics.national_return import (
    FinancialYear,
    NationalReturn,
    ReturnArea,
    Table,
    age_band,
    age_on,
    national_return,
)
from cornerstone.statistics.selectors import areas_allowed_for
from cornerstone.statistics.tests.fixtures import EXPECTED_NATIONAL, make_referrals

pytestmark = pytest.mark.django_db

EXACT = DisclosureRule(suppress_below=1, round_to=1)
YEAR = FinancialYear(2025)


def column(table: Table, index: int = 0) -> dict[str, int | None]:
    return {row.label: row.cells[index].value for row in table.rows}


def exact(area: ReturnArea = ReturnArea.national()) -> NationalReturn:  # noqa: B008 - immutable
    return national_return(year=YEAR, area=area, rule=EXACT)


# FinancialYear -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2025-26", "2025/26", " 2025-2026 "])
def test_financial_year_parses(text: str) -> None:
    year = FinancialYear.parse(text)
    assert year == FinancialYear(2025)
    assert year.label == "2025-26"
    assert (year.first_day, year.last_day) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


@pytest.mark.parametrize("text", ["", "2025", "2025-27", "26-27", "2025-26x", "twenty", "1999-00"])
def test_financial_year_refuses_bad_input_in_plain_english(text: str) -> None:
    with pytest.raises(ValueError, match=r"financial year|Financial year|2025-26|April"):
        FinancialYear.parse(text)


def test_year_of_a_date_and_the_turn_of_the_century() -> None:
    assert FinancialYear.containing(dt.date(2026, 3, 31)).label == "2025-26"
    assert FinancialYear.containing(dt.date(2026, 4, 1)).label == "2026-27"
    assert FinancialYear(2099).label == "2099-00"


def test_age_at_referral() -> None:
    day = dt.date(2025, 10, 15)
    assert (
        age_on(day=day, date_of_birth=dt.date(2008, 10, 16), approximate_age=None, approximate_age_on=None)
        == 16
    )
    assert (
        age_on(day=day, date_of_birth=dt.date(2008, 10, 15), approximate_age=None, approximate_age_on=None)
        == 17
    )
    assert (
        age_on(day=day, date_of_birth=None, approximate_age=30, approximate_age_on=dt.date(2020, 1, 1)) == 35
    )
    assert age_on(day=day, date_of_birth=None, approximate_age=None, approximate_age_on=None) is None
    assert [age_band(age=a) for a in (None, 0, 10, 11, 15, 16, 17, 18, 20, 21, 30, 31, 50, 51, 99)] == [
        "Unknown",
        "10 or under",
        "10 or under",
        "11 to 15",
        "11 to 15",
        "16 to 17",
        "16 to 17",
        "18 to 20",
        "18 to 20",
        "21 to 30",
        "21 to 30",
        "31 to 40",
        "41 to 50",
        "51 and over",
        "51 and over",
    ]


# The tables, counted by hand -----------------------------------------------------------------


def test_national_tables_match_the_hand_count(world: DemoWorld) -> None:
    make_referrals(world)
    result = exact()
    for slug, expected in EXPECTED_NATIONAL.items():
        assert column(result.table(slug)) == expected, slug
    regions = column(result.table("referrals-by-region"))
    assert regions["North West"] == 5
    assert regions["West Midlands"] == 1
    assert regions["Not known"] == 1
    assert regions["Total"] == 7
    assert sum(value or 0 for label, value in regions.items() if label != "Total") == 7


def test_each_taxonomy_version_has_its_own_tables(world: DemoWorld) -> None:
    make_referrals(world)
    result = exact()
    assert result.taxonomy_versions == ("2019-04", "2024-05")
    current = result.table("referrals-by-concern-2024-05")
    assert current.taxonomy_version == "2024-05"
    counts = column(current)
    assert counts["Extreme Right Wing"] == 3
    assert counts["Islamist Extremism"] == 1
    assert counts["InCel"] == 1
    assert counts["No ideology identified"] == 1
    assert counts["Total"] == 6
    earlier = column(result.table("referrals-by-concern-2019-04"))
    assert earlier["Islamist"] == 1
    assert earlier["Total"] == 1
    grid = result.table("concern-by-quarter-2024-05")
    assert grid.columns[-1] == "Total"
    by_row = {row.label: [cell.value for cell in row.cells] for row in grid.rows}
    assert by_row["Extreme Right Wing"] == [2, 1, 0, 0, 3]
    assert by_row["InCel"] == [0, 0, 1, 0, 1]
    assert by_row["Total"] == [3, 1, 1, 1, 6]
    assert [cell.value for cell in result.table("concern-by-quarter-2019-04").rows[-1].cells] == [
        0,
        0,
        0,
        1,
        1,
    ]
    channel = column(result.table("channel-by-concern-2024-05"))
    assert channel["Extreme Right Wing"] == 2
    assert channel["Total"] == 2
    assert column(result.table("channel-by-concern-2019-04"))["Total"] == 0
    # Tables with no type of concern say so with None.
    assert result.table("referrals-by-sector").taxonomy_version is None


def test_channel_cases_by_sector(world: DemoWorld) -> None:
    make_referrals(world)
    sectors = column(exact().table("channel-by-sector"))
    assert sectors["Police"] == 1
    assert sectors["Education"] == 1
    assert sectors["Total"] == 2


def test_region_and_local_authority_returns(world: DemoWorld) -> None:
    make_referrals(world)
    region = exact(ReturnArea.region("north-west"))
    assert region.area_name == "North West"
    assert column(region.table("referrals-by-region")) == {"North West": 5, "Total": 5}
    assert column(region.table("journey"))["Adopted as a Channel case"] == 2
    warrington = exact(ReturnArea.local_authority("wrt"))
    assert warrington.area_name == "Warrington"
    assert column(warrington.table("referrals-by-quarter"))["Total"] == 3
    assert column(warrington.table("referrals-by-region")) == {"North West": 3, "Total": 3}
    assert column(exact(ReturnArea.region("london")).table("referrals-by-sector"))["Total"] == 0


def test_unknown_areas_are_refused() -> None:
    with pytest.raises(ValueError, match="no Prevent region"):
        national_return(year=YEAR, area=ReturnArea.region("atlantis"))
    with pytest.raises(ValueError, match="no local authority"):
        national_return(year=YEAR, area=ReturnArea.local_authority("ZZZ"))
    with pytest.raises(ValueError, match="not recognised"):
        ReturnArea.parse("county:cheshire")


def test_areas_round_trip_through_their_text() -> None:
    for area in (ReturnArea.national(), ReturnArea.region("north-west"), ReturnArea.local_authority("WRT")):
        assert ReturnArea.parse(area.param) == area


def test_counts_match_the_demo_journeys_made_through_the_services(world: DemoWorld) -> None:
    """The demo's journeys are made through the real services: count them another way."""
    from django.utils import timezone

    from cornerstone.channel.models import ChannelCase
    from cornerstone.demo.journeys import seed_demo_journeys
    from cornerstone.partners.demo import seed_demo_directory
    from cornerstone.referrals.demo import seed_demo_referrals
    from cornerstone.referrals.models import Referral
    from cornerstone.referrals.workflow import Status
    from cornerstone.screening.models import DecisionState, ScreeningDecision

    seed_demo_referrals(world, seed=DEMO_SEED)
    seed_demo_directory(world, seed=DEMO_SEED)
    seed_demo_journeys(world, seed=DEMO_SEED)
    year = FinancialYear.containing(timezone.localdate())
    start, end = year.bounds()
    submitted = Referral.objects.exclude(status=Status.DRAFT).filter(
        submitted_at__gte=start, submitted_at__lt=end
    )
    result = national_return(year=year, area=ReturnArea.national(), rule=EXACT)
    journey = column(result.table("journey"))
    assert journey["Referrals"] == submitted.count() > 0
    progressed = ScreeningDecision.objects.filter(
        referral__in=submitted, state=DecisionState.MADE, outcome="progressed"
    ).count()
    assert journey["Screening: progressed to Channel"] == progressed > 0
    adopted = ChannelCase.objects.filter(referral__in=submitted, adopted_at__isnull=False).count()
    assert journey["Adopted as a Channel case"] == adopted > 0
    assert column(result.table("channel-by-gender"))["Total"] == adopted


def test_suppression_applies_across_tables(world: DemoWorld) -> None:
    """With the configured rule (below 5, rounding to 5) nothing small is shown anywhere."""
    make_referrals(world)
    with override_settings(CORNERSTONE_STATS_SUPPRESS_BELOW=5, CORNERSTONE_STATS_ROUND_TO=5):
        result = national_return(year=YEAR, area=ReturnArea.national())
    assert result.rule == DisclosureRule(5, 5)
    for table in result.tables:
        for row in table.rows:
            for cell in row.cells:
                assert cell.suppressed or cell.value == 0 or (cell.value is not None and cell.value >= 5)
                assert cell.suppressed or (cell.value is not None and cell.value % 5 == 0)
    assert any(table.has_suppressed for table in result.tables)
    assert "[c]" in " ".join(note for table in result.tables for note in table.notes)


def test_as_json_holds_only_json_types_and_marks_suppressed_cells(world: DemoWorld) -> None:
    make_referrals(world)
    data = national_return(year=YEAR, area=ReturnArea.national(), rule=DisclosureRule(5, 1)).as_json()
    assert json.loads(json.dumps(data)) == data
    assert data["financial_year"] == "2025-26"
    assert data["area"] == {"level": "national", "code": "", "name": "England and Wales"}
    cells = [cell for table in data["tables"] for row in table["rows"] for cell in row["cells"]]
    assert {type(cell["value"]) for cell in cells} <= {int, type(None)}
    assert all((cell["value"] is None) == cell["suppressed"] for cell in cells)
    assert any(cell["suppressed"] for cell in cells)
    assert {table["slug"] for table in data["tables"]} >= {
        "referrals-by-sector",
        "referrals-by-concern-2024-05",
        "referrals-by-age",
        "referrals-by-gender",
        "referrals-by-ethnicity",
        "referrals-by-region",
        "referrals-by-quarter",
        "concern-by-quarter-2024-05",
        "journey",
        "channel-by-concern-2024-05",
        "channel-by-age",
        "channel-by-gender",
        "channel-by-sector",
    }


def test_no_person_level_data_in_the_return(world: DemoWorld) -> None:
    referrals = make_referrals(world)
    text = json.dumps(exact().as_json())
    for referral in referrals:
        assert referral.reference is None or referral.reference not in text
        assert str(referral.person) not in text if referral.person_id else True


# Areas per actor -----------------------------------------------------------------------------


def test_areas_allowed_per_role(world: DemoWorld) -> None:
    def allowed(role: str) -> tuple[bool, bool, bool, bool]:
        areas = areas_allowed_for(Actor.for_membership(world.memberships_by_role[role]))
        return (
            areas.allows(ReturnArea.national()),
            areas.allows(ReturnArea.region("london")),
            areas.allows(ReturnArea.local_authority("WRT")),
            areas.allows(ReturnArea.local_authority("BIR")),
        )

    # Police and regional leads and analysts: their own force's or region's authorities.
    assert allowed(Role.ANALYST) == (True, True, True, False)
    assert allowed(Role.FORCE_PREVENT_LEAD) == (True, True, True, False)
    assert allowed(Role.REGIONAL_PREVENT_COORDINATOR) == (True, True, True, False)
    # Partner organisations (schools, health, local authority staff in other roles): national
    # and regional only, whatever the organisation covers.
    for role in (Role.REFERRER, Role.SAFEGUARDING_LEAD, Role.PANEL_MEMBER, Role.CHANNEL_COORDINATOR):
        assert allowed(role) == (True, True, False, False), role
    system = areas_allowed_for(Actor.system("test"))
    assert system.allows(ReturnArea.local_authority("BIR"))


def test_an_analyst_of_the_service_operator_gets_no_local_authority(world: DemoWorld) -> None:
    from cornerstone.accounts.models import Membership

    operator = world.organisations["operator"]
    membership = Membership.objects.create(
        user=world.users_by_role[Role.ANALYST], organisation=operator, role=Role.ANALYST
    )
    areas = areas_allowed_for(Actor.for_membership(membership))
    assert areas.national
    assert areas.local_authority_codes == frozenset()


def test_the_number_of_queries_does_not_grow_with_the_referrals(world: DemoWorld) -> None:
    from dataclasses import replace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cornerstone.statistics.tests.fixtures import SPECS

    make_referrals(world)
    with CaptureQueriesContext(connection) as few:
        exact()
    make_referrals(world, tuple(replace(spec, number=spec.number + 100) for spec in SPECS))
    with CaptureQueriesContext(connection) as more:
        result = exact()
    assert column(result.table("journey"))["Referrals"] == 14
    assert len(more.captured_queries) == len(few.captured_queries) <= 13  # 13: one reads the ethnic groups
