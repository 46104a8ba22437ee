"""The committed local_authorities.csv is exactly what the builder makes from the register copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cornerstone.geography.data import build_local_authorities as builder

SOURCE = builder.DEFAULT_SOURCE
COMMITTED = Path(builder.__file__).parent / "local_authorities.csv"


def test_builder_reproduces_the_committed_file_byte_for_byte() -> None:
    assert builder.build(SOURCE).encode("utf-8") == COMMITTED.read_bytes()


def test_the_script_runs_on_its_own_and_reports_up_to_date() -> None:
    completed = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(Path(builder.__file__)), "--check", "--source", str(SOURCE)],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert completed.returncode == 0, completed.stderr
    assert "up to date (318 local authorities)" in completed.stdout


def test_the_script_writes_the_same_file(tmp_path: Path) -> None:
    output = tmp_path / "local_authorities.csv"
    assert builder.main(["--source", str(SOURCE), "--output", str(output)]) == 0
    assert output.read_bytes() == COMMITTED.read_bytes()
    output.write_text("changed\n", encoding="utf-8")
    assert builder.main(["--source", str(SOURCE), "--output", str(output), "--check"]) == 1


def test_the_selection_is_current_lower_tier_or_unitary_in_england_and_wales() -> None:
    text = builder.build(SOURCE)
    assert text.startswith("gss_code,code,name,nation,ons_region,police_force_area\n")
    assert text.count("\n") == 319
    assert "\r" not in text
    assert ",KEN," not in text  # Kent County Council is upper tier
    assert ",Scotland," not in text


def _row(code: str, county: str = "", **overrides: str) -> dict[str, str]:
    row = {
        "local-authority-code": code,
        "nice-name": code.title(),
        "gss-code": f"E0600{len(code):04d}",
        "nation": "England",
        "region": "North West",
        "county-la": county,
        "current-authority": "True",
        "lower-or-unitary": "True",
    }
    row.update(overrides)
    return row


def _problems(rows: list[dict[str, str]]) -> str:
    with pytest.raises(builder.MappingError) as raised:
        builder.build_rows(rows, builder.read_forces())
    return str(raised.value)


def test_a_new_authority_without_a_force_is_refused() -> None:
    problems = _problems([_row("NEWU", **{"nice-name": "New Unitary"})])
    assert "NEWU (New Unitary): no police force area" in problems


def test_mapping_entries_that_match_nothing_are_refused() -> None:
    problems = _problems([_row("WRT")])
    # Every other entry of the mapping is now unused, and most forces cover nothing.
    assert "HAL (under cheshire) matches no current authority without a county" in problems
    assert "county KEN matches no current district" in problems
    assert "force 'metropolitan' covers no authority" in problems


def test_a_force_in_the_wrong_region_is_refused() -> None:
    problems = _problems([_row("WRT", region="London")])
    assert (
        "WRT (Wrt) is in the ONS region 'London' but its force 'cheshire' is in the Prevent region 'north-west'"
        in problems
    )


def test_rows_outside_the_selection_are_ignored() -> None:
    rows = [
        _row("SCO", nation="Scotland"),
        _row("OLD", **{"current-authority": "False"}),
        _row("CTY", **{"lower-or-unitary": "False"}),
    ]
    assert builder.channel_authorities(rows) == []
