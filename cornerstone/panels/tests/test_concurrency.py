"""The panel exits a case at the very moment the coordinator records that consent was withdrawn:
both are allowed from support, only one can happen, and the other person is told what did
(threads racing on separate database connections)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.channel import services as channel
from cornerstone.channel.models import ConsentDecision, ConsentMethod, ConsentRecord, ExitReason
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels import services
from cornerstone.panels.models import AgendaItem
from cornerstone.panels.tests import helpers as h
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.transitions import CaseMovedOn
from cornerstone.referrals.workflow import Status, status_label
from tests.concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_exit_and_consent_withdrawn_at_once_one_wins_and_the_other_is_told(world: DemoWorld) -> None:
    referral = referral_at(world, Status.SUPPORT)
    # Each saw the case in support when they opened their page.
    seen = referral.status
    meeting = h.quorate_published(world)
    item = AgendaItem.objects.get(meeting=meeting, referral=referral)
    before = AuditEvent.objects.count()
    results = race(
        [
            lambda: services.agenda_item_decide(
                actor=h.chair(world),
                item=item,
                action="exit",
                reasons="Support is complete.",
                exit_reason=ExitReason.RISK_REDUCED,
                seen_status=seen,
            ),
            lambda: channel.consent_record(
                actor=h.coordinator(world),
                referral_id=referral.pk,
                decision=ConsentDecision.WITHDRAWN,
                decided_on=timezone.localdate(),
                method=ConsentMethod.PHONE,
                parent_name="Parent (test)",
                parent_relationship="Mother",
                child_view="Does not want to carry on",
                seen_status=seen,
            ),
        ]
    )
    lost = [result for result in results if isinstance(result, CaseMovedOn)]
    assert len(lost) == 1, results
    exited = not isinstance(results[0], CaseMovedOn)
    referral.refresh_from_db()
    item.refresh_from_db()
    if exited:
        assert referral.status == Status.POST_CLOSURE
        assert not ConsentRecord.objects.filter(case__referral=referral).exists()
        winner = world.users_by_role[Role.PANEL_CHAIR]
    else:
        assert referral.status == Status.CONSENT_DECLINED
        assert item.decision == ""
        winner = world.users_by_role[Role.CHANNEL_COORDINATOR]
    # The message says who did what, and what the case is now.
    message = str(lost[0])
    assert message.startswith(f"Nothing was changed: {winner.full_name} recorded '")
    assert message.endswith(
        f"so this case is now '{status_label(referral.status)}'. Check the case before you try again."
    )
    assert AuditEvent.objects.count() == before + 1
