"""Police screening services: deconfliction, each outcome, approval, returning, the policy."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.channel.models import ChannelCase
from cornerstone.notifications.models import Notification
from cornerstone.partners.models import PartnerService, ServiceType
from cornerstone.referrals.models import TimelineEntry
from cornerstone.referrals.services import referral_close
from cornerstone.referrals.transitions import CaseMovedOn
from cornerstone.referrals.workflow import Status
from cornerstone.screening import selectors, services
from cornerstone.screening.models import DecisionState, Deconfliction, ScreeningDecision, ScreeningPolicy
from cornerstone.screening.tests.helpers import (
    actor,
    another,
    at,
    complete_gateway,
    ready_to_decide,
    received,
    require_approval,
)

pytestmark = pytest.mark.django_db

OFFICER, SUPERVISOR = Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR


def _decide(world, referral, outcome: str, role: str = OFFICER, **extra):  # type: ignore[no-untyped-def]
    return services.screening_decide(
        actor=actor(world, role), referral_id=referral.pk, outcome=outcome, rationale="Because", **extra
    )


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("no_further_action", Status.CLOSED),
        ("police_managed", Status.POLICE_MANAGED),
        ("progressed", Status.WITH_CHANNEL),
    ],
)
def test_each_outcome_without_approval(world, outcome: str, status: str) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    decision = _decide(world, referral, outcome)
    assert at(referral) == status
    assert decision.state == DecisionState.MADE and decision.rationale == "Because"
    assert ChannelCase.objects.filter(referral=referral).exists() == (outcome == "progressed")
    event = AuditEvent.objects.get(action=f"referral.{services.OUTCOME_ACTIONS[outcome]}")
    assert event.reason == "Because" and event.changes["decision"] == decision.pk


def test_signposting_needs_the_service_and_what_was_passed_on(world) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    with pytest.raises(ValidationError) as error:
        _decide(world, referral, "signposted")
    assert set(error.value.error_dict) == {"signposted_to", "passed_on"}
    assert at(referral) == Status.IN_SCREENING
    decision = _decide(
        world, referral, "signposted", signposted_to="Warrington Early Help", passed_on="The concern"
    )
    assert at(referral) == Status.CLOSED
    assert decision.signposted_to == "Warrington Early Help" and decision.passed_on == "The concern"
    assert TimelineEntry.objects.filter(referral=referral, title__contains="Warrington Early Help").exists()


def test_signposting_to_a_directory_service(world) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    kind = ServiceType.objects.first() or ServiceType.objects.create(code="early_help", name="Early help")
    service = PartnerService.objects.create(
        name="Family Hub",
        organisation_name="Warrington Council",
        service_type=kind,
        description="d",
        how_to_refer="Call",
    )
    decision = _decide(
        world, referral, "signposted", signposted_service_id=service.pk, passed_on="Concern and contacts"
    )
    assert decision.signposted_service == service and decision.signposted_to == "Family Hub"


def test_a_decision_needs_deconfliction_and_the_gateway_assessment(world) -> None:  # type: ignore[no-untyped-def]
    referral = received(world)
    with pytest.raises(ValidationError) as error:
        _decide(world, referral, "no_further_action")
    assert "deconfliction" in str(error.value) and "gateway assessment" in str(error.value)
    services.deconfliction_record(actor=actor(world), referral_id=referral.pk, outcome="no_interest")
    with pytest.raises(ValidationError):
        _decide(world, referral, "no_further_action")
    complete_gateway(referral, world.users_by_role[OFFICER])
    _decide(world, referral, "no_further_action")
    assert at(referral) == Status.CLOSED


def test_every_decision_needs_a_rationale(world) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    with pytest.raises(ValidationError) as error:
        services.screening_decide(
            actor=actor(world), referral_id=referral.pk, outcome="progressed", rationale=" "
        )
    assert "rationale" in error.value.error_dict
    assert at(referral) == Status.IN_SCREENING and not ScreeningDecision.objects.exists()


def test_with_approval_required_the_decision_is_proposed_then_approved_by_another_supervisor(world) -> None:  # type: ignore[no-untyped-def]
    require_approval(world)
    referral = ready_to_decide(world)
    proposal = _decide(world, referral, "progressed", role=SUPERVISOR)
    assert proposal.state == DecisionState.PROPOSED and at(referral) == Status.AWAITING_APPROVAL
    assert not ChannelCase.objects.filter(referral=referral).exists()
    # The supervisor who proposed it cannot approve it; an officer cannot approve at all.
    with pytest.raises(ValidationError, match="Another supervisor"):
        services.screening_decision_approve(actor=actor(world, SUPERVISOR), referral_id=referral.pk)
    with pytest.raises(PermissionDenied):
        services.screening_decision_approve(actor=actor(world, OFFICER), referral_id=referral.pk)
    assert at(referral) == Status.AWAITING_APPROVAL
    second = another(world, SUPERVISOR)
    made = services.screening_decision_approve(actor=second, referral_id=referral.pk)
    assert made.state == DecisionState.MADE and made.approved_by == second.user
    assert at(referral) == Status.WITH_CHANNEL and ChannelCase.objects.filter(referral=referral).exists()
    with pytest.raises(CaseMovedOn):
        services.screening_decision_approve(actor=second, referral_id=referral.pk)


def test_an_officers_proposal_tells_the_supervisors(world) -> None:  # type: ignore[no-untyped-def]
    require_approval(world)
    referral = ready_to_decide(world)
    _decide(world, referral, "no_further_action")
    supervisor = world.users_by_role[SUPERVISOR]
    assert Notification.objects.filter(recipient=supervisor, kind="approval_needed").count() == 1
    assert selectors.approvals_waiting_for(actor(world, SUPERVISOR)).filter(pk=referral.pk).exists()
    services.screening_decision_approve(actor=actor(world, SUPERVISOR), referral_id=referral.pk)
    assert at(referral) == Status.CLOSED


def test_a_returned_proposal_is_kept_and_the_proposer_told(world) -> None:  # type: ignore[no-untyped-def]
    require_approval(world)
    referral = ready_to_decide(world)
    _decide(world, referral, "no_further_action")
    with pytest.raises(ValidationError):
        services.screening_decision_return(actor=actor(world, SUPERVISOR), referral_id=referral.pk, reason="")
    returned = services.screening_decision_return(
        actor=actor(world, SUPERVISOR), referral_id=referral.pk, reason="Think about the school's view"
    )
    assert at(referral) == Status.IN_SCREENING
    assert (
        returned.state == DecisionState.RETURNED
        and returned.returned_reason == "Think about the school's view"
    )
    officer = world.users_by_role[OFFICER]
    assert Notification.objects.filter(recipient=officer, kind="decision_returned").count() == 1
    again = _decide(world, referral, "police_managed")
    services.screening_decision_approve(actor=actor(world, SUPERVISOR), referral_id=referral.pk)
    assert at(referral) == Status.POLICE_MANAGED
    states = list(selectors.decisions_of(referral).values_list("state", flat=True))
    assert states == [DecisionState.RETURNED, DecisionState.MADE] and again.pk != returned.pk


def test_a_policy_switched_on_meanwhile_is_caught_under_the_lock(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    answers = iter([False, True])  # read before the lock: not required; under the lock: required
    monkeypatch.setattr(selectors, "approval_required", lambda unit: next(answers))
    with pytest.raises(ValidationError, match="propose the decision instead"):
        _decide(world, referral, "no_further_action")
    assert at(referral) == Status.IN_SCREENING and not ScreeningDecision.objects.exists()


def test_deconfliction_is_recorded_once_and_may_be_corrected_while_screening(world) -> None:  # type: ignore[no-untyped-def]
    referral = received(world)
    with pytest.raises(ValidationError):
        services.deconfliction_record(actor=actor(world), referral_id=referral.pk, outcome="maybe")
    services.deconfliction_record(actor=actor(world), referral_id=referral.pk, outcome="no_interest")
    services.deconfliction_record(actor=actor(world, SUPERVISOR), referral_id=referral.pk, outcome="known")
    assert Deconfliction.objects.get(referral=referral).outcome == "known"
    titles = list(
        TimelineEntry.objects.filter(referral=referral, kind="deconfliction").values_list("title", "detail")
    )
    assert titles == [("Deconfliction done", ""), ("Deconfliction record corrected", "")]
    for event in AuditEvent.objects.filter(action__startswith="screening.deconfliction"):
        assert "known" not in str(event.changes) and "no_interest" not in str(event.changes)
    complete_gateway(referral, world.users_by_role[OFFICER])
    _decide(world, referral, "no_further_action")
    with pytest.raises(CaseMovedOn):
        services.deconfliction_record(actor=actor(world), referral_id=referral.pk, outcome="no_interest")


def test_only_the_routed_units_screeners_record_deconfliction(world) -> None:  # type: ignore[no-untyped-def]
    referral = received(world)
    for role in (Role.REFERRER, Role.CHANNEL_COORDINATOR):
        with pytest.raises(PermissionDenied):
            services.deconfliction_record(
                actor=actor(world, role), referral_id=referral.pk, outcome="no_interest"
            )
    force_officer = another(world, OFFICER, "force")
    with pytest.raises(PermissionDenied):
        services.deconfliction_record(actor=force_officer, referral_id=referral.pk, outcome="no_interest")


def test_deconfliction_outcome_is_for_counter_terrorism_policing_roles_only(world) -> None:  # type: ignore[no-untyped-def]
    assert selectors.can_see_deconfliction_outcome(actor(world, OFFICER))
    assert selectors.can_see_deconfliction_outcome(actor(world, SUPERVISOR))
    assert not selectors.can_see_deconfliction_outcome(another(world, OFFICER, "force"))
    for role in Role.values:
        if role not in (OFFICER, SUPERVISOR):
            assert not selectors.can_see_deconfliction_outcome(actor(world, role))


def test_police_managed_case_referred_to_channel_or_closed(world) -> None:  # type: ignore[no-untyped-def]
    referral = ready_to_decide(world)
    _decide(world, referral, "police_managed")
    with pytest.raises(ValidationError):
        services.police_managed_refer_to_channel(actor=actor(world), referral_id=referral.pk, rationale="")
    services.police_managed_refer_to_channel(
        actor=actor(world), referral_id=referral.pk, rationale="Needs support"
    )
    assert at(referral) == Status.WITH_CHANNEL and ChannelCase.objects.filter(referral=referral).exists()
    other = ready_to_decide(world)
    _decide(world, other, "police_managed")
    referral_close(actor=actor(world), referral_id=other.pk, reason="Managed and resolved")
    assert at(other) == Status.CLOSED


def test_the_screening_policy(world) -> None:  # type: ignore[no-untyped-def]
    policy = services.screening_policy_set(actor=actor(world, SUPERVISOR), supervisor_approval_required=True)
    assert policy.organisation == world.organisations["ctp"] and policy.supervisor_approval_required
    assert AuditEvent.objects.filter(action="screening.policy_set").count() == 1
    for role in (OFFICER, Role.ORGANISATION_ADMINISTRATOR, Role.CHANNEL_COORDINATOR):
        with pytest.raises(PermissionDenied):
            services.screening_policy_set(actor=actor(world, role), supervisor_approval_required=False)
    with pytest.raises(PermissionDenied):
        services.screening_policy_set(
            actor=actor(world, SUPERVISOR),
            supervisor_approval_required=False,
            organisation_id=world.organisations["force"].pk,
        )
    admin = another(world, Role.ORGANISATION_ADMINISTRATOR, "ctp")
    services.screening_policy_set(actor=admin, supervisor_approval_required=False)
    assert not ScreeningPolicy.objects.get().supervisor_approval_required


def test_each_service_writes_one_audit_event(world) -> None:  # type: ignore[no-untyped-def]
    referral = received(world)
    before = AuditEvent.objects.count()
    services.deconfliction_record(actor=actor(world), referral_id=referral.pk, outcome="no_interest")
    assert AuditEvent.objects.count() == before + 1
    complete_gateway(referral, world.users_by_role[OFFICER])
    _decide(world, referral, "progressed")
    assert AuditEvent.objects.count() == before + 2
