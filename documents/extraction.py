"""Text per page from a PDF (pypdf's text layer) or an image, OCRed with Tesseract where there is no text; from
Word, Excel and email files through documents.office and documents.mail.

Pure functions of the bytes: they write nothing, and raise `ExtractionError` with a reason people can act on when a
file cannot be used (corrupt, truncated, password-protected, active content, too many pages). Without a Tesseract
binary (`TESSERACT_CMD`), pages without text are returned with `needs_ocr` and the rest works.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image, ImageOps, ImageSequence

from . import conf
from .choices import FileKind, exemptions_in

log = logging.getLogger(__name__)

# Names that make a PDF act rather than show: scripts, files carried inside it, launching programs, rich media.
_ACTIVE = re.compile(rb"/(JavaScript|JS|EmbeddedFiles?|Launch|RichMedia|XFA)(?![A-Za-z0-9])")
# A Bates number stamped on a line of its own ("BI-ISAP-000123", "ICE 0001234").
_BATES = re.compile(r"^\s*([A-Z]{2,}(?:[-_][A-Z]{2,})*[-_ ]\d{5,8})\s*$", re.MULTILINE)
MAX_IMAGES_PER_PAGE = 20


class ExtractionError(Exception):
    """The file cannot be used; `str()` says why, for people."""


@dataclass
class PageText:
    number: int
    text: str
    needs_ocr: bool = False
    ocr_used: bool = False
    exemptions: list[str] = field(default_factory=list)


@dataclass
class Extracted:
    pages: list[PageText]
    bates_start: str = ""
    bates_end: str = ""


Ocr = Callable[[Image.Image], str]


def ocr_engine() -> Ocr | None:
    """Tesseract through pytesseract when the binary is there, else None."""
    cmd = conf.tesseract_cmd()
    if cmd is None:
        return None
    import pytesseract

    def run(image: Image.Image) -> str:
        pytesseract.pytesseract.tesseract_cmd = cmd
        return pytesseract.image_to_string(_for_ocr(image), lang=conf.ocr_languages(), timeout=conf.ocr_page_timeout())

    return run


def _for_ocr(image: Image.Image) -> Image.Image:
    gray = ImageOps.grayscale(image)
    if max(gray.size) < 1500:  # small scans read better enlarged
        gray = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.LANCZOS)
    return gray


def _clean(text: str) -> str:
    # PostgreSQL stores no NUL in text; some text layers carry them.
    return (text or "").replace("\x00", "").strip()


def _ocr(images: list[Image.Image], ocr: Ocr | None, number: int) -> tuple[str, bool, bool]:
    """(text, needs_ocr, ocr_used) of a page with no text layer."""
    if not images:
        return "", False, False  # a blank page: nothing to read
    if ocr is None:
        return "", True, False
    try:
        text = "\n".join(_clean(ocr(image)) for image in images)
    except Exception as exc:  # noqa: BLE001 (Tesseract's errors are many; the page just stays unread)
        log.warning("OCR failed on page %s: %s", number, exc)
        return "", True, False
    return _clean(text), False, True


def _page(number: int, text: str, needs_ocr=False, ocr_used=False) -> PageText:
    return PageText(number, text, needs_ocr, ocr_used, exemptions_in(text))


def _bates(pages: list[PageText]) -> tuple[str, str]:
    first = _BATES.findall(pages[0].text) if pages else []
    last = _BATES.findall(pages[-1].text) if pages else []
    return (first[0] if first else "", last[-1] if last else "")


def extract(data: bytes, kind: str, *, ocr: Ocr | None, on_ocr: Callable[[], None] = lambda: None) -> Extracted:
    if kind == FileKind.PDF:
        pages = extract_pdf(data, ocr=ocr, on_ocr=on_ocr)
    elif kind in (FileKind.DOCX, FileKind.XLSX, FileKind.EML):
        pages = [_page(number, _clean(text)) for number, text in enumerate(_text_pages(data, kind), 1)]
    else:
        pages = extract_image(data, ocr=ocr)
    start, end = _bates(pages)
    return Extracted(pages, start, end)


def _text_pages(data: bytes, kind: str) -> list[str]:
    """Word, Excel and email files: text only, no OCR (documents.office, documents.mail)."""
    from . import mail, office  # they import ExtractionError from here

    if kind == FileKind.DOCX:
        return office.docx_pages(data)
    if kind == FileKind.XLSX:
        return office.xlsx_pages(data)
    try:
        return [mail.email_text(data)]
    except Exception as exc:  # noqa: BLE001 (the email package rarely raises, but a damaged file may make it)
        raise ExtractionError(f"The email is damaged and cannot be read ({type(exc).__name__}: {exc}).") from None


def _active_content(reader, data: bytes) -> str | None:
    found = _ACTIVE.search(data)
    if found:
        return found.group(1).decode()
    root = reader.trailer.get("/Root", {})
    root = root.get_object() if hasattr(root, "get_object") else root
    names = root.get("/Names", {})
    names = names.get_object() if hasattr(names, "get_object") else names
    for key in ("/JavaScript", "/EmbeddedFiles"):
        if key in names:
            return key[1:]
    action = root.get("/OpenAction")
    action = action.get_object() if hasattr(action, "get_object") else action
    if isinstance(action, dict) and action.get("/S") in ("/JavaScript", "/Launch"):
        return str(action.get("/S"))[1:]
    if "/AA" in root or "/AcroForm" in root and "/XFA" in root["/AcroForm"].get_object():
        return "automatic actions"
    return None


def extract_pdf(data: bytes, *, ocr: Ocr | None, on_ocr: Callable[[], None] = lambda: None) -> list[PageText]:
    from pypdf import PasswordType, PdfReader

    if b"%%EOF" not in data[-2048:]:
        raise ExtractionError("The PDF is truncated: it ends before its end-of-file marker. Upload the whole file.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception:  # noqa: BLE001 (an unsupported cipher is as closed as a password)
                opened = False
            if not opened:
                raise ExtractionError(
                    "The PDF is password-protected: ask the agency for a copy without a password."
                ) from None
        active = _active_content(reader, data)
        count = len(reader.pages)
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 (pypdf raises many kinds of error on a damaged file)
        raise ExtractionError(f"The PDF is damaged and cannot be read ({type(exc).__name__}: {exc}).") from None
    if active:
        raise ExtractionError(
            f"The PDF contains active content ({active}: scripts or embedded files), which is not accepted."
        )
    if count == 0:
        raise ExtractionError("The PDF has no pages.")
    if count > conf.max_pages():
        raise ExtractionError(f"The PDF has {count} pages, over the limit of {conf.max_pages()} per file.")
    pages = []
    told = False
    for index in range(count):
        number = index + 1
        try:
            page = reader.pages[index]
            text = _clean(page.extract_text())
            images = [] if text else _page_images(page)
        except Exception as exc:  # noqa: BLE001
            raise ExtractionError(f"Page {number} of the PDF cannot be read ({type(exc).__name__}: {exc}).") from None
        if text:
            pages.append(_page(number, text))
            continue
        if images and ocr is not None and not told:
            on_ocr()
            told = True
        pages.append(_page(number, *_ocr(images, ocr, number)))
    return pages


def _page_images(page) -> list[Image.Image]:
    found = []
    for index, image in enumerate(page.images):
        if index >= MAX_IMAGES_PER_PAGE:
            break
        found.append(image.image)
    return found


def extract_image(data: bytes, *, ocr: Ocr | None) -> list[PageText]:
    """A PNG or JPEG is one page; a TIFF one page per frame."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = list(itertools.islice((f.copy() for f in ImageSequence.Iterator(image)), conf.max_pages() + 1))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ExtractionError("The image is too large to process (a decompression bomb?).") from None
    except Exception as exc:  # noqa: BLE001 (Pillow raises many kinds of error on a damaged file)
        raise ExtractionError(f"The image is damaged and cannot be read ({type(exc).__name__}: {exc}).") from None
    if len(frames) > conf.max_pages():
        raise ExtractionError(f"The image has more than {conf.max_pages()} pages.")
    return [_page(number, *_ocr([frame], ocr, number)) for number, frame in enumerate(frames, 1)]
