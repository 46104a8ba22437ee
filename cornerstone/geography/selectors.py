"""Read-only helpers over the reference geography, for the other apps.

A local authority's Prevent region is always its police force area's (the loader guarantees it
and the tests check it), so either path gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from cornerstone.geography.models import LocalAuthority, PoliceForceArea, PreventRegion


def prevent_regions() -> QuerySet[PreventRegion]:
    return PreventRegion.objects.all()


def police_force_areas(region: PreventRegion | None = None) -> QuerySet[PoliceForceArea]:
    """Every police force area, or those in one Prevent region; by name."""
    forces = PoliceForceArea.objects.select_related("prevent_region")
    return forces if region is None else forces.filter(prevent_region=region)


def local_authorities() -> QuerySet[LocalAuthority]:
    return LocalAuthority.objects.select_related("police_force_area", "prevent_region")


def local_authorities_for_force(force: PoliceForceArea) -> QuerySet[LocalAuthority]:
    """The local authorities (Channel panel areas) a police force area covers, by name."""
    return local_authorities().filter(police_force_area=force)


def local_authorities_for_prevent_region(region: PreventRegion) -> QuerySet[LocalAuthority]:
    return local_authorities().filter(prevent_region=region)


def local_authorities_covered(
    *,
    prevent_regions: Iterable[PreventRegion] = (),
    police_force_areas: Iterable[PoliceForceArea] = (),
    local_authorities: Iterable[LocalAuthority] = (),
) -> QuerySet[LocalAuthority]:
    """The local authorities inside any of the given regions, forces or authorities: for example
    the whole area an organisation covers (``organisation.prevent_regions.all()`` and so on)."""
    region_ids = [region.pk for region in prevent_regions]
    force_ids = [force.pk for force in police_force_areas]
    authority_ids = [authority.pk for authority in local_authorities]
    if not (region_ids or force_ids or authority_ids):
        return LocalAuthority.objects.none()
    condition = (
        Q(prevent_region_id__in=region_ids) | Q(police_force_area_id__in=force_ids) | Q(pk__in=authority_ids)
    )
    return LocalAuthority.objects.select_related("police_force_area", "prevent_region").filter(condition)


def force_for_local_authority(local_authority: LocalAuthority) -> PoliceForceArea:
    return local_authority.police_force_area


def prevent_region_for_force(force: PoliceForceArea) -> PreventRegion:
    return force.prevent_region


def prevent_region_for_local_authority(local_authority: LocalAuthority) -> PreventRegion:
    return local_authority.prevent_region


def local_authority_by_code(code: str) -> LocalAuthority | None:
    """By register code (``BIR``) or GSS code (``E08000025``); None if there is no such authority."""
    lookup = Q(gss_code=code.upper()) if len(code) == 9 else Q(code=code.upper())
    return local_authorities().filter(lookup).first()


def police_force_area_by_code(code: str) -> PoliceForceArea | None:
    return police_force_areas().filter(code=code).first()
