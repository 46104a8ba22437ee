"""The database refuses what the services refuse, so no other path can break the rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from cornerstone.accounts.actor import Actor
from cornerstone.engagement.models import Action, ActionStatus, Engagement

pytestmark = pytest.mark.django_db


def _refused(update: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        update()


def test_counts_within_the_headcount(record: Callable[..., Engagement]) -> None:
    engagement = record()
    rows = Engagement.objects.filter(pk=engagement.pk)
    _refused(lambda: rows.update(headcount=-1))
    _refused(lambda: rows.update(headcount=10, age_under_18=6, age_18_to_34=5))
    _refused(
        lambda: rows.update(headcount=10, count_women=6, count_men=5, age_under_18=None, age_18_to_34=None)
    )
    # Counts not recorded do not count; counts equal to the headcount are fine.
    rows.update(headcount=10, age_under_18=10, age_18_to_34=None, count_women=None, count_men=None)


def test_published_needs_a_summary(record: Callable[..., Engagement]) -> None:
    engagement = record()
    from django.utils import timezone

    _refused(lambda: Engagement.objects.filter(pk=engagement.pk).update(published_at=timezone.now()))


def test_an_action_needs_an_owner_and_done_needs_we_did(
    officer: Actor, record: Callable[..., Engagement]
) -> None:
    engagement = record()

    def action(**values: object) -> Action:
        fields: dict[str, object] = {
            "engagement": engagement,
            "you_said": "x",
            "agreed_action": "y",
            "owner_name": "Team",
            "due_on": engagement.date,
            "created_by": officer.user,
        }
        fields.update(values)
        return Action.objects.create(**fields)

    _refused(lambda: action(owner_name=""))
    _refused(lambda: action(status=ActionStatus.DONE, done_on=engagement.date))
    _refused(lambda: action(status=ActionStatus.DONE, we_did="Done it"))
    _refused(lambda: action(status=ActionStatus.OPEN, done_on=engagement.date))
    _refused(lambda: action(status="lost"))
    assert action(status=ActionStatus.DONE, we_did="Done it", done_on=engagement.date).is_done
