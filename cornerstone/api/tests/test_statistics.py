"""National-return tables through the API: the same disclosure-controlled tables as the pages,
no finer than a region for a partner's credential."""

from __future__ import annotations

import pytest

from cornerstone.api.models import Scope
from cornerstone.api.tests.helpers import http, issue
from cornerstone.statistics.national_return import FinancialYear, national_return
from cornerstone.statistics.selectors import ReturnArea
from cornerstone.statistics.tests.fixtures import make_referrals

pytestmark = pytest.mark.django_db


def test_the_tables_are_the_disclosure_controlled_return(world) -> None:
    make_referrals(world)
    client = http(issue(world, scopes=[Scope.READ_STATISTICS]))
    response = client.get("/api/v1/statistics/national-return/", {"year": "2025-26"})
    assert response.status_code == 200
    body = response.json()
    expected = national_return(year=FinancialYear.parse("2025-26"), area=ReturnArea.national()).as_json()
    assert body == expected
    cells = [cell for table in body["tables"] for row in table["rows"] for cell in row["cells"]]
    assert any(cell["suppressed"] and cell["value"] is None for cell in cells)
    assert body["disclosure_control"]["suppress_below"] >= 2


def test_a_region_is_allowed_but_a_local_authority_is_not(world) -> None:
    from cornerstone.geography.models import PreventRegion

    client = http(issue(world, scopes=[Scope.READ_STATISTICS]))
    region = PreventRegion.objects.order_by("code").first()
    assert (
        client.get(
            "/api/v1/statistics/national-return/", {"year": "2025-26", "area": f"region:{region.code}"}
        ).status_code
        == 200
    )
    refused = client.get("/api/v1/statistics/national-return/", {"year": "2025-26", "area": "la:WRT"})
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "area_not_allowed")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "year"),
        ({"year": "2025"}, "year"),
        ({"year": "2025-26", "area": "moon"}, "area"),
        ({"year": "2025-26", "area": "region:atlantis"}, "area"),
    ],
)
def test_bad_parameters_are_explained(world, params, field) -> None:
    client = http(issue(world, scopes=[Scope.READ_STATISTICS]))
    response = client.get("/api/v1/statistics/national-return/", params)
    assert response.status_code == 400
    assert response.json()["error"]["fields"][0]["field"] == field


def test_the_statistics_scope_is_needed(world) -> None:
    response = http(issue(world, scopes=[Scope.SUBMIT_REFERRALS])).get(
        "/api/v1/statistics/national-return/", {"year": "2025-26"}
    )
    assert response.status_code == 403
