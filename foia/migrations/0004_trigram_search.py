"""PostgreSQL only: the pg_trgm extension and trigram indexes for the duplicate check and text search.

Django's icontains on PostgreSQL compiles to UPPER(col::text) LIKE UPPER(%s), so the indexes are on UPPER(col).
On SQLite (and any other backend) this migration does nothing: the app falls back to plain LIKE and word overlap.
"""

from django.db import migrations

INDEXES = [
    ("foia_req_subject_trgm", "foia_foiarequest", "subject"),
    ("foia_req_text_trgm", "foia_foiarequest", "request_text"),
    ("foia_tracking_number_trgm", "foia_trackingnumber", "number"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )
    # Similarity ranking (the duplicate check) uses the plain column.
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS foia_req_subject_sim ON foia_foiarequest USING gist (subject gist_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [*(i[0] for i in INDEXES), "foia_req_subject_sim"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("foia", "0003_requests")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
