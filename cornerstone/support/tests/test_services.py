"""Support plan services: who may plan and log, the consent rule, and what each leaves behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, User
from cornerstone.accounts.roles import Role
from cornerstone.audit.models import AuditEvent
from cornerstone.demo.generator import DemoWorld
from cornerstone.notifications.models import Notification
from cornerstone.partners.models import InterventionProvider
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.tests.stages import referral_at
from cornerstone.referrals.workflow import Status
from cornerstone.support import services
from cornerstone.support.models import Intervention, InterventionType
from cornerstone.support.tests.factories import (
    approved_mentoring,
    coordinator,
    in_support,
    mentoring,
    provider_actor,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _add(world: DemoWorld, referral: Referral, **overrides: object) -> Intervention:
    approved_mentoring(world)
    values: dict[str, object] = {
        "actor": coordinator(world),
        "referral_id": referral.pk,
        "type": InterventionType.MENTORING,
        "description": "",
        "provider_id": world.organisations["mentoring"].pk,
        "owner_id": world.users_by_role[Role.INTERVENTION_PROVIDER].pk,
        "frequency_days": 14,
        "starts_on": TODAY(),
    }
    values.update(overrides)
    return services.intervention_add(**values)  # type: ignore[arg-type]


def test_coordinator_adds_an_intervention(world: DemoWorld) -> None:
    referral = in_support(world)
    before = AuditEvent.objects.count()
    intervention = _add(world, referral)
    assert intervention.case.referral == referral
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert event.action == "intervention.add" and event.person_ref == str(referral.person)
    entry = TimelineEntry.objects.filter(referral=referral).latest("id")
    assert entry.title == "Intervention added: Ideological or theological mentoring"
    owner = world.users_by_role[Role.INTERVENTION_PROVIDER]
    notification = Notification.objects.get(recipient=owner, kind="intervention_assigned")
    assert notification.reference == referral.reference
    assert notification.path == f"/support/interventions/{intervention.pk}/"


# The consent rule: never support before consent is given.
@pytest.mark.parametrize(
    "status",
    [
        Status.WITH_CHANNEL,
        Status.INFORMATION_GATHERING,
        Status.LISTED,
        Status.AWAITING_CONSENT,
        Status.CONSENT_DECLINED,
        Status.POST_CLOSURE,
    ],
)
def test_no_intervention_before_consent(world: DemoWorld, status: str) -> None:
    referral = referral_at(world, status)
    with pytest.raises(ValidationError) as error:
        _add(world, referral)
    assert "consent must be given first" in error.value.messages[0]
    assert not Intervention.objects.exists()


def test_only_the_areas_coordinator_adds(world: DemoWorld) -> None:
    referral = in_support(world)
    for role in (Role.PANEL_CHAIR, Role.INTERVENTION_PROVIDER, Role.POLICE_PREVENT_OFFICER, Role.REFERRER):
        with pytest.raises(PermissionDenied):
            _add(world, referral, actor=Actor.for_membership(world.memberships_by_role[role]))
    other = User.objects.create_user(email="halton-coordinator@example.org", full_name="Halton Coordinator")
    halton = Membership.objects.create(
        user=other, organisation=world.organisations["halton"], role=Role.CHANNEL_COORDINATOR
    )
    with pytest.raises(PermissionDenied):
        _add(world, referral, actor=Actor.for_membership(halton))


def test_mentoring_needs_an_approved_provider(world: DemoWorld) -> None:
    referral = in_support(world)
    approved_mentoring(world)
    InterventionProvider.objects.filter(organisation=world.organisations["mentoring"]).update(
        approval_status="suspended"
    )
    with pytest.raises(ValidationError) as error:
        _add(world, referral)
    assert "provider" in error.value.message_dict
    # Another type may be given by any active partner organisation, with an owner from it.
    health = world.organisations["health"]
    owner = Membership.objects.filter(organisation=health, is_active=True).first()
    assert owner is not None
    intervention = _add(
        world, referral, type=InterventionType.MENTAL_HEALTH, provider_id=health.pk, owner_id=owner.user_id
    )
    assert intervention.provider == health


def test_owner_must_belong_to_the_provider_or_be_a_coordinator(world: DemoWorld) -> None:
    referral = in_support(world)
    with pytest.raises(ValidationError) as error:
        _add(world, referral, owner_id=world.users_by_role[Role.REFERRER].pk)
    assert "owner" in error.value.message_dict
    own = _add(world, referral, owner_id=world.users_by_role[Role.CHANNEL_COORDINATOR].pk)
    assert own.owner == world.users_by_role[Role.CHANNEL_COORDINATOR]
    # Nobody is told of work they gave themselves.
    assert not Notification.objects.filter(kind="intervention_assigned", recipient=own.owner).exists()


def test_plan_values_are_checked(world: DemoWorld) -> None:
    referral = in_support(world)
    with pytest.raises(ValidationError) as error:
        _add(world, referral, frequency_days=0, ends_on=TODAY() - dt.timedelta(days=1))
    assert set(error.value.message_dict) == {"frequency_days", "ends_on"}
    assert not Intervention.objects.exists()


def test_provider_logs_a_session_without_the_note_on_the_timeline(world: DemoWorld) -> None:
    intervention = mentoring(world)
    before = AuditEvent.objects.count()
    session = services.session_log(
        actor=provider_actor(world),
        intervention_id=intervention.pk,
        held_on=TODAY(),
        status="delivered",
        note="Talked about football and college plans",
    )
    assert session.note == "Talked about football and college plans"
    assert AuditEvent.objects.count() == before + 1
    entry = TimelineEntry.objects.filter(referral=intervention.case.referral).latest("id")
    assert entry.title == "Mentoring session delivered"
    assert "football" not in entry.detail + entry.title
    assert "football" not in str(AuditEvent.objects.latest("id").changes)


def test_the_latest_delivered_session_is_kept_for_drift(world: DemoWorld) -> None:
    intervention = mentoring(world, starts_on=TODAY() - dt.timedelta(days=40))

    def log(days_ago: int, status: str) -> dt.date | None:
        services.session_log(
            actor=provider_actor(world),
            intervention_id=intervention.pk,
            held_on=TODAY() - dt.timedelta(days=days_ago),
            status=status,
            note="",
        )
        intervention.refresh_from_db()
        return intervention.last_delivered_on

    assert log(20, "delivered") == TODAY() - dt.timedelta(days=20)
    assert log(2, "missed") == TODAY() - dt.timedelta(days=20)  # missed is not delivered
    assert log(30, "delivered") == TODAY() - dt.timedelta(days=20)  # logged late, but earlier
    assert log(5, "delivered") == TODAY() - dt.timedelta(days=5)


def test_session_dates_are_checked(world: DemoWorld) -> None:
    intervention = mentoring(world, starts_on=TODAY() - dt.timedelta(days=10))
    log = {"actor": provider_actor(world), "intervention_id": intervention.pk, "status": "missed", "note": ""}
    with pytest.raises(ValidationError) as error:
        services.session_log(held_on=TODAY() + dt.timedelta(days=1), **log)  # type: ignore[arg-type]
    assert "today or in the past" in error.value.message_dict["held_on"][0]
    with pytest.raises(ValidationError) as error:
        services.session_log(held_on=TODAY() - dt.timedelta(days=11), **log)  # type: ignore[arg-type]
    assert "on or after the start" in error.value.message_dict["held_on"][0]


def test_sessions_only_while_in_support_and_active(world: DemoWorld) -> None:
    intervention = mentoring(world)
    referral = intervention.case.referral
    Referral.objects.filter(pk=referral.pk).update(status=Status.POST_CLOSURE)
    with pytest.raises(ValidationError):
        services.session_log(
            actor=coordinator(world),
            intervention_id=intervention.pk,
            held_on=TODAY(),
            status="delivered",
            note="",
        )
    Referral.objects.filter(pk=referral.pk).update(status=Status.SUPPORT)
    services.intervention_end(
        actor=provider_actor(world), intervention_id=intervention.pk, reason="Completed"
    )
    with pytest.raises(ValidationError):
        services.session_log(
            actor=coordinator(world),
            intervention_id=intervention.pk,
            held_on=TODAY(),
            status="delivered",
            note="",
        )


def test_who_may_log_sessions(world: DemoWorld) -> None:
    intervention = mentoring(world)
    for role in (Role.PANEL_CHAIR, Role.REFERRER, Role.PANEL_MEMBER, Role.POLICE_PREVENT_OFFICER):
        with pytest.raises(PermissionDenied):
            services.session_log(
                actor=Actor.for_membership(world.memberships_by_role[role]),
                intervention_id=intervention.pk,
                held_on=TODAY(),
                status="delivered",
                note="",
            )
    # A provider of another organisation is refused.
    other = User.objects.create_user(email="mentor@elsewhere.example", full_name="Other Mentor")
    membership = Membership.objects.create(
        user=other, organisation=world.organisations["education-support"], role=Role.INTERVENTION_PROVIDER
    )
    with pytest.raises(PermissionDenied):
        services.session_log(
            actor=Actor.for_membership(membership),
            intervention_id=intervention.pk,
            held_on=TODAY(),
            status="delivered",
            note="",
        )
    # Another provider of the same organisation, and the coordinator, may.
    colleague = User.objects.create_user(email="mentor2@bridgeway.example", full_name="Second Mentor")
    same_org = Membership.objects.create(
        user=colleague, organisation=world.organisations["mentoring"], role=Role.INTERVENTION_PROVIDER
    )
    for actor in (Actor.for_membership(same_org), coordinator(world)):
        services.session_log(
            actor=actor, intervention_id=intervention.pk, held_on=TODAY(), status="cancelled", note=""
        )
    assert intervention.sessions.count() == 2


def test_change_and_end(world: DemoWorld) -> None:
    intervention = mentoring(world)
    colleague = User.objects.create_user(email="mentor2@bridgeway.example", full_name="Second Mentor")
    Membership.objects.create(
        user=colleague, organisation=world.organisations["mentoring"], role=Role.INTERVENTION_PROVIDER
    )
    changed = services.intervention_change(
        actor=coordinator(world),
        intervention_id=intervention.pk,
        description="Fortnightly now",
        owner_id=colleague.pk,
        frequency_days=14,
        ends_on=None,
    )
    assert changed.owner == colleague and changed.frequency_days == 14
    assert Notification.objects.filter(recipient=colleague, kind="intervention_assigned").exists()
    event = AuditEvent.objects.latest("id")
    assert event.action == "intervention.change"
    assert event.changes["frequency_days"] == [7, 14]
    with pytest.raises(ValidationError):
        services.intervention_end(actor=coordinator(world), intervention_id=intervention.pk, reason=" ")
    ended = services.intervention_end(
        actor=coordinator(world), intervention_id=intervention.pk, reason="Done"
    )
    assert ended.ended_at is not None
    with pytest.raises(ValidationError):
        services.intervention_end(actor=coordinator(world), intervention_id=intervention.pk, reason="Again")
    with pytest.raises(ValidationError):
        services.intervention_change(
            actor=coordinator(world),
            intervention_id=intervention.pk,
            description="",
            owner_id=colleague.pk,
            frequency_days=7,
        )
