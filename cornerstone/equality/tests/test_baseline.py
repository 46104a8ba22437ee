"""Loading a population baseline: every kind of bad row refused in plain English, nothing saved
unless every row is good, by the upload page and by the command."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.equality.baseline import BaselineErrors, parse_baseline
from cornerstone.equality.models import PopulationBaseline, PopulationCount
from cornerstone.equality.selectors import population_for

pytestmark = pytest.mark.django_db

HEADER = "area_code,characteristic,group,count,source,year\n"
GOOD = (
    HEADER
    + "WRT,ethnicity,White,180000,ONS Census 2021 TS021,2021\n"
    + "wrt,ethnicity,Asian Asian British or Asian Welsh,4000,ONS Census 2021 TS021,2021\n"
    + "north-west,sex,Female,3800000,ONS Census 2021 TS008,2021\n"
    + "national,age_band,11 to 15,3500000,ONS mid-year estimates,2023\n"
    + "NATIONAL,religion,no_religion,22000000,ONS Census 2021 TS030,2021\n"
)


def test_a_good_file_is_read() -> None:
    rows = parse_baseline(GOOD.encode("utf-8-sig"))
    assert [(r.area_code, r.characteristic, r.group, r.count) for r in rows] == [
        ("WRT", "ethnicity", "white", 180000),
        ("WRT", "ethnicity", "asian", 4000),
        ("north-west", "sex", "female", 3800000),
        ("national", "age_band", "11_to_15", 3500000),
        ("national", "religion", "no_religion", 22000000),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("XXX,ethnicity,White,10,Census,2021", "no local authority or Prevent region with the code 'XXX'"),
        (",ethnicity,White,10,Census,2021", "the area code is empty"),
        ("WRT,eye colour,Blue,10,Census,2021", "the characteristic 'eye colour' is not one of"),
        ("WRT,ethnicity,Martian,10,Census,2021", "'Martian' is not a group of ethnicity"),
        ("WRT,sex,Female,-3,Census,2021", "the count '-3' is not a whole number"),
        ("WRT,sex,Female,ten,Census,2021", "the count 'ten' is not a whole number"),
        ("WRT,sex,Female,2.5,Census,2021", "the count '2.5' is not a whole number"),
        ("WRT,sex,Female,10,,2021", "the source is empty"),
        ("WRT,sex,Female,10,Census,21", "the year '21' is not a year"),
        ("WRT,sex,Female,10,Census", "it has 5 values, not 6"),
        ("WRT,sex,Female,10,Census,2021\nWRT,sex,female,12,Census,2021", "Row 3: it repeats row 2"),
    ],
)
def test_each_kind_of_bad_row_is_named(row: str, message: str) -> None:
    with pytest.raises(BaselineErrors) as caught:
        parse_baseline(HEADER + row + "\n")
    assert any(message in text for text in caught.value.messages), caught.value.messages
    assert caught.value.messages[-1].startswith("Row ")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"area_code,group,count\nWRT,White,1\n", "missing the columns characteristic, source, year"),
        (HEADER.encode(), "no counts"),
        ("area_code,characteristic\n\xe9".encode("latin-1"), "not plain text in UTF-8"),
    ],
)
def test_bad_files_are_refused(content: bytes, message: str) -> None:
    with pytest.raises(BaselineErrors) as caught:
        parse_baseline(content)
    assert message in caught.value.messages[0]


def test_every_bad_row_is_listed_not_only_the_first() -> None:
    with pytest.raises(BaselineErrors) as caught:
        parse_baseline(HEADER + "XXX,sex,Female,1,C,2021\nWRT,sex,Female,1,C,2021\nWRT,sex,Male,x,C,2021\n")
    assert [text.split(":")[0] for text in caught.value.messages] == ["Row 2", "Row 4"]


def _analyst(world: DemoWorld) -> Client:
    membership = world.memberships_by_role[Role.ANALYST]
    return sign_in(Client(), membership.user, membership)


def test_the_upload_page_saves_nothing_when_a_row_is_bad(world: DemoWorld) -> None:
    client = _analyst(world)
    bad = GOOD + "WRT,sex,Female,lots,Census,2021\n"
    response = client.post(
        "/equality/population-baseline/", {"file": SimpleUploadedFile("census.csv", bad.encode())}
    )
    assert response.status_code == 400
    assert "Row 7: the count &#x27;lots&#x27; is not a whole number" in response.content.decode()
    assert PopulationBaseline.objects.count() == 0
    assert PopulationCount.objects.count() == 0


def test_the_upload_page_loads_a_good_file(world: DemoWorld) -> None:
    client = _analyst(world)
    response = client.post(
        "/equality/population-baseline/", {"file": SimpleUploadedFile("census.csv", GOOD.encode())}
    )
    assert response.status_code == 302
    baseline = PopulationBaseline.objects.get()
    assert baseline.row_count == 5
    assert population_for("WRT", "ethnicity") == (
        {"white": 180000, "asian": 4000},
        "ONS Census 2021 TS021",
        2021,
    )
    event = AuditEvent.objects.get(action="equality.population_baseline_loaded")
    assert event.changes == {"file_name": "census.csv", "rows": 5}


def test_the_upload_page_wants_a_csv_file(world: DemoWorld) -> None:
    response = _analyst(world).post(
        "/equality/population-baseline/", {"file": SimpleUploadedFile("census.xlsx", GOOD.encode())}
    )
    assert response.status_code == 400
    assert "must be a CSV file" in response.content.decode()


def test_a_later_baseline_replaces_an_earlier_one(world: DemoWorld) -> None:
    client = _analyst(world)
    client.post("/equality/population-baseline/", {"file": SimpleUploadedFile("a.csv", GOOD.encode())})
    newer = HEADER + "WRT,ethnicity,White,185000,ONS mid-year 2024,2024\n"
    client.post("/equality/population-baseline/", {"file": SimpleUploadedFile("b.csv", newer.encode())})
    assert population_for("WRT", "ethnicity") == ({"white": 185000}, "ONS mid-year 2024", 2024)
    assert population_for("north-west", "sex")[0] == {"female": 3800000}


def test_the_command_loads_and_refuses(tmp_path: Path) -> None:
    good = tmp_path / "census.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("load_population_baseline", str(good))
    assert PopulationCount.objects.count() == 5
    assert AuditEvent.objects.get(action="equality.population_baseline_loaded").actor_label.startswith(
        "system"
    )

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "WRT,sex,Female,1,,2021\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Row 2: the source is empty"):
        call_command("load_population_baseline", str(bad))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("load_population_baseline", str(tmp_path / "missing.csv"))
    assert PopulationCount.objects.count() == 5
