"""Who writes scenarios, runs sessions and reads the outcomes (no model imports).

Tabletop exercises are community engagement work: the officers who meet communities write and
run them. Analysts read the anonymous outcomes across sessions, not the sessions themselves.
"""

from __future__ import annotations

from cornerstone.accounts.roles import Role

SCENARIO_AUTHORS: frozenset[str] = frozenset(
    {
        Role.COMMUNITY_ENGAGEMENT_OFFICER,
        Role.POLICE_PREVENT_OFFICER,
        Role.POLICE_PREVENT_SUPERVISOR,
        Role.FORCE_PREVENT_LEAD,
        Role.REGIONAL_PREVENT_COORDINATOR,
    }
)
FACILITATORS: frozenset[str] = SCENARIO_AUTHORS
OUTCOME_READERS: frozenset[str] = FACILITATORS | {Role.ANALYST}
