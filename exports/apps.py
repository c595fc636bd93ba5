from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Spreadsheets out: any filtered list as CSV or XLSX, large ones as a background job, privilege respected."""

    name = "exports"
