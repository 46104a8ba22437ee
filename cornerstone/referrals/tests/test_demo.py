from __future__ import annotations

import pytest

from cornerstone.accounts.roles import Role
from cornerstone.referrals.demo import seed_demo_referrals
from cornerstone.referrals.models import Referral
from cornerstone.referrals.selectors import earlier_referrals_of_person, screening_queue_for
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def test_demo_referrals(world) -> None:  # type: ignore[no-untyped-def]
    from cornerstone.accounts.actor import Actor

    created = seed_demo_referrals(world, seed=2026)
    assert len(created) == 5
    assert Referral.objects.filter(status=Status.DRAFT).count() == 1
    officer = Actor.for_membership(world.memberships_by_role[Role.POLICE_PREVENT_OFFICER])
    # Four waiting: the earlier referral of the person referred twice is screened by the journeys
    # demo (cornerstone/demo/journeys.py), which runs after this.
    queue = list(screening_queue_for(officer))
    assert len(queue) == 4
    assert queue[0].arrived_at < queue[-1].arrived_at
    with_history = [referral for referral in queue if earlier_referrals_of_person(referral).exists()]
    assert len(with_history) == 1
    # Running it again changes nothing.
    assert seed_demo_referrals(world, seed=2026) == []
    assert Referral.objects.count() == 5
