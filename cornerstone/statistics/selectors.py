"""Which areas a national return may be asked for, and by whom.

A return is for one of three kinds of area: the whole of England and Wales ("national"), one
Prevent region, or one local authority. The rule, per actor (``areas_allowed_for``):

- **Everyone who may see statistics at all** may ask for the national return and the return of
  any Prevent region. Regions are large enough, with disclosure control on every table, that
  their figures say nothing about an individual; the Home Office publishes them too.
- **Local authority returns** only for the authorities the actor's role is tied to: an
  analyst, Force Prevent Lead or Regional Prevent Coordinator gets the authorities their
  organisation covers (its local authorities, police force areas and Prevent regions); nobody
  else gets any. Geography is therefore never finer than region unless the role works there.
- **Partner organisations** (schools, health, probation and so on) get national and regional
  returns only: their organisation types cannot hold the three roles above, and a partner API
  client acts through a membership with the referrer role.
- **The system itself** (``Actor.system``: the ``national_return`` command run by an operator
  on the server) may ask for any area.
"""

from __future__ import annotations

from dataclasses import dataclass

from cornerstone.accounts.actor import Actor
from cornerstone.accounts.roles import Role
from cornerstone.geography.models import LocalAuthority, PreventRegion
from cornerstone.geography.selectors import local_authorities_covered

NATIONAL = "national"
REGION = "region"
LOCAL_AUTHORITY = "local_authority"

# Roles whose statistics may go down to the local authorities their organisation covers.
LOCAL_AUTHORITY_ROLES = frozenset({Role.ANALYST, Role.FORCE_PREVENT_LEAD, Role.REGIONAL_PREVENT_COORDINATOR})


@dataclass(frozen=True)
class ReturnArea:
    """The area a return covers: ``ReturnArea.national()``, ``ReturnArea.region("north-west")``
    (a Prevent region code) or ``ReturnArea.local_authority("WRT")`` (a register code)."""

    level: str
    code: str = ""

    @classmethod
    def national(cls) -> ReturnArea:
        return cls(NATIONAL)

    @classmethod
    def region(cls, code: str) -> ReturnArea:
        return cls(REGION, code)

    @classmethod
    def local_authority(cls, code: str) -> ReturnArea:
        return cls(LOCAL_AUTHORITY, code.upper())

    @classmethod
    def parse(cls, text: str) -> ReturnArea:
        """``national``, ``region:<code>`` or ``la:<code>`` (as in URLs and the command)."""
        value = text.strip()
        if value == NATIONAL:
            return cls.national()
        kind, _, code = value.partition(":")
        if kind == "region" and code:
            return cls.region(code)
        if kind == "la" and code:
            return cls.local_authority(code)
        raise ValueError(
            f"Area {text!r} is not recognised: use national, region:<region code> or la:<local authority code>."
        )

    @property
    def param(self) -> str:
        """The text ``parse`` reads back."""
        if self.level == NATIONAL:
            return NATIONAL
        return f"{'region' if self.level == REGION else 'la'}:{self.code}"

    @property
    def slug(self) -> str:
        """For file names: ``national``, ``region-north-west``, ``la-WRT``."""
        return self.param.replace(":", "-")


def area_name(area: ReturnArea) -> str:
    """The area in words. ValueError if there is no such region or authority."""
    if area.level == NATIONAL:
        return "England and Wales"
    if area.level == REGION:
        region = PreventRegion.objects.filter(code=area.code).first()
        if region is None:
            raise ValueError(f"There is no Prevent region with the code {area.code!r}.")
        return region.name
    # Register codes only (``WRT``), the code every return, file and permission uses.
    authority = LocalAuthority.objects.filter(code=area.code.upper()).first()
    if authority is None:
        raise ValueError(f"There is no local authority with the code {area.code!r}.")
    return authority.name


@dataclass(frozen=True)
class AllowedAreas:
    """The areas one actor may ask for."""

    national: bool
    region_codes: frozenset[str]
    local_authority_codes: frozenset[str]

    def allows(self, area: ReturnArea) -> bool:
        if area.level == NATIONAL:
            return self.national
        if area.level == REGION:
            return area.code in self.region_codes
        if area.level == LOCAL_AUTHORITY:
            return area.code.upper() in self.local_authority_codes
        return False

    def choices(self) -> list[tuple[ReturnArea, str]]:
        """Every allowed area with its name: national, then regions, then authorities, by name."""
        result: list[tuple[ReturnArea, str]] = []
        if self.national:
            result.append((ReturnArea.national(), "England and Wales"))
        for region in PreventRegion.objects.filter(code__in=self.region_codes).order_by("name"):
            result.append((ReturnArea.region(region.code), f"{region.name} (Prevent region)"))
        for authority in LocalAuthority.objects.filter(code__in=self.local_authority_codes).order_by("name"):
            result.append((ReturnArea.local_authority(authority.code), f"{authority.name} (local authority)"))
        return result


NO_AREAS = AllowedAreas(national=False, region_codes=frozenset(), local_authority_codes=frozenset())


def areas_allowed_for(actor: Actor) -> AllowedAreas:
    """The areas ``actor`` may ask a national return for (see the module's docstring)."""
    every_region = frozenset(PreventRegion.objects.values_list("code", flat=True))
    if actor.membership is None:
        if actor.user is None:  # the system itself
            every_authority = frozenset(LocalAuthority.objects.values_list("code", flat=True))
            return AllowedAreas(True, every_region, every_authority)
        return NO_AREAS
    organisation = actor.membership.organisation
    if not organisation.is_active or not actor.membership.is_active:
        return NO_AREAS
    authorities: frozenset[str] = frozenset()
    if actor.role in LOCAL_AUTHORITY_ROLES:
        covered = local_authorities_covered(
            prevent_regions=organisation.prevent_regions.all(),
            police_force_areas=organisation.police_force_areas.all(),
            local_authorities=organisation.local_authorities.all(),
        )
        authorities = frozenset(covered.values_list("code", flat=True))
    return AllowedAreas(True, every_region, authorities)
