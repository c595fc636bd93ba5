"""The imports app's limits, from settings (config/settings.py reads them from the environment)."""

from django.conf import settings

MIB = 1024 * 1024


def max_file_bytes() -> int:
    return getattr(settings, "IMPORTS_MAX_FILE_BYTES", 10 * MIB)


def max_rows() -> int:
    return getattr(settings, "IMPORTS_MAX_ROWS", 20000)


def size_label(size: int) -> str:
    return f"{size / MIB:.0f} MB" if size >= MIB else f"{size // 1024} KB"
