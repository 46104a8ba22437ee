"""The reference geography as migrations leave it in every database (the test database included)."""

from __future__ import annotations

import pytest
from django.db.models import Count

from cornerstone.geography.data.build_local_authorities import PREVENT_REGION_BY_ONS_REGION
from cornerstone.geography.models import LocalAuthority, PoliceForceArea, PreventRegion

pytestmark = pytest.mark.django_db

WELSH_FORCES = {"dyfed-powys", "gwent", "north-wales", "south-wales"}


def test_counts_after_migration() -> None:
    assert PreventRegion.objects.count() == 9
    assert PoliceForceArea.objects.count() == 43
    assert LocalAuthority.objects.count() == 318


def test_the_nine_prevent_regions() -> None:
    assert set(PreventRegion.objects.values_list("name", flat=True)) == {
        "London",
        "South East",
        "South West",
        "Eastern",
        "East Midlands",
        "West Midlands",
        "North West",
        "North East",
        "Wales",
    }


def test_forces_per_prevent_region() -> None:
    counts = dict(
        PreventRegion.objects.annotate(forces=Count("police_force_areas")).values_list("code", "forces")
    )
    assert counts == {
        "london": 2,
        "south-east": 5,
        "south-west": 5,
        "eastern": 6,
        "east-midlands": 5,
        "west-midlands": 4,
        "north-west": 5,
        "north-east": 7,
        "wales": 4,
    }


def test_every_local_authority_has_one_force_and_every_force_has_authorities() -> None:
    assert not LocalAuthority.objects.filter(police_force_area__isnull=True).exists()
    empty = PoliceForceArea.objects.annotate(n=Count("local_authorities")).filter(n=0)
    assert list(empty) == []


def test_each_local_authority_is_in_its_forces_prevent_region() -> None:
    mismatched = [
        authority.name
        for authority in LocalAuthority.objects.select_related("police_force_area")
        if authority.prevent_region_id != authority.police_force_area.prevent_region_id
    ]
    assert mismatched == []


def test_prevent_regions_follow_ons_regions() -> None:
    """An independent check on the force mapping: no force area crosses an ONS region, so each
    authority's Prevent region is the one its ONS region implies (the North East and Yorkshire
    and the Humber together)."""
    mismatched = [
        (authority.name, authority.ons_region, authority.prevent_region.code)
        for authority in LocalAuthority.objects.select_related("prevent_region")
        if PREVENT_REGION_BY_ONS_REGION[authority.ons_region] != authority.prevent_region.code
    ]
    assert mismatched == []


def test_wales() -> None:
    wales = PreventRegion.objects.get(code="wales")
    assert set(wales.police_force_areas.values_list("code", flat=True)) == WELSH_FORCES
    welsh = LocalAuthority.objects.filter(nation="Wales")
    assert welsh.count() == 22
    assert set(welsh.values_list("prevent_region__code", flat=True)) == {"wales"}
    assert set(welsh.values_list("police_force_area__code", flat=True)) == WELSH_FORCES
    assert set(wales.local_authorities.values_list("nation", flat=True)) == {"Wales"}
    assert all(code.startswith("W06") for code in welsh.values_list("gss_code", flat=True))


def test_london() -> None:
    met = PoliceForceArea.objects.get(code="metropolitan")
    assert met.local_authorities.count() == 32
    assert set(met.local_authorities.values_list("gss_code", flat=True)) == {
        f"E090000{n:02d}" for n in range(2, 34)
    }
    assert list(
        PoliceForceArea.objects.get(code="city-of-london").local_authorities.values_list("name", flat=True)
    ) == ["City of London"]


def test_nations_and_authorities_per_force() -> None:
    assert set(LocalAuthority.objects.values_list("nation", flat=True)) == {"England", "Wales"}
    counts = dict(PoliceForceArea.objects.annotate(n=Count("local_authorities")).values_list("code", "n"))
    assert counts["cheshire"] == 4
    assert counts["cumbria"] == 2
    assert counts["thames-valley"] == 13
    assert counts["devon-and-cornwall"] == 12
    assert counts["avon-and-somerset"] == 5
    assert counts["west-mercia"] == 9
    assert counts["north-yorkshire"] == 2
    assert sum(counts.values()) == 318


