"""Working with many rows at once (the history import and the person matching of a batch).

``insert_rows``: building a model instance per row and letting ``bulk_create`` compile an INSERT
for it costs more than the database's work, so on PostgreSQL the rows are streamed with ``COPY``
instead, several times faster. Other databases (SQLite, the embedded default) use
``bulk_create``. Rows are dictionaries keyed by field attribute name (``person_id``, not
``person``); a field a row leaves out gets the model's default, as ``bulk_create`` would give it.
No signals are sent and ``save()`` is not called, as with ``bulk_create``.

``in_list``: a long list for an ``__in`` lookup sent as one parameter rather than one per value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, JSONField, Model
from django.db.models.expressions import RawSQL
from django.utils import timezone
from psycopg import sql


def in_list(model: type[Model], field_name: str, values: Iterable[int | str]) -> RawSQL:
    """The values (whole numbers or text) for ``filter(<field>__in=...)``, as one array on
    PostgreSQL and one JSON list on SQLite. Thousands of separate parameters cost Django and the
    driver more than the query, and SQLite refuses more than a few hundred."""
    listed = list(values)
    if connection.vendor == "postgresql":
        db_type = model._meta.get_field(field_name).db_type(connection)
        return RawSQL(f"SELECT unnest(%s::{db_type}[])", (listed,))  # noqa: S611 (a column type)
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(listed),))


def insert_rows(model: type[Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert the rows and return their primary keys, in the rows' order."""
    if not rows:
        return []
    unknown = set(rows[0]) - {field.attname for field in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}.")
    if connection.vendor == "postgresql":
        return _copy(model, rows)
    return [obj.pk for obj in model._default_manager.bulk_create(model(**row) for row in rows)]


def _default(field: Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def _copy(model: type[Model], rows: Sequence[dict[str, Any]]) -> list[int]:
    opts = model._meta
    pk = opts.pk
    assert pk is not None  # noqa: S101 (every concrete model has one)
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    defaults = {field.attname: _default(field) for field in fields}
    json_fields = [field for field in fields if isinstance(field, JSONField)]
    names = [pk.attname, *(field.attname for field in fields)]
    columns: list[sql.Composable] = [sql.Identifier(str(field.column)) for field in [pk, *fields]]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(opts.db_table), sql.SQL(", ").join(columns)
    )
    with connection.cursor() as cursor:
        # Keys taken from the table's own sequence, so rows inserted any other way never clash.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, pk.column, len(rows)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        with cursor.cursor.copy(statement) as copy:
            for row_id, row in zip(ids, rows, strict=True):
                values = {**defaults, **row, pk.attname: row_id}
                for field in json_fields:
                    values[field.attname] = field.get_db_prep_save(values[field.attname], connection)
                copy.write_row([values[name] for name in names])
    return ids
