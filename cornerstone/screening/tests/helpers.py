"""Referrals ready for each step of screening, for the screening tests."""

from __future__ import annotations

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import Role
from cornerstone.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentState,
    FrameworkVersion,
    VersionStatus,
)
from cornerstone.assessments.reference_data import load_default_framework
from cornerstone.demo.generator import DemoWorld
from cornerstone.referrals.models import Referral
from cornerstone.referrals.reference_data import load_reference_lists
from cornerstone.referrals.tests.helpers import submitted
from cornerstone.referrals.workflow import Status
from cornerstone.screening import services
from cornerstone.screening.models import ScreeningPolicy


def actor(world: DemoWorld, role: str = Role.POLICE_PREVENT_OFFICER) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def received(world: DemoWorld) -> Referral:
    """A referral routed to the demo CT unit, its receipt recorded by the demo officer."""
    from cornerstone.referrals.services import referral_receipt_record

    load_reference_lists()
    referral = submitted(world.memberships_by_role[Role.REFERRER])
    return referral_receipt_record(actor=actor(world), referral_id=referral.pk)


def complete_gateway(referral: Referral, user: User) -> Assessment:
    """A completed gateway assessment (made directly: the assessments app tests its own forms)."""
    load_default_framework()
    version = FrameworkVersion.objects.filter(status=VersionStatus.PUBLISHED).first()
    assert version is not None
    now = timezone.now()
    return Assessment.objects.create(
        referral=referral,
        kind=AssessmentKind.GATEWAY,
        version=version,
        state=AssessmentState.COMPLETED,
        summary="Summary",
        management_plan="Plan",
        started_by=user,
        completed_by=user,
        completed_at=now,
    )


def ready_to_decide(world: DemoWorld, *, outcome: str = "no_interest") -> Referral:
    """Received, deconfliction recorded and the gateway assessment completed."""
    referral = received(world)
    services.deconfliction_record(
        actor=actor(world), referral_id=referral.pk, outcome=outcome, outcome_note="Checked on the system"
    )
    complete_gateway(referral, world.users_by_role[Role.POLICE_PREVENT_OFFICER])
    referral.refresh_from_db()
    return referral


def require_approval(world: DemoWorld, required: bool = True) -> None:
    ScreeningPolicy.objects.update_or_create(
        organisation=world.organisations["ctp"], defaults={"supervisor_approval_required": required}
    )


def another(world: DemoWorld, role: str, org_key: str = "ctp", name: str = "Second") -> Actor:
    """Another user in this role (the demo world has one per role)."""
    email = f"{name.lower()}-{role}-{org_key}@example.test"
    user = User.objects.filter(email=email).first() or User.objects.create(
        email=email, full_name=f"{name} {role}"
    )
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=Organisation.objects.get(pk=world.organisations[org_key].pk), role=role
    )
    return Actor.for_membership(membership)


def at(referral: Referral) -> str:
    referral.refresh_from_db()
    return str(Status(referral.status))
