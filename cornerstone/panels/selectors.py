"""Every scoped read of panels, meetings, agendas and actions.

The local authority's Channel coordinator and panel chair see their authority's panels, every
meeting and the whole agenda. A panel member sees the meetings of the panels they sit on once
the agenda is published, and only the cases on those agendas while the meeting is not closed
(``member_case_referrals``), with the minimum detail (``member_case_summary``). Nobody else
sees panels at all. Owners of panel actions see their own actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.models import Membership
from cornerstone.accounts.roles import Role
from cornerstone.assessments.models import Assessment, AssessmentKind, AssessmentState
from cornerstone.panels.models import AgendaItem, Meeting, MeetingState, Panel, PanelAction, PanelMember
from cornerstone.people.models import NameKind
from cornerstone.referrals.models import Referral

RECORDERS = frozenset({Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR})
MEMBERS = frozenset({Role.PANEL_MEMBER})
PANEL_ROLES = RECORDERS | MEMBERS


def _seats(actor: Actor) -> QuerySet[PanelMember]:
    if actor.membership is None:
        return PanelMember.objects.none()
    return PanelMember.objects.filter(membership=actor.membership, is_active=True)


def panels_visible_to(actor: Actor) -> QuerySet[Panel]:
    if actor.user is None or actor.organisation is None:
        return Panel.objects.none()
    if actor.role in RECORDERS:
        return Panel.objects.filter(organisation=actor.organisation)
    if actor.role in MEMBERS:
        return Panel.objects.filter(pk__in=_seats(actor).values("panel"), is_active=True)
    return Panel.objects.none()


def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    """Recorders: every meeting of their panels. Members: meetings with a published agenda,
    not yet closed (after that, the cases are no longer theirs to see)."""
    meetings = Meeting.objects.filter(panel__in=panels_visible_to(actor)).select_related("panel")
    if actor.role in MEMBERS:
        return meetings.filter(state=MeetingState.PUBLISHED)
    return meetings


def agenda_items_visible_to(actor: Actor) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__in=meetings_visible_to(actor), removed=False).select_related(
        "referral__person", "referral__local_authority", "referral__concern_type", "meeting__panel"
    )


def member_case_referrals(actor: Actor) -> QuerySet[Referral]:
    """The cases a panel member may open: those on the published agendas of open meetings of
    the panels they sit on. Nothing for anyone else."""
    if actor.role not in MEMBERS:
        return Referral.objects.none()
    items = agenda_items_visible_to(actor)
    return Referral.objects.filter(pk__in=items.values("referral"))


def actions_owned_by(actor: Actor) -> QuerySet[PanelAction]:
    if actor.user is None:
        return PanelAction.objects.none()
    return PanelAction.objects.filter(owner=actor.user).select_related(
        "item__meeting__panel", "item__referral"
    )


def actions_visible_to(actor: Actor) -> QuerySet[PanelAction]:
    """Actions the actor may open: their own, and, for recorders, every action of their panels."""
    if actor.user is None:
        return PanelAction.objects.none()
    own = PanelAction.objects.filter(owner=actor.user)
    if actor.role in RECORDERS:
        own = own | PanelAction.objects.filter(item__meeting__panel__in=panels_visible_to(actor))
    return own.select_related("item__meeting__panel", "item__referral").distinct()


def candidate_members(panel: Panel) -> QuerySet[Membership]:
    """Active roles of active people in active organisations, not already on the panel."""
    seated = PanelMember.objects.filter(panel=panel, is_active=True).values("membership")
    return (
        Membership.objects.filter(is_active=True, user__is_active=True, organisation__is_active=True)
        .exclude(pk__in=seated)
        .select_related("user", "organisation")
        .order_by("user__full_name", "organisation__name", "role")
    )


def chair_candidates(panel: Panel) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organisation=panel.organisation, role=Role.PANEL_CHAIR, is_active=True, user__is_active=True
    ).select_related("user", "organisation")


def membership_label(membership: Membership) -> str:
    return f"{membership.user.full_name}, {membership.organisation.name} ({membership.get_role_display()})"


def person_name(referral: Referral) -> str:
    person = referral.person
    if person is None:
        return ""
    names = list(person.names.all())
    primary = next((name for name in names if name.kind == NameKind.PRIMARY), names[0] if names else None)
    return primary.full_name if primary is not None else ""


def person_age(referral: Referral, on: dt.date | None = None) -> str:
    person = referral.person if referral.person_id else None
    if person is None:
        return "Not known"
    day = on or timezone.localdate()
    if person.date_of_birth is not None:
        born = person.date_of_birth
        return str(day.year - born.year - ((day.month, day.day) < (born.month, born.day)))
    if person.approximate_age is not None:
        return f"About {person.approximate_age}"
    return "Not known"


@dataclass(frozen=True)
class MemberCaseSummary:
    reference: str
    name: str
    age: str
    area: str
    concern_type: str
    assessment_summary: str
    items: list[AgendaItem]


def member_case_summary(actor: Actor, referral: Referral) -> MemberCaseSummary:
    """The minimum a panel member sees of a case on an agenda: who and where, the concern type,
    the preliminary assessment's summary if completed, and the panel's notes on it."""
    assessment = (
        Assessment.objects.filter(
            referral=referral, kind=AssessmentKind.PRELIMINARY, state=AssessmentState.COMPLETED
        )
        .order_by("-completed_at", "-pk")
        .first()
    )
    return MemberCaseSummary(
        reference=referral.reference or "",
        name=person_name(referral),
        age=person_age(referral),
        area=referral.local_authority.name if referral.local_authority is not None else "",
        concern_type=referral.concern_type.label if referral.concern_type is not None else "Not recorded",
        assessment_summary=assessment.summary if assessment is not None else "",
        items=list(agenda_items_visible_to(actor).filter(referral=referral).order_by("meeting__starts_at")),
    )


def next_meeting(actor: Actor) -> Meeting | None:
    """The actor's next meeting not yet closed, with ``agenda_size``: the cases on its agenda."""
    return (
        meetings_visible_to(actor)
        .exclude(state=MeetingState.CLOSED)
        .filter(starts_at__gte=timezone.now() - dt.timedelta(hours=12))
        .annotate(agenda_size=Count("items", filter=Q(items__removed=False)))
        .order_by("starts_at")
        .first()
    )
