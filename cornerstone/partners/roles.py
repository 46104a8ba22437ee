"""Which roles read and keep the directory (no model imports: the navigation uses this)."""

from __future__ import annotations

from cornerstone.accounts.roles import Role

# Every role that works with referrals or cases, and community engagement officers: the
# directory holds organisations and services, no personal data about referred people.
DIRECTORY_READERS: frozenset[str] = frozenset(
    {
        Role.REFERRER,
        Role.SAFEGUARDING_LEAD,
        Role.POLICE_PREVENT_OFFICER,
        Role.POLICE_PREVENT_SUPERVISOR,
        Role.CHANNEL_COORDINATOR,
        Role.PANEL_CHAIR,
        Role.PANEL_MEMBER,
        Role.INTERVENTION_PROVIDER,
        Role.FORCE_PREVENT_LEAD,
        Role.REGIONAL_PREVENT_COORDINATOR,
        Role.COMMUNITY_ENGAGEMENT_OFFICER,
        Role.SYSTEM_ADMINISTRATOR,
    }
)
DIRECTORY_EDITORS: frozenset[str] = frozenset({Role.CHANNEL_COORDINATOR, Role.SYSTEM_ADMINISTRATOR})
