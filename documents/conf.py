"""The documents app's limits, from settings (config/settings.py reads them from the environment)."""

from __future__ import annotations

import os
import shutil

from django.conf import settings

MIB = 1024 * 1024


def max_file_bytes() -> int:
    return getattr(settings, "DOCUMENTS_MAX_FILE_BYTES", 200 * MIB)


def max_pages() -> int:
    return getattr(settings, "DOCUMENTS_MAX_PAGES", 5000)


def zip_max_ratio() -> int:
    return getattr(settings, "DOCUMENTS_ZIP_MAX_RATIO", 100)


def zip_max_total_bytes() -> int:
    return getattr(settings, "DOCUMENTS_ZIP_MAX_TOTAL_BYTES", 1024 * MIB)


def zip_max_members() -> int:
    return getattr(settings, "DOCUMENTS_ZIP_MAX_MEMBERS", 2000)


def lease_seconds() -> int:
    return getattr(settings, "DOCUMENTS_PROCESSING_LEASE_SECONDS", 1900)


def max_attempts() -> int:
    return getattr(settings, "DOCUMENTS_MAX_ATTEMPTS", 3)


def tesseract_cmd() -> str | None:
    """The Tesseract binary to OCR with, or None when there is none (pages are then marked "needs OCR")."""
    cmd = getattr(settings, "TESSERACT_CMD", "")
    if not cmd:
        return None
    if os.path.isabs(cmd):
        return cmd if os.access(cmd, os.X_OK) else None
    return shutil.which(cmd)


def ocr_languages() -> str:
    return getattr(settings, "OCR_LANGUAGES", "eng")


def ocr_page_timeout() -> int:
    return getattr(settings, "OCR_PAGE_TIMEOUT_SECONDS", 120)
