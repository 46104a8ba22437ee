"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DemoWorld
from cornerstone.panels.models import AgendaItem, Meeting, MeetingState, PanelAction, PanelMember

COORDINATOR = frozenset({Role.CHANNEL_COORDINATOR})
RECORDERS = frozenset({Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR})
PANEL_ROLES = RECORDERS | {Role.PANEL_MEMBER}
EVERY_ROLE = frozenset(Role.values)
MATRIX_ROOM = "Matrix room (test)"


def _h():  # type: ignore[no-untyped-def]
    from cornerstone.panels.tests import helpers

    return helpers


def _listed(world: DemoWorld) -> Any:
    from cornerstone.referrals.models import Referral
    from cornerstone.referrals.tests.stages import referral_at
    from cornerstone.referrals.workflow import Status

    existing = Referral.objects.filter(
        status=Status.LISTED, channel_case__local_authority__code="WRT"
    ).first()
    return existing or referral_at(world, Status.LISTED)


def _published(world: DemoWorld) -> Meeting:
    """A quorate meeting today, agenda published, with a listed Warrington case on it."""
    existing = Meeting.objects.filter(location=MATRIX_ROOM, state=MeetingState.PUBLISHED).first()
    if existing is not None:
        return existing
    _listed(world)
    h = _h()
    meeting = h.meeting(world, location=MATRIX_ROOM)
    from cornerstone.panels import services

    services.meeting_publish_agenda(actor=h.coordinator(world), meeting=meeting)
    h.attend(world, meeting)
    meeting.refresh_from_db()
    return meeting


def _planned(world: DemoWorld) -> Meeting:
    existing = Meeting.objects.filter(location=MATRIX_ROOM, state=MeetingState.PLANNED).first()
    if existing is not None:
        return existing
    return _h().meeting(world, timezone.now() + dt.timedelta(days=30), location=MATRIX_ROOM)


def _item(world: DemoWorld) -> AgendaItem:
    return _published(world).items.filter(removed=False).order_by("pk").first()  # type: ignore[return-value]


def _panel_id(world: DemoWorld) -> int:
    return _h().panel(world).pk  # type: ignore[no-any-return]


# (url name, path, roles allowed, note) for test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("panels:index", lambda w: "/panels/", PANEL_ROLES, ""),
    ("panels:panel-new", lambda w: "/panels/new/", COORDINATOR, ""),
    ("panels:actions", lambda w: "/panels/actions/", EVERY_ROLE, "anyone may own a panel action"),
    ("panels:panel", lambda w: f"/panels/{_panel_id(w)}/", PANEL_ROLES, "the demo panel member sits on it"),
    ("panels:member-add", lambda w: f"/panels/{_panel_id(w)}/members/new/", COORDINATOR, ""),
    ("panels:chair", lambda w: f"/panels/{_panel_id(w)}/chair/", COORDINATOR, ""),
    ("panels:meeting-new", lambda w: f"/panels/{_panel_id(w)}/meetings/new/", COORDINATOR, ""),
    ("panels:meeting", lambda w: f"/panels/meetings/{_published(w).pk}/", PANEL_ROLES, "agenda published"),
    (
        "panels:meeting",
        lambda w: f"/panels/meetings/{_planned(w).pk}/",
        RECORDERS,
        "an agenda being prepared is not the members' yet",
    ),
    ("panels:agenda-add", lambda w: f"/panels/meetings/{_planned(w).pk}/agenda/new/", COORDINATOR, ""),
    ("panels:publish", lambda w: f"/panels/meetings/{_planned(w).pk}/publish/", COORDINATOR, ""),
    ("panels:attendance", lambda w: f"/panels/meetings/{_published(w).pk}/attendance/", RECORDERS, ""),
    ("panels:close", lambda w: f"/panels/meetings/{_published(w).pk}/close/", RECORDERS, ""),
    ("panels:minutes-pdf", lambda w: f"/panels/meetings/{_published(w).pk}/minutes.pdf", RECORDERS, ""),
    ("panels:item", lambda w: f"/panels/items/{_item(w).pk}/", RECORDERS, ""),
    ("panels:action-new", lambda w: f"/panels/items/{_item(w).pk}/actions/new/", RECORDERS, ""),
    (
        "panels:case",
        lambda w: f"/panels/cases/{_item(w).referral_id}/",
        frozenset({Role.PANEL_MEMBER}),
        "on the published agenda of the member's panel",
    ),
)
# Named URLs anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset()
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset(
    {
        "panels:member-remove",
        "panels:agenda-refresh",
        "panels:agenda-remove",
        "panels:agenda-move",
        "panels:attendance-remove",
        "panels:action-complete",
    }
)


def _services():  # type: ignore[no-untyped-def]
    from cornerstone.panels import services

    return services


def _coordinator(world: DemoWorld) -> Any:
    return _h().coordinator(world)


