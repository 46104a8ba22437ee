"""Building referrals for tests: complete answers for every page, drafts and submissions."""

from __future__ import annotations

from typing import Any

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership
from cornerstone.geography.models import LocalAuthority
from cornerstone.referrals import services
from cornerstone.referrals.models import ConcernType, Referral, ReferralSector
from cornerstone.referrals.steps import steps_for


def complete_answers(
    *, local_authority: str = "WRT", given: str = "Sam", family: str = "Taylor", born: str = "3 4 2010"
) -> dict[str, dict[str, list[str]]]:
    """The raw input of every page, as a referrer would type it."""
    day, month, year = born.split()
    la = LocalAuthority.objects.get(code=local_authority)
    education = ReferralSector.objects.get(code="education")
    family_sector = ReferralSector.objects.get(code="family")
    concern = ConcernType.objects.get(taxonomy__is_current=True, code="extreme_right_wing")
    return {
        "name": {"given_names": [given], "family_name": [family]},
        "other-names": {"has_other_names": ["no"]},
        "date-of-birth": {
            "dob_known": ["yes"],
            "date_of_birth_day": [day],
            "date_of_birth_month": [month],
            "date_of_birth_year": [year],
        },
        "gender": {"gender": ["male"]},
        "address": {
            "address_lines": ["1 Bridge Street\nWarrington"],
            "postcode": ["WA1 2AB"],
            "local_authority": [str(la.pk)],
        },
        "school-or-employer": {"school_or_employer": ["Riverside Academy"]},
        "family-contacts": {"family_contacts": ["Mother, Alex Taylor, 01632 960 001"]},
        "first-language": {"first_language": ["English"]},
        "additional-needs": {"needs": ["sen"], "needs_details": ["Dyslexia"]},
        "identifiers": {"upn": [""], "nhs": [""], "pnc": [""]},
        "concern": {
            "what_noticed": ["Shared extreme right wing images with classmates"],
            "when_noticed": ["Over the last 2 weeks"],
            "specific_event": [""],
        },
        "online-behaviour": {
            "online": ["yes"],
            "online_details": ["Watching violent videos"],
            "online_how_found": ["Told by a classmate"],
        },
        "group-contacts": {"group_contacts": ["not_known"]},
        "wish-to-harm": {"wish_to_harm": ["no"]},
        "other-agencies": {"other_agencies": [""]},
        "safeguarding-concerns": {"safeguarding_concerns": [""]},
        "concern-type": {"concern_type": [str(concern.pk)]},
        "how-received": {
            "received_via": ["phone"],
            "caller_name": ["Alex Taylor"],
            "caller_contact": ["01632 960 001"],
            "caller_relationship": ["Mother"],
            "sector": [str(family_sector.pk)],
        },
        "about-you": {
            "sector": [str(education.pk)],
            "organisation_name": ["Riverside Academy (demo)"],
            "job_role": ["Class teacher"],
            "phone": ["01632 960 002"],
            "relationship": ["Form tutor"],
        },
        "safeguarding-lead": {"lead_consulted": ["yes"], "lead_name": ["Pat Jones"]},
        "awareness": {
            "person_knows": ["yes"],
            "parents_know": ["no"],
            "parents_not_told_reason": ["Risk at home"],
        },
        "mash": {"has_mash_reference": ["no"]},
        "attachments": {},
    }


def draft(
    membership: Membership, *, on_behalf: bool = False, complete: bool = True, **answers: Any
) -> Referral:
    actor = Actor.for_membership(membership)
    referral = services.referral_start(actor=actor, on_behalf=on_behalf)
    if complete:
        raw = complete_answers(**answers)
        for step in steps_for(referral):
            services.referral_answer_save(
                actor=actor, referral_id=referral.pk, slug=step.slug, raw=raw[step.slug]
            )
    referral.refresh_from_db()
    return referral


def submitted(membership: Membership, **answers: Any) -> Referral:
    referral = draft(membership, **answers)
    return services.referral_submit(actor=Actor.for_membership(membership), referral_id=referral.pk).referral
