"""Uploads: type from content, one stored copy per SHA-256, and every kind of bad input refused with its reason
while the rest of the batch is taken; a refused file leaves no record and no bytes in storage."""

import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from documents import samples, services
from documents.choices import FileStatus
from documents.models import Document, StoredFile
from tests.documents.conftest import stored_files, upload, zip_of

pytestmark = pytest.mark.django_db

PDF = samples.text_pdf(["Statement of work (b)(4)"])
PNG = samples.image_bytes("Scanned page", size=(200, 100), font_size=12)


def _upload(production, user, *files):
    return services.documents_upload(production=production, files=list(files), actor=user)


def test_a_batch_takes_the_good_files_and_refuses_each_bad_one_with_its_reason(world, production, _media, settings):
    settings.DOCUMENTS_MAX_FILE_BYTES = 50_000
    result = _upload(
        production,
        world.staff,
        upload("sow.pdf", PDF),
        upload("empty.pdf", b""),
        upload("page.png", PNG),
        upload("report.pdf", PNG),
        upload("letter.pdf", b"<html><script>alert(1)</script></html>"),
        upload("huge.pdf", b"%PDF-1.4\n" + b"0" * 60_000),
    )
    assert [d.original_name for d in result.documents] == ["sow.pdf", "page.png"]
    assert [d.kind for d in result.documents] == ["pdf", "png"]
    assert {r.name: r.reason.replace("\xa0", " ") for r in result.refused} == {
        "empty.pdf": "empty.pdf: the file is empty.",
        "report.pdf": "report.pdf: the name says a PDF but the content is a PNG image.",
        "letter.pdf": "letter.pdf: the content is not a PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), email "
        "(.eml) or ZIP file (whatever its name says).",
        "huge.pdf": "huge.pdf: 58.6 KB is over the 48.8 KB limit per file.",
    }
    assert Document.objects.count() == 2 and StoredFile.objects.count() == 2
    assert len(stored_files(_media)) == 2
    assert all(d.status == FileStatus.QUEUED for d in result.documents)


def test_the_type_comes_from_the_content_not_the_name(world, production):
    [document] = _upload(production, world.staff, upload("scan_without_extension", PNG)).documents
    assert document.kind == "png"


def test_the_same_bytes_twice_are_stored_once_and_linked_twice(world, production, _media):
    first = _upload(production, world.staff, upload("a.pdf", PDF)).documents[0]
    second = _upload(production, world.staff, upload("copy of a.pdf", PDF)).documents[0]
    assert first.pk != second.pk and first.stored_file_id == second.stored_file_id
    assert first.sha256 == second.sha256 == StoredFile.objects.get().sha256
    assert len(stored_files(_media)) == 1


def test_a_zip_gives_one_document_per_member_and_refuses_bad_members_alone(world, production, _media):
    data = zip_of(
        {
            "release/sow.pdf": PDF,
            "release/scan.png": PNG,
            "release/": b"",
            "release/notes.txt": b"just text",
            "release/inner.zip": zip_of({"x.pdf": PDF}),
        }
    )
    result = _upload(production, world.staff, upload("release.zip", data))
    assert sorted(d.original_name for d in result.documents) == [
        "release.zip/release/scan.png",
        "release.zip/release/sow.pdf",
    ]
    reasons = {r.name: r.reason for r in result.refused}
    assert set(reasons) == {"release.zip/release/notes.txt", "release.zip/release/inner.zip"}
    assert "ZIPs inside ZIPs" in reasons["release.zip/release/inner.zip"]
    assert len(stored_files(_media)) == 2


@pytest.mark.parametrize(
    "path", ["../evil.pdf", "release/../../evil.pdf", "/etc/evil.pdf", "C:/evil.pdf", "a\\..\\b.pdf"]
)
def test_a_zip_whose_paths_escape_its_folder_is_refused_whole(world, production, _media, path):
    data = zip_of({"good.pdf": PDF, path: PDF})
    result = _upload(production, world.staff, upload("evil.zip", data), upload("fine.png", PNG))
    assert [d.original_name for d in result.documents] == ["fine.png"]
    [refusal] = result.refused
    assert "outside the ZIP's folder; nothing was taken from this ZIP" in refusal.reason
    assert len(stored_files(_media)) == 1


def test_a_zip_bomb_is_refused_by_its_ratio(world, production, _media):
    data = zip_of({"bomb.pdf": b"%PDF-1.4\n" + b"\0" * (5 * 1024 * 1024)})
    [refusal] = _upload(production, world.staff, upload("bomb.zip", data)).refused
    assert "times its compressed size, over the limit of 100 (a ZIP bomb?)" in refusal.reason
    assert Document.objects.count() == 0 and stored_files(_media) == []


def test_a_zip_over_the_total_size_limit_is_refused(world, production, settings, _media):
    settings.DOCUMENTS_ZIP_MAX_TOTAL_BYTES = 10_000
    data = zip_of({f"{i}.pdf": PDF + bytes(str(i), "ascii") * 2000 for i in range(4)}, compression=zipfile.ZIP_STORED)
    [refusal] = _upload(production, world.staff, upload("big.zip", data)).refused
    assert "over the 9.8 KB limit (a ZIP bomb?)" in refusal.reason.replace("\xa0", " ")
    assert stored_files(_media) == []


def test_a_zip_member_larger_than_its_header_says_is_a_bomb(world, production, _media):
    data = bytearray(zip_of({"a.pdf": PDF * 50}, compression=zipfile.ZIP_STORED))
    # Lie in the central directory: claim the member is 10 bytes.
    info = zipfile.ZipFile(__import__("io").BytesIO(bytes(data))).infolist()[0]
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    result = _upload(production, world.staff, upload("liar.zip", bytes(data)))
    assert info.file_size == len(PDF) * 50
    [refusal] = result.refused
    assert "liar.zip" in refusal.reason and not result.documents
    assert stored_files(_media) == []


def test_a_corrupt_zip_is_refused(world, production):
    [refusal] = _upload(production, world.staff, upload("broken.zip", b"PK\x03\x04 not really")).refused
    assert "not a readable ZIP archive" in refusal.reason


def test_viewers_and_partners_may_not_upload(world, production, _media):
    for user in (world.viewer, world.partner_staff):
        with pytest.raises(PermissionDenied):
            _upload(production, user, upload("a.pdf", PDF))
    assert stored_files(_media) == []


def test_a_database_error_after_the_bytes_were_written_removes_them(world, production, _media, monkeypatch):
    def boom(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Document, "save", boom)
    with pytest.raises(RuntimeError):
        _upload(production, world.staff, upload("a.pdf", PDF))
    assert stored_files(_media) == []
