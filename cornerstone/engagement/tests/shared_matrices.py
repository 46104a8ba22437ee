"""This app's pages and services, for the shared role-by-page matrix and the shared
one-audit-event-per-service test in ``cornerstone/accounts/tests``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.demo.generator import DEMO_SEED, DemoWorld
from cornerstone.engagement import services
from cornerstone.engagement.demo import seed_demo_engagement
from cornerstone.engagement.models import Action, ActionStatus, Engagement, EngagementType, Theme
from cornerstone.engagement.roles import ENGAGEMENT_PUBLISHERS, ENGAGEMENT_READERS, ENGAGEMENT_RECORDERS
from cornerstone.geography.models import LocalAuthority


def _engagement(world: DemoWorld) -> Engagement:
    """A demo engagement in Warrington, which every engagement role in the demo covers."""
    seed_demo_engagement(world, seed=DEMO_SEED)
    return Engagement.objects.filter(local_authority__code="WRT").order_by("pk").first()  # type: ignore[return-value]


def _open_action(world: DemoWorld) -> Action:
    engagement = _engagement(world)
    action = engagement.actions.filter(status=ActionStatus.OPEN).first()
    if action is None:
        action = services.action_add(
            actor=_officer(world),
            engagement=engagement,
            details=services.ActionDetails(
                you_said="More patrols", agreed_action="Add patrols", owner_name="NPT", due_on=engagement.date
            ),
        )
    return action


# (url name, path, roles allowed, note) for cornerstone/accounts/tests/test_page_access_matrix.py
PAGES: tuple[tuple[str, Callable[[DemoWorld], str], frozenset[str], str], ...] = (
    ("engagement:list", lambda w: "/engagement/", ENGAGEMENT_READERS, ""),
    ("engagement:export-csv", lambda w: "/engagement/export.csv", ENGAGEMENT_READERS, ""),
    ("engagement:export-ods", lambda w: "/engagement/export.ods", ENGAGEMENT_READERS, ""),
    ("engagement:dashboard", lambda w: "/engagement/dashboard/", ENGAGEMENT_READERS, ""),
    ("engagement:new", lambda w: "/engagement/new/", ENGAGEMENT_RECORDERS, ""),
    ("engagement:detail", lambda w: f"/engagement/{_engagement(w).pk}/", ENGAGEMENT_READERS, ""),
    ("engagement:edit", lambda w: f"/engagement/{_engagement(w).pk}/change/", ENGAGEMENT_RECORDERS, ""),
    (
        "engagement:action-new",
        lambda w: f"/engagement/{_engagement(w).pk}/actions/new/",
        ENGAGEMENT_RECORDERS,
        "",
    ),
    (
        "engagement:action-complete",
        lambda w: (lambda a: f"/engagement/{a.engagement_id}/actions/{a.pk}/done/")(_open_action(w)),
        ENGAGEMENT_RECORDERS,
        "",
    ),
    ("engagement:publish", lambda w: f"/engagement/{_engagement(w).pk}/publish/", ENGAGEMENT_PUBLISHERS, ""),
)
# Named pages anyone may open without signing in.
PUBLIC_PAGES: frozenset[str] = frozenset({"engagement:public"})
# Named URLs that only accept POST (the app's own tests check who may post them).
POST_ONLY: frozenset[str] = frozenset({"engagement:unpublish"})


def _officer(world: DemoWorld) -> Actor:
    return Actor.for_membership(world.memberships_by_role[Role.COMMUNITY_ENGAGEMENT_OFFICER])


def _details(title: str) -> services.EngagementDetails:
    return services.EngagementDetails(
        title=title,
        type=EngagementType.FAITH_FORUM,
        date=timezone.localdate() - dt.timedelta(days=3),
        venue="Orford Community Centre",
        local_authority=LocalAuthority.objects.get(code="WRT"),
        headcount=20,
        themes=list(Theme.objects.filter(code="hate-crime")),
        demographics={"age_under_18": 2},
    )


def _published(world: DemoWorld) -> Engagement:
    engagement = _engagement(world)
    if not engagement.is_published:
        engagement = services.engagement_publish(
            actor=_officer(world), engagement=engagement, summary="We met."
        )
    return engagement


# service path: scenario, for cornerstone/accounts/tests/test_services_audit.py
SCENARIOS: dict[str, Callable[[DemoWorld], Callable[[], Any]]] = {
    "cornerstone.engagement.services.engagement_record": lambda w: (
        lambda details: lambda: services.engagement_record(actor=_officer(w), details=details)
    )((_engagement(w), _details("Orford faith forum (test)"))[1]),
    "cornerstone.engagement.services.engagement_update": lambda w: (
        lambda engagement, details: (
            lambda: services.engagement_update(actor=_officer(w), engagement=engagement, details=details)
        )
    )(_engagement(w), _details("Renamed forum (test)")),
    "cornerstone.engagement.services.engagement_publish": lambda w: (
        lambda engagement: (
            lambda: services.engagement_publish(
                actor=_officer(w), engagement=engagement, summary="We listened."
            )
        )
    )(_engagement(w)),
    "cornerstone.engagement.services.engagement_unpublish": lambda w: (
        lambda engagement: (
            lambda: services.engagement_unpublish(
                actor=_officer(w), engagement=engagement, reason="Out of date"
            )
        )
    )(_published(w)),
    "cornerstone.engagement.services.action_add": lambda w: (
        lambda engagement: (
            lambda: services.action_add(
                actor=_officer(w),
                engagement=engagement,
                details=services.ActionDetails(
                    you_said="Litter in the park",
                    agreed_action="Ask the council to clear it",
                    owner_name="Parks team",
                    due_on=engagement.date + dt.timedelta(days=14),
                ),
            )
        )
    )(_engagement(w)),
    "cornerstone.engagement.services.action_complete": lambda w: (
        lambda action: (
            lambda: services.action_complete(
                actor=_officer(w), action=action, we_did="Cleared it", done_on=timezone.localdate()
            )
        )
    )(_open_action(w)),
}
# Services that call another audited service, with the number of events one call writes.
EVENTS_PER_CALL: dict[str, int] = {}
