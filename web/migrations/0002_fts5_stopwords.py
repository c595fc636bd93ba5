"""SQLite: the FTS5 mirrors index each text with its stopwords folded away (web.search.stopwords.fold, the SQL
function `search_fold` web.apps registers on every SQLite connection), as PostgreSQL's English configuration drops
them: the porter tokenizer alone indexed "by" as "bi", so "BI" (BI Inc.) matched every text with "by" in it.
The triggers are rewritten and every mirror refilled. PostgreSQL: nothing to do."""

from django.db import migrations

from web.migrations import _fts5



def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _fts5.rewrite_triggers(apps, schema_editor, fold="search_fold")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _fts5.rewrite_triggers(apps, schema_editor, fold=None)


class Migration(migrations.Migration):
    dependencies = [("web", "0001_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
