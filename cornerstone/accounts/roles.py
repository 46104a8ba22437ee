"""Roles, organisation types and which roles each type of organisation may hold.

A role's *level* orders authority for granting: nobody may grant a role whose level is above
the highest level they hold in that organisation (see ``permissions.can_grant_role``).
"""

from __future__ import annotations

from django.db import models


class OrganisationType(models.TextChoices):
    POLICE_FORCE = "police_force", "Police force"
    CT_POLICING_UNIT = "ct_policing_unit", "Counter-terrorism policing unit"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SCHOOL_OR_COLLEGE = "school_or_college", "School or college"
    UNIVERSITY = "university", "University"
    HEALTH = "health", "Health"
    PROBATION = "probation", "Probation"
    PRISON = "prison", "Prison"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    COMMUNITY_ORGANISATION = "community_organisation", "Community organisation"
    INTERVENTION_PROVIDER = "intervention_provider", "Intervention provider"
    OTHER = "other", "Other"


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    SAFEGUARDING_LEAD = "safeguarding_lead", "Safeguarding lead"
    POLICE_PREVENT_OFFICER = "police_prevent_officer", "Police Prevent officer"
    POLICE_PREVENT_SUPERVISOR = "police_prevent_supervisor", "Police Prevent supervisor"
    CHANNEL_COORDINATOR = "channel_coordinator", "Channel coordinator"
    PANEL_CHAIR = "panel_chair", "Channel panel chair"
    PANEL_MEMBER = "panel_member", "Channel panel member"
    INTERVENTION_PROVIDER = "intervention_provider", "Intervention provider or mentor"
    FORCE_PREVENT_LEAD = "force_prevent_lead", "Force Prevent Lead"
    REGIONAL_PREVENT_COORDINATOR = "regional_prevent_coordinator", "Regional Prevent Coordinator"
    COMMUNITY_ENGAGEMENT_OFFICER = "community_engagement_officer", "Community engagement officer"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer or auditor"
    ANALYST = "analyst", "Analyst"
    ORGANISATION_ADMINISTRATOR = "organisation_administrator", "Organisation administrator"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


ROLE_LEVEL: dict[str, int] = {
    Role.REFERRER: 1,
    Role.COMMUNITY_ENGAGEMENT_OFFICER: 1,
    Role.ANALYST: 1,
    Role.INTERVENTION_PROVIDER: 1,
    Role.PANEL_MEMBER: 1,
    Role.SAFEGUARDING_LEAD: 2,
    Role.POLICE_PREVENT_OFFICER: 2,
    Role.CHANNEL_COORDINATOR: 2,
    Role.DATA_PROTECTION_OFFICER: 2,
    Role.POLICE_PREVENT_SUPERVISOR: 3,
    Role.PANEL_CHAIR: 3,
    Role.FORCE_PREVENT_LEAD: 3,
    Role.REGIONAL_PREVENT_COORDINATOR: 3,
    Role.ORGANISATION_ADMINISTRATOR: 4,
    Role.SYSTEM_ADMINISTRATOR: 5,
}

ADMINISTRATOR_ROLES = frozenset({Role.ORGANISATION_ADMINISTRATOR, Role.SYSTEM_ADMINISTRATOR})

_EVERY_PARTNER = {
    Role.REFERRER,
    Role.SAFEGUARDING_LEAD,
    Role.PANEL_MEMBER,
    Role.DATA_PROTECTION_OFFICER,
    Role.ORGANISATION_ADMINISTRATOR,
}
_POLICING = {
    Role.POLICE_PREVENT_OFFICER,
    Role.POLICE_PREVENT_SUPERVISOR,
    Role.FORCE_PREVENT_LEAD,
    Role.ANALYST,
}

ROLES_FOR_ORGANISATION_TYPE: dict[str, frozenset[str]] = {
    OrganisationType.POLICE_FORCE: frozenset(
        _EVERY_PARTNER | _POLICING | {Role.COMMUNITY_ENGAGEMENT_OFFICER}
    ),
    OrganisationType.CT_POLICING_UNIT: frozenset(
        _EVERY_PARTNER | _POLICING | {Role.REGIONAL_PREVENT_COORDINATOR}
    ),
    OrganisationType.LOCAL_AUTHORITY: frozenset(
        _EVERY_PARTNER
        | {
            Role.CHANNEL_COORDINATOR,
            Role.PANEL_CHAIR,
            Role.REGIONAL_PREVENT_COORDINATOR,
            Role.COMMUNITY_ENGAGEMENT_OFFICER,
            Role.ANALYST,
        }
    ),
    OrganisationType.SCHOOL_OR_COLLEGE: frozenset(_EVERY_PARTNER),
    OrganisationType.UNIVERSITY: frozenset(_EVERY_PARTNER),
    OrganisationType.HEALTH: frozenset(_EVERY_PARTNER),
    OrganisationType.PROBATION: frozenset(_EVERY_PARTNER),
    OrganisationType.PRISON: frozenset(_EVERY_PARTNER),
    OrganisationType.YOUTH_JUSTICE: frozenset(_EVERY_PARTNER),
    OrganisationType.COMMUNITY_ORGANISATION: frozenset(_EVERY_PARTNER | {Role.COMMUNITY_ENGAGEMENT_OFFICER}),
    OrganisationType.INTERVENTION_PROVIDER: frozenset(_EVERY_PARTNER | {Role.INTERVENTION_PROVIDER}),
    # The service operator's own organisation holds the system administrators.
    OrganisationType.OTHER: frozenset(_EVERY_PARTNER | {Role.SYSTEM_ADMINISTRATOR, Role.ANALYST}),
}


def role_level(role: str) -> int:
    return ROLE_LEVEL[role]


def role_label(role: str) -> str:
    return str(Role(role).label)
