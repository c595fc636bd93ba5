"""Attachment checks: allowed types by extension AND content, the size limit, and storage through Django's API."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from foia.services import ALLOWED_TYPES, attachment_validate


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("letter.PDF", b"%PDF-1.7\n...", "application/pdf"),
        ("scan.jpeg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        ("scan.tif", b"II*\x00....", "image/tiff"),
        ("release.xlsx", b"PK\x03\x04....", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("notes.txt", "Appeal notes — café".encode(), "text/plain"),
        ("message.eml", b"From: foia@ice.dhs.gov\r\nSubject: Ack\r\n\r\nBody", "message/rfc822"),
    ],
)
def test_allowed_files_get_the_type_we_serve_them_as(name, content, content_type):
    checked = attachment_validate(SimpleUploadedFile(name, content, content_type="application/x-anything"))
    assert (checked.filename, checked.content_type, checked.size) == (name, content_type, len(content))
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html>", ".html not allowed"),
        ("noextension", b"%PDF-", "files without an extension not allowed"),
        ("fake.pdf", b"MZ\x90\x00 executable", "the content is not a .pdf file"),
        ("fake.docx", b"%PDF-1.4", "the content is not a .docx file"),
        ("binary.txt", b"abc\x00def", "does not look like a text file"),
        ("empty.pdf", b"", "the file is empty"),
        ("../../etc/passwd.pdf", b"nope", "the content is not a .pdf file"),
    ],
)
def test_refused_files(name, content, message):
    with pytest.raises(ValidationError, match=message.replace(".", r"\.")):
        attachment_validate(SimpleUploadedFile(name, content))


def test_the_size_limit(settings):
    settings.FOIA_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as refused:
        attachment_validate(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 10))
    assert refused.value.messages == ["a.pdf: 15\xa0bytes is over the 10\xa0bytes limit."]


def test_the_allowed_list_has_no_active_content():
    assert not {".html", ".htm", ".svg", ".js", ".exe", ".zip"} & set(ALLOWED_TYPES)


@pytest.mark.django_db
@time_machine.travel("2026-11-20 12:00 -05:00", tick=False)  # the letter is dated 2026-11-02: in the past
def test_files_are_stored_under_an_unguessable_organisation_path(world, _media):
    import datetime as dt

    from foia.services import communication_log
    from tests.foia.factories import FoiaRequestFactory

    req = FoiaRequestFactory(organization=world.ours)
    comm = communication_log(
        request=req,
        user=world.staff,
        direction="from_agency",
        channel="mail",
        date=dt.date(2026, 11, 2),
        kind="other",
        subject="Scan",
        files=[SimpleUploadedFile("../Final letter.pdf", b"%PDF-1.4 x")],
    )
    attachment = comm.attachments.get()
    parts = attachment.file.name.split("/")
    assert parts[:3] == ["foia", str(world.ours.pk), str(req.pk)] and len(parts[3]) == 32
    assert parts[4] == "Final_letter.pdf" and attachment.filename == "Final letter.pdf"
    assert (_media / attachment.file.name).read_bytes() == b"%PDF-1.4 x"
