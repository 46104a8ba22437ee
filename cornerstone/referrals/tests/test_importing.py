"""Importing referral history: every kind of bad row, all-or-nothing, rejected rows, re-runs,
the person index, and the national return."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.accounts.tests.helpers import sign_in
from cornerstone.audit.models import AuditEvent
from cornerstone.channel.models import ChannelCase
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.models import MatchProposal, Person, PersonMerge
from cornerstone.people.services import person_create
from cornerstone.people.types import PersonDetails
from cornerstone.referrals import importing
from cornerstone.referrals.models import ImportedRecord, Referral, TimelineEntry
from cornerstone.referrals.workflow import FINAL, TRANSITIONS, Status
from cornerstone.screening.models import ScreeningDecision
from cornerstone.statistics.disclosure import DisclosureRule
from cornerstone.statistics.national_return import FinancialYear, ReturnArea, national_return

pytestmark = pytest.mark.django_db

ROLE = Role.POLICE_PREVENT_SUPERVISOR
SOURCE = "Legacy CMS"
GOOD: dict[str, str] = {
    "source_reference": "L-1",
    "referral_date": "2023-06-14",
    "given_names": "Jordan",
    "family_name": "Ashworth",
    "date_of_birth": "2008-02-29",
    "approximate_age": "",
    "gender": "male",
    "postcode": "wa1 2ab",
    "local_authority": "wrt",
    "sector": "education",
    "concern_type": "extreme_right_wing",
    "taxonomy_version": "2019-04",
    "screening_outcome": "progressed",
    "signposted_to": "",
    "discussed_at_panel": "yes",
    "adopted_as_channel_case": "yes",
    "adopted_date": "2023-07-20",
    "exit_date": "2024-03-01",
    "exit_reason": "risk_reduced",
}


def write(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = importing.COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in columns})
    return path


def row(**changes: str) -> dict[str, str]:
    return {**GOOD, **changes}


def run(world: DemoWorld, path: Path, *extra: str) -> None:
    membership = world.memberships_by_role[ROLE]
    call_command(
        "import_referrals",
        str(path),
        "--organisation",
        membership.organisation.name,
        "--source",
        SOURCE,
        "--by",
        membership.user.email,
        "--role",
        ROLE,
        *extra,
    )


def messages(world: DemoWorld, rows: list[dict[str, str]]) -> list[str]:
    organisation = world.memberships_by_role[ROLE].organisation
    checked = importing.validate(
        rows, organisation=organisation, source_system=SOURCE, today=dt.date(2026, 1, 1)
    )
    return [str(error) for error in checked.errors]


BAD_ROWS = [
    ({"date_of_birth": "31/02/2010"}, "Row 2: date_of_birth '31/02/2010' is not a real date; use YYYY-MM-DD"),
    ({"date_of_birth": "2010-02-31"}, "Row 2: date_of_birth '2010-02-31' is not a real date"),
    ({"referral_date": ""}, "Row 2: referral_date is blank; it must be filled in"),
    ({"referral_date": "2027-01-01", "exit_date": "", "adopted_as_channel_case": "no"}, "is in the future"),
    ({"source_reference": ""}, "Row 2: source_reference is blank"),
    ({"given_names": ""}, "Row 2: given_names is blank"),
    ({"family_name": "Smi\x00th"}, "Row 2: family_name holds a null character (invisible in most spreadsheets)"),
    ({"date_of_birth": "2024-01-01"}, "date_of_birth '2024-01-01' is after the referral_date"),
    ({"approximate_age": "14"}, "approximate_age is filled in as well as date_of_birth; give only one"),
    ({"date_of_birth": "", "approximate_age": "fourteen"}, "approximate_age 'fourteen' is not a whole number"),
    ({"gender": "boy"}, "gender 'boy' is not one of"),
    ({"postcode": "ZZ99 XYZ"}, "postcode 'ZZ99 XYZ' is not a real UK postcode"),
    ({"local_authority": "XXX"}, "local_authority 'XXX' is not a local authority register code"),
    ({"sector": "school"}, "sector 'school' is not one of"),
    ({"taxonomy_version": "2030-01"}, "taxonomy_version '2030-01' is not one of '2024-05' or '2019-04'"),
    ({"concern_type": "left_wing"}, "concern_type 'left_wing' is not in the type-of-concern list 2019-04"),
    ({"screening_outcome": "closed"}, "screening_outcome 'closed' is not one of"),
    ({"discussed_at_panel": "maybe"}, "discussed_at_panel 'maybe' is not yes or no"),
    ({"screening_outcome": "nfa", "adopted_as_channel_case": "no", "adopted_date": "", "exit_date": "",
      "exit_reason": ""}, "discussed_at_panel is 'yes' but screening_outcome is nfa"),
    ({"discussed_at_panel": "no"}, "adopted_as_channel_case is 'yes' but discussed_at_panel is 'no'"),
    ({"exit_date": "", "exit_reason": ""}, "only finished Channel cases can be imported"),
    ({"exit_date": "2023-01-01"}, "exit_date '2023-01-01' is before the referral_date"),
    ({"exit_reason": "bored"}, "exit_reason 'bored' is not one of"),
    ({"adopted_as_channel_case": "no"}, "adopted_date is filled in but adopted_as_channel_case is not 'yes'"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "expected"), BAD_ROWS)
def test_each_kind_of_bad_row_says_what_is_wrong(
    world: DemoWorld, changes: dict[str, str], expected: str
) -> None:
    found = messages(world, [row(**changes)])
    assert any(expected in message for message in found), found


def test_a_good_row_has_no_errors(world: DemoWorld) -> None:
    assert messages(world, [row()]) == []


def test_a_reference_twice_in_the_file_is_an_error(world: DemoWorld) -> None:
    found = messages(world, [row(), row()])
    assert found == [
        "Row 3: source_reference 'L-1' is also on row 2; each record must have its own reference"
    ]


def test_a_file_with_wrong_columns_is_refused_whole(world: DemoWorld, tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", [row()], columns=("source_reference", "referal_date"))
    with pytest.raises(
        CommandError, match=r"no column 'referral_date'.*'referal_date' is not part of the format"
    ):
        run(world, path)
    assert not Referral.objects.exists()


def test_a_file_with_errors_imports_nothing(world: DemoWorld, tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", [row(), row(source_reference="L-2", gender="boy")])
    people = Person.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported: 1 row has errors"):
        run(world, path)
    assert not Referral.objects.exists() and Person.objects.count() == people


def test_dry_run_imports_nothing(world: DemoWorld, tmp_path: Path) -> None:
    run(world, write(tmp_path / "in.csv", [row()]), "--dry-run")
    assert not Referral.objects.exists()


def test_import_valid_rows_writes_the_rejected_ones(world: DemoWorld, tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", [row(), row(source_reference="L-2", date_of_birth="31/02/2010")])
    rejected = tmp_path / "rejected.csv"
    run(world, path, "--import-valid-rows", "--rejected", str(rejected))
    assert Referral.objects.count() == 1
    with rejected.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [r["source_reference"] for r in written] == ["L-2"]
    assert written[0]["date_of_birth"] == "31/02/2010"
    assert "date_of_birth '31/02/2010' is not a real date" in written[0]["errors"]


def test_the_rejected_file_once_corrected_imports_as_it_is(world: DemoWorld, tmp_path: Path) -> None:
    path = write(tmp_path / "in.csv", [row(), row(source_reference="L-2", date_of_birth="31/02/2010")])
    rejected = tmp_path / "rejected.csv"
    run(world, path, "--import-valid-rows", "--rejected", str(rejected))
    text = rejected.read_text(encoding="utf-8").replace("31/02/2010", "2010-02-28")
    rejected.write_text(text, encoding="utf-8")
    run(world, rejected)
    assert Referral.objects.count() == 2


def test_the_documented_example_is_valid(world: DemoWorld, tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "import-format.md").read_text(encoding="utf-8")
    example = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.csv"
    path.write_text(example, encoding="utf-8")
    _, rows = importing.read_rows(path)
    assert len(rows) == 5
    assert messages(world, rows) == []


def test_import_valid_rows_needs_a_rejected_file(world: DemoWorld, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--rejected"):
        run(world, write(tmp_path / "in.csv", [row()]), "--import-valid-rows")


def test_the_importer_must_be_staff_of_the_organisation(world: DemoWorld, tmp_path: Path) -> None:
    membership = world.memberships_by_role[ROLE]
    with pytest.raises(CommandError, match="is not an active member of staff"):
        call_command(
            "import_referrals",
            str(write(tmp_path / "in.csv", [row()])),
            "--organisation",
            str(membership.organisation.pk),
            "--source",
            SOURCE,
            "--by",
            "nobody@example.org",
        )


def test_an_imported_referral_carries_its_history(world: DemoWorld, tmp_path: Path) -> None:
    run(world, write(tmp_path / "in.csv", [row()]))
    membership = world.memberships_by_role[ROLE]
    referral = Referral.objects.get()
    assert referral.status == Status.CLOSED
    assert referral.reference == "PRV-2023-000001"
    assert referral.organisation == membership.organisation and referral.created_by == membership.user
    assert referral.taxonomy.version == "2019-04" and referral.concern_type.code == "extreme_right_wing"
    assert referral.submitted_at.date() == dt.date(2023, 6, 14)
    assert referral.person.date_of_birth == dt.date(2008, 2, 29)
    assert referral.person.addresses.get().postcode == "WA1 2AB"
    assert ScreeningDecision.objects.get(referral=referral).outcome == "progressed"
    case = ChannelCase.objects.get(referral=referral)
    assert case.adopted_at.date() == dt.date(2023, 7, 20) and case.exit_reason == "risk_reduced"
    record = ImportedRecord.objects.get()
    assert (record.source_system, record.source_reference, record.discussed_at_panel) == (SOURCE, "L-1", True)
    event = AuditEvent.objects.get(action="referral.imported")
    assert event.changes["source_system"] == SOURCE and event.changes["source_reference"] == "L-1"
    assert event.actor == membership.user and event.person_ref == str(referral.person)
    assert event.changes["person"] == {"source": "import", "possible_matches": []}
    assert AuditEvent.objects.filter(action="referral.import_batch").count() == 1
    assert TimelineEntry.objects.filter(referral=referral, kind="import").exists()


def test_running_the_same_file_again_creates_nothing_new(world: DemoWorld, tmp_path: Path) -> None:
    path = write(
        tmp_path / "in.csv", [row(), row(source_reference="L-2", given_names="Priya", family_name="Okafor")]
    )
    run(world, path)
    counts = (Referral.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    run(world, path)
    assert (Referral.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == counts
    assert counts[0] == 2


def test_a_person_already_known_is_proposed_not_merged(world: DemoWorld, tmp_path: Path) -> None:
    known = person_create(
        actor=Actor.system("test"),
        details=PersonDetails("Jordan", "Ashworth", date_of_birth=dt.date(2008, 2, 29), postcode="WA1 2AB"),
        source="test",
    )
    run(world, write(tmp_path / "in.csv", [row()]))
    referral = Referral.objects.get()
    assert referral.person != known
    proposal = MatchProposal.objects.get(person=referral.person)
    assert proposal.candidate == known and proposal.band == "strong"
    assert not PersonMerge.objects.exists()
    event = AuditEvent.objects.get(action="referral.imported", person_ref=str(referral.person))
    assert event.changes["person"]["possible_matches"] == [str(known)]


def test_the_same_person_twice_in_one_file_is_proposed_once(world: DemoWorld, tmp_path: Path) -> None:
    run(
        world,
        write(
            tmp_path / "in.csv",
            [
                row(),
                row(
                    source_reference="L-2",
                    referral_date="2024-08-05",
                    adopted_date="",
                    exit_date="2025-01-01",
                ),
            ],
        ),
    )
    first, second = Referral.objects.order_by("submitted_at")
    assert list(MatchProposal.objects.values_list("person", "candidate")) == [
        (second.person_id, first.person_id)
    ]


def test_imported_referrals_count_in_the_return_of_their_year(world: DemoWorld, tmp_path: Path) -> None:
    rows = [
        row(),  # 2023-24: progressed, discussed, adopted
        row(source_reference="L-2", given_names="Priya", family_name="Okafor", screening_outcome="nfa",
            discussed_at_panel="", adopted_as_channel_case="", adopted_date="", exit_date="", exit_reason=""),
        row(source_reference="L-3", given_names="Kai", family_name="Brennan", referral_date="2024-03-31",
            screening_outcome="signposted", discussed_at_panel="no", adopted_as_channel_case="no",
            adopted_date="", exit_date="", exit_reason="", taxonomy_version=""),
        row(source_reference="L-4", given_names="Ellis", family_name="Marsh", referral_date="2024-04-01",
            screening_outcome="police_managed", discussed_at_panel="", adopted_as_channel_case="",
            adopted_date="", exit_date="", exit_reason="", taxonomy_version="", concern_type=""),
    ]  # fmt: skip
    run(world, write(tmp_path / "in.csv", rows))
    rule = DisclosureRule(suppress_below=1, round_to=1)
    result = national_return(year=FinancialYear(2023), area=ReturnArea.national(), rule=rule)
    journey = {r.label: r.cells[0].value for r in result.table("journey").rows}
    assert journey["Referrals"] == 3
    assert journey["Screening: no further action"] == 1
    assert journey["Screening: signposted to another service"] == 1
    assert journey["Screening: progressed to Channel"] == 1
    assert journey["Discussed at a Channel panel"] == 1
    assert journey["Adopted as a Channel case"] == 1
    assert result.taxonomy_versions == ("2019-04",)
    later = national_return(year=FinancialYear(2024), area=ReturnArea.national(), rule=rule)
    later_journey = {r.label: r.cells[0].value for r in later.table("journey").rows}
    assert later_journey["Referrals"] == 1
    assert later_journey["Screening: managed by police outside Channel"] == 1
    assert Referral.objects.get(imported_from__source_reference="L-4").status == Status.POLICE_MANAGED


def test_approximate_age_counts_at_the_referral_date(world: DemoWorld, tmp_path: Path) -> None:
    run(world, write(tmp_path / "in.csv", [row(date_of_birth="", approximate_age="15")]))
    person = Referral.objects.get().person
    assert (person.approximate_age, person.approximate_age_on) == (15, dt.date(2023, 6, 14))


def test_progress_is_reported(world: DemoWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [row(source_reference=f"L-{n}", given_names=f"Name{chr(65 + n)}") for n in range(5)]
    run(world, write(tmp_path / "in.csv", rows), "--batch-size", "2", "--progress-every", "2")
    err = capsys.readouterr().err
    assert "Imported 2 of 5 rows" in err and "Imported 5 of 5 rows" in err


_STATES = {t.target for t in TRANSITIONS} | {t for tr in TRANSITIONS for t in tr.sources}


@given(
    outcome=st.sampled_from(["", "no_further_action", "signposted", "police_managed", "progressed"]),
    discussed=st.booleans(),
    adopted=st.booleans(),
    exited=st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_every_final_status_is_a_state_of_the_workflow(
    outcome: str, discussed: bool, adopted: bool, exited: bool
) -> None:
    status = importing.final_status(outcome=outcome, discussed=discussed, adopted=adopted, exited=exited)
    assert status in _STATES and status != Status.DRAFT
    # A finished history ends closed; only what is still open stays in a working state.
    # (Validation refuses an exit date on a referral not yet screened.)
    if outcome in ("no_further_action", "signposted") or (exited and outcome):
        assert status in FINAL


def test_police_staff_can_read_an_imported_referral(world: DemoWorld, tmp_path: Path, client: Client) -> None:
    run(world, write(tmp_path / "in.csv", [row()]))
    referral = Referral.objects.get()
    officer = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    assert referral.routed_to == officer.organisation
    sign_in(client, officer.user, officer)
    response = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert response.status_code == 200
    assert f"Imported from {SOURCE}" in response.content.decode()
