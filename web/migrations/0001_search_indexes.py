"""The search box's indexes (web.search).

PostgreSQL: each searched table gets `search_tsv`, a stored generated tsvector of its text columns (the first
weighted A, the rest B, English stemming) with a GIN index. Stored, not an index on an expression, because ranking
reads the vector of every match: computing it from the text again per match is what made searches slow. The
column is the database's (GENERATED ALWAYS: every write keeps it), not a model field, so SQLite never sees it.

SQLite: an FTS5 table per kind mirroring its text columns (porter stemming), kept by triggers on every insert,
update and delete, and filled from the rows already there.

`tests/web/test_search.py` holds INDEXED equal to the sources' columns.
"""

from django.db import migrations

# (app, model, FTS5 table, columns: the first weighted A, the rest B)
INDEXED = [
    ("foia", "foiarequest", "search_request", ("subject", "request_text")),
    ("foia", "communication", "search_letter", ("subject", "body")),
    ("litigation", "case", "search_case", ("caption", "docket_number", "judge", "outcome")),
    ("documents", "documentpage", "search_page", ("text",)),
]


def _tsvector_sql(columns) -> str:
    return " || ".join(
        f"setweight(to_tsvector('english'::regconfig, coalesce({c}, '')), '{'A' if i == 0 else 'B'}')"
        for i, c in enumerate(columns)
    )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for app, model_name, fts, columns in INDEXED:
        model = apps.get_model(app, model_name)
        table = model._meta.db_table
        if vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ({_tsvector_sql(columns)}) STORED"
            )
            schema_editor.execute(f"CREATE INDEX {fts}_gin ON {table} USING gin (search_tsv)")
        elif vendor == "sqlite":
            cols = ", ".join(columns)
            new = ", ".join(f"new.{c}" for c in columns)
            old = ", ".join(f"old.{c}" for c in columns)
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id',"
                " tokenize='porter unicode61')"
            )
            delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
            insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
            schema_editor.execute(f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END")
            schema_editor.execute(f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END")
            schema_editor.execute(f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END")
            schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for app, model_name, fts, columns in INDEXED:
        model = apps.get_model(app, model_name)
        if vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {model._meta.db_table} DROP COLUMN IF EXISTS search_tsv")
        elif vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [
        ("foia", "0012_event_kind_date_index"),
        ("litigation", "0007_docket_references_to_cases"),
        ("documents", "0001_productions_documents_pages"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
