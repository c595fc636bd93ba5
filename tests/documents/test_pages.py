"""The documents pages and downloads: what each person may see and do, and how files are served."""

import datetime as dt

import pytest
from django.urls import reverse

from coalition.models import Sharing
from documents import samples, services
from documents.choices import FileStatus
from documents.models import Document, Production
from tests.documents.conftest import upload
from tests.factories import PASSWORD
from tests.foia.factories import FoiaRequestFactory

pytestmark = pytest.mark.django_db

PDF = samples.text_pdf(["Check-in alert\nSubject: (b)(6)"])
PNG = samples.image_bytes("Scan", size=(200, 100), font_size=12)


def _client(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _processed(production, user, name="alert.pdf", data=PDF) -> Document:
    document = services.documents_upload(production=production, files=[upload(name, data)], actor=user).documents[0]
    services.document_process(document_id=document.pk)
    return Document.objects.get(pk=document.pk)


def _urls(production, document):
    return [
        reverse("documents:production-detail", args=[production.pk]),
        reverse("documents:production-progress", args=[production.pk]),
        reverse("documents:document-detail", args=[document.pk]),
        reverse("documents:document-download", args=[document.pk]),
        f"/api/v1/documents/productions/{production.pk}/",
        f"/api/v1/documents/files/{document.pk}/",
        f"/api/v1/documents/files/{document.pk}/download/",
        f"/api/v1/documents/files/{document.pk}/pages/",
    ]


def test_the_production_page_lists_files_with_status_progress_and_exemptions(client, world, production):
    document = _processed(production, world.staff)
    failed = services.documents_upload(
        production=production, files=[upload("bad.pdf", b"%PDF-1.4\njunk\n%%EOF")], actor=world.staff
    ).documents[0]
    services.document_process(document_id=failed.pk)
    services.documents_upload(production=production, files=[upload("later.png", PNG)], actor=world.staff)
    page = _client(client, world.staff).get(production.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="{document.get_absolute_url()}"' in html and "(b)(6)" in html
    assert "The PDF is damaged and cannot be read" in html
    assert 'hx-get="/documents/productions/' in html and 'hx-trigger="every 2s"' in html  # one still queued
    assert '<progress id="progress-bar" max="3" value="2">' in html
    assert "Processing: 2 of 3 files, 1 failed" in html


def test_the_progress_fragment_stops_polling_once_every_file_is_finished(client, world, production):
    _processed(production, world.staff)
    html = _client(client, world.staff).get(f"/documents/productions/{production.pk}/progress/").content.decode()
    assert (
        "hx-trigger" not in html
        and "Processed: 1 of 1 file" in html
        and '<progress id="progress-bar" max="1" value="1">' in html
    )
    assert "<html" not in html  # a fragment, not a page


def test_uploading_from_the_page_queues_the_files_and_says_what_was_refused(
    client, world, production, django_capture_on_commit_callbacks
):
    c = _client(client, world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            f"/documents/productions/{production.pk}/upload/",
            {"files": [upload("a.pdf", PDF), upload("b.png", PNG), upload("empty.pdf", b"")]},
            follow=True,
        )
    html = response.content.decode()
    assert "2 files queued for text extraction." in html
    assert "Refused: empty.pdf: the file is empty." in html
    assert set(Document.objects.values_list("original_name", "status")) == {
        ("a.pdf", FileStatus.DONE),
        ("b.png", FileStatus.DONE),
    }


def test_an_upload_with_no_file_is_refused_on_the_form(client, world, production):
    response = _client(client, world.staff).post(f"/documents/productions/{production.pk}/upload/", {})
    assert response.status_code == 400 and "Choose at least one file." in response.content.decode()


def test_the_document_page_shows_each_pages_text_and_exemptions(client, world, production):
    document = _processed(production, world.staff)
    html = _client(client, world.staff).get(document.get_absolute_url()).content.decode()
    assert 'id="page-1"' in html and "Check-in alert" in html and "(b)(6)" in html
    assert "Open PDF" in html and document.sha256 in html


def test_a_pdf_opens_in_the_browser_viewer_never_sniffed(client, world, production):
    document = _processed(production, world.staff)
    response = _client(client, world.staff).get(f"/documents/{document.pk}/file/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="alert.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    forced = client.get(f"/documents/{document.pk}/file/?download=1")
    assert forced["Content-Disposition"] == 'attachment; filename="alert.pdf"'


def test_an_image_is_always_a_download(client, world, production):
    document = _processed(production, world.staff, "scan.png", PNG)
    response = _client(client, world.staff).get(f"/documents/{document.pk}/file/")
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"


def test_a_hostile_file_name_cannot_break_the_header(client, world, production):
    document = _processed(production, world.staff, 'evil"\r\nX-Injected: 1.pdf', PDF)
    response = _client(client, world.staff).get(f"/documents/{document.pk}/file/?download=1")
    assert "X-Injected" not in response.headers and "\n" not in response["Content-Disposition"]


def test_another_organisations_production_document_and_file_answer_404_everywhere(client, world, production):
    document = _processed(production, world.staff)
    c = _client(client, world.outsider_staff)
    for url in _urls(production, document):
        assert c.get(url).status_code == 404, url
    assert (
        c.post(f"/documents/productions/{production.pk}/upload/", {"files": [upload("a.pdf", PDF)]}).status_code == 404
    )
    missing = Production.objects.order_by("-pk").first().pk + 100
    assert c.get(f"/documents/productions/{missing}/").status_code == 404
    assert "Interim 1" not in c.get("/documents/").content.decode()


def test_partners_see_shared_productions_read_only_and_never_privileged_ones(client, world, production):
    document = _processed(production, world.staff)
    c = _client(client, world.partner_staff)
    assert c.get(production.get_absolute_url()).status_code == 404  # the request is not shared yet
    type(production.request).objects.filter(pk=production.request_id).update(sharing=Sharing.COALITION)
    for url in _urls(production, document):
        assert c.get(url).status_code == 200, url
    assert "Interim 1" in c.get("/documents/").content.decode()
    assert (
        c.post(f"/documents/productions/{production.pk}/upload/", {"files": [upload("a.pdf", PDF)]}).status_code == 403
    )
    Production.objects.filter(pk=production.pk).update(privileged=True)
    for url in _urls(production, document):
        assert c.get(url).status_code == 404, url
    assert "Interim 1" not in c.get("/documents/").content.decode()
    own = _client(client, world.staff)
    assert own.get(production.get_absolute_url()).status_code == 200


def test_a_viewer_sees_but_cannot_upload(client, world, production):
    c = _client(client, world.viewer)
    assert 'enctype="multipart/form-data"' not in c.get(production.get_absolute_url()).content.decode()
    assert (
        c.post(f"/documents/productions/{production.pk}/upload/", {"files": [upload("a.pdf", PDF)]}).status_code == 403
    )


def test_the_request_page_lists_its_productions_and_offers_to_add_one(client, world, production):
    html = _client(client, world.staff).get(production.request.get_absolute_url()).content.decode()
    assert 'id="productions"' in html and production.get_absolute_url() in html
    assert f"/documents/productions/new/?request={production.request_id}" in html


def test_a_production_is_added_from_its_form_with_counts_checked(client, world):
    request = FoiaRequestFactory(organization=world.ours)
    c = _client(client, world.staff)
    form = c.get(f"/documents/productions/new/?request={request.pk}")
    assert form.status_code == 200
    data = {"request": request.pk, "date": "2026-11-20", "label": "First release", "pages_processed": "10",
            "pages_released_full": "6", "pages_released_part": "3", "pages_withheld": "2",
            "exemption_b6": "4"}  # fmt: skip
    refused = c.post("/documents/productions/new/", data)
    assert refused.status_code == 200
    assert "add up to 11, more than the 10 pages processed" in refused.content.decode()
    response = c.post("/documents/productions/new/", {**data, "pages_withheld": "1"})
    production = Production.objects.get(label="First release")
    assert response.status_code == 302 and response["Location"] == production.get_absolute_url()
    assert production.exemptions_cited == {"b6": 4} and production.pages_processed == 10
    assert production.created_by == world.staff and production.date == dt.date(2026, 11, 20)


def test_a_production_cannot_be_added_to_a_request_one_may_not_edit(client, world):
    theirs = FoiaRequestFactory(organization=world.outsider)
    c = _client(client, world.staff)
    response = c.post("/documents/productions/new/", {"request": theirs.pk, "date": "2026-11-20"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Production.objects.exists()


def test_the_documents_index_lists_the_productions_one_may_see(client, world, production):
    FoiaRequestFactory(organization=world.outsider)
    html = _client(client, world.staff).get("/documents/").content.decode()
    assert production.get_absolute_url() in html


def test_a_documents_details_are_edited_and_a_stale_edit_is_refused(client, world, production):
    document = _processed(production, world.staff)
    c = _client(client, world.staff)
    assert c.get(f"/documents/{document.pk}/edit/").status_code == 200
    data = {"title": "Check-in alert, March 2023", "date": "2023-03-14", "description": "", "bates_start": "ICE-1",
            "bates_end": "ICE-2", "version": document.version}  # fmt: skip
    response = c.post(f"/documents/{document.pk}/edit/", data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.date, document.bates_range) == (
        "Check-in alert, March 2023",
        dt.date(2023, 3, 14),
        "ICE-1–ICE-2",
    )
    stale = c.post(f"/documents/{document.pk}/edit/", {**data, "title": "Mine"})  # the version read before the save
    assert stale.status_code == 200 and "This was saved" in stale.content.decode()
    document.refresh_from_db()
    assert document.title == "Check-in alert, March 2023"


def test_only_editors_edit_a_documents_details(client, world, production):
    document = _processed(production, world.staff)
    assert _client(client, world.viewer).get(f"/documents/{document.pk}/edit/").status_code == 403
    client.logout()
    assert _client(client, world.outsider_staff).get(f"/documents/{document.pk}/edit/").status_code == 404
