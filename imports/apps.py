from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Spreadsheets in: a coalition's existing tracker (CSV, XLSX) previewed, confirmed as one batch, undone whole."""

    name = "imports"
