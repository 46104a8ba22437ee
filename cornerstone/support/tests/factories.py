"""Building support-plan test data: an approved mentoring provider and interventions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.partners.models import ApprovalStatus, InterventionProvider
from cornerstone.referrals.models import Referral
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.support import services
from cornerstone.support.models import Intervention, InterventionType


def coordinator(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR])


def provider_actor(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.INTERVENTION_PROVIDER])


def approved_mentoring(world: DemoWorld) -> InterventionProvider:
    organisation = world.organisations["mentoring"]
    today = timezone.localdate()
    provider, _ = InterventionProvider.objects.get_or_create(
        organisation=organisation,
        defaults={
            "approval_status": ApprovalStatus.APPROVED,
            "approved_on": today - dt.timedelta(days=100),
            "review_due_on": today + dt.timedelta(days=900),
        },
    )
    return provider


def in_support(world: DemoWorld, **answers: Any) -> Referral:
    return referral_at(world, "support", **answers)


def mentoring(
    world: DemoWorld,
    referral: Referral | None = None,
    *,
    frequency_days: int = 7,
    starts_on: dt.date | None = None,
) -> Intervention:
    """A mentoring intervention by the demo provider organisation, owned by the demo provider."""
    approved_mentoring(world)
    referral = referral or in_support(world)
    return services.intervention_add(
        actor=coordinator(world),
        referral_id=referral.pk,
        type=InterventionType.MENTORING,
        description="Weekly mentoring",
        provider_id=world.organisations["mentoring"].pk,
        owner_id=world.users_by_role[Role.INTERVENTION_PROVIDER].pk,
        frequency_days=frequency_days,
        starts_on=starts_on or timezone.localdate() - dt.timedelta(days=30),
    )
