"""Choices of the documents app: FOIA exemptions and a file's processing status."""

import re

from django.db import models


class Exemption(models.TextChoices):
    """5 U.S.C. 552(b): the nine exemptions, with exemption 7's six law-enforcement harms as codes of their own."""

    B1 = "b1", "(b)(1)"
    B2 = "b2", "(b)(2)"
    B3 = "b3", "(b)(3)"
    B4 = "b4", "(b)(4)"
    B5 = "b5", "(b)(5)"
    B6 = "b6", "(b)(6)"
    B7 = "b7", "(b)(7)"
    B7A = "b7A", "(b)(7)(A)"
    B7B = "b7B", "(b)(7)(B)"
    B7C = "b7C", "(b)(7)(C)"
    B7D = "b7D", "(b)(7)(D)"
    B7E = "b7E", "(b)(7)(E)"
    B7F = "b7F", "(b)(7)(F)"
    B8 = "b8", "(b)(8)"
    B9 = "b9", "(b)(9)"


EXEMPTION_CODES = frozenset(Exemption.values)
EXEMPTION_ORDER = {code: i for i, code in enumerate(Exemption.values)}
EXEMPTION_LABELS = dict(Exemption.choices)

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


def exemption_labels(codes) -> list[str]:
    return [EXEMPTION_LABELS.get(code, code) for code in codes]


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
