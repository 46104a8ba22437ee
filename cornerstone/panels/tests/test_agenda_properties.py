"""Properties of agendas, whatever the mix of cases and meetings: no case twice on one agenda, no
case waiting on two open meetings, each case in the section of its state, and post-closure
reviews only once due by the meeting's date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cornerstone.channel.models import ChannelCase, PostClosureReview
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels import rules
from cornerstone.panels.models import AgendaItem, AgendaSection, MeetingState
from cornerstone.panels.tests import helpers as h
from cornerstone.referrals.models import Referral
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status

STATES = [
    Status.INFORMATION_GATHERING,
    Status.LISTED,
    Status.AWAITING_CONSENT,
    Status.SUPPORT,
    Status.CONSENT_DECLINED,
    Status.POST_CLOSURE,
    Status.CLOSED,
]
POOL = 5


@pytest.fixture
def pool(world: DemoWorld) -> list[Referral]:
    h.panel(world)
    return [referral_at(world, Status.LISTED) for _ in range(POOL)]


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    states=st.lists(st.sampled_from(STATES), min_size=POOL, max_size=POOL),
    review_days=st.lists(st.integers(-60, 400), min_size=POOL, max_size=POOL),
    meeting_days=st.lists(st.integers(-10, 420), min_size=1, max_size=4),
    close_first=st.booleans(),
)
def test_agendas_never_list_a_case_twice(
    world: DemoWorld,
    pool: list[Referral],
    states: list[str],
    review_days: list[int],
    meeting_days: list[int],
    close_first: bool,
) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        for referral, state, days in zip(pool, states, review_days, strict=True):
            Referral.objects.filter(pk=referral.pk).update(status=state)
            if state == Status.POST_CLOSURE:
                case = ChannelCase.objects.get(referral=referral)
                PostClosureReview.objects.create(case=case, months=6, due_on=today + dt.timedelta(days=days))
                PostClosureReview.objects.create(
                    case=case, months=12, due_on=today + dt.timedelta(days=days + 180)
                )
        meetings = []
        for number, days in enumerate(meeting_days):
            starts = timezone.now() + dt.timedelta(days=days)
            meeting = h.meeting(world, starts)
            if number == 0 and close_first:
                from cornerstone.panels import services

                services.meeting_publish_agenda(actor=h.coordinator(world), meeting=meeting)
                services.meeting_close(actor=h.chair(world), meeting=meeting)
            meetings.append(meeting)

        items = list(AgendaItem.objects.filter(removed=False).select_related("meeting", "referral"))
        per_meeting = [(item.meeting_id, item.referral_id) for item in items]
        assert len(per_meeting) == len(set(per_meeting))
        waiting = [
            item.referral_id
            for item in items
            if item.meeting.state != MeetingState.CLOSED and not item.decision
        ]
        assert len(waiting) == len(set(waiting))
        for item in items:
            assert item.referral.status in rules.SECTION_STATES[item.section]
            if item.section == AgendaSection.POST_CLOSURE:
                review = item.post_closure_review
                assert review is not None and review.due_on <= rules.meeting_date(item.meeting)
        # Every case due somewhere is on the first open meeting able to take it.
        for referral, state in zip(pool, states, strict=True):
            if state in (Status.LISTED, Status.SUPPORT, Status.CONSENT_DECLINED):
                assert any(item.referral_id == referral.pk for item in items)
        transaction.set_rollback(True)
