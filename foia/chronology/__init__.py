"""Renderers of the exhaustion chronology (`foia.selectors.chronology`): one module per format, each only laying
out the `Chronology` it is given (the printable page is `templates/foia/request_chronology.html`).

- `docx_writer.chronology_docx(chronology) -> bytes` (python-docx)
- `pdf_writer.chronology_pdf(chronology) -> bytes` (fpdf2, core fonts: text is normalised to Latin-1)
- `chronology_filename(chronology, ext)`: a safe download name (ASCII, no path or quote characters).
- `latin1(text)`: text the PDF core fonts can draw.
"""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
HEADERS = ("Date", "What happened", "Source")
INTRO = (
    "Each line names its source: the letter or communication, the event recorded on the request, the tracking-number "
    "record, or the rule's citation. Deadlines show their computation; working days exclude weekends, legal public "
    "holidays (5 U.S.C. 6103(a), observed days included) and recorded closures."
)


def chronology_filename(chronology, ext: str) -> str:
    subject = slugify(latin1(chronology.subject))[:50].strip("-") or "request"
    return f"exhaustion-chronology-{chronology.request_id}-{subject}-{chronology.as_of.isoformat()}.{ext}"


def facts_lines(chronology) -> list[tuple[str, str]]:
    """The request's facts above the table, the same in every format."""
    return [
        ("Agency", chronology.agency),
        ("Requester", chronology.organization),
        ("Tracking numbers", ", ".join(chronology.tracking_numbers) or "\u2014"),
        ("Submitted", chronology.submitted_on.isoformat() if chronology.submitted_on else "\u2014"),
        (
            "Received by the proper component",
            chronology.received_on.isoformat() if chronology.received_on else "\u2014",
        ),
        ("Status", chronology.status),
        ("As of", chronology.as_of.isoformat()),
    ]


_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u2192": "->",
        "\u2190": "<-",
        "\u2022": "-",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u0141": "L",
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0152": "OE",
        "\u0153": "oe",
    }
)


def latin1(text: str) -> str:
    """`text` in Latin-1, the characters the PDF core fonts can draw: the section sign and most accented letters
    are Latin-1 already; curly quotes, dashes, arrows and ellipses get their plain equivalents, other letters lose
    their accents, and anything left becomes "?"."""
    out = []
    for ch in str(text).translate(_PLAIN):
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if ord(c) < 256 and not unicodedata.combining(c))
        out.append(base or "?")
    return "".join(out)
