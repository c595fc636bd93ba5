"""/api/v1/exports/: POST a list with its filters, follow the job, download the file; only the owner's."""

import pytest
from rest_framework.test import APIClient

from coalition.models import Sharing
from exports.models import ExportJob
from tests.exports.conftest import body, csv_rows, xlsx_cells
from tests.foia.factories import FoiaRequestFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def api(world):
    for n in range(3):
        FoiaRequestFactory(organization=world.ours, subject=f"ISAP {n}", sharing=Sharing.COALITION)
    FoiaRequestFactory(organization=world.outsider, subject="Outsider ISAP")
    client = APIClient()
    client.force_authenticate(world.staff)
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_post_then_follow_then_download(api, world, fmt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/exports/", {"kind": "requests", "format": fmt, "filters": {"q": ["ISAP"]}}, format="json"
        )
    assert created.status_code == 201, created.content
    job = api.get(f"/api/v1/exports/{created.json()['id']}/").json()
    assert (job["status"], job["rows_done"], job["rows_total"]) == ("done", 3, 3)
    assert job["download_url"].endswith(f"/api/v1/exports/{job['id']}/download/")
    download = api.get(job["download_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment;")
    content = body(download)
    rows = csv_rows(content) if fmt == "csv" else xlsx_cells(content)
    assert sorted(r[4] for r in rows[1:]) == ["ISAP 0", "ISAP 1", "ISAP 2"]
    assert [j["id"] for j in api.get("/api/v1/exports/").json()["results"]] == [job["id"]]


def test_another_persons_job_is_missing(api, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pk = api.post("/api/v1/exports/", {"kind": "cases", "format": "csv"}, format="json").json()["id"]
    other = APIClient()
    for user in (world.admin, world.partner_staff, world.outsider_staff):
        other.force_authenticate(user)
        assert other.get(f"/api/v1/exports/{pk}/").status_code == 404
        assert other.get(f"/api/v1/exports/{pk}/download/").status_code == 404
        assert other.get("/api/v1/exports/").json()["results"] == []
    assert APIClient().get(f"/api/v1/exports/{pk}/").status_code == 401


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "nothing", "format": "csv"},
        {"kind": "requests", "format": "pdf"},
        {"kind": "requests", "format": "csv", "filters": {"submitted_after": ["2026-02-30"]}},
        {"kind": "requests", "format": "csv", "filters": {"organization": ["no-such-org"]}},
        {"kind": "requests", "format": "csv", "filters": {"q": "not a list"}},
        {"kind": "requests", "format": "csv", "filters": {"q": ["\x00"]}},
    ],
)
def test_a_refused_request_is_a_400_and_queues_nothing(api, payload):
    response = api.post("/api/v1/exports/", payload, format="json")
    assert response.status_code == 400, response.content
    assert ExportJob.objects.count() == 0


def test_another_organisations_filter_value_is_refused_like_a_missing_one(api, world):
    theirs = api.post(
        "/api/v1/exports/",
        {"kind": "requests", "format": "csv", "filters": {"organization": [world.outsider.slug]}},
        format="json",
    )
    missing = api.post(
        "/api/v1/exports/",
        {"kind": "requests", "format": "csv", "filters": {"organization": ["no-such-org"]}},
        format="json",
    )
    assert theirs.status_code == missing.status_code == 400
    assert str(theirs.json()).replace(world.outsider.slug, "X") == str(missing.json()).replace("no-such-org", "X")


def test_a_filter_value_that_is_not_text_is_refused(api):
    for value in (5, True, None, {"a": "b"}):
        response = api.post(
            "/api/v1/exports/", {"kind": "requests", "format": "csv", "filters": {"q": [value]}}, format="json"
        )
        assert response.status_code == 400, value
