"""Reading one cell: dates in the formats US spreadsheets use, yes/no flags. Pure functions, no database."""

from __future__ import annotations

import datetime as dt
import re

DATE_FORMATS = (
    "%m/%d/%Y",  # 11/20/2026
    "%m/%d/%y",  # 11/20/26
    "%Y-%m-%d",  # 2026-11-20
    "%m-%d-%Y",  # 11-20-2026
    "%b %d %Y",  # Nov 20 2026
    "%b %d, %Y",  # Nov 20, 2026
    "%B %d %Y",  # November 20 2026
    "%B %d, %Y",  # November 20, 2026
    "%d %b %Y",  # 20 Nov 2026
    "%d-%b-%Y",  # 20-Nov-2026
    "%d-%b-%y",  # 20-Nov-26
    "%Y/%m/%d",  # 2026/11/20
)
# Shapes of a date with its numbers in range, so "2026-02-30" is called impossible rather than unrecognised.
_NUMERIC = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
DATE_HINT = "write it like 11/20/2026, Nov 20 2026 or 2026-11-20"


class CellError(ValueError):
    """A cell that cannot be read: the message says why, for the row's rejection."""


def parse_date(value) -> dt.date | None:
    """A date from a cell (text, or the datetime an XLSX date cell holds); None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"“{value}” is a number, not a date: {DATE_HINT}")
    text = " ".join(str(value).split()).rstrip(".")
    if not text:
        return None
    # A trailing time of day (an export's "11/20/2026 00:00:00") is dropped.
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", text.replace("Sept ", "Sep "))
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    if _NUMERIC.match(text):
        raise CellError(f"“{text}” is not a real date (no such day in that month)")
    raise CellError(f"“{text}” is not a date we can read: {DATE_HINT}")


_YES = {"y", "yes", "true", "1", "x", "requested", "✓"}
_NO = {"", "n", "no", "false", "0", "none", "not requested", "-"}


def parse_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = " ".join(str(value if value is not None else "").split()).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(f"“{value}” is not yes or no")


def text_of(value) -> str:
    """A cell as text: numbers without a spurious '.0' (XLSX stores 2024 as 2024.0), dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())
