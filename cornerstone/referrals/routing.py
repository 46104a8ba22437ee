"""Which organisation's screening queue a referral reaches.

The person's local authority gives the police force area. The referral goes to the active
counter-terrorism policing unit covering that force area; failing that, one covering the
force area's Prevent region; failing that, the police force organisation covering the area.
"""

from __future__ import annotations

from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType
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
