"""What a file is, decided from its first bytes (never from its name), and a name that disagrees with them."""

from __future__ import annotations

from pathlib import PurePosixPath

from .choices import FileKind

ZIP = "zip"
_MAGIC = (
    (b"%PDF-", FileKind.PDF),
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"II*\x00", FileKind.TIFF),
    (b"MM\x00*", FileKind.TIFF),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),  # an empty ZIP
)
_EXTENSIONS = {
    ".pdf": FileKind.PDF,
    ".png": FileKind.PNG,
    ".jpg": FileKind.JPEG,
    ".jpeg": FileKind.JPEG,
    ".tif": FileKind.TIFF,
    ".tiff": FileKind.TIFF,
    ".zip": ZIP,
}
LABELS = {FileKind.PDF: "a PDF", FileKind.PNG: "a PNG image", FileKind.JPEG: "a JPEG image",
          FileKind.TIFF: "a TIFF image", ZIP: "a ZIP archive"}  # fmt: skip
ACCEPTED = "PDF, PNG, JPEG, TIFF or ZIP"


def sniff(head: bytes) -> str | None:
    """The kind of file these leading bytes start, or None when it is none we accept."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def name_mismatch(name: str, kind: str) -> str | None:
    """The kind the name's extension claims when it is one we know and the content says otherwise."""
    claimed = _EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    return claimed if claimed is not None and claimed != kind else None
