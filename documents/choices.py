"""Choices of the documents app: a file's processing status and kind; the FOIA exemptions (foia.exemptions)."""

import re

from django.db import models

# The exemptions are foia's (foia.exemptions: litigation's Vaughn index names them too); kept importable from here.
from foia.exemptions import (  # noqa: F401
    EXEMPTION_CODES,
    EXEMPTION_LABELS,
    EXEMPTION_ORDER,
    Exemption,
    exemption_labels,
)

# A redaction label as agencies stamp it ("(b)(6)", "(b)(7)(C)", "b6", "(b) (7) (c)"), tolerant of the spaces OCR adds.
# A letter after the number is exemption 7's harm unless it starts the next label ("(b)(6) (b)(5)").
_LABEL = re.compile(r"\(\s*b\s*\)\s*\(\s*([1-9])\s*\)(?:\s*\(\s*([a-fA-F])\s*\)(?!\s*\(\s*[1-9]\s*\)))?")


def exemptions_in(text: str) -> list[str]:
    """The exemption codes a page's text cites, in the statute's order (each once)."""
    found = set()
    for number, harm in _LABEL.findall(text or ""):
        code = f"b{number}{harm.upper() if number == '7' and harm else ''}"
        found.add(code)
    return sorted(found, key=EXEMPTION_ORDER.__getitem__)


class FileStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    EXTRACTING = "extracting", "Extracting text"
    OCR = "ocr", "OCR"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# Statuses a worker holds under a lease; one past its lease is taken again by the sweep.
WORKING = (FileStatus.EXTRACTING, FileStatus.OCR)
FINISHED = (FileStatus.DONE, FileStatus.FAILED)


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    PNG = "png", "PNG image"
    JPEG = "jpeg", "JPEG image"
    TIFF = "tiff", "TIFF image"
    DOCX = "docx", "Word document"
    XLSX = "xlsx", "Excel workbook"
    EML = "eml", "Email"


CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.PNG: "image/png",
    FileKind.JPEG: "image/jpeg",
    FileKind.TIFF: "image/tiff",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.EML: "message/rfc822",
}