def _chair(world: DemoWorld) -> Any:
    return _h().chair(world)


def _action(world: DemoWorld, item: AgendaItem | None = None) -> PanelAction:
    return _services().panel_action_add(  # type: ignore[no-any-return]
        actor=_chair(world),
        item=item or _item(world),
        description="Share attendance records",
        owner=world.users_by_role[Role.PANEL_MEMBER],
        due_on=timezone.localdate() + dt.timedelta(days=7),
    )


def _two_on_planned(world: DemoWorld) -> Meeting:
    from cornerstone.referrals.tests.stages import referral_at
    from cornerstone.referrals.workflow import Status

    referral_at(world, Status.LISTED)
    referral_at(world, Status.SUPPORT)
    return _h().meeting(world, timezone.now() + dt.timedelta(days=30))


def _member_seat(world: DemoWorld) -> PanelMember:
    _h().panel(world)
    return PanelMember.objects.get(membership=world.memberships_by_role[Role.PANEL_MEMBER])


_S = "cornerstone.panels.services."
# service path: scenario that returns the call to make, for test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    _S + "panel_create": lambda w: (
        lambda: _services().panel_create(actor=_coordinator(w), name="Second panel")
    ),
    _S + "panel_member_add": lambda w: (
        lambda p: (
            lambda: _services().panel_member_add(
                actor=_coordinator(w), panel=p, membership=w.memberships_by_role[Role.POLICE_PREVENT_OFFICER]
            )
        )
    )(_h().panel(w)),
    _S + "panel_member_remove": lambda w: (
        lambda seat: lambda: _services().panel_member_remove(actor=_coordinator(w), member=seat)
    )(_member_seat(w)),
    _S + "panel_chair_set": lambda w: (
        lambda p: (
            lambda: _services().panel_chair_set(
                actor=_coordinator(w), panel=p, membership=w.memberships_by_role[Role.PANEL_CHAIR]
            )
        )
    )(_h().panel(w)),
    _S + "meeting_schedule": lambda w: (
        lambda p: (
            lambda: _services().meeting_schedule(
                actor=_coordinator(w), panel=p, starts_at=timezone.now(), location="Hall"
            )
        )
    )(_h().panel(w)),
    _S + "agenda_build": lambda w: (
        lambda m: lambda: _services().agenda_build(actor=_coordinator(w), meeting=m)
    )(_planned(w)),
    _S + "agenda_item_add": lambda w: (
        lambda m: (
            lambda item: (
                lambda: _services().agenda_item_add(actor=_coordinator(w), meeting=m, referral=item.referral)
            )
        )(_services().agenda_item_remove(actor=_coordinator(w), item=m.items.first()))
    )(_two_on_planned(w)),
    _S + "agenda_item_remove": lambda w: (
        lambda m: lambda: _services().agenda_item_remove(actor=_coordinator(w), item=m.items.first())
    )(_two_on_planned(w)),
    _S + "agenda_item_move": lambda w: (
        lambda m: lambda: _services().agenda_item_move(actor=_coordinator(w), item=m.items.last(), up=True)
    )(_two_on_planned(w)),
    _S + "meeting_publish_agenda": lambda w: (
        lambda m: lambda: _services().meeting_publish_agenda(actor=_coordinator(w), meeting=m)
    )(_planned(w)),
    _S + "meeting_close": lambda w: (lambda m: lambda: _services().meeting_close(actor=_chair(w), meeting=m))(
        _published(w)
    ),
    _S + "attendance_record": lambda w: (
        lambda m: (
            lambda: _services().attendance_record(
                actor=_coordinator(w),
                meeting=m,
                organisation=w.organisations["health"],
                name="",
                user=w.users_by_role[Role.PANEL_MEMBER],
                role="member",
                present=True,
            )
        )
    )(_published(w)),
    _S + "attendance_remove": lambda w: (
        lambda m: (
            lambda: _services().attendance_remove(actor=_coordinator(w), attendance=m.attendance.first())
        )
    )(_published(w)),
    _S + "agenda_item_notes_save": lambda w: (
        lambda item: (
            lambda: _services().agenda_item_notes_save(actor=_chair(w), item=item, notes="Discussed.")
        )
    )(_item(w)),
    _S + "agenda_item_decide": lambda w: (
        lambda item: (
            lambda: _services().agenda_item_decide(
                actor=_chair(w), item=item, action="adopt", reasons="Vulnerable and open to support."
            )
        )
    )(_item(w)),
    _S + "panel_action_add": lambda w: (lambda item: lambda: _action(w, item))(_item(w)),
    _S + "panel_action_complete": lambda w: (
        lambda action: lambda: _services().panel_action_complete(actor=_h().member(w), action=action)
    )(_action(w)),
}
# Services that call other audited services, and how many audit events one call leaves.
EVENTS_PER_CALL: dict[str, int] = {}
