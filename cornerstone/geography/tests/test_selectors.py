from __future__ import annotations

import pytest

from cornerstone.geography import selectors
from cornerstone.geography.models import LocalAuthority, PoliceForceArea, PreventRegion

pytestmark = pytest.mark.django_db


def test_local_authorities_for_force() -> None:
    cheshire = PoliceForceArea.objects.get(code="cheshire")
    names = list(selectors.local_authorities_for_force(cheshire).values_list("name", flat=True))
    assert names == ["Cheshire East", "Cheshire West and Chester", "Halton", "Warrington"]


def test_force_and_region_for_local_authority() -> None:
    leeds = LocalAuthority.objects.get(code="LDS")
    assert selectors.force_for_local_authority(leeds).code == "west-yorkshire"
    assert selectors.prevent_region_for_local_authority(leeds).code == "north-east"
    assert selectors.prevent_region_for_force(leeds.police_force_area).code == "north-east"


def test_police_force_areas_by_region() -> None:
    wales = PreventRegion.objects.get(code="wales")
    assert list(selectors.police_force_areas(wales).values_list("code", flat=True)) == [
        "dyfed-powys",
        "gwent",
        "north-wales",
        "south-wales",
    ]
    assert selectors.police_force_areas().count() == 43
    assert selectors.prevent_regions().count() == 9


def test_local_authorities_for_prevent_region() -> None:
    region = PreventRegion.objects.get(code="north-east")
    authorities = selectors.local_authorities_for_prevent_region(region)
    assert authorities.count() == 27  # 12 in the ONS North East, 15 in Yorkshire and the Humber
    assert authorities.filter(name="York").exists()


def test_local_authorities_covered() -> None:
    london = PreventRegion.objects.get(code="london")
    cumbria = PoliceForceArea.objects.get(code="cumbria")
    cardiff = LocalAuthority.objects.get(code="CRF")
    covered = selectors.local_authorities_covered(
        prevent_regions=[london], police_force_areas=[cumbria], local_authorities=[cardiff]
    )
    assert covered.count() == 33 + 2 + 1
    assert selectors.local_authorities_covered().count() == 0
    assert selectors.local_authorities_covered(local_authorities=[cardiff, cardiff]).count() == 1


def test_lookups_by_code() -> None:
    assert selectors.local_authority_by_code("bir").name == "Birmingham"  # type: ignore[union-attr]
    assert selectors.local_authority_by_code("E08000025").code == "BIR"  # type: ignore[union-attr]
    assert selectors.local_authority_by_code("XXX") is None
    assert selectors.police_force_area_by_code("cheshire").name == "Cheshire Constabulary"  # type: ignore[union-attr]
    assert selectors.police_force_area_by_code("nowhere") is None
