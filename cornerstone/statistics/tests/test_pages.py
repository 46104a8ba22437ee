"""The national return pages, downloads and command: who may see what, and reproducible files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AccessKind, AccessLogEntry
from cornerstone.demo.generator import DemoWorld
from cornerstone.govuk.exports import read_ods
from cornerstone.referrals.models import ReferralSector
from cornerstone.statistics.permissions import STATISTICS_READERS
from cornerstone.statistics.tests.fixtures import make_referrals

pytestmark = pytest.mark.django_db

NATIONAL = "year=2025-26&area=national"


def client_for(world: DemoWorld, role: str) -> Client:
    membership = world.memberships_by_role[role]
    return sign_in(Client(), membership.user, membership)


@pytest.mark.parametrize("role", sorted(Role.values))
def test_only_statistics_roles_open_the_pages(world: DemoWorld, role: str) -> None:
    client = client_for(world, role)
    expected = 200 if role in STATISTICS_READERS else 403
    assert client.get("/statistics/").status_code == expected
    assert client.get(f"/statistics/national-return.csv?{NATIONAL}").status_code == expected


def test_the_navigation_shows_statistics_to_its_roles(world: DemoWorld) -> None:
    assert 'href="/statistics/"' in client_for(world, Role.ANALYST).get("/").content.decode()
    assert 'href="/statistics/"' not in client_for(world, Role.REFERRER).get("/").content.decode()


@override_settings(CORNERSTONE_STATS_SUPPRESS_BELOW=3, CORNERSTONE_STATS_ROUND_TO=1)
def test_the_page_shows_every_table_with_a_chart_and_suppression_marked(world: DemoWorld) -> None:
    make_referrals(world)
    page = client_for(world, Role.ANALYST).get(f"/statistics/?{NATIONAL}").content.decode()
    for slug in (
        "referrals-by-sector",
        "concern-by-quarter-2024-05",
        "concern-by-quarter-2019-04",
        "journey",
    ):
        assert f'id="table-{slug}"' in page
    assert "<svg" in page
    assert "[c]" in page
    assert "Counts from 1 to 2 are suppressed" in page
    assert "Type of concern list: version 2019-04" in page
    assert "Ethnic groups are the ONS 2021 census high-level groups" in page
    assert "STATS-" not in page  # no referral or person reference anywhere


def test_the_page_starts_with_the_chooser_only(world: DemoWorld) -> None:
    page = client_for(world, Role.ANALYST).get("/statistics/").content.decode()
    assert 'name="year"' in page and 'name="area"' in page
    assert "govuk-table" not in page


def test_a_local_authority_only_for_roles_tied_to_it(world: DemoWorld) -> None:
    make_referrals(world)
    analyst = client_for(world, Role.ANALYST)
    own = analyst.get("/statistics/?year=2025-26&area=la:WRT").content.decode()
    assert "Warrington, 2025-26" in own
    other = analyst.get("/statistics/?year=2025-26&area=la:BIR")
    assert other.status_code == 200
    text = other.content.decode()
    assert "Select an area you may see" in text
    assert "govuk-table" not in text
    assert "Birmingham" not in text
    # Its download is refused the same way.
    assert analyst.get("/statistics/national-return.csv?year=2025-26&area=la:BIR").status_code == 302


def test_a_bad_year_is_explained(world: DemoWorld) -> None:
    page = client_for(world, Role.ANALYST).get("/statistics/?year=2025-27&area=national").content.decode()
    assert "Select a financial year" in page


def test_csv_is_byte_identical_on_repeat_and_formula_safe(world: DemoWorld) -> None:
    make_referrals(world)
    ReferralSector.objects.filter(code="police").update(label="=HYPERLINK(1)")
    client = client_for(world, Role.FORCE_PREVENT_LEAD)
    first = client.get(f"/statistics/national-return.csv?{NATIONAL}")
    second = client.get(f"/statistics/national-return.csv?{NATIONAL}")
    assert first["Content-Type"].startswith("text/csv")
    assert 'filename="national-return-2025-26-national.csv"' in first["Content-Disposition"]
    assert first.content == second.content
    text = first.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "OFFICIAL"
    assert lines[1] == "Table,Title,Taxonomy version,Financial year,Area,Row,Column,Value"
    assert "'=HYPERLINK(1)" in text
    assert ",=HYPERLINK" not in text


def test_ods_and_json_downloads(world: DemoWorld) -> None:
    make_referrals(world)
    client = client_for(world, Role.REGIONAL_PREVENT_COORDINATOR)
    ods = client.get(f"/statistics/national-return.ods?{NATIONAL}")
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    notes = read_ods(ods.content, sheet=0)
    assert notes[0] == ["OFFICIAL"]
    assert ["Financial year", "2025-26"] in notes
    sector = read_ods(ods.content, sheet=1)
    assert sector[1] == ["Referral sector", "Referrals"]
    data = json.loads(client.get(f"/statistics/national-return.json?{NATIONAL}").content)
    assert data["financial_year"] == "2025-26"
    assert data["disclosure_control"]["suppressed_marker"] == "[c]"


def test_downloads_are_recorded_in_the_access_log(world: DemoWorld) -> None:
    client = client_for(world, Role.ANALYST)
    client.get(f"/statistics/national-return.csv?{NATIONAL}")
    entry = AccessLogEntry.objects.filter(kind=AccessKind.EXPORT).latest("pk")
    assert entry.description == "National return 2025-26, England and Wales, CSV"
    assert entry.user == world.users_by_role[Role.ANALYST]
    assert entry.person_ref == ""


# The command ---------------------------------------------------------------------------------


def test_the_command_writes_the_same_csv_as_the_page(world: DemoWorld, tmp_path: Path) -> None:
    make_referrals(world)
    output = tmp_path / "return.csv"
    call_command("national_return", "--year", "2025-26", "--format", "csv", "--output", str(output))
    again = tmp_path / "again.csv"
    call_command("national_return", "--year", "2025-26", "--format", "csv", "--output", str(again))
    assert output.read_bytes() == again.read_bytes()
    page = client_for(world, Role.ANALYST).get(f"/statistics/national-return.csv?{NATIONAL}")
    assert page.content == output.read_bytes()


def test_the_command_writes_json_and_ods_for_an_area(
    world: DemoWorld, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    make_referrals(world)
    call_command("national_return", "--year", "2025-26", "--format", "json", "--area", "la:HAL")
    data = json.loads(capsysbinary.readouterr().out)
    assert data["area"]["name"] == "Halton"
    output = tmp_path / "return.ods"
    call_command(
        "national_return",
        "--year",
        "2025-26",
        "--format",
        "ods",
        "--area",
        "region:north-west",
        "--output",
        str(output),
    )
    assert read_ods(output.read_bytes(), sheet=0)[0] == ["OFFICIAL"]
    assert (
        AccessLogEntry.objects.filter(kind=AccessKind.EXPORT, user_label__startswith="system:").count() == 2
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--year", "2025"], "like 2025-26"),
        (["--year", "2025-26", "--area", "county:x"], "not recognised"),
        (["--year", "2025-26", "--area", "region:atlantis"], "no Prevent region"),
    ],
)
def test_the_command_explains_bad_input(world: DemoWorld, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("national_return", *arguments)
