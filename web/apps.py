from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_search_functions(sender, connection, **kwargs) -> None:
    """SQLite: the function the FTS5 mirrors' triggers index through (web/migrations/0002_fts5_stopwords)."""
    if connection.vendor == "sqlite":
        from web.search.stopwords import fold

        connection.connection.create_function("search_fold", 1, fold, deterministic=True)


class WebConfig(AppConfig):
    """The composition layer: pages that combine several apps (dashboard, history) and the demo loader."""

    name = "web"

    def ready(self) -> None:
        connection_created.connect(_sqlite_search_functions, dispatch_uid="web.sqlite_search_functions")
