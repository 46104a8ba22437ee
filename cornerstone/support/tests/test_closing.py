"""Support stops when the case leaves support: the panel's exit, or consent withdrawn, ends the
plan's open interventions in the same move, so providers stop working the case and a finished
plan never shows as overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cornerstone.audit.models import AuditEvent
from cornerstone.channel import services as channel
from cornerstone.channel.models import ConsentDecision, ConsentMethod, ExitReason
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels import services as panels
from cornerstone.panels.models import AgendaItem
from cornerstone.panels.tests import helpers as panel_helpers
from cornerstone.referrals.workflow import Status
from cornerstone.support.home import provider_work
from cornerstone.support.models import Intervention
from cornerstone.support.selectors import drifting_interventions
from cornerstone.support.tests.factories import coordinator, mentoring, provider_actor

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.localdate() - dt.timedelta(days=90)


def _ended(intervention: Intervention) -> bool:
    intervention.refresh_from_db()
    return intervention.ended_at is not None


def test_the_panels_exit_ends_the_plan(world: DemoWorld) -> None:
    running = mentoring(world, starts_on=LONG_AGO)
    referral = running.case.referral
    assert provider_work(provider_actor(world))  # the provider has it to deliver
    meeting = panel_helpers.quorate_published(world)
    panels.agenda_item_decide(
        actor=panel_helpers.chair(world),
        item=AgendaItem.objects.get(meeting=meeting, referral=referral),
        action="exit",
        reasons="Support is complete.",
        exit_reason=ExitReason.RISK_REDUCED,
    )
    referral.refresh_from_db()
    assert referral.status == Status.POST_CLOSURE and _ended(running)
    assert provider_work(provider_actor(world)) == []
    assert not drifting_interventions(Intervention.objects.all(), timezone.localdate()).exists()
    exit_event = AuditEvent.objects.get(action="referral.exit")
    assert exit_event.changes["interventions_ended"] == [running.pk]


def test_consent_withdrawn_ends_the_plan(world: DemoWorld) -> None:
    running = mentoring(world, starts_on=LONG_AGO)
    referral = running.case.referral
    channel.consent_record(
        actor=coordinator(world),
        referral_id=referral.pk,
        decision=ConsentDecision.WITHDRAWN,
        decided_on=timezone.localdate(),
        method=ConsentMethod.PHONE,
        parent_name="Parent (test)",
        parent_relationship="Father",
        child_view="Does not want to carry on",
        capacity_considered="Understood that Channel is voluntary",
    )
    referral.refresh_from_db()
    assert referral.status == Status.CONSENT_DECLINED and _ended(running)
    event = AuditEvent.objects.get(action="referral.consent_withdrawn")
    assert event.changes["interventions_ended"] == [running.pk]
