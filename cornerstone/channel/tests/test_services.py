"""The Channel services: each transition's guards, information requests, consent for adults and
children, and that support never starts without consent given."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.channel import selectors, services
from cornerstone.channel.models import ChannelCase, ConsentRecord, InformationRequest
from cornerstone.channel.tests.factories import (
    actor,
    complete_preliminary_assessment,
    coordinator,
    membership,
    send_request,
    set_birth_date,
)
from cornerstone.demo.generator import DemoWorld
from cornerstone.notifications.models import Notification
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.transitions import CaseMovedOn
from cornerstone.referrals.workflow import Status

pytestmark = pytest.mark.django_db


def _status(referral: Referral) -> str:
    referral.refresh_from_db()
    return referral.status


# Picking up ---------------------------------------------------------------------------------


def test_the_coordinator_picks_up_a_progressed_case(world: DemoWorld) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    before = AuditEvent.objects.count()
    services.channel_case_accept(actor=coordinator(world), referral_id=referral.pk)
    assert _status(referral) == Status.INFORMATION_GATHERING
    case = ChannelCase.objects.get(referral=referral)
    assert case.coordinator == world.users_by_role[Role.CHANNEL_COORDINATOR]
    assert case.accepted_at is not None
    assert AuditEvent.objects.count() == before + 1
    assert TimelineEntry.objects.filter(referral=referral, title="Case picked up").exists()


def test_a_case_picked_up_twice_tells_the_second_coordinator_plainly(world: DemoWorld) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    services.channel_case_accept(actor=coordinator(world), referral_id=referral.pk)
    with pytest.raises(CaseMovedOn, match="Nothing was changed"):
        services.channel_case_accept(actor=coordinator(world), referral_id=referral.pk)


@pytest.mark.parametrize("role", [Role.PANEL_CHAIR, Role.POLICE_PREVENT_OFFICER, Role.PANEL_MEMBER])
def test_only_the_coordinator_picks_up(world: DemoWorld, role: str) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    with pytest.raises(PermissionDenied):
        services.channel_case_accept(actor=actor(world, role), referral_id=referral.pk)
    assert _status(referral) == Status.WITH_CHANNEL


def test_a_coordinator_of_another_area_cannot_pick_up(world: DemoWorld) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    halton = Actor.for_membership(
        membership(world, "halton", Role.CHANNEL_COORDINATOR, "halton-coordinator@example.org")
    )
    with pytest.raises(PermissionDenied):
        services.channel_case_accept(actor=halton, referral_id=referral.pk)
    assert _status(referral) == Status.WITH_CHANNEL


# Information requests -----------------------------------------------------------------------


def test_sending_a_request_notifies_the_partner_and_keeps_the_question_off_the_timeline(
    world: DemoWorld,
) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    before = AuditEvent.objects.count()
    request = send_request(world, referral, question="Any attendance concerns (secret words)?")
    assert AuditEvent.objects.count() == before + 1
    lead = world.users_by_role[Role.SAFEGUARDING_LEAD]
    assert Notification.objects.filter(recipient=lead, kind="information_request").exists()
    entry = TimelineEntry.objects.get(referral=referral, kind="information_request")
    assert entry.title == "Information request sent to Riverside Academy (demo)"
    assert "secret" not in entry.title + entry.detail
    assert "secret" not in str(AuditEvent.objects.latest("pk").changes)
    assert request.organisation == world.organisations["secondary"]


@pytest.mark.parametrize("status", [Status.WITH_CHANNEL, Status.AWAITING_CONSENT, Status.CONSENT_DECLINED])
def test_requests_are_sent_only_while_gathering_listed_or_in_support(world: DemoWorld, status: str) -> None:
    referral = referral_at(world, status)
    with pytest.raises(ValidationError, match="only while the case is gathering information"):
        send_request(world, referral)
    assert not InformationRequest.objects.exists()


@pytest.mark.parametrize("status", [Status.LISTED, Status.SUPPORT])
def test_requests_can_be_sent_when_listed_or_in_support(world: DemoWorld, status: str) -> None:
    send_request(world, referral_at(world, status))
    assert InformationRequest.objects.count() == 1


def test_a_request_needs_a_partner_a_question_and_a_date_not_past(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    world.organisations["community"].is_active = False
    world.organisations["community"].save()
    with pytest.raises(ValidationError) as error:
        services.information_request_send(
            actor=coordinator(world),
            referral_id=referral.pk,
            organisation_id=world.organisations["community"].pk,
            question="  ",
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert error.value.message_dict == {
        "organisation": ["Select a partner organisation from the list"],
        "question": ["Enter the question for the partner"],
        "due_on": ["The date to answer by must be today or in the future"],
    }
    # An organisation with nobody who could answer is not a partner to ask.
    with pytest.raises(ValidationError, match="Select a partner organisation"):
        send_request(world, referral, org_key="youth")
    send_request(world, referral, due_in_days=0)  # today is allowed


def test_only_the_areas_coordinator_sends_requests(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    for someone in (
        actor(world, Role.PANEL_CHAIR),
        actor(world, Role.SAFEGUARDING_LEAD),
        Actor.for_membership(membership(world, "halton", Role.CHANNEL_COORDINATOR, "h-coord@example.org")),
    ):
        with pytest.raises(PermissionDenied):
            services.information_request_send(
                actor=someone,
                referral_id=referral.pk,
                organisation_id=world.organisations["secondary"].pk,
                question="Q",
                due_on=timezone.localdate(),
            )


def test_a_partner_answers_once_and_the_coordinator_is_told(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    request = send_request(world, referral)
    lead = actor(world, Role.SAFEGUARDING_LEAD)
    before = AuditEvent.objects.count()
    services.information_request_answer(
        actor=lead, request_id=request.pk, answer="Attendance 92%, no concerns"
    )
    assert AuditEvent.objects.count() == before + 1
    request.refresh_from_db()
    assert request.answered_by == lead.user and request.answered_at is not None
    assert Notification.objects.filter(
        recipient=world.users_by_role[Role.CHANNEL_COORDINATOR], kind="information_answered"
    ).exists()
    entry = TimelineEntry.objects.get(referral=referral, kind="information_answered")
    assert entry.title == "Information request answered by Riverside Academy (demo)"
    assert "92%" not in entry.title + entry.detail
    with pytest.raises(ValidationError, match="already answered"):
        services.information_request_answer(actor=lead, request_id=request.pk, answer="Again")
    with pytest.raises(ValidationError, match="already been answered"):
        services.information_request_withdraw(actor=coordinator(world), request_id=request.pk, reason="No")


def test_a_panel_member_answers_for_their_own_organisation(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    request = send_request(world, referral, org_key="health")
    services.information_request_answer(
        actor=actor(world, Role.PANEL_MEMBER), request_id=request.pk, answer="Known"
    )
    request.refresh_from_db()
    assert request.answer == "Known"


@pytest.mark.parametrize(
    "role", [Role.PANEL_MEMBER, Role.REFERRER, Role.CHANNEL_COORDINATOR, Role.ORGANISATION_ADMINISTRATOR]
)
def test_nobody_else_answers(world: DemoWorld, role: str) -> None:
    # The panel member is at the health trust, the request goes to the school.
    request = send_request(world, referral_at(world, Status.INFORMATION_GATHERING))
    with pytest.raises(PermissionDenied):
        services.information_request_answer(actor=actor(world, role), request_id=request.pk, answer="x")
    request.refresh_from_db()
    assert request.answered_at is None


def test_an_empty_answer_is_refused(world: DemoWorld) -> None:
    request = send_request(world, referral_at(world, Status.INFORMATION_GATHERING))
    with pytest.raises(ValidationError) as error:
        services.information_request_answer(
            actor=actor(world, Role.SAFEGUARDING_LEAD), request_id=request.pk, answer=" "
        )
    assert error.value.message_dict == {"answer": ["Enter your answer"]}


def test_a_withdrawn_request_cannot_be_answered(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    request = send_request(world, referral)
    with pytest.raises(ValidationError) as error:
        services.information_request_withdraw(actor=coordinator(world), request_id=request.pk, reason="")
    assert error.value.message_dict == {"reason": ["Enter why you are withdrawing the request"]}
    before = AuditEvent.objects.count()
    services.information_request_withdraw(
        actor=coordinator(world), request_id=request.pk, reason="Sent in error"
    )
    assert AuditEvent.objects.count() == before + 1
    assert TimelineEntry.objects.filter(
        referral=referral, title="Information request to Riverside Academy (demo) withdrawn"
    ).exists()
    with pytest.raises(ValidationError, match="withdrawn"):
        services.information_request_answer(
            actor=actor(world, Role.SAFEGUARDING_LEAD), request_id=request.pk, answer="x"
        )
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.information_request_withdraw(actor=coordinator(world), request_id=request.pk, reason="Again")
    with pytest.raises(PermissionDenied):
        services.information_request_withdraw(
            actor=actor(world, Role.PANEL_CHAIR), request_id=request.pk, reason="x"
        )


# Listing for a panel ------------------------------------------------------------------------


def test_listing_needs_the_preliminary_assessment_completed(world: DemoWorld) -> None:
    referral = referral_at(world, Status.INFORMATION_GATHERING)
    with pytest.raises(ValidationError, match="Complete the preliminary assessment"):
        services.channel_case_list_for_panel(actor=coordinator(world), referral_id=referral.pk, reason="")
    assert _status(referral) == Status.INFORMATION_GATHERING
    complete_preliminary_assessment(world, referral)
    before = AuditEvent.objects.count()
    services.channel_case_list_for_panel(actor=coordinator(world), referral_id=referral.pk, reason="Ready")
    assert _status(referral) == Status.LISTED
    assert AuditEvent.objects.count() == before + 1
    assert TimelineEntry.objects.filter(referral=referral, title="Listed for a Channel panel").exists()


def test_listing_is_only_from_information_gathering_and_by_the_coordinator(world: DemoWorld) -> None:
    referral = referral_at(world, Status.WITH_CHANNEL)
    complete_preliminary_assessment(world, referral)
    with pytest.raises(CaseMovedOn):
        services.channel_case_list_for_panel(actor=coordinator(world), referral_id=referral.pk)
    Referral.objects.filter(pk=referral.pk).update(status=Status.INFORMATION_GATHERING)
    with pytest.raises(PermissionDenied):
        services.channel_case_list_for_panel(actor=actor(world, Role.PANEL_CHAIR), referral_id=referral.pk)


# Consent ------------------------------------------------------------------------------------


def _consent(world: DemoWorld, referral: Referral, **overrides: object) -> ConsentRecord:
    values: dict[str, object] = {
        "decision": "given",
        "decided_on": timezone.localdate(),
        "method": "in_person",
        "method_detail": "",
        "capacity_considered": "",
        "parent_name": "Alex Taylor",
        "parent_relationship": "Mother",
        "child_view": "Sam wants to take part",
    }
    values.update(overrides)
    return services.consent_record(actor=coordinator(world), referral_id=referral.pk, **values)  # type: ignore[arg-type]


def test_a_childs_consent_needs_the_parent_and_the_childs_view(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)  # born 2010: a child
    with pytest.raises(ValidationError) as error:
        _consent(world, referral, parent_name="", parent_relationship="", child_view="")
    assert set(error.value.message_dict) == {"parent_name", "parent_relationship", "child_view"}
    assert _status(referral) == Status.AWAITING_CONSENT
    before = AuditEvent.objects.count()
    record = _consent(world, referral)
    assert record.is_child and record.parent_name == "Alex Taylor"
    assert _status(referral) == Status.SUPPORT
    assert AuditEvent.objects.count() == before + 1
    entry = TimelineEntry.objects.filter(referral=referral).latest("pk")
    assert (entry.title, entry.detail) == ("Consent given", "")


def test_an_adults_consent_needs_capacity_considered(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    set_birth_date(referral, dt.date(1990, 1, 1))
    with pytest.raises(ValidationError) as error:
        _consent(world, referral)
    assert error.value.message_dict == {
        "capacity_considered": ["Record how the person's capacity to decide was considered"]
    }
    record = _consent(world, referral, capacity_considered="Understood and weighed the choice")
    assert not record.is_child and record.parent_name == "" and record.child_view == ""
    assert _status(referral) == Status.SUPPORT


def test_age_is_taken_on_the_day_of_the_decision(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    three_days_ago = timezone.localdate() - dt.timedelta(days=3)
    # Turned 18 three days ago; the decision was made a week ago, as a child.
    set_birth_date(
        referral, dt.date(three_days_ago.year - 18, three_days_ago.month, min(three_days_ago.day, 28))
    )
    record = _consent(world, referral, decided_on=timezone.localdate() - dt.timedelta(days=7))
    assert record.is_child
    assert selectors.person_is_child(referral, timezone.localdate()) is False


def test_unknown_birth_date_asks_whether_the_person_is_a_child(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    set_birth_date(referral, None)
    with pytest.raises(ValidationError) as error:
        _consent(world, referral)
    assert list(error.value.message_dict) == ["is_child"]
    record = _consent(world, referral, is_child=False, capacity_considered="Able to decide")
    assert not record.is_child


def test_a_date_in_the_future_is_refused(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    with pytest.raises(ValidationError) as error:
        _consent(world, referral, decided_on=timezone.localdate() + dt.timedelta(days=1))
    assert error.value.message_dict == {
        "decided_on": ["The date of the decision must be today or in the past"]
    }


def test_another_way_needs_saying_how(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    with pytest.raises(ValidationError) as error:
        _consent(world, referral, method="other")
    assert error.value.message_dict == {"method_detail": ["Say how the decision was obtained"]}


def test_declined_sends_the_case_back_to_the_panel(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    record = _consent(world, referral, decision="declined", method="phone")
    assert record.decision == "declined"
    assert _status(referral) == Status.CONSENT_DECLINED
    assert TimelineEntry.objects.filter(referral=referral).latest("pk").title == "Consent declined"


def test_withdrawn_during_support_sends_the_case_back_to_the_panel(world: DemoWorld) -> None:
    referral = referral_at(world, Status.SUPPORT)
    _consent(world, referral, decision="withdrawn", method="writing")
    assert _status(referral) == Status.CONSENT_DECLINED
    assert TimelineEntry.objects.filter(referral=referral).latest("pk").title == "Consent withdrawn"


@pytest.mark.parametrize(
    ("status", "decision", "message"),
    [
        (Status.LISTED, "given", "only once the panel has adopted the case"),
        (Status.INFORMATION_GATHERING, "given", "only once the panel has adopted the case"),
        (Status.CONSENT_DECLINED, "given", "only once the panel has adopted the case"),
        (Status.SUPPORT, "given", "Consent was already given"),
        (Status.SUPPORT, "declined", "Consent was already given"),
        (Status.AWAITING_CONSENT, "withdrawn", "Record that it was declined instead"),
        (Status.CONSENT_DECLINED, "withdrawn", "only while support is under way"),
    ],
)
def test_support_never_starts_without_consent_given(
    world: DemoWorld, status: str, decision: str, message: str
) -> None:
    referral = referral_at(world, status)
    with pytest.raises(ValidationError, match=message):
        _consent(world, referral, decision=decision)
    assert _status(referral) == status
    assert not ConsentRecord.objects.exists()


@pytest.mark.parametrize("role", [Role.PANEL_CHAIR, Role.SAFEGUARDING_LEAD])
def test_only_the_coordinator_records_consent(world: DemoWorld, role: str) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    with pytest.raises(PermissionDenied):
        services.consent_record(
            actor=actor(world, role),
            referral_id=referral.pk,
            decision="given",
            decided_on=timezone.localdate(),
            method="phone",
            parent_name="A",
            parent_relationship="B",
            child_view="C",
        )


def test_an_unknown_decision_is_refused(world: DemoWorld) -> None:
    referral = referral_at(world, Status.AWAITING_CONSENT)
    with pytest.raises(ValidationError, match="given, declined or withdrawn"):
        _consent(world, referral, decision="maybe")
