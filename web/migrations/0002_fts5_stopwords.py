"""SQLite: the FTS5 mirrors index each text with its stopwords folded away (web.search.stopwords.fold, the SQL
function `search_fold` web.apps registers on every SQLite connection), as PostgreSQL's English configuration drops
them: the porter tokenizer alone indexed "by" as "bi", so "BI" (BI Inc.) matched every text with "by" in it.
The triggers are rewritten and every mirror refilled. PostgreSQL: nothing to do."""

from importlib import import_module

from django.db import migrations

INDEXED = import_module("web.migrations.0001_search_indexes").INDEXED  # the mirrors 0001 created


def _rewrite_triggers(apps, schema_editor, *, fold: str | None) -> None:
    """Each mirror's insert, delete and update triggers index `fold(column)` (the column itself when fold is
    None), and the mirror is refilled the same way from the rows already there."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for app, model_name, fts, columns in INDEXED:
        table = apps.get_model(app, model_name)._meta.db_table
        cols = ", ".join(columns)

        def values(row: str) -> str:
            return ", ".join(f"{fold}({row}.{c})" if fold else f"{row}.{c}" for c in columns)

        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {values('old')});"
        insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {values('new')});"
        schema_editor.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END")
        schema_editor.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END")
        schema_editor.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END")
        schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
        schema_editor.execute(f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {values(table)} FROM {table}")


def forwards(apps, schema_editor):
    _rewrite_triggers(apps, schema_editor, fold="search_fold")


def backwards(apps, schema_editor):
    _rewrite_triggers(apps, schema_editor, fold=None)


class Migration(migrations.Migration):
    dependencies = [("web", "0001_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