@pytest.mark.parametrize(
    ("name", "force", "region"),
    [
        ("City of London", "City of London Police", "London"),
        ("Westminster", "Metropolitan Police Service", "London"),
        ("Leeds", "West Yorkshire Police", "North East"),
        ("Sheffield", "South Yorkshire Police", "North East"),
        ("Kingston upon Hull", "Humberside Police", "North East"),
        ("North Lincolnshire", "Humberside Police", "North East"),
        ("North East Lincolnshire", "Humberside Police", "North East"),
        ("Lincoln", None, None),
        ("City of Lincoln", "Lincolnshire Police", "East Midlands"),
        ("Newcastle upon Tyne", "Northumbria Police", "North East"),
        ("Darlington", "Durham Constabulary", "North East"),
        ("Hartlepool", "Cleveland Police", "North East"),
        ("North Yorkshire", "North Yorkshire Police", "North East"),
        ("York", "North Yorkshire Police", "North East"),
        ("Cornwall", "Devon and Cornwall Police", "South West"),
        ("Isles of Scilly", "Devon and Cornwall Police", "South West"),
        ("Torbay", "Devon and Cornwall Police", "South West"),
        ("Exeter", "Devon and Cornwall Police", "South West"),
        ("Somerset", "Avon and Somerset Constabulary", "South West"),
        ("City of Bristol", "Avon and Somerset Constabulary", "South West"),
        ("South Gloucestershire", "Avon and Somerset Constabulary", "South West"),
        ("Gloucester", "Gloucestershire Constabulary", "South West"),
        ("Bournemouth, Christchurch and Poole", "Dorset Police", "South West"),
        ("Swindon", "Wiltshire Police", "South West"),
        ("Milton Keynes", "Thames Valley Police", "South East"),
        ("Buckinghamshire", "Thames Valley Police", "South East"),
        ("Reading", "Thames Valley Police", "South East"),
        ("Oxford", "Thames Valley Police", "South East"),
        ("Isle of Wight", "Hampshire and Isle of Wight Constabulary", "South East"),
        ("Medway", "Kent Police", "South East"),
        ("Brighton and Hove", "Sussex Police", "South East"),
        ("Luton", "Bedfordshire Police", "Eastern"),
        ("Peterborough", "Cambridgeshire Constabulary", "Eastern"),
        ("Thurrock", "Essex Police", "Eastern"),
        ("Rutland", "Leicestershire Police", "East Midlands"),
        ("North Northamptonshire", "Northamptonshire Police", "East Midlands"),
        ("West Northamptonshire", "Northamptonshire Police", "East Midlands"),
        ("Herefordshire", "West Mercia Police", "West Midlands"),
        ("Telford and Wrekin", "West Mercia Police", "West Midlands"),
        ("Worcester", "West Mercia Police", "West Midlands"),
        ("Stoke-on-Trent", "Staffordshire Police", "West Midlands"),
        ("Solihull", "West Midlands Police", "West Midlands"),
        ("Cumberland", "Cumbria Constabulary", "North West"),
        ("Westmorland and Furness", "Cumbria Constabulary", "North West"),
        ("Halton", "Cheshire Constabulary", "North West"),
        ("Warrington", "Cheshire Constabulary", "North West"),
        ("Blackpool", "Lancashire Constabulary", "North West"),
        ("Wigan", "Greater Manchester Police", "North West"),
        ("Wirral", "Merseyside Police", "North West"),
        ("Cardiff", "South Wales Police", "Wales"),
        ("Caerphilly", "Gwent Police", "Wales"),
        ("Powys", "Dyfed-Powys Police", "Wales"),
        ("Wrexham", "North Wales Police", "Wales"),
    ],
)
def test_spot_checks(name: str, force: str | None, region: str | None) -> None:
    authority = (
        LocalAuthority.objects.select_related("police_force_area", "prevent_region").filter(name=name).first()
    )
    if force is None:
        assert authority is None
        return
    assert authority is not None, name
    assert authority.police_force_area.name == force
    assert authority.prevent_region.name == region


def test_codes_are_the_register_and_gss_codes() -> None:
    birmingham = LocalAuthority.objects.get(code="BIR")
    assert (birmingham.gss_code, birmingham.name, birmingham.nation, birmingham.ons_region) == (
        "E08000025",
        "Birmingham",
        "England",
        "West Midlands",
    )
    assert LocalAuthority.objects.get(gss_code="W06000015").name == "Cardiff"
