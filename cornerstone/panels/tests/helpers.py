"""Panels, meetings and quorate attendance for tests, made through the real services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.geography.models import PoliceForceArea
from cornerstone.panels import services
from cornerstone.panels.models import AttendanceRole, Meeting, Panel


def actor(world: DemoWorld, role: str) -> Actor:
    return Actor.for_membership(world.memberships_by_role[role])


def coordinator(world: DemoWorld) -> Actor:
    return actor(world, Role.CHANNEL_COORDINATOR)


def chair(world: DemoWorld) -> Actor:
    return actor(world, Role.PANEL_CHAIR)


def member(world: DemoWorld) -> Actor:
    return actor(world, Role.PANEL_MEMBER)


def panel(world: DemoWorld) -> Panel:
    """Warrington's panel: the demo chair, and the demo panel member (at health) as a member."""
    existing = Panel.objects.filter(organisation=world.organisations["warrington"]).first()
    if existing is not None:
        return existing
    made = services.panel_create(actor=coordinator(world), name="Warrington Channel panel")
    services.panel_chair_set(
        actor=coordinator(world), panel=made, membership=world.memberships_by_role[Role.PANEL_CHAIR]
    )
    services.panel_member_add(
        actor=coordinator(world), panel=made, membership=world.memberships_by_role[Role.PANEL_MEMBER]
    )
    return made


def meeting(world: DemoWorld, starts_at: dt.datetime | None = None, location: str = "Town Hall") -> Meeting:
    return services.meeting_schedule(
        actor=coordinator(world), panel=panel(world), starts_at=starts_at or timezone.now(), location=location
    )


def attend(
    world: DemoWorld, meeting: Meeting, *, chair_present: bool = True, police: Organisation | None = None
) -> None:
    """Record the chair and a police representative (by default from the demo CT unit)."""
    if chair_present:
        services.attendance_record(
            actor=coordinator(world),
            meeting=meeting,
            organisation=world.organisations["warrington"],
            name="",
            user=world.users_by_role[Role.PANEL_CHAIR],
            role=AttendanceRole.CHAIR,
            present=True,
        )
    services.attendance_record(
        actor=coordinator(world),
        meeting=meeting,
        organisation=police or world.organisations["ctp"],
        name="" if police is None else "Visiting officer",
        user=world.users_by_role[Role.POLICE_PREVENT_OFFICER] if police is None else None,
        role=AttendanceRole.POLICE,
        present=True,
    )


def quorate_published(world: DemoWorld, starts_at: dt.datetime | None = None) -> Meeting:
    """A meeting today with its agenda published and the chair and police present."""
    made = meeting(world, starts_at)
    services.meeting_publish_agenda(actor=coordinator(world), meeting=made)
    attend(world, made)
    made.refresh_from_db()
    return made


def other_force(world: DemoWorld) -> Organisation:
    """A police force covering a force area of the same Prevent region, but not Warrington's."""
    cheshire = PoliceForceArea.objects.get(code="cheshire")
    area = (
        PoliceForceArea.objects.filter(prevent_region=cheshire.prevent_region).exclude(pk=cheshire.pk).first()
    )
    assert area is not None
    force, _ = Organisation.objects.get_or_create(
        name=f"{area.name} Police (test)", defaults={"type": OrganisationType.POLICE_FORCE}
    )
    force.police_force_areas.add(area)
    return force
