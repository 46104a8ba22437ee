"""Build ``local_authorities.csv`` from mySociety's UK local authorities register.

The source is a copy of the team's shared file (``../shared/data/``) kept in ``source/`` so that a
checkout builds on its own. When the shared file updates, copy it over and run (standard library
only; Django is not needed)::

    python cornerstone/geography/data/build_local_authorities.py           # rewrite the file
    python cornerstone/geography/data/build_local_authorities.py --check   # exit 1 if it differs

It keeps the authorities a Channel panel belongs to: current, lower-tier or unitary, in England
or Wales. The source has no police force column, so the police force area of each authority is
given below: two-tier districts by their county (the ``county-la`` column), every other
authority by its register code. The build refuses to write anything if an authority has no
force, if an entry below matches no authority (a reorganisation has happened: update the
mapping), if a force is not in ``police_force_areas.csv``, if a force covers no authority, or if
a force's Prevent region disagrees with the ONS region of one of its authorities.

The running service never reads the source or this script: it loads the committed CSV files.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
SOURCE_NAME = "uk_local_authorities_current.csv"
DEFAULT_SOURCE = DATA_DIR / "source" / SOURCE_NAME
DEFAULT_OUTPUT = DATA_DIR / "local_authorities.csv"
FORCES_FILE = DATA_DIR / "police_force_areas.csv"

NATIONS = ("England", "Wales")
OUTPUT_COLUMNS = ("gss_code", "code", "name", "nation", "ons_region", "police_force_area")

# Two-tier districts (``local-authority-type`` NMD) take the force of their county council.
FORCE_BY_COUNTY: Mapping[str, str] = {
    "CAM": "cambridgeshire",
    "DBY": "derbyshire",
    "DEV": "devon-and-cornwall",
    "ESS": "essex",
    "ESX": "sussex",
    "GLS": "gloucestershire",
    "HAM": "hampshire",
    "HRT": "hertfordshire",
    "KEN": "kent",
    "LAN": "lancashire",
    "LEC": "leicestershire",
    "LIN": "lincolnshire",
    "NFK": "norfolk",
    "NTT": "nottinghamshire",
    "OXF": "thames-valley",
    "SFK": "suffolk",
    "SRY": "surrey",
    "STS": "staffordshire",
    "WAR": "warwickshire",
    "WOR": "west-mercia",
    "WSX": "sussex",
}

# Every authority without a county council (unitary authorities, metropolitan districts, London
# boroughs, the City of London, Welsh principal areas), by register code, grouped by force.
AUTHORITIES_BY_FORCE: Mapping[str, tuple[str, ...]] = {
    # London
    "metropolitan": (
        "BDG", "BNE", "BEX", "BEN", "BRY", "CMD", "CRY", "EAL", "ENF", "GRE", "HCK",
        "HMF", "HRY", "HRW", "HAV", "HIL", "HNS", "ISL", "KEC", "KTT", "LBH", "LEW",
        "MRT", "NWM", "RDB", "RIC", "SWK", "STN", "TWH", "WFT", "WND", "WSM",
    ),  # the 32 London boroughs
    "city-of-london": ("LND",),
    # South East
    "hampshire": ("IOW", "POR", "STH"),
    "kent": ("MDW",),
    "sussex": ("BNH",),
    "thames-valley": ("BUC", "MIK", "BRC", "RDG", "SLG", "WBK", "WNM", "WOK"),
    # South West
    "avon-and-somerset": ("BAS", "BST", "NSM", "SGC", "SMT"),
    "devon-and-cornwall": ("CON", "IOS", "PLY", "TOB"),
    "dorset": ("BPC", "DST"),
    "wiltshire": ("SWD", "WIL"),
    # Eastern
    "bedfordshire": ("BDF", "CBF", "LUT"),
    "cambridgeshire": ("PTE",),
    "essex": ("SOS", "THR"),
    # East Midlands
    "derbyshire": ("DER",),
    "leicestershire": ("LCE", "RUT"),
    "northamptonshire": ("NNT", "WNT"),
    "nottinghamshire": ("NGM",),
    # West Midlands
    "staffordshire": ("STE",),
    "west-mercia": ("HEF", "SHR", "TFW"),
    "west-midlands": ("BIR", "COV", "DUD", "SAW", "SOL", "WLL", "WLV"),
    # North West
    "cheshire": ("CHE", "CHW", "HAL", "WRT"),
    "cumbria": ("CBD", "WAF"),
    "greater-manchester": ("BOL", "BUR", "MAN", "OLD", "RCH", "SLF", "SKP", "TAM", "TRF", "WGN"),
    "lancashire": ("BBD", "BPL"),
    "merseyside": ("KWL", "LIV", "SFT", "SHN", "WRL"),
    # North East (with Yorkshire and the Humber)
    "cleveland": ("HPL", "MDB", "RCC", "STT"),
    "durham": ("DUR", "DAL"),
    "northumbria": ("NBL", "NET", "NTY", "STY", "GAT", "SND"),
    "humberside": ("ERY", "KHL", "NEL", "NLN"),
    "north-yorkshire": ("NYE", "YOR"),
    "south-yorkshire": ("BNS", "DNC", "ROT", "SHF"),
    "west-yorkshire": ("BRD", "CLD", "KIR", "LDS", "WKF"),
    # Wales
    "dyfed-powys": ("CMN", "CGN", "PEM", "POW"),
    "gwent": ("BGW", "CAY", "MON", "NWP", "TOF"),
    "north-wales": ("AGY", "CWY", "DEN", "FLN", "GWN", "WRX"),
    "south-wales": ("BGE", "CRF", "MTY", "NTL", "RCT", "SWA", "VGL"),
}  # fmt: skip

# The Prevent region each ONS region lies in: the cross-check on the mapping above.
PREVENT_REGION_BY_ONS_REGION: Mapping[str, str] = {
    "London": "london",
    "South East": "south-east",
    "South West": "south-west",
    "East of England": "eastern",
    "East Midlands": "east-midlands",
    "West Midlands": "west-midlands",
    "North West": "north-west",
    "North East": "north-east",
    "Yorkshire and The Humber": "north-east",
    "Wales": "wales",
}


class MappingError(Exception):
    """The source and the police force mapping disagree; nothing is written."""


def read_forces(path: Path = FORCES_FILE) -> dict[str, str]:
    """Police force area code -> Prevent region code, from ``police_force_areas.csv``."""
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["code"]: row["prevent_region"] for row in csv.DictReader(handle)}


def channel_authorities(rows: Iterable[Mapping[str, str]]) -> list[Mapping[str, str]]:
    """The source rows for current lower-tier or unitary authorities in England and Wales."""
    return [
        row
        for row in rows
        if row["current-authority"] == "True"
        and row["lower-or-unitary"] == "True"
        and row["nation"] in NATIONS
    ]


def build_rows(source_rows: Iterable[Mapping[str, str]], forces: Mapping[str, str]) -> list[dict[str, str]]:
    """The output rows, sorted by GSS code; raises MappingError listing every problem found."""
    force_by_authority: dict[str, str] = {}
    problems: list[str] = []
    for listed_force, codes in AUTHORITIES_BY_FORCE.items():
        for code in codes:
            if code in force_by_authority:
                problems.append(f"{code} is listed under two forces")
            force_by_authority[code] = listed_force
    unknown_forces = (set(FORCE_BY_COUNTY.values()) | set(AUTHORITIES_BY_FORCE)) - set(forces)
    problems += [f"force {name!r} is not in {FORCES_FILE.name}" for name in sorted(unknown_forces)]

    used_counties: set[str] = set()
    used_authorities: set[str] = set()
    rows: list[dict[str, str]] = []
    for source in channel_authorities(source_rows):
        force: str | None
        code, county = source["local-authority-code"], source["county-la"]
        label = f"{code} ({source['nice-name']})"
        if county:
            force = FORCE_BY_COUNTY.get(county)
            used_counties.add(county)
            if code in force_by_authority:
                problems.append(f"{label} is a district of {county}: map its county, not the district")
            if force is None:
                problems.append(f"{label}: no force for its county {county}")
                continue
        else:
            force = force_by_authority.get(code)
            used_authorities.add(code)
            if force is None:
                problems.append(f"{label}: no police force area")
                continue
        expected_region = PREVENT_REGION_BY_ONS_REGION.get(source["region"])
        if force in forces and forces[force] != expected_region:
            problems.append(
                f"{label} is in the ONS region {source['region']!r} but its force {force!r} "
                f"is in the Prevent region {forces[force]!r}"
            )
        rows.append(
            {
                "gss_code": source["gss-code"],
                "code": code,
                "name": source["nice-name"],
                "nation": source["nation"],
                "ons_region": source["region"],
                "police_force_area": force,
            }
        )

    problems += [
        f"county {c} matches no current district" for c in sorted(set(FORCE_BY_COUNTY) - used_counties)
    ]
    problems += [
        f"{code} (under {force_by_authority[code]}) matches no current authority without a county"
        for code in sorted(set(force_by_authority) - used_authorities)
    ]
    covered = {row["police_force_area"] for row in rows}
    problems += [f"force {name!r} covers no authority" for name in sorted(set(forces) - covered)]
    for column, limit in (("gss_code", 9), ("code", 4)):
        values = [row[column] for row in rows]
        problems += [
            f"duplicate {column} {value}" for value in sorted({v for v in values if values.count(v) > 1})
        ]
        problems += [
            f"{column} {value!r} is not 1 to {limit} characters"
            for value in values
            if not 0 < len(value) <= limit
        ]
    if problems:
        raise MappingError("\n".join(problems))
    return sorted(rows, key=lambda row: row["gss_code"])


def render(rows: Iterable[Mapping[str, str]]) -> str:
    """The CSV text: UTF-8, a header row, LF line endings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(source: Path = DEFAULT_SOURCE, forces_file: Path = FORCES_FILE) -> str:
    """The text of ``local_authorities.csv`` built from ``source``."""
    with source.open(newline="", encoding="utf-8") as handle:
        source_rows = list(csv.DictReader(handle))
    return render(build_rows(source_rows, read_forces(forces_file)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="mySociety register CSV")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the output differs")
    args = parser.parse_args(argv)
    try:
        text = build(args.source)
    except MappingError as error:
        print(f"Not written: the police force mapping needs attention:\n{error}", file=sys.stderr)
        return 2
    count = text.count("\n") - 1
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != text.encode("utf-8"):
            print(f"{args.output} is out of date: run without --check to rebuild it", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({count} local authorities)")
        return 0
    args.output.write_bytes(text.encode("utf-8"))
    print(f"Wrote {count} local authorities to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
