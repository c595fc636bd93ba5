"""The import pages and /api/v1/imports/: upload, map, preview, confirm, undo; 404 for another organisation's
batch, 403 for viewers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from coalition.models import Role
from foia.models import FoiaRequest
from imports.models import BatchStatus, ImportBatch
from tests.factories import OrganizationFactory, member

from .conftest import previewed, request_row, request_sheet


def upload(name="requests.csv", content=None):
    return SimpleUploadedFile(name, content or request_sheet(request_row(tracking="T-1")), content_type="text/csv")


def test_the_request_list_links_to_imports(client, staff):
    client.force_login(staff)
    page = client.get(reverse("foia:request-list")).content.decode()
    assert f'href="{reverse("imports:batch-list")}"' in page


def test_the_case_list_links_to_a_cases_import_and_the_kind_is_preselected(client, staff, org):
    client.force_login(staff)
    page = client.get(reverse("litigation:case-list")).content.decode()
    link = f"{reverse('imports:batch-upload')}?kind=cases"
    assert f'href="{link}"' in page
    assert '<option value="cases" selected>' in client.get(link).content.decode()
    # Anything else falls back to requests, the form's default.
    page = client.get(f"{reverse('imports:batch-upload')}?kind=<script>").content.decode()
    assert '<option value="requests" selected>' in page and "<script>" not in page
    viewer = member(org, Role.VIEWER)
    client.force_login(viewer)
    assert link not in client.get(reverse("litigation:case-list")).content.decode()


def test_upload_map_preview_confirm_undo_through_the_pages(client, staff):
    client.force_login(staff)
    assert "No imports yet" in client.get(reverse("imports:batch-list")).content.decode()
    response = client.post(reverse("imports:batch-upload"), {"kind": "requests", "file": upload()})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("imports:batch-map", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert '<option value="tracking_number" selected>' in page and "e.g. T-1" in page
    fields = {f"column_{i}": name for i, name in enumerate(batch.mapping)}
    response = client.post(reverse("imports:batch-map", args=[batch.pk]), fields)
    assert response.url == reverse("imports:batch-detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert 'id="rows-to-create"' in page and "2026-12-03" in page and "Confirm: import 1 new" in page
    assert FoiaRequest.objects.count() == 0
    client.post(reverse("imports:batch-confirm", args=[batch.pk]))
    client.post(reverse("imports:batch-confirm", args=[batch.pk]))  # the double click
    assert FoiaRequest.objects.count() == 1
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert 'id="imported-records"' in page and 'id="undo-import"' in page
    client.post(reverse("imports:batch-undo", args=[batch.pk]))
    assert FoiaRequest.objects.count() == 0
    assert ImportBatch.objects.get().status == BatchStatus.UNDONE


def test_a_refused_upload_says_why(client, staff, settings):
    settings.IMPORTS_MAX_FILE_BYTES = 100
    client.force_login(staff)
    response = client.post(reverse("imports:batch-upload"), {"kind": "requests", "file": upload()})
    assert response.status_code == 400
    assert "(IMPORTS_MAX_FILE_BYTES)" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_another_organisations_batch_is_404_and_viewers_403(client, org, staff):
    batch = previewed(staff, org, request_sheet(request_row()))
    other = OrganizationFactory()
    client.force_login(member(other, Role.ADMIN))
    for name in ("batch-detail", "batch-map"):
        assert client.get(reverse(f"imports:{name}", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:batch-confirm", args=[batch.pk])).status_code == 404
    client.force_login(member(org, Role.VIEWER))
    assert client.get(reverse("imports:batch-detail", args=[batch.pk])).status_code == 200
    assert client.post(reverse("imports:batch-confirm", args=[batch.pk])).status_code == 403
    assert client.get(reverse("imports:batch-upload")).status_code == 403
    assert FoiaRequest.objects.count() == 0


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    return client


def test_api_upload_preview_confirm_undo(api, staff):
    response = api.post("/api/v1/imports/", {"file": upload(), "kind": "requests"}, format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "previewed"
    assert body["counts"] == {"create": 1, "update": 0, "unchanged": 0, "reject": 0}
    assert body["rows"][0]["due"] == {"title": "Agency's determination due", "on": "2026-12-03"}
    pk = body["id"]
    assert api.get(f"/api/v1/imports/{pk}/").json()["rows"][0]["tracking_number"] == "T-1"
    assert "rows" not in api.get("/api/v1/imports/").json()["results"][0]
    assert api.post(f"/api/v1/imports/{pk}/confirm/").json()["status"] == "applied"
    second = api.post(f"/api/v1/imports/{pk}/confirm/")
    assert second.status_code == 409 and second.json() == {"detail": "This import was already applied."}
    assert FoiaRequest.objects.count() == 1
    assert api.post(f"/api/v1/imports/{pk}/undo/").json()["status"] == "undone"
    assert FoiaRequest.objects.count() == 0


def test_api_refusals(api, org, staff, settings):
    refused = api.post("/api/v1/imports/", {"file": upload("t.xlsm", b"PK\x03\x04x")}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()
    settings.IMPORTS_MAX_ROWS = 1
    many = api.post(
        "/api/v1/imports/", {"file": upload(content=request_sheet(request_row(), request_row()))}, format="multipart"
    )
    assert many.status_code == 400
    assert "(IMPORTS_MAX_ROWS)" in many.json()["file"][0]
    other = OrganizationFactory()
    theirs = previewed(member(other, Role.STAFF), other, request_sheet(request_row()))
    for path in (f"/api/v1/imports/{theirs.pk}/", f"/api/v1/imports/{theirs.pk}/confirm/"):
        call = api.get if path.endswith(f"{theirs.pk}/") else api.post
        assert call(path).status_code == 404
    assert api.get("/api/v1/imports/").json()["count"] == 0
