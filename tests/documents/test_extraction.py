"""Text per page from PDFs and images generated here: text layers, scans OCRed by the real Tesseract (or marked
"needs OCR" when it is configured away), redaction labels as exemptions, and every kind of unusable PDF refused."""

import io

import pytest
from pypdf import PdfWriter

from documents import samples
from documents.choices import exemptions_in
from documents.extraction import ExtractionError, extract, ocr_engine

needs_tesseract = pytest.mark.skipif(ocr_engine() is None, reason="needs the tesseract binary (Debian tesseract-ocr)")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Price per unit: (b)(4)", ["b4"]),
        ("Name (b)(6), (b)(7)(C)", ["b6", "b7C"]),
        ("(b) (7) (c) and (b)(7)(E); (b)(7)", ["b7", "b7C", "b7E"]),
        ("(b)(5) (b)(5) (b)(1)", ["b1", "b5"]),
        ("(b)(6) (b)(5); (b)(7) (b)(6)", ["b5", "b6", "b7"]),
        ("exemption 6 and b6 alone are not labels", []),
        ("(b)(0) and (b)(10)", []),
    ],
)
def test_redaction_labels_are_the_page_exemptions(text, codes):
    assert exemptions_in(text) == codes


def test_a_text_pdf_gives_each_page_its_text_exemptions_and_the_bates_range():
    pdf = samples.text_pdf(
        [
            "Statement of work\nUnit price: (b)(4)\nBI-ISAP-000101",
            "Contact: (b)(6), (b)(7)(C)\nBI-ISAP-000102",
            "Signed\nBI-ISAP-000103",
        ]
    )
    result = extract(pdf, "pdf", ocr=None)
    assert [p.number for p in result.pages] == [1, 2, 3]
    assert result.pages[0].text.startswith("Statement of work")
    assert [p.exemptions for p in result.pages] == [["b4"], ["b6", "b7C"], []]
    assert not any(p.needs_ocr or p.ocr_used for p in result.pages)
    assert (result.bates_start, result.bates_end) == ("BI-ISAP-000101", "BI-ISAP-000103")


def test_a_scan_without_tesseract_is_marked_needs_ocr_and_nothing_else_breaks(no_ocr):
    assert ocr_engine() is None
    pdf = samples.scanned_pdf(["Check-in alert (b)(6)"])
    [page] = extract(pdf, "pdf", ocr=ocr_engine()).pages
    assert page.needs_ocr and not page.ocr_used and page.text == "" and page.exemptions == []


def test_a_blank_page_needs_no_ocr():
    [page] = extract(samples.text_pdf([""]), "pdf", ocr=None).pages
    assert page.text == "" and not page.needs_ocr


@needs_tesseract
def test_an_image_only_pdf_page_is_read_by_tesseract(settings):
    told = []
    pdf = samples.scanned_pdf(["Trust Stamp check-in alert", "Match failed for (b)(6)"])
    result = extract(pdf, "pdf", ocr=ocr_engine(), on_ocr=lambda: told.append(True))
    assert told == [True]
    assert [p.ocr_used for p in result.pages] == [True, True]
    assert "Trust Stamp" in result.pages[0].text
    assert result.pages[1].exemptions == ["b6"]


@needs_tesseract
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_an_image_is_one_ocred_page(fmt):
    data = samples.image_bytes("SmartLINK enrolment (b)(7)(E)", fmt)
    [page] = extract(data, fmt.lower(), ocr=ocr_engine()).pages
    assert page.ocr_used and "SmartLINK" in page.text and page.exemptions == ["b7E"]


@needs_tesseract
def test_a_tiff_gives_one_page_per_frame():
    frames = [samples.text_image("First frame"), samples.text_image("Second frame")]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    pages = extract(out.getvalue(), "tiff", ocr=ocr_engine()).pages
    assert [p.number for p in pages] == [1, 2]
    assert "First" in pages[0].text and "Second" in pages[1].text


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(samples.text_pdf(["Secret text"])))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(ExtractionError, match="password-protected"):
        extract(_encrypted("secret"), "pdf", ocr=None)


def test_a_pdf_with_only_an_owner_password_opens():
    [page] = extract(_encrypted(""), "pdf", ocr=None).pages
    assert page.text == "Secret text"


def test_a_truncated_pdf_is_refused():
    pdf = samples.text_pdf(["Page one", "Page two"])
    with pytest.raises(ExtractionError, match="truncated"):
        extract(pdf[: len(pdf) // 2], "pdf", ocr=None)


def test_a_corrupt_pdf_is_refused():
    with pytest.raises(ExtractionError, match="damaged"):
        extract(b"%PDF-1.7\nthis is not a PDF at all\n%%EOF\n", "pdf", ocr=None)


def test_a_pdf_with_javascript_is_refused():
    pdf = samples.text_pdf(["Hello"], extra_catalog="/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ")
    with pytest.raises(ExtractionError, match="active content"):
        extract(pdf, "pdf", ocr=None)


def test_a_pdf_with_an_embedded_file_is_refused():
    writer = PdfWriter(clone_from=io.BytesIO(samples.text_pdf(["Hello"])))
    writer.add_attachment("payload.exe", b"MZ...")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError, match="active content"):
        extract(out.getvalue(), "pdf", ocr=None)


def test_a_pdf_over_the_page_limit_is_refused(settings):
    settings.DOCUMENTS_MAX_PAGES = 2
    with pytest.raises(ExtractionError, match="3 pages, over the limit of 2"):
        extract(samples.text_pdf(["a", "b", "c"]), "pdf", ocr=None)


def test_a_damaged_image_is_refused():
    data = samples.image_bytes("x")
    with pytest.raises(ExtractionError, match="damaged"):
        extract(data[:200], "png", ocr=None)
