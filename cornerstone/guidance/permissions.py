"""Who may keep the contact list and the guidance library."""

from __future__ import annotations

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.geography.models import PoliceForceArea, PreventRegion
from cornerstone.guidance.models import ContactRole, PreventContact
from cornerstone.guidance.roles import CONTACT_KEEPERS, GUIDANCE_UPLOADERS


def _acting(actor: Actor) -> bool:
    return actor.user is not None and actor.membership is not None


def can_view_guidance(actor: Actor) -> bool:
    """Every signed-in role: the library and contacts hold no personal data about people referred."""
    return _acting(actor)


def can_keep_contacts(actor: Actor) -> bool:
    return _acting(actor) and actor.role in CONTACT_KEEPERS


def can_upload_guidance(actor: Actor) -> bool:
    return _acting(actor) and actor.role in GUIDANCE_UPLOADERS


def can_manage_contact_for(
    actor: Actor,
    *,
    role: str,
    police_force_area: PoliceForceArea | None,
    prevent_region: PreventRegion | None,
) -> bool:
    """A system administrator keeps any contact; a Force Prevent Lead the Force Prevent Lead
    contacts of their own force area; a Regional Prevent Coordinator the regional ones of their region."""
    if not can_keep_contacts(actor) or actor.organisation is None:
        return False
    if actor.role == Role.SYSTEM_ADMINISTRATOR:
        return True
    organisation = actor.organisation
    if actor.role == Role.FORCE_PREVENT_LEAD:
        return (
            role == ContactRole.FORCE_PREVENT_LEAD
            and police_force_area is not None
            and organisation.police_force_areas.filter(pk=police_force_area.pk).exists()
        )
    return (
        role == ContactRole.REGIONAL_PREVENT_COORDINATOR
        and prevent_region is not None
        and organisation.prevent_regions.filter(pk=prevent_region.pk).exists()
    )


def can_manage_contact(actor: Actor, contact: PreventContact) -> bool:
    return can_manage_contact_for(
        actor,
        role=contact.role,
        police_force_area=contact.police_force_area,
        prevent_region=contact.prevent_region,
    )
