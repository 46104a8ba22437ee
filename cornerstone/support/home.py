"""What support plans add to the home pages (``cornerstone.accounts.home`` calls these)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.channel.selectors import CASE_HOLDERS


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def overdue_interventions(actor: Actor, *, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Coordinators and chairs: "N interventions overdue" in their area."""
    from cornerstone.support.selectors import drifting_interventions, interventions_visible_to

    if actor.role not in CASE_HOLDERS:
        return []
    count = drifting_interventions(interventions_visible_to(actor), today or timezone.localdate()).count()
    if not count:
        return []
    return [
        (f"{count} {_plural(count, 'intervention', 'interventions')} overdue", reverse("support:overdue"))
    ]


def provider_work(actor: Actor, *, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Intervention providers: their active cases, and how many have sessions overdue."""
    from cornerstone.support.selectors import drifting_interventions, provider_interventions

    if actor.role != Role.INTERVENTION_PROVIDER:
        return []
    mine = provider_interventions(actor).filter(ended_at__isnull=True)
    active = mine.count()
    if not active:
        return []
    items = [
        (f"{active} {_plural(active, 'intervention', 'interventions')} to deliver", reverse("support:cases"))
    ]
    overdue = drifting_interventions(mine, today or timezone.localdate()).count()
    if overdue:
        items.append(
            (
                f"{overdue} {_plural(overdue, 'intervention has', 'interventions have')} sessions overdue",
                reverse("support:cases"),
            )
        )
    return items
