"""Which organisation's screening queue a referral reaches.

The person's local authority gives the police force area. The referral goes to the active
counter-terrorism policing unit covering that force area; failing that, one covering the
force area's Prevent region; failing that, the police force organisation covering the area.
"""

from __future__ import annotations

from cornerstone.accounts.models import Organisation, User
from cornerstone.accounts.roles import OrganisationType, Role
from cornerstone.geography.models import LocalAuthority


def route_for(local_authority: LocalAuthority) -> Organisation | None:
    force_area = local_authority.police_force_area
    active = Organisation.objects.filter(is_active=True).order_by("name", "pk")
    ct_units = active.filter(type=OrganisationType.CT_POLICING_UNIT)
    return (
        ct_units.filter(police_force_areas=force_area).first()
        or ct_units.filter(prevent_regions=force_area.prevent_region_id).first()
        or active.filter(type=OrganisationType.POLICE_FORCE, police_force_areas=force_area).first()
    )


def screening_staff_of(unit: Organisation) -> list[User]:
    """The police Prevent officers and supervisors of a unit: who a new referral is for."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=unit,
            memberships__is_active=True,
            memberships__role__in=(Role.POLICE_PREVENT_OFFICER, Role.POLICE_PREVENT_SUPERVISOR),
        ).distinct()
    )
