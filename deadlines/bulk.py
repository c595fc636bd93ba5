"""Write many recomputed deadlines, and their history rows, in two statements whatever their number.

Django's `bulk_update` (and simple-history's `bulk_update_with_history`) batch by query-parameter limits: on SQLite
that is ~70 rows per UPDATE and ~35 per history INSERT, so 100,000 rows would cost thousands of queries. Here the new
values travel as ONE JSON parameter (SQLite `json_each`, PostgreSQL `jsonb_to_recordset`), so a closure that moves
100,000 deadlines costs one UPDATE and one INSERT ... SELECT into the history table, on both backends. The history
rows carry the same columns simple-history writes (`history_type` "~", the change reason and user), so the deadline
history pages show them like any other change.

A row may also say `"reopen": True`: its status becomes open and `closed_at` NULL in the same UPDATE (a missed
deadline a closure moved to a due date that is not past; see `deadlines.services`). Every row's `version` is bumped
(`core.versioning`), so an edit made from before the recompute is refused rather than silently undoing it.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db import connection
from django.utils import timezone

from .models import Deadline, DeadlineStatus
from .summaries import summaries_refresh_for_deadlines

# (column, PostgreSQL type) of every column a recompute may change.
COMPUTED_COLUMNS = [
    ("due_date", "date"),
    ("paused_since", "date"),
    ("days_remaining", "integer"),
    ("window_start", "date"),
    ("citation", "text"),
    ("steps", "jsonb"),
]


def _iso(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def deadlines_bulk_write(rows: list[dict], *, change_reason: str, user_id: int | None = None) -> int:
    """Update the computed columns of `rows` (dicts with "id", every COMPUTED_COLUMNS name and optionally "reopen")
    and record history.

    Must run inside a transaction (the caller's). Returns the number of rows written.
    """
    if not rows:
        return 0
    now = timezone.now()
    payload = json.dumps(
        [{"id": r["id"], "reopen": bool(r.get("reopen")), **{c: _iso(r[c]) for c, _ in COMPUTED_COLUMNS}} for r in rows]
    )
    # Only when some row reopens, so the usual recompute writes no more columns than it must.
    reopen = any(r.get("reopen") for r in rows)
    opened = f"'{DeadlineStatus.OPEN.value}'"
    ids = [r["id"] for r in rows]
    table = Deadline._meta.db_table
    history = Deadline.history.model._meta
    tracked = [f.column for f in history.concrete_fields if not f.column.startswith("history_")]
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sets = ", ".join(f"{c} = v.{c}" for c, _ in COMPUTED_COLUMNS)
            types = ", ".join(f"{c} {t}" for c, t in COMPUTED_COLUMNS)
            if reopen:
                sets += f", status = CASE WHEN v.reopen THEN {opened} ELSE d.status END"
                sets += ", closed_at = CASE WHEN v.reopen THEN NULL ELSE d.closed_at END"
            cursor.execute(
                f"UPDATE {table} AS d SET {sets}, updated_at = %s, version = d.version + 1"
                f" FROM jsonb_to_recordset(%s::jsonb) AS v(id bigint, reopen boolean, {types}) WHERE d.id = v.id",
                [stamp, payload],
            )
            where, id_param = "id = ANY(%s)", ids
        else:
            extract = ", ".join(f"json_extract(value, '$.{c}') AS {c}" for c, _ in COMPUTED_COLUMNS)
            sets = ", ".join(f"{c} = v.{c}" for c, _ in COMPUTED_COLUMNS)
            if reopen:
                sets += f", status = CASE WHEN v.reopen THEN {opened} ELSE {table}.status END"
                sets += f", closed_at = CASE WHEN v.reopen THEN NULL ELSE {table}.closed_at END"
            cursor.execute(
                f"UPDATE {table} SET {sets}, updated_at = %s, version = {table}.version + 1"
                f" FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.reopen') AS reopen,"
                f" {extract} FROM json_each(%s)) AS v WHERE {table}.id = v.id",
                [stamp, payload],
            )
            where, id_param = "id IN (SELECT value FROM json_each(%s))", json.dumps(ids)
        columns = ", ".join(tracked)
        cursor.execute(
            f"INSERT INTO {history.db_table} ({columns}, history_date, history_change_reason, history_type,"
            f" history_user_id) SELECT {columns}, %s, %s, '~', %s FROM {table} WHERE {where}",
            [stamp, change_reason[:100], user_id, id_param],
        )
    summaries_refresh_for_deadlines(ids)  # one UPDATE skips the save signals: refresh the subjects here
    return len(rows)
