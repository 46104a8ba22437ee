"""The demo has cases at every stage of the journey, made through the services."""

from __future__ import annotations

import pytest

from cornerstone.channel.models import ConsentDecision, ConsentRecord, PostClosureReview
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.demo.journeys import seed_demo_journeys
from cornerstone.partners.demo import seed_demo_directory
from cornerstone.people.models import Person
from cornerstone.referrals.demo import seed_demo_referrals
from cornerstone.referrals.models import Referral
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.workflow import Status
from cornerstone.screening.models import DecisionState, ScreeningDecision, ScreeningOutcome
from cornerstone.support.models import Intervention
from cornerstone.support.selectors import drifting_interventions

pytestmark = pytest.mark.django_db


def test_every_stage_has_demo_cases(world: DemoWorld) -> None:
    from django.utils import timezone

    load_reference_lists()
    seed_demo_referrals(world, seed=DEMO_SEED)
    seed_demo_directory(world, seed=DEMO_SEED)
    assert seed_demo_journeys(world, seed=DEMO_SEED)
    statuses = set(Referral.objects.values_list("status", flat=True))
    for status in (
        Status.SUBMITTED,
        Status.IN_SCREENING,
        Status.POLICE_MANAGED,
        Status.WITH_CHANNEL,
        Status.INFORMATION_GATHERING,
        Status.LISTED,
        Status.CONSENT_DECLINED,
        Status.SUPPORT,
        Status.POST_CLOSURE,
        Status.CLOSED,
    ):
        assert status in statuses, status
    made = set(ScreeningDecision.objects.filter(state=DecisionState.MADE).values_list("outcome", flat=True))
    assert made == set(ScreeningOutcome.values)
    assert ConsentRecord.objects.filter(decision=ConsentDecision.DECLINED).exists()
    assert Referral.objects.filter(status=Status.LISTED).count() == 2
    # One support plan is drifting, the other is not.
    assert drifting_interventions(Intervention.objects.all(), timezone.localdate()).count() == 1
    # Closed cases with their 6- and 12-month reviews coming up.
    due = PostClosureReview.objects.filter(completed_at__isnull=True).values_list("months", flat=True)
    assert {6, 12} <= set(due)
    # One person referred three times.
    assert any(person.referrals.count() == 3 for person in Person.objects.filter(merged_into__isnull=True))
    # Running it again adds nothing.
    before = Referral.objects.count()
    assert seed_demo_journeys(world, seed=DEMO_SEED) == []
    assert Referral.objects.count() == before
