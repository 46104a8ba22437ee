"""Building Channel test data: actors, completed preliminary assessments, partner organisations."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership, Organisation, User
from cornerstone.accounts.roles import Role
from cornerstone.assessments.models import Assessment, Framework, FrameworkVersion
from cornerstone.channel import services
from cornerstone.channel.models import InformationRequest
from cornerstone.demo.generator import DemoWorld
from cornerstone.people.models import Person
from cornerstone.referrals.models import Referral


def actor(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def coordinator(world: DemoWorld) -> Actor:
    return actor(world, Role.CHANNEL_COORDINATOR)


def membership(world: DemoWorld, org_key: str, role: str, email: str) -> Membership:
    """Another person in a demo organisation, in a role the demo has no user for there."""
    user = User.objects.create_user(email=email, full_name=email.split("@")[0].replace("-", " ").title())
    return Membership.objects.create(user=user, organisation=world.organisations[org_key], role=role)


def framework_version() -> FrameworkVersion:
    version = FrameworkVersion.objects.filter(status="published").first()
    if version is not None:
        return version
    framework, _ = Framework.objects.get_or_create(code="channel-test", defaults={"name": "Test framework"})
    return FrameworkVersion.objects.create(
        framework=framework, number=1, status="published", rating_scale=["Some"]
    )


def complete_preliminary_assessment(world: DemoWorld, referral: Referral) -> Assessment:
    user = world.users_by_role[Role.CHANNEL_COORDINATOR]
    return Assessment.objects.create(
        referral=referral,
        kind="preliminary",
        version=framework_version(),
        state="completed",
        summary="Summary",
        started_by=user,
        completed_by=user,
        completed_at=timezone.now(),
    )


def set_birth_date(referral: Referral, born: dt.date | None) -> None:
    assert referral.person_id is not None
    Person.objects.filter(pk=referral.person_id).update(date_of_birth=born)
    referral.refresh_from_db()


def send_request(
    world: DemoWorld,
    referral: Referral,
    *,
    org_key: str = "secondary",
    question: str = "Is Sam attending school regularly?",
    due_in_days: int = 7,
) -> InformationRequest:
    organisation: Organisation = world.organisations[org_key]
    return services.information_request_send(
        actor=coordinator(world),
        referral_id=referral.pk,
        organisation_id=organisation.pk,
        question=question,
        due_on=timezone.localdate() + dt.timedelta(days=due_in_days),
    )
