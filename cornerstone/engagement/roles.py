"""Which roles keep and read the engagement log (no model imports: the navigation uses this).

The log holds events, organisations, anonymous counts, themes and actions: never a person in the
case system. So the roles that work with communities, and the Prevent roles that plan that work,
use it; roles that only handle referrals or cases (referrers, panel members, mentors) do not need
it, and analysts get their numbers from the statistics pages instead.
"""

from __future__ import annotations

from cornerstone.accounts.roles import Role

ENGAGEMENT_RECORDERS: frozenset[str] = frozenset(
    {
        Role.COMMUNITY_ENGAGEMENT_OFFICER,
        Role.POLICE_PREVENT_OFFICER,
        Role.POLICE_PREVENT_SUPERVISOR,
        Role.FORCE_PREVENT_LEAD,
        Role.REGIONAL_PREVENT_COORDINATOR,
        Role.CHANNEL_COORDINATOR,
    }
)
# Everyone who records engagement may read the log of their area and its dashboard.
ENGAGEMENT_READERS: frozenset[str] = ENGAGEMENT_RECORDERS
# Putting words in front of the public is a decision for the engagement officer who runs the
# relationship, or for someone at supervisor level or above: not every officer.
ENGAGEMENT_PUBLISHERS: frozenset[str] = frozenset(
    {
        Role.COMMUNITY_ENGAGEMENT_OFFICER,
        Role.POLICE_PREVENT_SUPERVISOR,
        Role.FORCE_PREVENT_LEAD,
        Role.REGIONAL_PREVENT_COORDINATOR,
    }
)
