"""Demo assessments, made through the real services, for ``seed_demo`` and tests.

``seed_demo_assessment(actor=..., referral=..., kind="gateway")`` starts an assessment with the
framework version in use, rates every factor with synthetic words and completes it (or leaves it
as a draft). The referral must be at the stage the kind of assessment is made at.
"""

from __future__ import annotations

import random

from cornerstone.accounts.actor import Actor
from cornerstone.assessments import selectors, services
from cornerstone.assessments.models import Assessment
from cornerstone.assessments.reference_data import load_default_framework
from cornerstone.referrals.models import Referral

NARRATIVES = (
    "Described by the referrer; not yet confirmed by another source.",
    "Seen in messages shared by the school; discussed with the family.",
    "Nothing found in the information gathered so far.",
    "Raised by the person themselves in conversation.",
)
SUMMARIES = (
    "Some engagement with online material and a clear sense of grievance; no sign of intent or capability. "
    "Safeguarding needs are the main concern.",
    "Early signs of engagement with a group; the family are supportive and worried. Needs more information "
    "from health before a decision.",
)


def seed_demo_assessment(
    *, actor: Actor, referral: Referral, kind: str, complete: bool = True, seed: int = 0
) -> Assessment:
    load_default_framework()
    rng = random.Random(f"{seed}-{referral.pk}-{kind}")  # noqa: S311  (synthetic demo data)
    assessment = selectors.draft_for(referral, kind) or services.assessment_start(
        actor=actor, referral_id=referral.pk, kind=kind
    )
    scale = list(assessment.version.rating_scale)
    ratings = {
        factor.pk: (rng.choice(scale), rng.choice(NARRATIVES))
        for dimension in selectors.version_structure(assessment.version)
        for factor in dimension.factors.all()
    }
    services.assessment_save(
        actor=actor,
        assessment_id=assessment.pk,
        ratings=ratings,
        summary=rng.choice(SUMMARIES),
        management_plan="Gather information from school and health; review at the next meeting.",
        what_changed="",
    )
    if complete:
        assessment = services.assessment_complete(actor=actor, assessment_id=assessment.pk)
    assessment.refresh_from_db()
    return assessment
