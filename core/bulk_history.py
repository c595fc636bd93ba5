"""Bulk creation with history rows copied by the database.

`simple_history.utils.bulk_create_with_history` builds a Python historical object for every row and inserts those
too: half of a large import's time goes to rows the database could copy itself. `bulk_create_copying_history`
inserts the objects with `bulk_create` and then writes their "+" history rows with one `INSERT ... SELECT` per chunk,
reading the values just written, so each history row holds exactly what the table holds (the same rows
`bulk_create_with_history` writes: tracked fields, date, user, change reason, type "+").
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

CHUNK = 5_000  # ids per statement (fewer where the backend bounds its parameters: SQLite's 999)
UPDATE_BATCH = 500


def bulk_create_copying_history(
    objs: list, model, *, user=None, reason: str = "", reason_column: str = "", when: dt.datetime | None = None
):
    """Insert `objs` (instances of `model`, a model with `HistoricalRecords`) and one "+" history row each, its
    change reason `reason` followed by the row's own `reason_column` when given ("computed: " + the rule). Returns
    the objects, with their primary keys set. Must run in a transaction: the objects and their history commit
    together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_create_copying_history must run inside a transaction")
    created = model.objects.bulk_create(objs)
    history_copy(model, [obj.pk for obj in created], user=user, reason=reason, reason_column=reason_column, when=when)
    return created


def bulk_update_copying_history(
    objs: list, model, fields: list[str], *, user=None, reason: str = "", when: dt.datetime | None = None
) -> None:
    """`bulk_update` of `fields` on `objs` in batches (one CASE per column and batch: PostgreSQL compares each row
    with every WHEN of its statement, so one statement for 10,000 rows is quadratic), then a "~" history row each,
    copied from the table."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_update_copying_history must run inside a transaction")
    model.objects.bulk_update(objs, fields, batch_size=UPDATE_BATCH)
    history_copy(model, [obj.pk for obj in objs], user=user, reason=reason, when=when, kind="~")


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
    """Write a history row of type `kind` ("+" created, "~" changed) for each of `pks`, copied from `model`'s table
    in the database."""
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
