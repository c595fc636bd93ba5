"""A real `celery worker` on the real Redis broker builds an export job: queued by this process, built by the worker
(reading the list as the job's owner), its progress and file in the database and storage this process reads."""

import pytest

from config.celery import app as celery_app
from exports import services
from exports.models import ExportJob, ExportStatus
from tests.exports.conftest import csv_rows
from tests.foia.factories import FoiaRequestFactory, ensure_agencies
from tests.reminders.harness import Worker, process_env, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # this process publishes to Redis; the worker runs the tasks
    env = process_env(
        redis_url=settings.REDIS_URL,
        mailbox=tmp_path,
        var_dir=tmp_path / "var",
        lease_seconds=60,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    celery_app.control.purge()
    w = Worker(env, tmp_path / "worker.log", concurrency=1).start()
    yield w
    w.stop()
    celery_app.conf.task_always_eager = eager


def test_a_real_worker_builds_the_export(world, worker):
    ensure_agencies()  # transactional: a flush may have emptied the seeded agencies
    for n in range(30):
        FoiaRequestFactory(organization=world.ours, subject=f"ISAP {n:02}")
    FoiaRequestFactory(organization=world.outsider, subject="Outsider")
    job = services.export_job_create(actor=world.staff, kind="requests", fmt="csv", filters={"sort": ["subject"]})
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.QUEUED  # not run in this process

    def status():
        return ExportJob.objects.values_list("status", flat=True).get(pk=job.pk)

    wait_for(
        lambda: status() in (ExportStatus.DONE, ExportStatus.FAILED), timeout=90, what="the export", log=worker.log
    )
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total) == (ExportStatus.DONE, 30, 30)
    with job.file.open("rb") as f:
        assert [r[4] for r in csv_rows(f.read())[1:]] == [f"ISAP {n:02}" for n in range(30)]
