import csv
import io

from openpyxl import load_workbook

from tests.foia.conftest import _media, today, world  # noqa: F401 (the same media folder, world and clock)


def csv_rows(content: bytes) -> list[list[str]]:
    """A CSV export read back: it must start with the UTF-8 byte-order mark and end its lines with CRLF."""
    assert content.startswith(b"\xef\xbb\xbf")
    text = content[3:].decode("utf-8")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def xlsx_cells(content: bytes) -> list[list]:
    """An XLSX export read back as values; formulas are never evaluated (they would come back as "=...")."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def xlsx_sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
