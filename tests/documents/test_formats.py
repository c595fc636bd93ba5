"""Word, Excel and email files: type from content (a .docx is not an ordinary ZIP), text per page with the
exemptions it cites, formulas never calculated, an email's attachments taken as documents of their own, and the
bad cases (corrupt, renamed, legacy, ZIP-bomb-like) refused or failed with their reason, leaving nothing behind."""

import io
import zipfile
from email.message import EmailMessage

import docx
import openpyxl
import pytest
from django.urls import reverse

from documents import office, samples, services
from documents.choices import FileStatus
from documents.extraction import ExtractionError, extract
from documents.models import Document, StoredFile
from tests.documents.conftest import stored_files, upload, zip_of
from web.search.engine import search

pytestmark = pytest.mark.django_db

PDF = samples.text_pdf(["Attached statement of work (b)(4)"])


def word(*pages: str, table=None) -> bytes:
    document = docx.Document()
    for index, text in enumerate(pages):
        if index:
            document.add_page_break()
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mail(*, body="Detainee check-in missed. Officer: (b)(6)", html=None, attachments=()) -> bytes:
    message = EmailMessage()
    message["From"] = "alerts@truststamp.example"
    message["To"] = "ero-atd@ice.example"
    message["Date"] = "Tue, 03 Nov 2026 09:15:00 -0500"
    message["Subject"] = "Check-in alert 4411"
    if body is not None:
        message.set_content(body)
    if html is not None:
        if body is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def _upload(production, user, *files):
    return services.documents_upload(production=production, files=list(files), actor=user)


def _processed(production, user, name, data) -> Document:
    [document] = _upload(production, user, upload(name, data)).documents
    services.document_process(document_id=document.pk)
    return Document.objects.get(pk=document.pk)


def _pages(document) -> list[tuple[int, str, list]]:
    return list(document.pages.values_list("number", "text", "exemptions"))


def test_a_word_document_gives_a_page_per_page_break_with_its_exemptions_and_is_searchable(world, production):
    data = word("Statement of work. Unit price (b)(4)", "Staff names (b)(6) (b)(7)(C)", table=[["CLIN", "Price"]])
    document = _processed(production, world.staff, "sow.docx", data)
    assert (document.kind, document.status, document.page_count) == ("docx", FileStatus.DONE, 2)
    assert _pages(document) == [
        (1, "Statement of work. Unit price (b)(4)", ["b4"]),
        (2, "Staff names (b)(6) (b)(7)(C)\nCLIN\tPrice", ["b6", "b7C"]),
    ]
    assert document.exemptions == ["b4", "b6", "b7C"]
    hits = search(user=world.staff, text='"unit price"').hits
    assert [(hit.kind, hit.obj.document_id, hit.obj.number) for hit in hits] == [("page", document.pk, 1)]


