"""Loading is idempotent, repairs drift, and never deletes a row something refers to."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cornerstone.accounts.models import Organisation
from cornerstone.accounts.roles import OrganisationType
from cornerstone.audit.models import AuditEvent
from cornerstone.geography import loading
from cornerstone.geography.loading import ReferenceDataError, load_reference_geography
from cornerstone.geography.models import LocalAuthority, PoliceForceArea, PreventRegion

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[list[tuple[object, ...]], ...]:
    return (
        list(PreventRegion.objects.order_by("pk").values_list()),
        list(PoliceForceArea.objects.order_by("pk").values_list()),
        list(LocalAuthority.objects.order_by("pk").values_list()),
    )


def test_loading_twice_changes_nothing() -> None:
    before = _snapshot()
    first = load_reference_geography()
    second = load_reference_geography()
    assert _snapshot() == before
    for result in (first, second):
        assert not result.changed
        assert [t.total for t in result.tallies] == [9, 43, 318]
        assert [t.unchanged for t in result.tallies] == [9, 43, 318]


def test_loading_unchanged_data_is_a_few_queries(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    # Cheap enough to call before tests that flush the database (transactional tests).
    with django_assert_max_num_queries(10):
        load_reference_geography()


def test_inconsistent_data_files_are_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "local_authorities.csv"
    text = loading.LOCAL_AUTHORITIES_FILE.read_text(encoding="utf-8")
    broken.write_text(text.replace("Halton,England,North West,cheshire", "Halton,England,North West,nowhere"))
    monkeypatch.setattr(loading, "LOCAL_AUTHORITIES_FILE", broken)
    # Both would be repaired before the loader reaches Halton; the whole load rolls back.
    LocalAuthority.objects.filter(code="HPL").update(name="Renamed")
    PoliceForceArea.objects.filter(code="kent").update(name="Renamed")
    with pytest.raises(ReferenceDataError, match="local authority HAL refers to 'nowhere'"):
        load_reference_geography()
    assert LocalAuthority.objects.get(code="HPL").name == "Renamed"
    assert PoliceForceArea.objects.get(code="kent").name == "Renamed"


def test_loading_into_empty_tables_creates_everything_then_nothing() -> None:
    LocalAuthority.objects.all().delete()
    PoliceForceArea.objects.all().delete()
    PreventRegion.objects.all().delete()
    first = load_reference_geography()
    assert [t.created for t in first.tallies] == [9, 43, 318]
    snapshot = _snapshot()
    second = load_reference_geography()
    assert not second.changed
    assert _snapshot() == snapshot


def test_loading_repairs_edited_rows_in_place() -> None:
    leeds = LocalAuthority.objects.get(code="LDS")
    leeds.name = "Loiner City"
    leeds.police_force_area = PoliceForceArea.objects.get(code="kent")
    leeds.prevent_region = PreventRegion.objects.get(code="south-east")
    leeds.save()
    result = load_reference_geography()
    assert result.local_authorities.updated == 1
    leeds.refresh_from_db()
    assert (leeds.name, leeds.police_force_area.code, leeds.prevent_region.code) == (
        "Leeds",
        "west-yorkshire",
        "north-east",
    )


def test_unlisted_rows_are_deleted_only_when_nothing_refers_to_them() -> None:
    region = PreventRegion.objects.create(code="atlantis", name="Atlantis")
    force = PoliceForceArea.objects.create(code="atlantis", name="Atlantis Police", prevent_region=region)
    unused = LocalAuthority.objects.create(
        gss_code="E06999998", code="ZZA", name="Unused", nation="England", ons_region="Nowhere",
        police_force_area=force, prevent_region=region,
    )  # fmt: skip
    used = LocalAuthority.objects.create(
        gss_code="E06999999", code="ZZB", name="Used", nation="England", ons_region="Nowhere",
        police_force_area=force, prevent_region=region,
    )  # fmt: skip
    organisation = Organisation.objects.create(name="Refers to Used", type=OrganisationType.LOCAL_AUTHORITY)
    organisation.local_authorities.add(used)

    result = load_reference_geography()

    assert result.local_authorities.deleted == ["ZZA"]
    assert result.local_authorities.kept_in_use == ["ZZB"]
    # The force is still referred to by the authority that was kept, and the region by the force.
    assert result.police_force_areas.kept_in_use == ["atlantis"]
    assert result.prevent_regions.kept_in_use == ["atlantis"]
    assert not LocalAuthority.objects.filter(pk=unused.pk).exists()
    assert list(organisation.local_authorities.all()) == [used]

    organisation.local_authorities.clear()
    result = load_reference_geography()
    assert result.local_authorities.deleted == ["ZZB"]
    assert result.police_force_areas.deleted == ["atlantis"]
    assert result.prevent_regions.deleted == ["atlantis"]
    assert [
        PreventRegion.objects.count(),
        PoliceForceArea.objects.count(),
        LocalAuthority.objects.count(),
    ] == [
        9,
        43,
        318,
    ]


def test_an_unlisted_force_an_organisation_covers_is_kept() -> None:
    force = PoliceForceArea.objects.create(
        code="old-force", name="Old Force", prevent_region=PreventRegion.objects.get(code="wales")
    )
    Organisation.objects.create(
        name="Old Force HQ", type=OrganisationType.POLICE_FORCE
    ).police_force_areas.add(force)
    result = load_reference_geography()
    assert result.police_force_areas.kept_in_use == ["old-force"]
    assert PoliceForceArea.objects.filter(code="old-force").exists()


def test_command_prints_counts_and_audits_only_changes() -> None:
    out = StringIO()
    call_command("load_geography", stdout=out)
    text = out.getvalue()
    assert "Prevent regions: 9 (0 created; 0 updated; 9 unchanged)" in text
    assert "Police force areas: 43 (0 created; 0 updated; 43 unchanged)" in text
    assert "Local authorities: 318 (0 created; 0 updated; 318 unchanged)" in text
    assert "already up to date" in text
    assert not AuditEvent.objects.filter(action="geography.load").exists()

    LocalAuthority.objects.filter(code="HAL").update(name="Renamed")
    out = StringIO()
    call_command("load_geography", stdout=out)
    assert "Local authorities: 318 (0 created; 1 updated; 317 unchanged)" in out.getvalue()
    event = AuditEvent.objects.get(action="geography.load")
    assert (event.actor_label, event.actor) == ("system: load_geography", None)
    assert event.changes["Local authorities"]["updated"] == 1
    assert LocalAuthority.objects.get(code="HAL").name == "Halton"
