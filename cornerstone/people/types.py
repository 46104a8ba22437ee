"""What a referral (or a search) says about a person, before it is in the index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class OtherName:
    kind: str  # NameKind.ALIAS or NameKind.PREVIOUS
    given_names: str
    family_name: str


@dataclass(frozen=True)
class PersonDetails:
    given_names: str
    family_name: str
    other_names: tuple[OtherName, ...] = ()
    date_of_birth: dt.date | None = None
    approximate_age: int | None = None
    # Recorded, never used for matching: a protected characteristic.
    gender: str = ""
    address_lines: str = ""
    postcode: str = ""
    address_from: dt.date | None = None
    school_or_employer: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()
