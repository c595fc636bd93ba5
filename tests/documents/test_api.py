"""/api/v1/documents/: uploads scoped to productions one may edit, per-file status, pages and downloads."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from coalition.models import Sharing
from documents import samples, services
from documents.models import Document
from tests.documents.conftest import upload, zip_of
from tests.foia.factories import FoiaRequestFactory

pytestmark = pytest.mark.django_db

PDF = samples.text_pdf(["Trust Stamp alert\n(b)(7)(C)"])


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_upload_queues_the_files_and_lists_the_refused_ones(world, production, django_capture_on_commit_callbacks):
    api = _api(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/documents/files/",
            {"production": production.pk, "file": [upload("a.pdf", PDF), upload("empty.pdf", b"")]},
            format="multipart",
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [d["original_name"] for d in body["documents"]] == ["a.pdf"]
    assert body["documents"][0]["status"] == "queued"  # as it stood when answered; processed on commit
    assert body["refused"] == [{"name": "empty.pdf", "reason": "empty.pdf: the file is empty."}]
    document = api.get(f"/api/v1/documents/files/{body['documents'][0]['id']}/").json()
    assert document["status"] == "done" and document["page_count"] == 1 and document["exemptions"] == ["b7C"]
    assert document["exemption_labels"] == ["(b)(7)(C)"]
    pages = api.get(f"/api/v1/documents/files/{document['id']}/pages/").json()
    assert pages["results"][0]["text"].startswith("Trust Stamp alert") and pages["results"][0]["exemptions"] == ["b7C"]
    download = api.get(document["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_zip_through_the_api(world, production):
    response = _api(world.staff).post(
        "/api/v1/documents/files/",
        {"production": production.pk, "file": upload("r.zip", zip_of({"a.pdf": PDF, "../b.pdf": PDF}))},
        format="multipart",
    )
    assert response.status_code == 400
    assert "outside the ZIP's folder" in response.json()["file"][0]
    assert not Document.objects.exists()


def test_an_upload_with_nothing_acceptable_is_a_400_naming_each_file(world, production):
    response = _api(world.staff).post(
        "/api/v1/documents/files/",
        {"production": production.pk, "file": [upload("x.pdf", b"GIF89a")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "file": [
            "x.pdf: the content is not a PDF, PNG, JPEG, TIFF, Word (.docx), Excel (.xlsx), email (.eml) or ZIP file "
            "(whatever its name says)."
        ]
    }


def test_another_organisations_or_a_read_only_production_answers_like_a_missing_one(world, production):
    theirs = services.production_create(
        request=FoiaRequestFactory(organization=world.outsider), actor=world.outsider_staff, date=dt.date(2026, 11, 1)
    )
    api = _api(world.staff)

    def answer(pk):
        response = api.post(
            "/api/v1/documents/files/", {"production": pk, "file": upload("a.pdf", PDF)}, format="multipart"
        )
        return response.status_code, response.json()

    status, body = answer(theirs.pk + 1000)
    assert status == 400 and "production" in body
    assert answer(theirs.pk) == (
        400,
        {"production": [body["production"][0].replace(str(theirs.pk + 1000), str(theirs.pk))]},
    )
    type(production.request).objects.filter(pk=production.request_id).update(sharing=Sharing.COALITION)
    partner = _api(world.partner_staff)
    refused = partner.post(
        "/api/v1/documents/files/", {"production": production.pk, "file": upload("a.pdf", PDF)}, format="multipart"
    )
    assert refused.status_code == 400 and "production" in refused.json()
    assert not Document.objects.exists()


def test_lists_hold_only_what_the_caller_may_see(world, production):
    services.documents_upload(production=production, files=[upload("a.pdf", PDF)], actor=world.staff)
    assert _api(world.staff).get("/api/v1/documents/files/").json()["count"] == 1
    assert _api(world.outsider_staff).get("/api/v1/documents/files/").json()["count"] == 0
    assert _api(world.outsider_staff).get("/api/v1/documents/productions/").json()["count"] == 0
    assert _api(world.staff).get("/api/v1/documents/productions/").json()["results"][0]["document_count"] == 1


def test_a_production_is_created_through_the_api_with_its_counts_checked(world):
    request = FoiaRequestFactory(organization=world.ours)
    api = _api(world.staff)
    bad = api.post(
        "/api/v1/documents/productions/",
        {"request": request.pk, "date": "2026-11-20", "pages_processed": 5, "pages_withheld": 6},
        format="json",
    )
    assert bad.status_code == 400 and "more than the 5 pages processed" in bad.json()["pages_processed"][0]
    wrong = api.post(
        "/api/v1/documents/productions/",
        {"request": request.pk, "date": "2026-11-20", "exemptions_cited": {"b10": 1}},
        format="json",
    )
    assert wrong.status_code == 400 and "b10 is not a FOIA exemption" in str(wrong.json())
    ok = api.post(
        "/api/v1/documents/productions/",
        {"request": request.pk, "date": "2026-11-20", "exemptions_cited": {"b6": 3}},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["exemptions_cited"] == {"b6": 3}
    viewer = _api(world.viewer).post("/api/v1/documents/productions/", {"request": request.pk, "date": "2026-11-20"})
    assert viewer.status_code == 403
