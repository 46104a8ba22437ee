"""Two people changing the same case at the same moment: exactly one change wins, and the other
person is told plainly what happened (threads racing on separate database connections)."""

from __future__ import annotations

import pytest

from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.transitions import CaseMovedOn
from cornerstone.referrals.workflow import Status
from cornerstone.screening import services
from cornerstone.screening.models import DecisionState, ScreeningDecision, ScreeningOutcome
from cornerstone.screening.tests import helpers as h
from tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)

ENDS = {ScreeningOutcome.NO_FURTHER_ACTION: Status.CLOSED, ScreeningOutcome.PROGRESSED: Status.WITH_CHANNEL}


def test_two_officers_deciding_at_once_one_wins_and_the_other_is_told(world: DemoWorld) -> None:
    referral = h.ready_to_decide(world)
    first, second = h.actor(world), h.another(world, "police_prevent_officer")
    before = AuditEvent.objects.count()
    results = race(
        [
            lambda: services.screening_decide(
                actor=first,
                referral_id=referral.pk,
                outcome=ScreeningOutcome.NO_FURTHER_ACTION,
                rationale="No indication of radicalisation.",
            ),
            lambda: services.screening_decide(
                actor=second,
                referral_id=referral.pk,
                outcome=ScreeningOutcome.PROGRESSED,
                rationale="Would benefit from multi-agency support.",
            ),
        ]
    )
    won = [result for result in results if isinstance(result, ScreeningDecision)]
    lost = [result for result in results if isinstance(result, CaseMovedOn)]
    assert len(won) == 1 and len(lost) == 1, results
    decisions = ScreeningDecision.objects.filter(referral=referral, state=DecisionState.MADE)
    assert list(decisions.values_list("outcome", flat=True)) == [won[0].outcome]
    referral.refresh_from_db()
    assert referral.status == ENDS[ScreeningOutcome(won[0].outcome)]
    # The loser's message names the change that won, who made it, and where the case is now.
    message = str(lost[0])
    winner = first if won[0].outcome == ScreeningOutcome.NO_FURTHER_ACTION else second
    assert message.startswith("Nothing was changed: ")
    assert winner.user is not None and winner.user.full_name in message
    assert "Check the case before you try again" in message
    assert AuditEvent.objects.count() == before + 1
