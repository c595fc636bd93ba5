"""What a file is, decided from its content (never from its name), and a name that disagrees with it.

Magic bytes for PDFs and images. A ZIP is a Word or Excel file when it carries `[Content_Types].xml` and the
main part (`word/document.xml`, `xl/workbook.xml`), else an ordinary ZIP of files. An email (.eml) is text that
opens with RFC 5322 header lines including From and a Date or Subject. Legacy Office files (.doc, .xls, .msg:
OLE compound files, as password-protected .docx and .xlsx are too) are recognised so they can be refused with a
reason.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import PurePosixPath

from .choices import FileKind

ZIP = "zip"
OLE = "ole"  # a legacy Office compound file: refused (uploads)
HEAD_BYTES = 64 * 1024
_MAGIC = (
    (b"%PDF-", FileKind.PDF),
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"II*\x00", FileKind.TIFF),
    (b"MM\x00*", FileKind.TIFF),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),  # an empty ZIP
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)
_OFFICE_PARTS = (("word/document.xml", FileKind.DOCX), ("xl/workbook.xml", FileKind.XLSX))
_EXTENSIONS = {
    ".pdf": FileKind.PDF,
    ".png": FileKind.PNG,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".tif": FileKind.TIFF,
    ".tiff": FileKind.TIFF,
    ".zip": ZIP,
    ".docx": FileKind.DOCX,
    ".xlsx": FileKind.XLSX,
    ".xlsm": FileKind.XLSX,
    ".eml": FileKind.EML,
    ".doc": OLE,
    ".xls": OLE,
    ".msg": OLE,
}
LABELS = {FileKind.PDF: "a PDF", FileKind.PNG: "a PNG image", FileKind.JPEG: "a JPEG image",
          FileKind.TIFF: "a TIFF image", FileKind.DOCX: "a Word document", FileKind.XLSX: "an Excel workbook",
          FileKind.EML: "an email", ZIP: "a ZIP archive", OLE: "a legacy Office file"}  # fmt: skip
ACCEPTED = "PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), email (.eml) or ZIP"
LEGACY = (
    "a legacy Office file (Word .doc, Excel .xls or Outlook .msg) or a password-protected Word or Excel file, which "
    "is not opened: save it as .docx, .xlsx, .eml or PDF (without a password) and upload that."
)
# A header line ("Subject: ...") or its folded continuation; names as RFC 5322 allows them.
_HEADER = re.compile(rb"^([!-9;-~]+):")


def sniff(head: bytes) -> str | None:
    """The kind of file these leading bytes start (ZIP for any ZIP), or None when it is none we know."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return FileKind.EML if looks_like_email(head) else None


def sniff_file(handle) -> str | None:
    """The kind of an open file, looking inside a ZIP for a Word or Excel package."""
    handle.seek(0)
    kind = sniff(handle.read(HEAD_BYTES))
    if kind == ZIP:
        kind = office_kind(handle) or ZIP
    handle.seek(0)
    return kind


def office_kind(handle) -> str | None:
    """DOCX or XLSX when the ZIP is an Office Open XML package of that kind (names only: nothing is inflated)."""
    handle.seek(0)
    try:
        names = set(zipfile.ZipFile(handle).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in _OFFICE_PARTS if part in names), None)


def looks_like_email(head: bytes) -> bool:
    """Header lines up to the first blank line (or the end of a short file), From among them with a Date or Subject."""
    lines = head.split(b"\n")
    ended = len(head) < HEAD_BYTES
    names = set()
    for index, raw in enumerate(lines):
        line = raw.rstrip(b"\r")
        if not line:
            ended = True
            break
        if line[:1] in (b" ", b"\t") and index > 0:
            continue
        match = _HEADER.match(line)
        if match is None:
            return False
        names.add(match.group(1).lower())
    return ended and b"from" in names and bool(names & {b"date", b"subject"})


def name_mismatch(name: str, kind: str) -> str | None:
    """The kind the name's extension claims when it is one we know and the content says otherwise."""
    claimed = _EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    return claimed if claimed is not None and claimed != kind else None
