"""Docket numbers, per court, and parsing a court out of a free-text reference ("1:26-cv-01234 (D.D.C.)").

A district court's civil docket number is `<office>:<yy>-cv-<number>`: the divisional office's digit, the two-digit
year of filing, the case type and a five-digit sequence (PACER's format; CM/ECF shows it as 1:22-cv-01234). Each
court numbers only its own offices, so the office digit is checked per court: D.D.C. has one office (1), N.D. Cal.
Eureka (1), San Francisco (3), Oakland (4) and San Jose (5), S.D.N.Y. Manhattan (1) and White Plains (7), D. Mass.
Boston (1), Springfield (3) and Worcester (4), N.D. Ill. Chicago (1) and Rockford (3), W.D. Wash. Seattle (2) and
Tacoma (3). A court not listed here accepts any office digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

_SHAPE = re.compile(r"^(?P<office>\d):(?P<year>\d{2})-(?P<type>cv|mc)-(?P<number>\d{5})(?:-[A-Z]{2,4})*$")


@dataclass(frozen=True)
class DocketFormat:
    offices: str  # the office digits the court uses
    example: str
    abbreviation: str  # as citations write the court: "D.D.C."


FORMATS = {
    "dcd": DocketFormat("1", "1:26-cv-01234", "D.D.C."),
    "cand": DocketFormat("1345", "3:22-cv-01234", "N.D. Cal."),
    "nysd": DocketFormat("17", "1:24-cv-01234", "S.D.N.Y."),
    "mad": DocketFormat("134", "1:25-cv-10123", "D. Mass."),
    "ilnd": DocketFormat("13", "1:25-cv-01234", "N.D. Ill."),
    "wawd": DocketFormat("23", "2:25-cv-01234", "W.D. Wash."),
}
GENERIC = DocketFormat("0123456789", "1:26-cv-01234", "")


def docket_format(court_slug: str | None) -> DocketFormat:
    return FORMATS.get(court_slug or "", GENERIC)


def docket_normalize(number: str) -> str:
    return (number or "").strip()


def docket_validate(*, number: str, court_slug: str | None) -> str:
    """The docket number, stripped, or a ValidationError on `docket_number` saying the court's expected format."""
    number = docket_normalize(number)
    if not number:
        return number
    fmt = docket_format(court_slug)
    match = _SHAPE.match(number)
    if match is None or match["office"] not in fmt.offices:
        where = f" in {fmt.abbreviation}" if fmt.abbreviation else ""
        offices = ", ".join(fmt.offices) if fmt.abbreviation else "a digit"
        raise ValidationError(
            {
                "docket_number": (
                    f"“{number}” is not a docket number{where}: expected office:yy-cv-nnnnn, e.g. {fmt.example} "
                    f"(office {offices}; two-digit year; five-digit number)."
                )
            },
            code="docket_format",
        )
    return number


_COURT_IN_TEXT = re.compile(r"\(([^()]+)\)")
_DOCKET_IN_TEXT = re.compile(r"\d:\d{2}-(?:cv|mc)-\d{5}")


def _squash(text: str) -> str:
    return re.sub(r"[\s.]", "", text).lower()


def reference_parse(text: str) -> tuple[str | None, str]:
    """(court slug or None, docket number or "") named by a free-text reference such as "1:26-cv-01234 (D.D.C.)".

    The court is recognised from its citation abbreviation in parentheses (spaces and dots ignored: "(DDC)",
    "(N.D. Cal.)"); the docket number is the first number of the district-court shape. Anything else is left for a
    person: the caller keeps the text."""
    slug = None
    for group in _COURT_IN_TEXT.findall(text or ""):
        squashed = _squash(group)
        slug = next((s for s, f in FORMATS.items() if _squash(f.abbreviation) == squashed), None)
        if slug:
            break
    match = _DOCKET_IN_TEXT.search(text or "")
    return slug, match.group(0) if match else ""
