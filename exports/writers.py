"""CSV and XLSX writers over an iterator of rows: neither holds the whole export in memory.

CSV is UTF-8 with a byte-order mark (without it Excel reads UTF-8 as Windows-1252: "FY2020â€“FY2026") and CRLF line
ends, which Excel, LibreOffice and Google Sheets all open cleanly. XLSX is written with openpyxl's write-only mode
(rows go to a temporary file as they come), every text cell typed as a string and every date a real date cell.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .cells import cell_value, csv_text

BOM = "\ufeff"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


class _Line:
    """csv.writer's file: hands back each written line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV as text pieces (BOM, then one CRLF-ended line per row), for a StreamingHttpResponse or a file."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow([csv_text(v) for v in header])
    for row in rows:
        yield writer.writerow([csv_text(v) for v in row])


def csv_write(header: Iterable[str], rows: Iterable[Iterable], out: BinaryIO) -> None:
    for line in csv_lines(header, rows):
        out.write(line.encode("utf-8"))


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    value = cell_value(value)
    cell = WriteOnlyCell(sheet, value=None)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters XML cannot hold
        cell.data_type = "s"  # a string, even if it looked like a formula (it cannot: it was neutralised)
    elif isinstance(value, dt.datetime):
        cell.value, cell.number_format = value, "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        cell.value, cell.number_format = value, "yyyy-mm-dd"
    else:
        cell.value = value
    return cell


def xlsx_write(header: Iterable[str], rows: Iterable[Iterable], out: BinaryIO, *, title: str = "Export") -> None:
    """Write an XLSX workbook of one sheet to `out` (a file opened for binary writing)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, v) for v in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    book.save(out)
