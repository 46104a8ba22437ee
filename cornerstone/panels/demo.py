"""Demo data for Channel panels: Warrington's panel, chaired by the demo panel chair, with the
demo panel member (at the health trust) and the demo police Prevent officer (at the CT unit
covering Cheshire) as members, and a meeting in two weeks whose agenda is built from the
Warrington cases due by then. Run after the demo referrals and Channel cases are seeded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.panels import services
from cornerstone.panels.models import Meeting, Panel, PanelMember

DEMO_PANEL_NAME = "Warrington Channel panel"


def seed_demo_panels(world: Any, *, seed: int = 0) -> Panel:
    """Create (or find) the demo panel and its next meeting. Safe to run again."""
    coordinator = Actor.for_membership(world.memberships_by_role[Role.CHANNEL_COORDINATOR])
    panel = Panel.objects.filter(organisation=world.organisations["warrington"], name=DEMO_PANEL_NAME).first()
    if panel is None:
        panel = services.panel_create(actor=coordinator, name=DEMO_PANEL_NAME)
    if not PanelMember.objects.filter(panel=panel, role="chair", is_active=True).exists():
        services.panel_chair_set(
            actor=coordinator, panel=panel, membership=world.memberships_by_role[Role.PANEL_CHAIR]
        )
    for role in (Role.PANEL_MEMBER, Role.POLICE_PREVENT_OFFICER):
        membership = world.memberships_by_role[role]
        if not PanelMember.objects.filter(panel=panel, membership=membership, is_active=True).exists():
            services.panel_member_add(actor=coordinator, panel=panel, membership=membership)
    if not Meeting.objects.filter(panel=panel, starts_at__gte=timezone.now()).exists():
        day = timezone.localdate() + dt.timedelta(days=14)
        services.meeting_schedule(
            actor=coordinator,
            panel=panel,
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))),
            location="Warrington Town Hall, committee room 2",
        )
    return panel
