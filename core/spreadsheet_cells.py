"""Spreadsheet formula injection (OWASP "CSV injection"), written once for every file the app exports.

A text cell beginning with = + - @, a tab or a carriage return is read as a formula by Excel, LibreOffice or
Google Sheets: it gets a leading single quote.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
