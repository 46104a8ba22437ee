"""Every scoped read of Channel cases. The local authority's Channel coordinator and panel chair
see the cases of the areas their authority covers; police Prevent staff see the referrals routed
to their unit (``referrals.selectors``). Panel members and intervention providers see far less,
through their own selectors (``panels.selectors``, ``support.selectors``)."""

from __future__ import annotations

from django.db.models import QuerySet

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase
from cornerstone.referrals.models import Referral, TimelineEntry
from cornerstone.referrals.selectors import referrals_visible_to

CASE_HOLDERS = frozenset({Role.CHANNEL_COORDINATOR, Role.PANEL_CHAIR})


def channel_cases_visible_to(actor: Actor) -> QuerySet[ChannelCase]:
    """Channel cases of the local authority areas the actor's organisation covers."""
    if actor.user is None or actor.role not in CASE_HOLDERS or actor.organisation is None:
        return ChannelCase.objects.none()
    return ChannelCase.objects.filter(local_authority__organisations=actor.organisation)


def case_referrals_visible_to(actor: Actor) -> QuerySet[Referral]:
    """Referrals whose whole case (with its timeline) the actor may open: police Prevent staff
    those routed to their unit, Channel coordinators and chairs their area's Channel cases."""
    if actor.role in CASE_HOLDERS:
        return Referral.objects.filter(channel_case__in=channel_cases_visible_to(actor))
    return referrals_visible_to(actor)


def timeline_for(actor: Actor, referral: Referral) -> QuerySet[TimelineEntry]:
    """The person's timeline as this actor may see it: every step of every referral about the
    same person that the actor may open, oldest first. One query, whatever its length."""
    visible = case_referrals_visible_to(actor)
    if referral.person_id is None:
        return TimelineEntry.objects.none()
    return (
        TimelineEntry.objects.filter(referral__person_id=referral.person_id, referral__in=visible)
        .select_related("referral")
        .order_by("occurred_at", "id")
    )
