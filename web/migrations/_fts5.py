"""SQLite FTS5 mirrors' triggers, written for a migration (0002_fts5_stopwords). A module of its own, not a
migration: its name starts with an underscore, so the loader skips it."""

# (app, model, FTS5 table, columns), as 0001_search_indexes created them
INDEXED = [
    ("foia", "foiarequest", "search_request", ("subject", "request_text")),
    ("foia", "communication", "search_letter", ("subject", "body")),
    ("litigation", "case", "search_case", ("caption", "docket_number", "judge", "outcome")),
    ("documents", "documentpage", "search_page", ("text",)),
]


def rewrite_triggers(apps, schema_editor, *, fold: str | None) -> None:
    """Each mirror's insert, delete and update triggers index `fold(column)` (the column itself when fold is
    None), and the mirror is refilled the same way from the rows already there."""
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
        schema_editor.execute(
            f"INSERT INTO {fts}(rowid, {cols}) SELECT id, {values(table)} FROM {table}"
        )
