"""Deterministic synthetic referral answers (Faker, en_GB, seeded by the caller), shared by the
demo, the benchmark and tests. Every answer is what a referrer would type into the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from faker import Faker

from cornerstone.geography.models import LocalAuthority
from cornerstone.referrals.models import ConcernType, ReferralSector


def synthetic_answers(
    fake: Faker,
    *,
    given: str,
    family: str,
    born: dt.date,
    concern: tuple[str, str],
    la: str,
    postcode: str | None = None,
) -> dict[str, Any]:
    """The raw input of every page of a complete referral from a teacher."""
    authority = LocalAuthority.objects.get(code=la)
    code, noticed = concern
    concern_type = (
        "not_sure"
        if code == "not_sure"
        else str(ConcernType.objects.get(taxonomy__is_current=True, code=code).pk)
    )
    return {
        "name": {"given_names": [given], "family_name": [family]},
        "other-names": {"has_other_names": ["no"]},
        "date-of-birth": {
            "dob_known": ["yes"],
            "date_of_birth_day": [str(born.day)],
            "date_of_birth_month": [str(born.month)],
            "date_of_birth_year": [str(born.year)],
        },
        "gender": {"gender": [fake.random_element(["female", "male"])]},
        "address": {
            "address_lines": [f"{fake.building_number()} {fake.street_name()}\n{authority.name}"],
            "postcode": [postcode or {"WRT": "WA1 1AA", "HAL": "WA7 1AA"}.get(la) or fake.postcode()],
            "local_authority": [str(authority.pk)],
        },
        "school-or-employer": {"school_or_employer": ["Riverside Academy (demo)"]},
        "family-contacts": {
            "family_contacts": [f"Parent: {fake.name()}, 01632 960 {fake.random_int(100, 999)}"]
        },
        "first-language": {"first_language": ["English"]},
        "additional-needs": {"needs": [], "needs_details": [""]},
        "identifiers": {"upn": [""], "nhs": [""], "pnc": [""]},
        "concern": {
            "what_noticed": [noticed],
            "when_noticed": ["Over the last month"],
            "specific_event": [""],
        },
        "online-behaviour": {"online": ["not_known"]},
        "group-contacts": {"group_contacts": ["not_known"]},
        "wish-to-harm": {"wish_to_harm": ["no"]},
        "other-agencies": {"other_agencies": [""]},
        "safeguarding-concerns": {"safeguarding_concerns": [""]},
        "concern-type": {"concern_type": [concern_type]},
        "about-you": {
            "sector": [str(ReferralSector.objects.get(code="education").pk)],
            "organisation_name": ["Riverside Academy (demo)"],
            "job_role": ["Class teacher"],
            "phone": ["01632 960 123"],
            "relationship": ["Form tutor"],
        },
        "safeguarding-lead": {"lead_consulted": ["yes"], "lead_name": [fake.name()]},
        "awareness": {
            "person_knows": ["no"],
            "person_not_told_reason": ["Advised to wait by the safeguarding lead"],
            "parents_know": ["yes"],
        },
        "mash": {"has_mash_reference": ["no"]},
        "attachments": {},
    }
