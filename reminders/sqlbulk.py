"""Bulk INSERT / UPSERT / UPDATE of many rows in ONE statement, on PostgreSQL and SQLite alike.

Django's `bulk_create` and `bulk_update` batch by the bound-parameter limit (about 75 reminder rows per statement on
SQLite) and `bulk_update` builds a CASE expression per row and column, which costs seconds of Python for a few
thousand rows. Here the rows travel as one JSON parameter, unpacked by the database (`jsonb_to_recordset` on
PostgreSQL, `json_each` on SQLite), the technique `deadlines/bulk.py` uses for recomputed deadlines. `INSERT ... ON
CONFLICT DO NOTHING RETURNING` tells the sweep exactly which deliveries it claimed.
"""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import Model


def _column(model: type[Model], name: str):
    field = model._meta.get_field(name)
    return field, field.column


def _converter(field):
    """value -> what the database reads back from JSON for this column (built once per column, not per value)."""
    internal = field.get_internal_type()
    if internal == "DateTimeField":
        if connection.vendor == "postgresql":
            return lambda v: v.isoformat()
        return lambda v: connection.ops.adapt_datetimefield_value(v)  # naive UTC text, as Django stores it
    if internal == "DateField":
        return lambda v: v.isoformat()
    if internal == "UUIDField":
        return (lambda v: str(v)) if connection.features.has_native_uuid_field else (lambda v: v.hex)
    return lambda v: v


def _source(model: type[Model], names: list[str]) -> str:
    """A SELECT over the JSON parameter yielding one column per name."""
    cols = [_column(model, n) for n in names]
    return json_rows_source([(col, field.db_type(connection)) for field, col in cols])


def json_rows_source(columns: list[tuple[str, str]]) -> str:
    """A SELECT over one JSON parameter (a list of objects) yielding the (column, PostgreSQL type) columns."""
    if connection.vendor == "postgresql":
        types = ", ".join(f'"{col}" {db_type}' for col, db_type in columns)
        return f"SELECT * FROM jsonb_to_recordset(%s::jsonb) AS v({types})"
    extract = ", ".join(f"json_extract(value, '$.{col}') AS \"{col}\"" for col, _ in columns)
    return f"SELECT {extract} FROM json_each(%s) WHERE true"  # WHERE: SQLite's ON CONFLICT parsing needs it


def _payload(model: type[Model], names: list[str], rows: list[dict]) -> str:
    cols = []
    for name in names:
        field, col = _column(model, name)
        cols.append((name, col, _converter(field)))
    return json.dumps(
        [{col: None if row[name] is None else convert(row[name]) for name, col, convert in cols} for row in rows]
    )


def bulk_insert(
    model: type[Model],
    rows: list[dict],
    *,
    ignore_conflicts: bool = False,
    update_on: list[str] | None = None,
    update_fields: list[str] | None = None,
    returning: list[str] | None = None,
    constants: dict | None = None,
) -> list[tuple]:
    """Insert `rows` (dicts of field name -> value, all with the same keys). `constants` (field name -> value) are
    the same in every row: bound once instead of repeated in the JSON. `ignore_conflicts` skips rows a unique
    constraint refuses; `update_on` + `update_fields` upsert instead. Returns the `returning` columns of the rows
    actually inserted (or upserted)."""
    if not rows:
        return []
    names = list(rows[0])
    constants = constants or {}
    columns = ", ".join(f'"{_column(model, n)[1]}"' for n in [*names, *constants])
    source, params = _source(model, names), [_payload(model, names, rows)]
    if constants:
        fixed = []
        for name, value in constants.items():
            field = _column(model, name)[0]
            fixed.append(f"CAST(%s AS {field.db_type(connection)})" if connection.vendor == "postgresql" else "%s")
            params.insert(len(fixed) - 1, field.get_db_prep_value(value, connection))
        source = f"SELECT src.*, {', '.join(fixed)} FROM ({source}) AS src WHERE true"  # (see _source)
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) {source}"
    if update_on:
        target = ", ".join(f'"{_column(model, n)[1]}"' for n in update_on)
        sets = ", ".join(f'"{c}" = excluded."{c}"' for c in (_column(model, n)[1] for n in update_fields))
        sql += f" ON CONFLICT ({target}) DO UPDATE SET {sets}"
    elif ignore_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += " RETURNING " + ", ".join(f'"{_column(model, n)[1]}"' for n in returning)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []


def bulk_update(model: type[Model], rows: list[dict], *, key: str = "pk") -> int:
    """UPDATE each row (dicts of field name -> value, with `key`) in one statement."""
    if not rows:
        return 0
    key_name = model._meta.pk.name if key == "pk" else key
    names = list(rows[0])
    fields = [n for n in names if n != key_name]
    table, key_col = model._meta.db_table, _column(model, key_name)[1]
    sets = ", ".join(f'"{c}" = v."{c}"' for c in (_column(model, n)[1] for n in fields))
    sql = f'UPDATE {table} SET {sets} FROM ({_source(model, names)}) AS v WHERE {table}."{key_col}" = v."{key_col}"'
    with connection.cursor() as cursor:
        cursor.execute(sql, [_payload(model, names, rows)])
        return cursor.rowcount
