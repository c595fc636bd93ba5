"""One value of an exported cell, made safe for spreadsheets.

A text cell beginning with = + - @, a tab or a carriage return is read as a formula by Excel, LibreOffice or Google
Sheets (OWASP "CSV injection"): it gets a leading single quote, in CSV and XLSX alike, and XLSX cells are written as
strings, never formulas. Real numbers (int, Decimal, float: an amount, a count) stay numbers even when negative: a
number is never parsed as a formula, and a sum over the column must keep working. Booleans become "Yes" / "No", dates
stay dates (ISO text in CSV, date cells in XLSX), aware datetimes are shown in the app's time zone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from core.spreadsheet_cells import FORMULA_STARTS, neutralise

__all__ = ["FORMULA_STARTS", "cell_value", "csv_text", "neutralise"]

NUMBER_TYPES = (int, float, Decimal)


def cell_value(value):
    """The value as the writers take it: None, a str (neutralised), a number, a date or a naive local datetime."""
    if value is None:
        return None
    if isinstance(value, bool):  # before numbers: True is an int
        return "Yes" if value else "No"
    if isinstance(value, NUMBER_TYPES):
        return value
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, dt.date):
        return value
    return neutralise(str(value))


def csv_text(value) -> str:
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
