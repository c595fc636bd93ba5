"""Text per page of Word (.docx) and Excel (.xlsx, .xlsm) files, read as data: nothing in them ever runs.

- Word, through python-docx (XML parsed without resolving entities): the body's paragraphs and tables in order
  (text boxes included; headers, footers, comments and deleted text not). A page ends where Word last broke it
  (`w:lastRenderedPageBreak`, written when Word saves) or at a hard page break, so pages match Word's where it
  recorded them; a document without either is one page.
- Excel, through openpyxl in read-only mode with `data_only`: a formula cell gives the value Excel stored when it
  last calculated (nothing when it never did), never a calculation of ours; macros are not loaded. One page per
  sheet, a sheet longer than `ROWS_PER_PAGE` rows one page per that many rows; each row's cells tab-separated.

Both are ZIPs: before a library inflates anything, the same size and ratio limits as for uploaded ZIPs apply
(documents.archives). Errors are `ExtractionError`s with a reason for people.
"""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

from . import conf
from .archives import check_limits
from .extraction import ExtractionError

ROWS_PER_PAGE = 200
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _package(data: bytes, what: str) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        check_limits(infos, name=what, outcome="it is not opened")
    except ValidationError as error:
        raise ExtractionError(error.messages[0]) from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError(f"The {what} is damaged and cannot be read ({exc}).") from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise ExtractionError(f"The {what} is password-protected: ask the agency for a copy without a password.")


def _damaged(what: str, exc: Exception) -> ExtractionError:
    return ExtractionError(f"The {what} is damaged and cannot be read ({type(exc).__name__}: {exc}).")


def _too_many(count: int, what: str) -> None:
    if count > conf.max_pages():
        raise ExtractionError(f"The {what} has more than {conf.max_pages()} pages.")


class _Pages:
    def __init__(self, what: str):
        self.what = what
        self.pages: list[list[str]] = [[]]

    def add(self, line: str) -> None:
        self.pages[-1].append(line)

    def brk(self) -> None:
        if any(line.strip() for line in self.pages[-1]):  # a break on an empty page (two markers) adds none
            _too_many(len(self.pages) + 1, self.what)
            self.pages.append([])

    def texts(self) -> list[str]:
        texts = ["\n".join(lines).strip() for lines in self.pages]
        return texts if len(texts) == 1 or texts[-1] else texts[:-1]


def docx_pages(data: bytes) -> list[str]:
    what = "Word document"
    _package(data, what)
    import docx

    try:
        body = docx.Document(io.BytesIO(data)).element.body
        pages = _Pages(what)
        for child in body.iterchildren():
            if child.tag == f"{_W}p":
                _paragraph(child, pages)
            elif child.tag == f"{_W}tbl":
                for row in child.iterchildren(f"{_W}tr"):
                    cells = ("".join(t.text or "" for t in tc.iter(f"{_W}t")) for tc in row.iterchildren(f"{_W}tc"))
                    pages.add("\t".join(cells).rstrip())
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 (python-docx and lxml raise many kinds of error on a damaged file)
        raise _damaged(what, exc) from None
    return pages.texts()


def _paragraph(p, pages: _Pages) -> None:
    line: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}lastRenderedPageBreak"):
        tag = node.tag[len(_W) :]
        if tag == "t":
            line.append(node.text or "")
        elif tag == "tab":
            line.append("\t")
        elif tag == "lastRenderedPageBreak" or (tag == "br" and node.get(f"{_W}type") == "page"):
            pages.add("".join(line))
            line = []
            pages.brk()
        else:
            line.append("\n")
    pages.add("".join(line))


def xlsx_pages(data: bytes) -> list[str]:
    what = "Excel workbook"
    _package(data, what)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_vba=False, keep_links=False
        )
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds of error on a damaged file)
        raise _damaged(what, exc) from None
    pages: list[str] = []
    try:
        for sheet in workbook.worksheets:
            pages.extend(_sheet_pages(sheet, what, len(pages)))
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _damaged(what, exc) from None
    finally:
        workbook.close()
    return pages or [""]


def _sheet_pages(sheet, what: str, before: int) -> list[str]:
    pages: list[str] = []
    rows: list[str] = []
    first = 1
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = ["" if value is None else str(value) for value in values]
        rows.append("\t".join(cells).rstrip())
        if len(rows) == ROWS_PER_PAGE:
            pages.append(_sheet_page(sheet.title, first, number, rows))
            _too_many(before + len(pages), what)
            rows, first = [], number + 1
    if rows or not pages:
        pages.append(_sheet_page(sheet.title, first, first + len(rows) - 1, rows))
    _too_many(before + len(pages), what)
    return pages


def _sheet_page(title: str, first: int, last: int, rows: list[str]) -> str:
    heading = f"Sheet “{title}”" + (f", rows {first}–{last}" if rows else " (empty)")
    return "\n".join([heading, *(row for row in rows if row)])
