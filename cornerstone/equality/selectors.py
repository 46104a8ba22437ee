"""Reads of equality data: one record for the people who may record it, and group counts in
bulk for the statistics. Nothing here searches, matches or orders people by a characteristic."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.bulk import in_list
from cornerstone.equality.categories import (
    ETHNIC_GROUP_LABEL,
    ETHNIC_GROUP_OF,
    ETHNICITIES,
    PREFER_NOT_TO_SAY,
)
from cornerstone.equality.models import EqualityRecord, PopulationBaseline, PopulationCount
from cornerstone.equality.permissions import RECORDERS
from cornerstone.referrals.workflow import Status

ETHNICITY_LABEL = {code: label for code, label, _ in ETHNICITIES}


def equality_records_visible_to(actor: Actor) -> QuerySet[EqualityRecord]:
    """The records of the referrals routed to the actor's police unit, for its screeners only."""
    if actor.user is None or actor.role not in RECORDERS or actor.organisation is None:
        return EqualityRecord.objects.none()
    return EqualityRecord.objects.filter(referral__routed_to=actor.organisation).exclude(
        referral__status=Status.DRAFT
    )


def equality_record_of(actor: Actor, referral_id: int) -> EqualityRecord | None:
    return equality_records_visible_to(actor).filter(referral_id=referral_id).first()


def records_for_subject_access(referral_ids: Iterable[int]) -> QuerySet[EqualityRecord]:
    """The person's own answers, for the response to their subject access request: a person has
    the right to see what is held about them, equality data included. Only the subject access
    bundle calls this, for the referrals of the person who asked."""
    return EqualityRecord.objects.filter(referral_id__in=list(referral_ids)).order_by("recorded_at", "pk")


def ethnicity_label(code: str) -> str:
    if code == PREFER_NOT_TO_SAY:
        return "Prefer not to say"
    return ETHNICITY_LABEL.get(code, "")


def characteristics_for(referral_ids: Iterable[int] | QuerySet[Any]) -> dict[int, dict[str, str]]:
    """For statistics only: each referral's answers, reported as the groups statistics use
    (ethnicity as its high-level group). ``referral_ids`` is ids, or a query of ids (read as one
    subquery). Referrals with no record are absent; an answer not given is "" and "Prefer not to
    say" is ``prefer_not_to_say``."""
    ids = (
        referral_ids
        if isinstance(referral_ids, QuerySet)
        else in_list(EqualityRecord, "referral_id", referral_ids)
    )
    rows = EqualityRecord.objects.filter(referral_id__in=ids).values_list(
        "referral_id", "ethnicity", "religion", "sex", "condition_recorded"
    )
    return {
        referral_id: {
            "ethnicity": ETHNIC_GROUP_OF.get(ethnicity, ethnicity),
            "religion": religion,
            "sex": sex,
            "condition": condition,
        }
        for referral_id, ethnicity, religion, sex, condition in rows
    }


def ethnicity_groups_for(referral_ids: Iterable[int] | QuerySet[Any]) -> dict[int, str]:
    """For the national return: the ONS high-level ethnic group code (``asian``, ``black``,
    ``mixed``, ``white``, ``other``) of each referral whose record gives an ethnicity. Referrals
    with no record, no answer or "Prefer not to say" are absent (reported as not known)."""
    return {
        referral_id: answers["ethnicity"]
        for referral_id, answers in characteristics_for(referral_ids).items()
        if answers["ethnicity"] in ETHNIC_GROUP_LABEL
    }


def baselines() -> QuerySet[PopulationBaseline]:
    """Every loaded baseline, newest first (no personal data: counts of the population)."""
    return PopulationBaseline.objects.select_related("loaded_by")


def population_for(area_code: str, characteristic: str) -> tuple[dict[str, int], str, int | None]:
    """The population of each group of ``characteristic`` in the area, from the latest baseline
    that covers it (its latest year): counts by group code, the source, and the year."""
    rows = PopulationCount.objects.filter(area_code=area_code, characteristic=characteristic)
    latest = rows.order_by("-baseline__loaded_at", "-baseline_id", "-year").first()
    if latest is None:
        return {}, "", None
    chosen = rows.filter(baseline_id=latest.baseline_id, year=latest.year)
    return {row.group: row.count for row in chosen}, latest.source, latest.year
