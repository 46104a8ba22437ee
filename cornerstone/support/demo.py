"""Synthetic support plans for the demo: for the demo Channel cases already in support, a
mentoring intervention by the demo provider with sessions delivered (on track) and, on one
case, a second intervention with nothing delivered for weeks (shown as overdue).

Runs after the directory (``partners.demo.seed_demo_directory``, which approves the demo
mentoring provider) and after the cases are seeded. Running it again changes nothing: a case
that already has interventions is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.referrals.models import Referral
from cornerstone.referrals.workflow import Status
from cornerstone.support import services
from cornerstone.support.models import Intervention, InterventionType, SessionStatus


def seed_demo_support(world: Any, *, today: dt.date | None = None) -> list[Intervention]:
    today = today or timezone.localdate()
    coordinator = Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR])
    provider = Actor.for_membership(world.memberships_by_role[Role.INTERVENTION_PROVIDER])
    mentoring_org = world.organisations["mentoring"]
    made: list[Intervention] = []
    cases = Referral.objects.filter(
        status=Status.SUPPORT, channel_case__local_authority__organisations=coordinator.organisation
    ).order_by("pk")
    for index, referral in enumerate(cases):
        if Intervention.objects.filter(case__referral=referral).exists():
            continue
        started = today - dt.timedelta(days=42)
        mentoring = services.intervention_add(
            actor=coordinator,
            referral_id=referral.pk,
            type=InterventionType.MENTORING,
            description="Weekly one-to-one mentoring sessions.",
            provider_id=mentoring_org.pk,
            owner_id=provider.user.pk,  # type: ignore[union-attr]
            frequency_days=7,
            starts_on=started,
        )
        made.append(mentoring)
        for week in range(6):
            status = SessionStatus.MISSED if week == 2 else SessionStatus.DELIVERED
            services.session_log(
                actor=provider,
                intervention_id=mentoring.pk,
                held_on=started + dt.timedelta(days=7 * week),
                status=status,
                note="Session held at the library."
                if status == SessionStatus.DELIVERED
                else "Did not attend.",
            )
        if index == 0:
            # Support that quietly petered out: nothing delivered since it started.
            made.append(
                services.intervention_add(
                    actor=coordinator,
                    referral_id=referral.pk,
                    type=InterventionType.CAREERS,
                    description="Careers advice and help applying for college.",
                    provider_id=coordinator.organisation.pk,  # type: ignore[union-attr]
                    owner_id=coordinator.user.pk,  # type: ignore[union-attr]
                    frequency_days=14,
                    starts_on=today - dt.timedelta(days=35),
                )
            )
    return made
