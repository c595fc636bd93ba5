"""Every bad input of a spreadsheet: encodings, separators, blank and repeated rows, merged headers, formulas,
macros, size and row limits. Files are generated here (csv bytes, openpyxl workbooks)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from imports.reading import FileRefused, sheet_open

from .conftest import csv_bytes


def read(content: bytes, name="sheet.csv"):
    with sheet_open(io.BytesIO(content), name=name) as sheet:
        return sheet.headers, list(sheet.rows)


def xlsx(build) -> bytes:
    wb = Workbook()
    build(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


HEADER = ["Agency", "Tracking #", "Subject", "Date Submitted"]
ROW = ["ICE", "2026-ICFO-00001", "Café records “SmartLINK”", "11/20/2026"]


def test_utf8_with_bom():
    headers, rows = read(b"\xef\xbb\xbf" + csv_bytes([HEADER, ROW]))
    assert headers == HEADER  # the BOM is not glued to "Agency"
    assert rows == [(2, ROW)]


def test_windows_1252():
    content = csv_bytes([HEADER, ROW, ROW[:2] + ["Señor’s détention file — résumé", "11/21/2026"]], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    _, rows = read(content)
    assert rows[0][1][2] == "Café records “SmartLINK”"
    assert rows[1][1][2] == "Señor’s détention file — résumé"


def test_semicolon_separated():
    _, rows = read(csv_bytes([HEADER, ROW], delimiter=";"))
    assert rows == [(2, ROW)]


def test_blank_lines_and_repeated_header_rows_are_skipped_with_true_row_numbers():
    content = csv_bytes([[], HEADER, ROW, ["", "", "", ""], [], HEADER, ["CBP", "X-2", "Second", "11/21/2026"]])
    headers, rows = read(content)
    assert headers == HEADER
    assert [n for n, _ in rows] == [3, 7]


def test_title_rows_and_merged_header_cells_in_xlsx():
    def build(ws):
        ws.append(["ISAP tracker (do not edit)"])
        ws.merge_cells("A1:D1")
        ws.append(["Agency", None, "Subject", "Date Submitted"])
        ws.merge_cells("A2:B2")  # "Agency" spans the agency and its tracking number column
        ws.append(ROW)

    headers, rows = read(xlsx(build), name="t.xlsx")
    assert headers == ["Agency", "Column 2", "Subject", "Date Submitted"]
    assert rows == [(3, ROW)]


def test_formulas_are_never_evaluated():
    def build(ws):
        ws.append(HEADER)
        ws.append(["ICE", "=1+1", '=HYPERLINK("http://evil.example","x")', "11/20/2026"])

    _, rows = read(xlsx(build), name="t.xlsx")
    # openpyxl wrote no cached value: data_only reads nothing rather than computing or returning the formula
    assert rows == [(2, ["ICE", None, None, "11/20/2026"])]


def test_xlsm_is_refused():
    content = xlsx(lambda ws: ws.append(HEADER))
    with pytest.raises(FileRefused, match=r"Macro-enabled workbooks \(\.xlsm\) are refused"):
        read(content, name="tracker.xlsm")


def test_a_workbook_carrying_a_vba_project_is_refused_whatever_its_name():
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx(lambda ws: ws.append(HEADER)))) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    with pytest.raises(FileRefused, match="Macro-enabled"):
        read(out.getvalue(), name="tracker.xlsx")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "Old Excel files"),
        (b"PK\x03\x04garbage", "t.xlsx", "damaged"),
        (b"Agency,Subject\n", "t.xlsx", "named like an XLSX"),
        (b"", "empty.csv", "no rows"),
        (b"\x00\x01\x02binary", "x.csv", "binary data"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content, name, message):
    with pytest.raises(ValidationError, match=message):
        read(content, name=name)
