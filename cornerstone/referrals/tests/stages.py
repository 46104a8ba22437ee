"""Referrals placed at any stage of the journey, for tests of one stage at a time.

The referral is submitted through the real services; the stages before the one wanted are then
set directly (status, and the Channel case where the stage has one), so each app's tests can
start where its own work starts. End-to-end walks through every service are in
``cornerstone/channel/tests/test_lifecycle.py``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.tests.helpers import submitted
from cornerstone.referrals.workflow import CHANNEL_STATES, Status


def referral_at(world: DemoWorld, status: str, **answers: Any) -> Referral:
    """A referral by the demo referrer about a person in Warrington (the demo coordinator's
    area, routed to the demo CT policing unit), moved straight to ``status``."""
    load_reference_lists()
    referral = submitted(world.memberships_by_role[Role.REFERRER], **answers)
    if status == Status.SUBMITTED:
        return referral
    now = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(status=status, receipt_recorded_at=now, updated_at=now)
    if status in CHANNEL_STATES or status == Status.POST_CLOSURE:
        assert referral.local_authority is not None
        ChannelCase.objects.get_or_create(
            referral=referral,
            defaults={
                "local_authority": referral.local_authority,
                "coordinator": None
                if status == Status.WITH_CHANNEL
                else world.users_by_role[Role.CHANNEL_COORDINATOR],
                "accepted_at": None if status == Status.WITH_CHANNEL else now,
                "adopted_at": now
                if status
                in (Status.AWAITING_CONSENT, Status.SUPPORT, Status.CONSENT_DECLINED, Status.POST_CLOSURE)
                else None,
            },
        )
    referral.refresh_from_db()
    return referral
