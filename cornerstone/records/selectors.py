"""Reads for retention: which people are due, the reviews and certificates a reviewer may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import OuterRef, Q, QuerySet, Subquery

from cornerstone.accounts.actor import Actor
from cornerstone.people.models import Person
from cornerstone.records.models import DeletionCertificate, RetentionReview, RetentionRule, ReviewState
from cornerstone.records.permissions import can_manage_retention
from cornerstone.records.retention import ReferralFacts, local_date, person_due_on
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision
from cornerstone.statistics.national_return import age_on


def rules_in_force() -> dict[tuple[str, str], int]:
    return {(rule.outcome_group, rule.age_group): rule.years for rule in RetentionRule.objects.all()}


def people_due(*, today: dt.date) -> list[tuple[Person, dt.date, int]]:
    """People in the index (not merged away) whose every referral is past its retention date,
    with the date and how many referrals, leaving out those with a review open or kept beyond
    ``today``."""
    rules = rules_in_force()
    made = ScreeningDecision.objects.filter(referral=OuterRef("pk"), state=DecisionState.MADE).order_by(
        "-decided_at", "-pk"
    )
    held_back = RetentionReview.objects.filter(
        Q(state=ReviewState.PENDING) | Q(state=ReviewState.KEPT, review_again_on__gt=today)
    ).values("person_id")
    rows = (
        Referral.objects.exclude(status=Status.DRAFT)
        .filter(person__merged_into__isnull=True, person__reference__isnull=False)
        .exclude(person__in=held_back)
        .annotate(
            outcome=Subquery(made.values("outcome")[:1]),
            decided_at=Subquery(made.values("decided_at")[:1]),
        )
        .order_by()
        .values_list(
            "person_id",
            "outcome",
            "decided_at",
            "channel_case__exited_at",
            "person__date_of_birth",
            "person__approximate_age",
            "person__approximate_age_on",
        )
    )
    facts: dict[int, list[ReferralFacts]] = defaultdict(list)
    for person_id, outcome, decided_at, exited_at, born, approximate, approximate_on in rows.iterator(
        chunk_size=2000
    ):
        decided_on = local_date(decided_at)
        exited_on = local_date(exited_at)
        anchor_day = exited_on if outcome == "progressed" else decided_on
        age = (
            age_on(
                day=anchor_day,
                date_of_birth=born,
                approximate_age=approximate,
                approximate_age_on=approximate_on,
            )
            if anchor_day is not None
            else None
        )
        facts[person_id].append(
            ReferralFacts(
                outcome=outcome or "", decided_on=decided_on, exited_on=exited_on, age_at_anchor=age
            )
        )
    due: list[tuple[int, dt.date, int]] = []
    for person_id, referrals in facts.items():
        day = person_due_on(referrals, rules)
        if day is not None and day <= today:
            due.append((person_id, day, len(referrals)))
    people = Person.objects.in_bulk([person_id for person_id, _, _ in due])
    return sorted(((people[pid], day, count) for pid, day, count in due), key=lambda row: (row[1], row[0].pk))


def retention_reviews_visible_to(actor: Actor) -> QuerySet[RetentionReview]:
    if not can_manage_retention(actor):
        return RetentionReview.objects.none()
    return RetentionReview.objects.select_related("certificate", "decided_by")


def certificates_visible_to(actor: Actor) -> QuerySet[DeletionCertificate]:
    if not can_manage_retention(actor):
        return DeletionCertificate.objects.none()
    return DeletionCertificate.objects.all()
