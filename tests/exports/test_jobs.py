"""Large exports as background jobs: the threshold, the job page and its polling fragment, the download for the
owner only, failures, expiry (eager Celery path; the real worker is in test_worker.py)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Sharing
from exports import services
from exports.models import ExportJob, ExportStatus
from tests.exports.conftest import body, csv_rows, xlsx_cells
from tests.foia.factories import FoiaRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world, settings):
    settings.EXPORTS_STREAM_MAX_ROWS = 3
    for n in range(5):
        FoiaRequestFactory(organization=world.ours, subject=f"ISAP {n}", sharing=Sharing.COALITION)
    FoiaRequestFactory(organization=world.outsider, subject="Outsider")


def test_a_list_over_the_threshold_offers_a_background_job_and_writes_nothing(client, world, many):
    client.force_login(world.staff)
    response = client.get(reverse("exports:list", args=["requests", "csv"]) + "?q=ISAP&page=2")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "match 5 requests" in page and 'name="query" value="q=ISAP"' in page
    assert ExportJob.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_job_runs_and_its_owner_downloads_the_file(client, world, many, fmt, django_capture_on_commit_callbacks):
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exports:job-create"), {"kind": "requests", "format": fmt, "query": "q=ISAP&sort=subject"}
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.owner, job.organization, job.status) == (world.staff, world.ours, ExportStatus.DONE)
    assert (job.rows_done, job.rows_total, job.filters) == (5, 5, {"q": ["ISAP"], "sort": ["subject"]})
    assert job.expires_at == job.finished_at + dt.timedelta(hours=72)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Download" in page and f"/exports/jobs/{job.pk}/progress/" not in page  # done: no more polling
    download = client.get(reverse("exports:job-download", args=[job.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="{job.filename}"'
    content = body(download)
    table = csv_rows(content) if fmt == "csv" else xlsx_cells(content)
    assert [row[4] for row in table[1:]] == [f"ISAP {n}" for n in range(5)]


def test_a_queued_job_page_polls_its_progress(client, world, many):
    job = ExportJob.objects.create(owner=world.staff, kind="requests", format="csv", rows_total=5000, rows_done=1000)
    client.force_login(world.staff)
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="/exports/jobs/{job.pk}/progress/"' in page and 'value="20"' in page
    fragment = client.get(reverse("exports:job-progress", args=[job.pk])).content.decode()
    assert "1000 of 5000 rows" in fragment and "Download" not in fragment
    assert client.get(reverse("exports:job-download", args=[job.pk])).status_code == 404  # not ready


@pytest.mark.parametrize("name", ["job-detail", "job-progress", "job-download"])
def test_only_the_owner_sees_a_job(client, world, many, name, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_job_create(actor=world.staff, kind="requests", fmt="csv", filters={})
    for other in (world.admin, world.attorney, world.partner_staff, world.outsider_staff):
        client.force_login(other)
        assert client.get(reverse(f"exports:{name}", args=[job.pk])).status_code == 404
        assert job.get_absolute_url() not in client.get(reverse("exports:job-list")).content.decode()
    client.force_login(world.staff)
    assert client.get(reverse(f"exports:{name}", args=[job.pk])).status_code == 200
    assert client.get(reverse(f"exports:{name}", args=[job.pk + 1000])).status_code == 404


def test_the_worker_reads_as_the_owner(world, many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_job_create(actor=world.outsider_staff, kind="requests", fmt="csv", filters={})
    job.refresh_from_db()
    with job.file.open("rb") as f:
        assert [row[4] for row in csv_rows(f.read())[1:]] == ["Outsider"]


def test_a_refused_filter_or_kind_starts_no_job(client, world, many):
    client.force_login(world.staff)
    for data in (
        {"kind": "requests", "format": "csv", "query": f"organization={world.outsider.slug}"},
        {"kind": "nothing", "format": "csv", "query": ""},
        {"kind": "requests", "format": "pdf", "query": ""},
    ):
        response = client.post(reverse("exports:job-create"), data, follow=True)
        assert response.status_code == 200 and list(response.context["messages"])
    assert ExportJob.objects.count() == 0
    assert client.get(reverse("exports:job-create")).status_code == 405


def test_a_job_run_twice_builds_once_and_a_failure_is_recorded(world, many, monkeypatch):
    job = ExportJob.objects.create(owner=world.staff, kind="requests", format="csv", filters={})
    services.export_job_run(job_id=job.pk)
    first = ExportJob.objects.get(pk=job.pk)
    services.export_job_run(job_id=job.pk)  # a message delivered twice
    assert ExportJob.objects.get(pk=job.pk).file.name == first.file.name
    gone = ExportJob.objects.create(owner=world.staff, kind="retired-kind", format="csv")
    services.export_job_run(job_id=gone.pk)
    gone.refresh_from_db()
    assert gone.status == ExportStatus.FAILED and gone.error == "This export can no longer run."

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "csv_write", boom)
    broken = ExportJob.objects.create(owner=world.staff, kind="requests", format="csv")
    with pytest.raises(RuntimeError):
        services.export_job_run(job_id=broken.pk)
    broken.refresh_from_db()
    assert broken.status == ExportStatus.FAILED and "could not be built" in broken.error and not broken.file


def test_expired_files_are_purged_and_the_page_says_so(client, world, many, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.export_job_create(actor=world.staff, kind="requests", fmt="xlsx", filters={})
    job.refresh_from_db()
    path = job.file.path
    assert services.export_jobs_purge(now=job.expires_at - dt.timedelta(seconds=1)) == 0
    assert services.export_jobs_purge(now=job.expires_at + dt.timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert not job.file and not __import__("os").path.exists(path)
    client.force_login(world.staff)
    assert "expired" in client.get(job.get_absolute_url()).content.decode()
    assert client.get(reverse("exports:job-download", args=[job.pk])).status_code == 404
    assert timezone.now() < job.expires_at  # the clock did not move: purge went by the given time
