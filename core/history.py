"""History (django-simple-history) for writes in bulk, with history rows copied by the database.

Every model's `history = HistoricalRecords()` is this module's subclass of simple_history's: the same historical
models and rows, except that a delete whose "-" row was already written in bulk (`bulk_delete_copying_history`)
writes no second one.

`simple_history.utils.bulk_create_with_history` builds a Python historical object for every row and inserts those
too: half of a large import's time goes to rows the database could copy itself. `bulk_create_copying_history`
inserts the objects with `bulk_create` and then writes their "+" history rows with one `INSERT ... SELECT` per chunk,
reading the values just written, so each history row holds exactly what the table holds (the same rows
`bulk_create_with_history` writes: tracked fields, date, user, change reason, type "+").
"""

from __future__ import annotations

import datetime as dt
import time
from contextvars import ContextVar

from django.db import connection, connections, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from simple_history import models as simple_history_models

CHUNK = 5_000  # ids per statement (fewer where the backend bounds its parameters: SQLite's 999)

# The models whose deletes in progress (in this context) already have their "-" history rows.
_COPIED: ContextVar[frozenset] = ContextVar("history_copied_for_delete", default=frozenset())


class HistoricalRecords(simple_history_models.HistoricalRecords):
    def post_delete(self, instance, using=None, **kwargs):
        if type(instance) in _COPIED.get():
            return
        super().post_delete(instance, using=using, **kwargs)


def _tracked(model) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def bulk_delete_copying_history(queryset, *, user=None, when: dt.datetime | None = None) -> int:
    """Delete `queryset` and everything Django cascades to (its collector: the same rows, the same order, the same
    signals as `queryset.delete()`), writing the "-" history row of every deleted record with history by one
    INSERT ... SELECT per table before the delete, instead of one INSERT per record after it. Returns the number of
    rows deleted."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_delete_copying_history must run inside a transaction")
    collector = Collector(using=queryset.db, origin=queryset)
    collector.collect(queryset)
    when = when or timezone.now()
    tracked = frozenset(model for model in collector.data if _tracked(model))
    for model in tracked:
        history_copy(model, [obj.pk for obj in collector.data[model]], user=user, when=when, kind="-")
    token = _COPIED.set(_COPIED.get() | tracked)
    try:
        deleted, _ = collector.delete()
    finally:
        _COPIED.reset(token)
    return deleted


def bulk_create_copying_history(
    objs: list, model, *, user=None, reason: str = "", reason_column: str = "", when: dt.datetime | None = None
):
    """Insert `objs` (instances of `model`, a model with `HistoricalRecords`) and one "+" history row each, its
    change reason `reason` followed by the row's own `reason_column` when given ("computed: " + the rule). Returns
    the objects, with their primary keys set. Must run in a transaction: the objects and their history commit
    together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_create_copying_history must run inside a transaction")
    created = bulk_insert(objs, model)
    history_copy(model, [obj.pk for obj in created], user=user, reason=reason, reason_column=reason_column, when=when)
    return created


def bulk_insert(objs: list, model) -> list:
    """`bulk_create(objs)` (no signals, primary keys set), through PostgreSQL's COPY there: the values are prepared
    by each field as Django prepares them and sent in one stream, with ids drawn from the table's sequence first,
    in half the time of an INSERT of the same rows. Other databases: `bulk_create`."""
    if connection.vendor != "postgresql" or not objs:
        return model.objects.bulk_create(objs)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    db = connections[connection.alias]  # the connection itself: each attribute read through the proxy costs
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in [meta.pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        sql = f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN"
        started = time.monotonic()
        with cursor.cursor.copy(sql) as copy:  # psycopg's own cursor: Django's wrapper has no COPY
            for pk, obj in zip(ids, objs, strict=True):
                obj.pk = pk
                copy.write_row([pk, *(f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields)])
        if connection.queries_logged:  # so query counts (tests, benchmarks, the debug toolbar) see the statement
            took = f"{time.monotonic() - started:.3f}"
            connection.queries_log.append({"sql": f"{sql} -- {len(objs)} rows", "time": took})
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


def bulk_update_copying_history(
    objs: list, model, fields: list[str], *, user=None, reason: str = "", when: dt.datetime | None = None
) -> None:
    """Write `fields` of `objs` (plain columns, no expressions) with one `UPDATE ... FROM (VALUES ...)` per chunk,
    then a "~" history row each, copied from the table. Django's `bulk_update` builds a CASE with a WHEN per row and
    column: for 7,500 rows that costs seconds in Python and a quadratic comparison in the database."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_update_copying_history must run inside a transaction")
    if not objs:
        return
    values_update(model, objs, fields)
    history_copy(model, [obj.pk for obj in objs], user=user, reason=reason, when=when, kind="~")


def values_update(model, objs: list, fields: list[str]) -> None:
    """UPDATE `model`'s rows of `objs` to their `fields` values, joined to a VALUES list (PostgreSQL casts each value
    to its column's type; SQLite 3.33+ takes the same statement without casts)."""
    qn = connection.ops.quote_name
    pk = model._meta.pk
    columns = [pk, *(model._meta.get_field(name) for name in fields)]
    cast = connection.vendor == "postgresql"
    row = "(" + ", ".join(f"%s::{c.db_type(connection)}" if cast else "%s" for c in columns) + ")"
    names = ", ".join(qn(f"v_{c.column}") for c in columns)
    table = qn(model._meta.db_table)
    assignments = ", ".join(f"{qn(c.column)} = v.{qn(f'v_{c.column}')}" for c in columns[1:])
    size = min(CHUNK, ((connection.features.max_query_params or CHUNK * len(columns)) // len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            chunk = objs[start : start + size]
            params = [c.get_db_prep_save(getattr(obj, c.attname), connection) for obj in chunk for c in columns]
            cursor.execute(
                f"WITH v ({names}) AS (VALUES {', '.join([row] * len(chunk))}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{qn(pk.column)} = v.{qn(f'v_{pk.column}')}",
                params,
            )


def history_copy(
    model,
    pks: list,
    *,
    user=None,
    reason: str = "",
    reason_column: str = "",
    when: dt.datetime | None = None,
    kind: str = "+",
) -> None:
    """Write a history row of type `kind` ("+" created, "~" changed, "-" about to be deleted) for each of `pks`,
    copied from `model`'s table in the database."""
    if not pks:
        return
    history = model.history.model
    qn = connection.ops.quote_name
    columns = [f.column for f in history.tracked_fields]
    names = ", ".join(qn(c) for c in columns)
    stamp = connection.ops.adapt_datetimefield_value(when or timezone.now())
    why = f"%s || {qn(model._meta.get_field(reason_column).column)}" if reason_column else "%s"
    insert = (
        f"INSERT INTO {qn(history._meta.db_table)} ({names}, {qn('history_date')}, {qn('history_change_reason')}, "
        f"{qn('history_type')}, {qn('history_user_id')}) "
        f"SELECT {names}, %s, {why}, %s, %s FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} IN "
    )
    size = min(CHUNK, (connection.features.max_query_params or CHUNK) - 4)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            chunk = pks[start : start + size]
            cursor.execute(
                insert + f"({', '.join(['%s'] * len(chunk))})",
                [stamp, reason, kind, getattr(user, "pk", None), *chunk],
            )
