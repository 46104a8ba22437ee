"""Handing a referral over from police screening to the local authority's Channel team."""

from __future__ import annotations

from cornerstone.accounts.models import User
from cornerstone.accounts.roles import Role
from cornerstone.channel.models import ChannelCase
from cornerstone.geography.models import LocalAuthority
from cornerstone.notifications.services import notify
from cornerstone.referrals.models import Referral


def channel_coordinators_for(local_authority: LocalAuthority) -> list[User]:
    """The active Channel coordinators of the local authorities covering the area."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.CHANNEL_COORDINATOR,
            memberships__organisation__is_active=True,
            memberships__organisation__local_authorities=local_authority,
        ).distinct()
    )


def open_channel_case(referral: Referral) -> ChannelCase:
    """The Channel case of a referral progressed to Channel (the same case if it comes back
    again, from police management), and a notification to the area's coordinators. Called by
    the screening services inside the transition's transaction."""
    assert referral.local_authority is not None  # every submitted referral has one  # noqa: S101
    case, _ = ChannelCase.objects.get_or_create(
        referral=referral, defaults={"local_authority": referral.local_authority}
    )
    from django.urls import reverse

    notify(
        recipients=channel_coordinators_for(referral.local_authority),
        kind="case_progressed",
        reference=referral.reference or "",
        path=reverse("channel:cases"),
    )
    return case
