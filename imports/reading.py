"""Opening an uploaded spreadsheet as a header and a stream of rows. The formats are the libraries' work (the csv
module, charset-normalizer for the encoding, openpyxl for XLSX); this module only decides what it accepts:

- CSV in any encoding charset-normalizer recognises (UTF-8 with or without a BOM, Windows-1252...), separated by
  commas, semicolons, tabs or pipes (whichever the first lines use most);
- XLSX, opened read-only with `data_only=True`: a formula cell gives the value Excel last saved with it, and is never
  evaluated (a formula without a saved value reads as empty). Macro-enabled workbooks (.xlsm, or any workbook
  carrying a VBA project) are refused rather than opened, and old binary .xls files too;
- the header is the row among the first 20 with the most recognised headers, so title rows and merged cells above it
  are skipped; blank rows and rows repeating the header are skipped wherever they are.

Rows are read one at a time from the stored file and never all at once: the caller stops at the row limit.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.core.exceptions import ValidationError

from .columns import field_for_header, header_key
from .values import text_of

SAMPLE_BYTES = 64 * 1024
HEADER_SEARCH_ROWS = 20
MAX_COLUMNS = 200
DELIMITERS = (",", ";", "\t", "|")
# Single-byte Latin code pages charset-normalizer cannot tell apart on a short sample.
LATIN_CODE_PAGES = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_15", "iso8859_9", "mac_roman"}
)


class FileRefused(ValidationError):
    """The file as a whole cannot be imported; the message says why (and names the limit it broke)."""

    def __init__(self, message: str, code: str):
        super().__init__({"file": message}, code=code)
        self.reason = message


@dataclass
class Sheet:
    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list]]  # (row number as a spreadsheet shows it, cells), blank and header rows skipped


def _is_blank(cells) -> bool:
    return all(text_of(c) == "" for c in cells)


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample).best()
    if best is None:
        raise FileRefused("The file is not text we can read: save it as CSV (UTF-8) or XLSX.", "encoding")
    if best.encoding in LATIN_CODE_PAGES:
        try:
            sample.decode("cp1252")
        except UnicodeDecodeError:
            return best.encoding
        return "cp1252"  # Excel's "CSV" on US Windows; its Latin cousins differ on a few letters (ñ / ń)
    return best.encoding


def _delimiter(sample_text: str) -> str:
    first = next((line for line in sample_text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(handle) -> Iterator[tuple[int, list]]:
    sample = handle.read(SAMPLE_BYTES)
    if b"\x00" in sample:
        raise FileRefused("The file is not a CSV or XLSX spreadsheet (it holds binary data).", "binary")
    encoding = _encoding(sample)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="replace", newline="")
    delimiter = _delimiter(sample.decode(encoding, errors="replace"))
    reader = csv.reader(text, delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, 1):  # noqa: B007 (the number is read after an error)
            yield number, cells[:MAX_COLUMNS]
    except csv.Error as error:
        raise FileRefused(f"Row {number + 1} cannot be read as CSV ({error}).", "csv") from None


def _xlsx_rows(handle, name: str) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(handle) as archive:
            members = set(archive.namelist())
    except zipfile.BadZipFile:
        raise FileRefused("The file looks like an XLSX workbook but is damaged.", "xlsx") from None
    if "xl/workbook.xml" not in members:
        raise FileRefused("The file is a ZIP archive, not an XLSX workbook.", "xlsx")
    if name.lower().endswith(".xlsm") or any(m.lower().endswith("vbaproject.bin") for m in members):
        raise FileRefused(
            "Macro-enabled workbooks (.xlsm) are refused: save it as .xlsx (or CSV) without macros and upload that.",
            "macros",
        )
    handle.seek(0)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on a malformed workbook  # noqa: BLE001
        raise FileRefused(f"The XLSX workbook cannot be opened ({type(error).__name__}).", "xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        rows = enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True), 1)
        while True:
            try:
                number, cells = next(rows)
            except StopIteration:
                return
            except Exception as error:  # a malformed sheet fails while it is read  # noqa: BLE001
                raise FileRefused(f"The XLSX workbook cannot be read ({type(error).__name__}).", "xlsx") from None
            yield number, list(cells)
    finally:
        workbook.close()


def _rows(handle, name: str) -> Iterator[tuple[int, list]]:
    start = handle.read(8)
    handle.seek(0)
    if start.startswith(b"PK\x03\x04"):
        return _xlsx_rows(handle, name)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused("Old Excel files (.xls) are not read: save it as .xlsx or CSV.", "xls")
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise FileRefused("The file is named like an XLSX workbook but is not one.", "xlsx")
    return _csv_rows(handle)


def _headers(cells) -> list[str]:
    headers, seen = [], {}
    for index, cell in enumerate(cells):
        text = text_of(cell) or f"Column {index + 1}"
        seen[text] = seen.get(text, 0) + 1
        headers.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return headers


@contextmanager
def sheet_open(handle, *, name: str, recognise=field_for_header) -> Iterator[Sheet]:
    """Open a stored upload (a binary, seekable file) as a Sheet. `recognise`: the import kind's header -> field
    (requests' by default), which finds the header row. Raises FileRefused."""
    rows = iter(_rows(handle, name))
    buffered: list[tuple[int, list]] = []
    for number, cells in rows:
        if not _is_blank(cells):
            buffered.append((number, cells))
            if len(buffered) >= HEADER_SEARCH_ROWS:
                break
    if not buffered:
        raise FileRefused("The file has no rows.", "empty")
    scores = [sum(1 for c in cells if recognise(text_of(c))) for _, cells in buffered]
    at = scores.index(max(scores))
    header_row, header_cells = buffered[at]
    while header_cells and text_of(header_cells[-1]) == "":
        header_cells = header_cells[:-1]
    header_keys = [header_key(text_of(c)) for c in header_cells]

    def body() -> Iterator[tuple[int, list]]:
        for number, cells in [*buffered[at + 1 :], *((n, c) for n, c in rows)]:
            if _is_blank(cells):
                continue
            cells = list(cells[: len(header_cells)]) + [None] * (len(header_cells) - len(cells))
            if [header_key(text_of(c)) for c in cells] == header_keys:
                continue  # a header repeated further down (sheets pasted together, a printout's page header)
            yield number, cells

    yield Sheet(headers=_headers(header_cells), header_row=header_row, rows=body())
