"""The whole journey, driven through the real services by a Hypothesis state machine.

Each step picks a service and a role at random (and whether the step's other conditions have
been prepared: deconfliction and assessments done, a quorate meeting with the case on its agenda,
valid consent details). Whatever happens, the referral only ever moves along a row of the
declared table, by a role that row allows; a refused step changes nothing; and a case is never in
support without consent given.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.assessments import services as assessments
from cornerstone.assessments.models import Assessment, AssessmentKind, AssessmentState, Factor
from cornerstone.channel import services as channel
from cornerstone.channel.models import ChannelCase, ConsentDecision, ConsentMethod, ConsentRecord, ExitReason
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels.models import (
    AgendaItem,
    AgendaSection,
    Attendance,
    AttendanceRole,
    Meeting,
    MeetingState,
    Panel,
)
from cornerstone.panels.services import agenda_item_decide
from cornerstone.referrals import services as referrals
from cornerstone.referrals.models import Referral
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import TRANSITIONS, Status, TransitionNotAllowed
from cornerstone.screening import services as screening
from cornerstone.screening.models import DeconflictionOutcome, ScreeningOutcome

pytestmark = pytest.mark.django_db

ROLES = sorted(Role.values)
PANEL_ACTIONS = sorted(
    {t.action for t in TRANSITIONS if Role.PANEL_CHAIR in t.roles and t.action not in ("consent_given",)}
)
REFUSED = (PermissionDenied, ValidationError, TransitionNotAllowed)


def _actor(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def _complete_assessment(world: DemoWorld, referral: Referral, kind: str, role: str) -> None:
    actor = _actor(world, role)
    if Assessment.objects.filter(referral=referral, kind=kind, state=AssessmentState.COMPLETED).exists():
        return
    assessment = assessments.assessment_start(actor=actor, referral_id=referral.pk, kind=kind)
    factors = Factor.objects.filter(dimension__version_id=assessment.version_id)
    scale = assessment.version.rating_scale
    assessments.assessment_save(
        actor=actor,
        assessment_id=assessment.pk,
        ratings={factor.pk: (scale[0], "Nothing noticed.") for factor in factors},
        summary="Summary for the test.",
        management_plan="Plan for the test.",
        what_changed="First assessment.",
    )
    assessments.assessment_complete(actor=actor, assessment_id=assessment.pk)


def _quorate_item(world: DemoWorld, referral: Referral) -> AgendaItem:
    """A meeting of the Warrington panel, under way, with the chair and a police representative
    for the area present, and this case on its agenda (in the section its state belongs to)."""
    panel, _ = Panel.objects.get_or_create(
        organisation=world.organisations["warrington"], defaults={"name": "Test panel"}
    )
    meeting = Meeting.objects.create(
        panel=panel,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        state=MeetingState.PUBLISHED,
        agenda_published_at=timezone.now() - dt.timedelta(days=1),
        created_by=world.users_by_role[Role.CHANNEL_COORDINATOR],
    )
    chair = world.memberships_by_role[Role.PANEL_CHAIR]
    police = world.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
    Attendance.objects.create(
        meeting=meeting,
        organisation=chair.organisation,
        name=chair.user.full_name,
        user=chair.user,
        role=AttendanceRole.CHAIR,
    )
    Attendance.objects.create(
        meeting=meeting,
        organisation=police.organisation,
        name=police.user.full_name,
        user=police.user,
        role=AttendanceRole.POLICE,
    )
    section = {
        Status.LISTED: AgendaSection.NEW,
        Status.POST_CLOSURE: AgendaSection.POST_CLOSURE,
    }.get(referral.status, AgendaSection.OPEN_REVIEW)
    review = None
    if referral.status == Status.POST_CLOSURE:
        review = (
            ChannelCase.objects.get(referral=referral)
            .post_closure_reviews.filter(completed_at__isnull=True)
            .first()
        )
    return AgendaItem.objects.create(
        meeting=meeting, referral=referral, section=section, post_closure_review=review
    )


class Journey(RuleBasedStateMachine):
    world: DemoWorld

    def __init__(self) -> None:
        super().__init__()
        self.referral = referral_at(self.world, Status.SUBMITTED)
        self.moves: list[tuple[str, str, str]] = []

    @property
    def status(self) -> str:
        return Referral.objects.values_list("status", flat=True).get(pk=self.referral.pk)

    def _prepare(self) -> None:
        """Meet the conditions of whatever the current state needs next, as the right people."""
        referral = Referral.objects.get(pk=self.referral.pk)
        status = referral.status
        try:
            if status == Status.IN_SCREENING:
                if not hasattr(referral, "deconfliction"):
                    screening.deconfliction_record(
                        actor=_actor(self.world, Role.POLICE_PREVENT_OFFICER),
                        referral_id=referral.pk,
                        outcome=DeconflictionOutcome.NO_INTEREST,
                    )
                _complete_assessment(
                    self.world, referral, AssessmentKind.GATEWAY, Role.POLICE_PREVENT_OFFICER
                )
            elif status == Status.INFORMATION_GATHERING:
                _complete_assessment(
                    self.world, referral, AssessmentKind.PRELIMINARY, Role.CHANNEL_COORDINATOR
                )
        except REFUSED:
            pass

    def _attempt(self, role: str, call: Callable[[], Any]) -> None:
        before = self.status
        try:
            call()
        except REFUSED:
            assert self.status == before, "a refused step changed the state"
            return
        after = self.status
        if after != before:
            assert any(before in t.sources and t.target == after and role in t.roles for t in TRANSITIONS), (
                f"{role} moved the case {before} -> {after}: not a row of the table"
            )
            self.moves.append((before, after, role))

    @rule(role=st.sampled_from(ROLES))
    def record_receipt(self, role: str) -> None:
        self._attempt(
            role,
            lambda: referrals.referral_receipt_record(
                actor=_actor(self.world, role), referral_id=self.referral.pk
            ),
        )

    @rule(
        role=st.sampled_from(ROLES), prepared=st.booleans(), outcome=st.sampled_from(ScreeningOutcome.values)
    )
    def decide(self, role: str, prepared: bool, outcome: str) -> None:
        if prepared:
            self._prepare()
        self._attempt(
            role,
            lambda: screening.screening_decide(
                actor=_actor(self.world, role),
                referral_id=self.referral.pk,
                outcome=outcome,
                rationale="Rationale for the test.",
                signposted_to="Early help (test)" if outcome == ScreeningOutcome.SIGNPOSTED else "",
                passed_on="The referral summary" if outcome == ScreeningOutcome.SIGNPOSTED else "",
            ),
        )

    @rule(role=st.sampled_from(ROLES), required=st.booleans())
    def set_approval_policy(self, role: str, required: bool) -> None:
        with contextlib.suppress(*REFUSED):
            screening.screening_policy_set(
                actor=_actor(self.world, role), supervisor_approval_required=required
            )

    @rule(role=st.sampled_from(ROLES), approve=st.booleans())
    def approve_or_return(self, role: str, approve: bool) -> None:
        actor = _actor(self.world, role)
        if approve:
            self._attempt(
                role, lambda: screening.screening_decision_approve(actor=actor, referral_id=self.referral.pk)
            )
        else:
            self._attempt(
                role,
                lambda: screening.screening_decision_return(
                    actor=actor, referral_id=self.referral.pk, reason="Test"
                ),
            )

    @rule(role=st.sampled_from(ROLES), close=st.booleans())
    def police_managed(self, role: str, close: bool) -> None:
        actor = _actor(self.world, role)
        if close:
            self._attempt(
                role,
                lambda: referrals.referral_close(actor=actor, referral_id=self.referral.pk, reason="Test"),
            )
        else:
            self._attempt(
                role,
                lambda: screening.police_managed_refer_to_channel(
                    actor=actor, referral_id=self.referral.pk, rationale="Test"
                ),
            )

    @rule(role=st.sampled_from(ROLES))
    def accept(self, role: str) -> None:
        self._attempt(
            role,
            lambda: channel.channel_case_accept(actor=_actor(self.world, role), referral_id=self.referral.pk),
        )

    @rule(role=st.sampled_from(ROLES), prepared=st.booleans())
    def list_for_panel(self, role: str, prepared: bool) -> None:
        if prepared:
            self._prepare()
        self._attempt(
            role,
            lambda: channel.channel_case_list_for_panel(
                actor=_actor(self.world, role), referral_id=self.referral.pk, reason="Ready for panel"
            ),
        )

    @rule(
        role=st.sampled_from(ROLES),
        prepared=st.booleans(),
        action=st.sampled_from(PANEL_ACTIONS),
        extend=st.booleans(),
    )
    def panel_decides(self, role: str, prepared: bool, action: str, extend: bool) -> None:
        referral = Referral.objects.get(pk=self.referral.pk)
        if referral.status not in (
            Status.LISTED,
            Status.SUPPORT,
            Status.CONSENT_DECLINED,
            Status.POST_CLOSURE,
        ):
            return
        if prepared:
            item = _quorate_item(self.world, referral)
        else:
            # A meeting with nobody recorded as present: no decision can be made there.
            item = _quorate_item(self.world, referral)
            item.meeting.attendance.all().delete()
        self._attempt(
            role,
            lambda: agenda_item_decide(
                actor=_actor(self.world, role),
                item=item,
                action=action,
                reasons="Reasons for the test.",
                detail="no_further_action",
                exit_reason=ExitReason.RISK_REDUCED,
                outcome="No further concerns",
                extend=extend,
            ),
        )

    @rule(
        role=st.sampled_from(ROLES), decision=st.sampled_from(ConsentDecision.values), complete=st.booleans()
    )
    def consent(self, role: str, decision: str, complete: bool) -> None:
        # The demo referral's person was born in 2010: a child, so a parent decides and the
        # child's own view is recorded. ``complete`` leaves those out to test the guard.
        self._attempt(
            role,
            lambda: channel.consent_record(
                actor=_actor(self.world, role),
                referral_id=self.referral.pk,
                decision=decision,
                decided_on=timezone.localdate(),
                method=ConsentMethod.IN_PERSON,
                parent_name="Alex Taylor" if complete else "",
                parent_relationship="Mother" if complete else "",
                child_view="Wants to take part" if complete else "",
                capacity_considered="Has capacity" if complete else "",
            ),
        )

    @invariant()
    def only_declared_states(self) -> None:
        assert self.status in Status.values

    @invariant()
    def never_in_support_without_consent(self) -> None:
        if self.status != Status.SUPPORT:
            return
        latest = (
            ConsentRecord.objects.filter(case__referral_id=self.referral.pk)
            .order_by("-recorded_at", "-id")
            .first()
        )
        assert latest is not None and latest.decision == ConsentDecision.GIVEN
        # And support was entered only from waiting for consent.
        entered = [move for move in self.moves if move[1] == Status.SUPPORT and move[0] != Status.SUPPORT]
        assert entered and all(move[0] == Status.AWAITING_CONSENT for move in entered)


def test_random_journeys_keep_to_the_table_and_never_skip_consent(world: DemoWorld) -> None:
    Journey.world = world
    run_state_machine_as_test(
        Journey,
        settings=settings(
            max_examples=20,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_a_guided_journey_reaches_every_stage(world: DemoWorld) -> None:
    """The same rules, in the order a real case takes them, reach support and the post-closure
    reviews: the random walk above is not passing merely because nothing ever moves."""
    Journey.world = world
    journey = Journey()
    journey.record_receipt(Role.POLICE_PREVENT_OFFICER)
    journey.decide(Role.POLICE_PREVENT_OFFICER, True, ScreeningOutcome.PROGRESSED)
    assert journey.status == Status.WITH_CHANNEL
    journey.accept(Role.CHANNEL_COORDINATOR)
    journey.list_for_panel(Role.CHANNEL_COORDINATOR, True)
    assert journey.status == Status.LISTED
    journey.panel_decides(Role.PANEL_CHAIR, True, "adopt", False)
    assert journey.status == Status.AWAITING_CONSENT
    journey.consent(Role.CHANNEL_COORDINATOR, ConsentDecision.GIVEN, True)
    assert journey.status == Status.SUPPORT
    journey.never_in_support_without_consent()
    journey.panel_decides(Role.PANEL_CHAIR, True, "exit", False)
    assert journey.status == Status.POST_CLOSURE
    journey.panel_decides(Role.PANEL_CHAIR, True, "post_closure_review", False)
    journey.panel_decides(Role.PANEL_CHAIR, True, "finish_post_closure", False)
    assert journey.status == Status.CLOSED
