"""The chronology as a Word document (python-docx): facts, conclusions, then one table row per entry."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from . import HEADERS, INTRO, facts_lines


def chronology_docx(chronology) -> bytes:
    document = Document()
    document.core_properties.title = chronology.title
    document.add_heading(chronology.title, level=1)
    for label, value in facts_lines(chronology):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    if chronology.conclusions:
        document.add_heading("Exhaustion", level=2)
        for conclusion in chronology.conclusions:
            document.add_paragraph(conclusion, style="List Bullet")
    document.add_heading("Chronology", level=2)
    document.add_paragraph(INTRO)
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for entry in chronology.entries:
        date_cell, what, source = table.add_row().cells
        date_cell.text = entry.date.isoformat()
        what.text = entry.text
        for label, value in entry.details:
            _small(what.add_paragraph(), f"{label}: ", value)
        if entry.deadline:
            for step in entry.deadline.steps:
                _small(what.add_paragraph(style="List Number"), "", step)
        source.text = entry.source
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _small(paragraph, label: str, value: str) -> None:
    if label:
        run = paragraph.add_run(label)
        run.bold, run.font.size = True, Pt(9)
    paragraph.add_run(value).font.size = Pt(9)
