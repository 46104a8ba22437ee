"""``seed_demo`` builds the same world every time and can be run again safely."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cornerstone.accounts.models import Membership, User
from cornerstone.api.demo import demo_credential
from cornerstone.api.models import ApiClient
from cornerstone.audit.models import InformationSharingAgreement, OnwardDisclosure
from cornerstone.demo.generator import DEMO_SEED
from cornerstone.engagement.models import Engagement
from cornerstone.exercises.models import ExerciseSession
from cornerstone.guidance.models import GuidanceVersion, PreventContact
from cornerstone.partners.models import InterventionProvider, PartnerService
from cornerstone.people.models import Person
from cornerstone.referrals.models import Referral


@pytest.mark.django_db
def test_seed_demo_loads_the_world_and_a_second_run_adds_nothing() -> None:
    call_command("seed_demo", "--quiet")
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        Referral.objects.count(),
        Person.objects.count(),
        PartnerService.objects.count(),
        InterventionProvider.objects.count(),
        PreventContact.objects.count(),
        GuidanceVersion.objects.count(),
        ExerciseSession.objects.count(),
        Engagement.objects.count(),
        InformationSharingAgreement.objects.count(),
        OnwardDisclosure.objects.count(),
    )
    assert all(counts), "every part of the service has demo records"
    assert Referral.objects.exclude(person=None).exists()
    assert Person.objects.filter(merged_into__isnull=False).exists(), "the demo shows a person referred twice"
    assert ApiClient.objects.filter(key_id=demo_credential(DEMO_SEED).key_id, revoked_at=None).exists()
    call_command("seed_demo", "--quiet")
    assert (
        User.objects.count(),
        Membership.objects.count(),
        Referral.objects.count(),
        Person.objects.count(),
        PartnerService.objects.count(),
        InterventionProvider.objects.count(),
        PreventContact.objects.count(),
        GuidanceVersion.objects.count(),
        ExerciseSession.objects.count(),
        Engagement.objects.count(),
        InformationSharingAgreement.objects.count(),
        OnwardDisclosure.objects.count(),
    ) == counts
