"""Load the reference geography from the committed CSV files in ``data/``.

Used by the data migration ``0002_load_reference_geography`` (with the historical models it is
given) and by the ``load_geography`` management command (with the current ones). Loading is
idempotent: rows are matched by code, created when missing, updated only when they differ.
A row the data no longer lists (an authority abolished by a reorganisation, say) is deleted
only if nothing refers to it; otherwise it is kept, and reported, for a person to resolve.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, models, transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
PREVENT_REGIONS_FILE = DATA_DIR / "prevent_regions.csv"
POLICE_FORCE_AREAS_FILE = DATA_DIR / "police_force_areas.csv"
LOCAL_AUTHORITIES_FILE = DATA_DIR / "local_authorities.csv"


class ReferenceDataError(Exception):
    """The committed data files are inconsistent (for example a force names an unknown region)."""


@dataclass
class TableTally:
    """What loading did to one table."""

    label: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    kept_in_use: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def describe(self) -> str:
        parts = [f"{self.created} created", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.deleted:
            parts.append(f"{len(self.deleted)} no longer listed and deleted ({', '.join(self.deleted)})")
        if self.kept_in_use:
            parts.append(
                f"{len(self.kept_in_use)} no longer listed but kept because in use "
                f"({', '.join(self.kept_in_use)})"
            )
        return f"{self.label}: {self.total} ({'; '.join(parts)})"


@dataclass
class LoadResult:
    prevent_regions: TableTally
    police_force_areas: TableTally
    local_authorities: TableTally

    @property
    def tallies(self) -> tuple[TableTally, TableTally, TableTally]:
        return (self.prevent_regions, self.police_force_areas, self.local_authorities)

    @property
    def changed(self) -> bool:
        return any(tally.changed for tally in self.tallies)

    def as_dict(self) -> dict[str, Any]:
        return {
            tally.label: {
                "total": tally.total,
                "created": tally.created,
                "updated": tally.updated,
                "deleted": tally.deleted,
                "kept_in_use": tally.kept_in_use,
            }
            for tally in self.tallies
        }


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_reference_geography(apps: Apps | None = None, using: str = DEFAULT_DB_ALIAS) -> LoadResult:
    """Create or update the Prevent regions, police force areas and local authorities.

    ``apps`` is the app registry a data migration is given (historical models); leave it out to
    use the current models. ``using`` is the database alias.
    """
    registry = apps or global_apps
    region_model = registry.get_model("geography", "PreventRegion")
    force_model = registry.get_model("geography", "PoliceForceArea")
    authority_model = registry.get_model("geography", "LocalAuthority")

    region_rows = read_csv(PREVENT_REGIONS_FILE)
    force_rows = read_csv(POLICE_FORCE_AREAS_FILE)
    authority_rows = read_csv(LOCAL_AUTHORITIES_FILE)

    with transaction.atomic(using=using):
        regions_tally = TableTally("Prevent regions")
        upsert_region = _Upserter(region_model, using, regions_tally)
        regions = {row["code"]: upsert_region(row["code"], {"name": row["name"]}) for row in region_rows}

        forces_tally = TableTally("Police force areas")
        upsert_force = _Upserter(force_model, using, forces_tally)
        forces = {}
        for row in force_rows:
            region = _lookup(regions, row["prevent_region"], f"police force area {row['code']}")
            forces[row["code"]] = upsert_force(
                row["code"],
                {"name": row["name"], "prevent_region_id": region.pk},
            )

        authorities_tally = TableTally("Local authorities")
        upsert_authority = _Upserter(authority_model, using, authorities_tally)
        for row in authority_rows:
            force = _lookup(forces, row["police_force_area"], f"local authority {row['code']}")
            upsert_authority(
                row["code"],
                {
                    "gss_code": row["gss_code"],
                    "name": row["name"],
                    "nation": row["nation"],
                    "ons_region": row["ons_region"],
                    "police_force_area_id": force.pk,
                    "prevent_region_id": force.prevent_region_id,
                },
            )

        # Most dependent first, so that a force whose authorities have all gone can go too.
        _remove_unlisted(authority_model, using, authorities_tally, {row["code"] for row in authority_rows})
        _remove_unlisted(force_model, using, forces_tally, set(forces))
        _remove_unlisted(region_model, using, regions_tally, set(regions))
    return LoadResult(regions_tally, forces_tally, authorities_tally)


def _lookup(rows: Mapping[str, models.Model], code: str, where: str) -> Any:
    try:
        return rows[code]
    except KeyError:
        raise ReferenceDataError(f"{where} refers to {code!r}, which the data files do not list") from None


class _Upserter:
    """update_or_create by code for one table, reading the existing rows in one query and writing
    only the rows that differ."""

    def __init__(self, model: type[models.Model], using: str, tally: TableTally) -> None:
        self.manager = model._default_manager.db_manager(using)
        self.using = using
        self.tally = tally
        self.existing = {instance.code: instance for instance in self.manager.all()}  # type: ignore[attr-defined]

    def __call__(self, code: str, values: Mapping[str, Any]) -> Any:
        self.tally.total += 1
        instance = self.existing.get(code)
        if instance is None:
            self.tally.created += 1
            return self.manager.create(code=code, **values)
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if not changed:
            self.tally.unchanged += 1
            return instance
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(using=self.using, update_fields=changed)
        self.tally.updated += 1
        return instance


def _remove_unlisted(model: type[models.Model], using: str, tally: TableTally, listed: set[str]) -> None:
    manager = model._default_manager.db_manager(using)
    for instance in manager.exclude(code__in=listed).order_by("code"):
        code: str = instance.code  # type: ignore[attr-defined]
        if _is_referenced(instance, using):
            tally.kept_in_use.append(code)
        else:
            instance.delete(using=using)
            tally.deleted.append(code)


def _reverse_relations(model: type[models.Model]) -> Iterable[Any]:
    """Every relation pointing at ``model`` from another table, hidden ones included."""
    return [
        relation
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete and relation.is_relation
    ]


def _is_referenced(instance: models.Model, using: str) -> bool:
    """Whether any row of any table refers to ``instance`` (foreign key or many-to-many)."""
    for relation in _reverse_relations(type(instance)):
        related_model = relation.related_model
        if related_model._base_manager.db_manager(using).filter(**{relation.field.name: instance}).exists():
            return True
    return False