def test_word_pages_follow_where_word_last_broke_them():
    data = word("One")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    run = b"<w:r><w:t>Two</w:t></w:r><w:r><w:lastRenderedPageBreak/><w:t>Three</w:t></w:r>"
    body = parts["word/document.xml"]
    parts["word/document.xml"] = body.replace(b"<w:sectPr", b"<w:p>" + run + b"</w:p><w:sectPr", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    assert [p.text for p in extract(out.getvalue(), "docx", ocr=None).pages] == ["One\nTwo", "Three"]


def test_an_excel_workbook_is_a_page_per_sheet_and_its_formulas_are_never_calculated(world, production, monkeypatch):
    monkeypatch.setattr(office, "ROWS_PER_PAGE", 2)
    data = workbook(
        {
            "Invoices": [["Invoice", "Amount"], ["INV-1", 1200], ["INV-2", "=B2*1000"]],
            "Names": [["Officer", "(b)(6)"]],
        }
    )
    document = _processed(production, world.staff, "invoices.xlsx", data)
    assert (document.kind, document.status) == ("xlsx", FileStatus.DONE)
    assert _pages(document) == [
        (1, "Sheet “Invoices”, rows 1–2\nInvoice\tAmount\nINV-1\t1200", []),
        (2, "Sheet “Invoices”, rows 3–3\nINV-2", []),  # the formula had no stored result: nothing, not 1200000
        (3, "Sheet “Names”, rows 1–1\nOfficer\t(b)(6)", ["b6"]),
    ]
    assert "=B2" not in " ".join(text for _, text, _ in _pages(document))


def test_an_email_is_one_page_and_its_supported_attachments_are_documents_of_the_same_production(world, production):
    data = mail(
        attachments=[
            ("sow.docx", word("Pricing (b)(4)"), "application/octet-stream"),
            ("letter.pdf", PDF, "application/pdf"),
            ("notes.txt", b"plain notes", "text/plain"),
            ("more.zip", zip_of({"x.pdf": PDF}), "application/zip"),
        ]
    )
    result = _upload(production, world.staff, upload("alert.eml", data))
    assert [(d.original_name, d.kind) for d in result.documents] == [
        ("alert.eml", "eml"),
        ("alert.eml/sow.docx", "docx"),
        ("alert.eml/letter.pdf", "pdf"),
    ]
    assert {r.name: r.reason for r in result.refused} == {
        "alert.eml/notes.txt": "alert.eml/notes.txt: the content is not a PDF, PNG, JPEG, TIFF, Word (.docx), "
        "Excel (.xlsx), email (.eml) or ZIP file (whatever its name says).",
        "alert.eml/more.zip": "alert.eml/more.zip: ZIPs inside ZIPs or emails are not opened; upload it on its own.",
    }
    assert {d.production_id for d in result.documents} == {production.pk}
    for document in result.documents:
        services.document_process(document_id=document.pk)
    email_doc, word_doc, pdf_doc = (Document.objects.get(pk=d.pk) for d in result.documents)
    assert _pages(email_doc) == [
        (
            1,
            "From: alerts@truststamp.example\nTo: ero-atd@ice.example\nDate: Tue, 03 Nov 2026 09:15:00 -0500\n"
            "Subject: Check-in alert 4411\n\nDetainee check-in missed. Officer: (b)(6)",
            ["b6"],
        )
    ]
    assert _pages(word_doc) == [(1, "Pricing (b)(4)", ["b4"])] and pdf_doc.exemptions == ["b4"]


def test_an_html_only_email_is_reduced_to_its_text_without_scripts_or_styles():
    html = (
        "<html><head><style>p{color:red}</style><title>t</title></head><body><p>Officer&nbsp;name: (b)(6)</p>"
        "<script>alert('x')</script><img src='https://tracker.example/pixel.gif'><table><tr><td>A</td><td>B</td>"
        "</tr></table></body></html>"
    )
    [page] = extract(mail(body=None, html=html), "eml", ocr=None).pages
    assert page.text.endswith("Subject: Check-in alert 4411\n\nOfficer name: (b)(6)\nA B")
    assert "alert(" not in page.text and "color" not in page.text and page.exemptions == ["b6"]


def test_emails_in_a_zip_bring_their_attachments(world, production):
    data = zip_of({"mail/1.eml": mail(attachments=[("a.pdf", PDF, "application/pdf")]), "mail/2.eml": mail()})
    names = [d.original_name for d in _upload(production, world.staff, upload("mail.zip", data)).documents]
    assert names == ["mail.zip/mail/1.eml", "mail.zip/mail/1.eml/a.pdf", "mail.zip/mail/2.eml"]


def test_the_word_and_excel_kinds_come_from_the_content_and_an_ordinary_zip_is_not_one(world, production, _media):
    result = _upload(
        production,
        world.staff,
        upload("sow.pdf", word("x")),  # a docx renamed .pdf
        upload("export", workbook({"S": [["1"]]})),  # no extension: the content decides
        upload("letter.docx", zip_of({"letter.pdf": PDF})),  # an ordinary ZIP is not a Word file
        upload("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        upload("note.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 600),
        upload("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x02" * 600),  # how Office stores it
    )
    assert [(d.original_name, d.kind) for d in result.documents] == [("export", "xlsx")]
    reasons = {r.name: r.reason for r in result.refused}
    assert reasons["sow.pdf"] == "sow.pdf: the name says a PDF but the content is a Word document."
    assert reasons["letter.docx"] == "letter.docx: the name says a Word document but the content is a ZIP archive."
    for name in ("old.doc", "note.msg", "locked.docx"):
        assert reasons[name].startswith(f"{name}: the content is a legacy Office file (Word .doc, Excel .xls or ")
        assert "or a password-protected Word or Excel file" in reasons[name]
        assert "save it as .docx, .xlsx, .eml or PDF (without a password)" in reasons[name]
    assert Document.objects.count() == 1 and len(stored_files(_media)) == 1


def _docx_with(extra: dict[str, bytes], replace: dict[str, bytes] | None = None) -> bytes:
    with zipfile.ZipFile(io.BytesIO(word("x"))) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts.update(replace or {})
    parts.update(extra)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_a_corrupt_word_document_is_marked_failed_with_its_reason_and_nothing_is_kept(
    world, production, _media, django_capture_on_commit_callbacks
):
    data = _docx_with({}, replace={"word/document.xml": b"<w:document><w:body><w:p>unclosed"})
    [queued] = _upload(production, world.staff, upload("broken.docx", data)).documents
    assert queued.kind == "docx"
    with django_capture_on_commit_callbacks(execute=True):
        services.document_process(document_id=queued.pk)
    document = Document.objects.get(pk=queued.pk)
    assert document.status == FileStatus.FAILED
    assert document.failure_reason.startswith("The Word document is damaged and cannot be read (")
    assert document.pages.count() == 0 and StoredFile.objects.count() == 0 and stored_files(_media) == []


def test_a_word_or_excel_file_that_expands_like_a_zip_bomb_is_refused_by_the_zip_limits(world, production, _media):
    bomb = _docx_with({"word/media/image1.bin": b"\x00" * (20 * 1024 * 1024)})
    result = _upload(production, world.staff, upload("sow.docx", bomb), upload("ok.docx", word("fine")))
    assert [d.original_name for d in result.documents] == ["ok.docx"]
    [refusal] = result.refused
    assert refusal.name == "sow.docx" and "word/media/image1.bin expands" in refusal.reason
    assert refusal.reason.endswith("over the limit of 100 (a ZIP bomb?); it is not taken.")
    assert len(stored_files(_media)) == 1
    with pytest.raises(ExtractionError, match="a ZIP bomb"):  # the worker checks again before inflating anything
        extract(bomb, "docx", ocr=None)


def test_a_word_file_over_the_total_size_limit_is_refused(world, production, settings):
    settings.DOCUMENTS_ZIP_MAX_TOTAL_BYTES = 10_000
    [refusal] = _upload(production, world.staff, upload("sow.docx", word("x" * 20_000))).refused
    assert "over the 9.8\xa0KB limit (a ZIP bomb?); it is not taken." in refusal.reason


def test_a_downloaded_word_file_is_an_attachment_never_shown_inline(client, world, production):
    [document] = _upload(production, world.staff, upload("sow.docx", word("x"))).documents
    client.force_login(world.staff)
    response = client.get(reverse("documents:document-download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
