"""The chronology as a PDF (fpdf2). The core fonts (Helvetica) cover Latin-1 only and nothing at run time depends
on a system font, so every text goes through `latin1` first (see there)."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from . import HEADERS, INTRO, facts_lines, latin1


class _Pdf(FPDF):
    def footer(self) -> None:  # every page says which page of how many, for an exhibit
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def chronology_pdf(chronology) -> bytes:
    pdf = _Pdf(format="Letter")
    pdf.set_title(latin1(chronology.title))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, latin1(chronology.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, value in facts_lines(chronology):
        pdf.set_font("Helvetica", "B", 10)
        pdf.write(5, latin1(f"{label}: "))
        pdf.set_font("Helvetica", "", 10)
        pdf.write(5, latin1(value))
        pdf.ln(5)
    if chronology.conclusions:
        _heading(pdf, "Exhaustion")
        pdf.set_font("Helvetica", "", 10)
        for conclusion in chronology.conclusions:
            pdf.multi_cell(0, 5, latin1(f"- {conclusion}"), align="L", new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "Chronology")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 4.5, latin1(INTRO), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    with pdf.table(
        col_widths=(22, 110, 64),
        text_align="LEFT",
        headings_style=FontFace(emphasis="BOLD"),
        line_height=4.5,
        v_align="TOP",
        padding=1,
    ) as table:
        table.row([latin1(h) for h in HEADERS])
        for entry in chronology.entries:
            lines = [entry.text, *(f"{label}: {value}" for label, value in entry.details)]
            if entry.deadline:
                lines += [f"{n}. {step}" for n, step in enumerate(entry.deadline.steps, 1)]
            table.row([entry.date.isoformat(), latin1("\n".join(lines)), latin1(entry.source)])
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
