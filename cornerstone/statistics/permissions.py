"""Who may open the statistics pages, and ask for which area (the areas: ``selectors``)."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.statistics.selectors import ReturnArea, areas_allowed_for

# The roles that use national returns in their work: analysts, and the police and regional
# Prevent leads who report on their area. Partner organisations get the same tables through
# the partner API (national and regional only), not these pages.
STATISTICS_READERS = frozenset({Role.ANALYST, Role.FORCE_PREVENT_LEAD, Role.REGIONAL_PREVENT_COORDINATOR})


def can_view_statistics(actor: Actor) -> bool:
    return actor.membership is not None and actor.role in STATISTICS_READERS


def can_view_return(actor: Actor, area: ReturnArea) -> bool:
    return can_view_statistics(actor) and areas_allowed_for(actor).allows(area)
