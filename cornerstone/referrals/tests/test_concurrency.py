"""Submission under real concurrency: threads racing on separate database connections."""

from __future__ import annotations

import pytest

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.referrals import services
from cornerstone.referrals.models import Referral
from cornerstone.referrals.tests.helpers import draft
from cornerstone.referrals.workflow import Status
from tests.concurrency import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
]


def test_the_same_draft_submitted_at_once_many_times_is_one_referral(world) -> None:  # type: ignore[no-untyped-def]
    membership = world.memberships_by_role[Role.REFERRER]
    referral = draft(membership)
    actor = Actor.for_membership(membership)
    results = race([lambda: services.referral_submit(actor=actor, referral_id=referral.pk) for _ in range(6)])
    assert all(isinstance(result, services.Submission) for result in results), results
    assert sum(result.newly_submitted for result in results) == 1
    assert len({result.referral.reference for result in results}) == 1
    assert AuditEvent.objects.filter(action="referral.submitted").count() == 1
    from cornerstone.people.models import Person

    assert Person.objects.count() == 1
    assert Referral.objects.get().status == Status.SUBMITTED


def test_different_drafts_submitted_at_once_get_different_numbers(world) -> None:  # type: ignore[no-untyped-def]
    membership = world.memberships_by_role[Role.REFERRER]
    actor = Actor.for_membership(membership)
    drafts = [draft(membership) for _ in range(6)]
    results = race(
        [lambda pk=referral.pk: services.referral_submit(actor=actor, referral_id=pk) for referral in drafts]
    )
    assert all(isinstance(result, services.Submission) for result in results), results
    references = sorted(result.referral.reference for result in results)
    assert len(set(references)) == 6
    assert [int(reference[-6:]) for reference in references] == list(range(1, 7))
