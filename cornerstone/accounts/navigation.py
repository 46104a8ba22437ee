"""Service navigation by role: which sections a role sees in the header."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.assessments.permissions import FRAMEWORK_ADMINS
from cornerstone.audit.disclosures.permissions import AGREEMENT_KEEPERS as SHARING_AGREEMENT_KEEPERS
from cornerstone.audit.disclosures.permissions import REGISTER_READERS as DISCLOSURE_REGISTER_READERS
from cornerstone.channel.selectors import CASE_HOLDERS as CHANNEL_CASE_HOLDERS
from cornerstone.channel.selectors import PARTNER_ANSWERERS
from cornerstone.engagement.roles import ENGAGEMENT_READERS
from cornerstone.exercises.roles import FACILITATORS as EXERCISE_FACILITATORS
from cornerstone.panels.selectors import PANEL_ROLES
from cornerstone.partners.roles import DIRECTORY_READERS as PARTNERS_DIRECTORY_READERS
from cornerstone.records.permissions import RETENTION_ROLES
from cornerstone.statistics.oversight import OVERSIGHT_READERS
from cornerstone.statistics.permissions import STATISTICS_READERS


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None  # None: every role

    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "accounts:home", None),
    NavItem(
        "Users",
        "accounts:users",
        frozenset({Role.ORGANISATION_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR}),
    ),
    NavItem("API clients", "api_clients:clients", frozenset({Role.ORGANISATION_ADMINISTRATOR})),
    NavItem("Organisations", "accounts:organisations", frozenset({Role.SYSTEM_ADMINISTRATOR})),
    NavItem(
        "People", "people:search", frozenset({Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR})
    ),
    NavItem("Audit", "audit:search", frozenset({Role.DATA_PROTECTION_OFFICER})),
    NavItem("Disclosures", "disclosures:register", DISCLOSURE_REGISTER_READERS),
    NavItem("Subject access", "subject_access:register", frozenset({Role.DATA_PROTECTION_OFFICER})),
    NavItem("Retention", "records:reviews", RETENTION_ROLES),
    NavItem(
        "Sharing agreements",
        "disclosures:agreements",
        frozenset(SHARING_AGREEMENT_KEEPERS - DISCLOSURE_REGISTER_READERS),
    ),
    NavItem(
        "Referrals",
        "referrals:index",
        frozenset(
            {
                Role.REFERRER,
                Role.SAFEGUARDING_LEAD,
                Role.POLICE_PREVENT_OFFICER,
                Role.POLICE_PREVENT_SUPERVISOR,
            }
        ),
    ),
    NavItem("Channel cases", "channel:cases", CHANNEL_CASE_HOLDERS),
    NavItem("Channel panels", "panels:index", PANEL_ROLES),
    NavItem("Information requests", "channel:inbox", PARTNER_ANSWERERS),
    NavItem("Your cases", "support:cases", frozenset({Role.INTERVENTION_PROVIDER})),
    NavItem("Assessment frameworks", "assessments:frameworks", FRAMEWORK_ADMINS),
    NavItem("Partners and services", "partners:services", PARTNERS_DIRECTORY_READERS),
    NavItem("Engagement log", "engagement:list", ENGAGEMENT_READERS),
    NavItem("Tabletop exercises", "exercises:index", EXERCISE_FACILITATORS),
    NavItem("Exercise outcomes", "exercises:outcomes", frozenset({Role.ANALYST})),
    NavItem("Statistics", "statistics:index", STATISTICS_READERS),
    NavItem("Disproportionality", "equality:disproportionality", STATISTICS_READERS),
    NavItem("Oversight", "statistics:oversight", OVERSIGHT_READERS),
    NavItem("Guidance", "guidance:library", None),
    NavItem("Your account", "accounts:account", None),
)


def navigation_for(actor: Actor, current_path: str) -> list[dict[str, object]]:
    items = []
    for item in NAV_ITEMS:
        if item.roles is not None and actor.role not in item.roles:
            continue
        url = item.url()
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    # Where sections nest (/statistics/ and /statistics/oversight/), only the nearer is current.
    current = [entry for entry in items if entry["active"]]
    if len(current) > 1:
        nearest = max(current, key=lambda entry: len(str(entry["url"])))
        for entry in current:
            entry["active"] = entry is nearest
    return items
